"""The error every app's services raise for a refused action."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import UniqueConstraint


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
    that field (None for a whole-object problem), so views show them where they belong.

    With `validate_unique=False` uniqueness is the database's to enforce (the caller turns the
    IntegrityError into its own message): unique fields and unique constraints are both left
    out, check constraints are still checked. A check in Python would lose a race anyway and
    then refuse with a generic "constraint is violated" instead of the caller's words."""
    try:
        if validate_unique:
            instance.full_clean(exclude=exclude)
        else:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            _validate_checks(instance, exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise error_class(
            " ".join(messages), None if field == NON_FIELD_ERRORS else field
        ) from error


def _validate_checks(instance, exclude: list[str] | None) -> None:
    """The model's constraints other than unique ones, as full_clean() would check them."""
    errors: dict = {}
    for constraint in instance._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            continue
        try:
            constraint.validate(type(instance), instance, exclude=set(exclude or ()))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
