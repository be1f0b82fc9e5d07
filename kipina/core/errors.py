"""The error every app's services raise for a refused action."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceError(Exception):
    """A refused action; `message` is shown to the user as is, beside `field` when given.

    Views put it on the form with kipina.core.forms.add_service_error and change nothing else.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def full_clean_or_refuse(
    instance,
    error_class: type[ServiceError] = ServiceError,
    *,
    exclude: list[str] | None = None,
    validate_unique: bool = True,
) -> None:
    """Run the model's full_clean(); the first field's problems become `error_class`, raised on
    that field (None for a whole-object problem), so views show them where they belong."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise error_class(
            " ".join(messages), None if field == NON_FIELD_ERRORS else field
        ) from error
