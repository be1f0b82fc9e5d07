"""Input for network meetings: the meeting's details, an answer, attendance, notes and a
decision. Validation only; the services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.core.forms import DATE_WIDGET_FORMAT, TimeSlotForm
from kipina.networks.enums import NAME_MAX_LENGTH, Rsvp
from kipina.networks.models import Meeting, MeetingDecision


class MeetingForm(TimeSlotForm):
    """Title, date, start time and duration, and a place, an online link or both."""

    field_order = ["title", "date", "start_time", "duration_minutes", "place", "online_link"]

    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Room, building or address. Give a place, an online link or both."),
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to the network's members, e.g. a Teams or Zoom link."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        return {
            **cls.slot_initial(meeting.starts_at, meeting.duration_minutes),
            "title": meeting.title,
            "place": meeting.place,
            "online_link": meeting.online_link,
            "version": meeting.version,
        }

    def clean(self):
        data = super().clean()
        if (
            not self.has_error("place")
            and not self.has_error("online_link")
            and not (data.get("place") or "").strip()
            and not data.get("online_link")
        ):
            self.add_error("place", _("Give a place, an online link or both."))
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=pgettext_lazy("rsvp", "Are you coming?"),
        choices=Rsvp.choices,
        widget=forms.RadioSelect,
    )


class AttendanceForm(forms.Form):
    """Who was there: `listed` names everyone the checklist showed, `present` those ticked."""

    listed = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)
    present = forms.TypedMultipleChoiceField(
        label=_("Who was there"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(row.person.pk, row.person.full_name) for row in rows]
        self.fields["listed"].choices = choices
        self.fields["present"].choices = choices
        if not self.is_bound:
            self.initial = {
                "listed": [row.person.pk for row in rows],
                "present": [row.person.pk for row in rows if row.present],
            }


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=Meeting._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, *italics*, lists with - and links [text](address)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=MeetingDecision._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=None,
        required=False,
        empty_label=_("Nobody in particular"),
    )
    due = forms.DateField(
        label=pgettext_lazy("decision", "By"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people, keep=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = people
        if keep is not None:
            # A responsible person who has left the network stays choosable on their decision.
            queryset = (
                type(keep)
                .objects.filter(Q(pk__in=people.values("pk")) | Q(pk=keep.pk))
                .order_by("last_name", "first_name", "pk")
            )
        self.fields["responsible"].queryset = queryset
        self.fields["responsible"].label_from_instance = lambda person: person.full_name
