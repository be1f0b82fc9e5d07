"""Input validation for methods, comments, uses and the library's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kipina.org.models import Language
from kipina.toolkit.enums import ArcPlace, MethodStatus, Mode, Purpose
from kipina.toolkit.models import Method
from kipina.toolkit.services import EDITABLE_FIELDS

TEXTAREA = {"rows": 4, "cols": 60}
LONG_TEXTAREA = {"rows": 12, "cols": 60}


class MethodForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    # The version the editor started from (optimistic locking); absent when creating.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    summary_of_change = forms.CharField(
        label=_("What did you change?"),
        max_length=100,
        required=False,
        help_text=_("A few words for the revision history, e.g. “Added a remote variant”."),
    )

    class Meta:
        model = Method
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 60, "maxlength": 300}),
            "materials": forms.Textarea(attrs=TEXTAREA),
            "preparation": forms.Textarea(attrs=TEXTAREA),
            "steps": forms.Textarea(attrs=LONG_TEXTAREA),
            "tips": forms.Textarea(attrs=TEXTAREA),
            "arc": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "difficulty": forms.RadioSelect,
            "licence": forms.RadioSelect,
        }
        help_texts = {
            "steps": _("Markdown: a numbered list (1. 2. 3.) works well; **bold** for emphasis."),
            "tips": _("Markdown: variations for remote use, large groups, little time."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.filter(code__in=["fi", "sv", "en"])
        self.fields["language"].empty_label = None
        self.fields["translation_of"].queryset = Method.objects.filter(
            language_id="fi", status=MethodStatus.PUBLISHED
        ).exclude(pk=self.instance.pk)
        self.fields["summary_of_change"].required = editing
        if not editing:
            del self.fields["version"]
            del self.fields["summary_of_change"]

    def clean(self):
        data = super().clean()
        for low, high, message in (
            (
                "duration_min",
                "duration_max",
                _("The shortest duration is longer than the longest."),
            ),
            ("group_min", "group_max", _("The smallest group is larger than the largest.")),
        ):
            if data.get(low) and data.get(high) and data[low] > data[high]:
                self.add_error(high, message)
        if data.get("licence") == "other" and not (data.get("licence_other") or "").strip():
            self.add_error("licence_other", _("Name the licence."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class UseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did it go?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 = poorly, 5 = very well"),
    )
    used_on = forms.DateField(
        label=_("When"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Why unpublish it?"), max_length=300)


SORTS = (
    ("relevance", _("Relevance")),
    ("rating", _("Best rated")),
    ("used", _("Most used")),
    ("newest", _("Newest")),
    ("title", _("Title")),
)
DURATIONS = (
    ("", _("Any length")),
    ("15", _("Fits in 15 minutes")),
    ("30", _("Fits in 30 minutes")),
    ("60", _("Fits in an hour")),
    ("120", _("Fits in two hours")),
)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("Any purpose")), *Purpose.choices]
    )
    arc = forms.ChoiceField(
        label=_("Place in the workshop"),
        required=False,
        choices=[("", _("Anywhere")), *ArcPlace.choices],
    )
    duration = forms.ChoiceField(label=_("Duration"), required=False, choices=DURATIONS)
    group = forms.IntegerField(label=_("Group size"), required=False, min_value=1, max_value=10000)
    mode = forms.ChoiceField(
        label=_("On site or remote"),
        required=False,
        choices=[("", _("Either")), (Mode.ONSITE, _("On site")), (Mode.REMOTE, _("Remote"))],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
