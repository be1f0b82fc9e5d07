"""Input for delivering an order: a session's time and place, and logged hours."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kipina.core.forms import DATE_WIDGET_FORMAT, TimeSlotForm


class SessionForm(TimeSlotForm):
    """Date, start time, duration and — depending on the order — a place or a meeting link."""

    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("Room, building or address."),
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address participants open to join, e.g. a Teams or Zoom link."),
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        # An on-site order meets somewhere; a remote one needs a link — never both.
        del self.fields["online_link" if order.onsite else "place"]

    @classmethod
    def initial_for(cls, session) -> dict:
        return {
            **cls.slot_initial(session.start, session.duration_minutes),
            "place": session.place,
            "online_link": session.online_link,
        }


class HoursForm(forms.Form):
    """Hours worked on one day; the reason is asked for only when the budget would be exceeded."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.1"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("For example 1.5 for an hour and a half."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("What you did, e.g. preparation or the workshop itself."),
    )
    override_reason = forms.CharField(
        label=_("Reason for exceeding"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This goes past your approved time. Say why to log it anyway."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
