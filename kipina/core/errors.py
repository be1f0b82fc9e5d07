"""The error every app's services raise for a refused action."""


class ServiceError(Exception):
    """A refused action; `message` is shown to the user as is, beside `field` when given.

    Views put it on the form with kipina.core.forms.add_service_error and change nothing else.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
