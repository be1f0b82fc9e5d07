"""Input validation for the agenda builder; the rules live in agenda_services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.toolkit.agenda_services import DOWN, FREE_KINDS, UP
from kipina.toolkit.enums import BlockKind

TEXTAREA = {"rows": 3, "cols": 50}
MINUTES = {"min": 1, "max": 1440, "inputmode": "numeric"}


class VersionForm(forms.Form):
    """Every write posts the agenda version its page showed: a stale page gets a clear conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class AgendaForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=160)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    available_minutes = forms.IntegerField(
        label=_("Available time (minutes)"),
        min_value=5,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    participants = forms.IntegerField(
        label=_("Participants"), required=False, min_value=1, max_value=10000
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("For you: not shown on the share link."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        # The builder page holds several forms: ids of their own.
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["new_share_link"] = forms.BooleanField(
                label=_("Make a new share link (the old link stops working)"), required=False
            )

    def agenda_data(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("title", "date", "start_time", "available_minutes", "participants")
        } | {"notes": data.get("notes") or ""}


class MethodSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the toolkit"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("For example: energiser, retrospective, values."),
    )


class MethodBlockForm(VersionForm):
    """A method from the search results; without minutes it gets the method's shortest time."""

    kind = forms.CharField(widget=forms.HiddenInput, initial=BlockKind.METHOD)
    method = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs=MINUTES),
    )


class FreeBlockForm(VersionForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(kind.value, kind.label) for kind in FREE_KINDS],
        widget=forms.RadioSelect,
        initial=BlockKind.BREAK,
    )
    title = forms.CharField(
        label=pgettext_lazy("agenda block", "Title"),
        required=False,
        max_length=160,
        help_text=_("Needed for your own item; optional for a break or lunch."),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs=MINUTES),
        help_text=_("Empty: 15 for a break or your own item, 30 for lunch."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "free_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("kind") == BlockKind.OWN and not (data.get("title") or "").strip():
            self.add_error("title", _("Give your own item a title."))
        return data


class BlockEditForm(VersionForm):
    """Minutes, note and (for a free block) title; the timeline's inline form posts minutes only,
    so only the fields that were posted are changed."""

    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=1440, widget=forms.NumberInput(attrs=MINUTES)
    )
    title = forms.CharField(
        label=pgettext_lazy("agenda block", "Title"), required=False, max_length=160
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, block=None, **kwargs):
        super().__init__(*args, **kwargs)
        if block is not None and block.kind == BlockKind.METHOD:
            del self.fields["title"]

    def posted_data(self) -> dict:
        """The cleaned values of the fields the request actually sent."""
        return {
            name: self.cleaned_data.get(name)
            for name in ("minutes", "title", "note")
            if name in self.fields and self.add_prefix(name) in self.data
        }


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[(UP, UP), (DOWN, DOWN)])


class MethodFeedbackForm(forms.Form):
    method = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("How did it go?"),
        choices=[
            ("1", _("1 – poorly")),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", _("5 – very well")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    note = forms.CharField(
        label=_("What worked, what would you change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
