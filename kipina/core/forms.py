import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
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


DATE_WIDGET_FORMAT = "%Y-%m-%d"
TIME_WIDGET_FORMAT = "%H:%M"


class TimeSlotForm(forms.Form):
    """A date, a start time and a duration on the local wall clock; `clean` adds `start`, the
    aware moment (order sessions and network meetings use it)."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT),
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_WIDGET_FORMAT),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=600,
        initial=90,
        help_text=_("From 15 minutes to 10 hours."),
    )

    @staticmethod
    def slot_initial(start: dt.datetime, duration_minutes: int) -> dict:
        local = timezone.localtime(start)
        return {
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": duration_minutes,
        }

    def clean(self):
        data = super().clean()
        day, start_time = data.get("date"), data.get("start_time")
        if day is not None and start_time is not None:
            naive = dt.datetime.combine(day, start_time.replace(second=0, microsecond=0))
            start = timezone.make_aware(naive)
            # The hour skipped when clocks go forward does not exist on the wall clock.
            if timezone.localtime(start.astimezone(dt.UTC)).replace(tzinfo=None) != naive:
                self.add_error(
                    "start_time",
                    _("This time does not exist on that day because the clocks change."),
                )
            else:
                data["start"] = start
        return data
