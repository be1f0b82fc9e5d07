from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
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


class UploadForm(forms.Form):
    """A form with one import file: size limit (KIPINA_IMPORT_MAX_BYTES) and emptiness checked.

    Subclasses set `file_help` (a text with %(size)s for the limit) and `accept` (the file
    input's accept attribute), and may check more in clean_file() before calling super().
    """

    file = forms.FileField()
    file_help = ""
    accept = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.KIPINA_IMPORT_MAX_BYTES)
        self.fields["file"].help_text = str(self.file_help) % {"size": limit}
        self.fields["file"].widget.attrs["accept"] = self.accept

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KIPINA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is %(size)s; the largest file the import takes is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if upload.size == 0:
            raise forms.ValidationError(gettext("The file is empty."))
        return upload
