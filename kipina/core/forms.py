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
