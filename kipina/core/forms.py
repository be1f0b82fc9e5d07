from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "The username or email and password did not match. Check them and try again."
        ),
        "inactive": _("This account is not active."),
    }


def add_service_error(form: forms.Form, error, *, field: str | None = None) -> None:
    """Show a service's refusal (kipina.core.errors.ServiceError) beside the field it names, or
    above the form when the form has no such visible field. `field` overrides the error's."""
    name = field or error.field
    if name not in form.fields or form.fields[name].widget.is_hidden:
        name = None
    form.add_error(name, error.message)
