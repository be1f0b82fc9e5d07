"""Input validation for recommending, answering, bookmarking and the learning log."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.learning import selectors_guidance as selectors
from kipina.learning.enums import NOTE_MAX_LENGTH, RecommendationResponse
from kipina.learning.models import LearningLogEntry, Resource
from kipina.org.models import Person

TEXTAREA = {"rows": 4, "cols": 60}


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which DateField accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        details = ", ".join(part for part in (obj.job_title, obj.unit.name) if part)
        return f"{obj.full_name} – {details} ({obj.employee_number})"


class RecommendForm(forms.Form):
    TEAM = "team"
    PERSON = "person"

    recipient = forms.ChoiceField(
        label=_("Recommend to"),
        choices=[(TEAM, _("A team")), (PERSON, _("A person"))],
        widget=forms.RadioSelect,
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=pgettext_lazy("choose", "– choose –"),
    )
    person_query = forms.CharField(
        label=_("Person"),
        max_length=100,
        required=False,
        help_text=_("A name or an employee number."),
    )
    person = PersonChoiceField(
        label=_("Which person?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    competence = forms.ModelChoiceField(
        label=_("For the competence"),
        queryset=None,
        required=False,
        empty_label=pgettext_lazy("competence", "– none in particular –"),
    )
    note = forms.CharField(
        label=_("Note to the recipient"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Why this resource, and what to look out for."),
    )

    def __init__(self, *args, user, resource: Resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.recommendable_teams(user)
        self.fields["competence"].queryset = selectors.resource_competences(resource)
        self.matches: list[Person] = []
        self.too_many = False
        query = self.data.get("person_query", "") if self.is_bound else ""
        if self.is_bound and self.data.get("recipient") == self.PERSON and query.strip():
            found = selectors.people_matching(query)
            self.too_many = len(found) > selectors.PERSON_MATCHES_SHOWN
            self.matches = found[: selectors.PERSON_MATCHES_SHOWN]
            self.fields["person"].queryset = Person.objects.filter(
                pk__in=[person.pk for person in self.matches]
            ).select_related("unit")

    @property
    def show_person_choice(self) -> bool:
        return len(self.matches) > 1 or bool(self.errors.get("person"))

    def clean(self):
        data = super().clean()
        recipient = data.get("recipient")
        if recipient == self.TEAM:
            data["person"] = None
            if data.get("team") is None and "team" not in self.errors:
                self.add_error("team", _("Choose the team."))
        elif recipient == self.PERSON:
            data["team"] = None
            self._clean_person(data)
        return data

    def _clean_person(self, data) -> None:
        if data.get("person") is not None or "person" in self.errors:
            return
        query = (data.get("person_query") or "").strip()
        if not query:
            self.add_error("person_query", _("Give the person's name or employee number."))
        elif not self.matches:
            self.add_error("person_query", _("Nobody in the organisation matches this."))
        elif len(self.matches) == 1:
            data["person"] = self.matches[0]
        elif self.too_many:
            self.add_error(
                "person",
                _("Many people match; the first ten are shown. Choose one or search more exactly."),
            )
        else:
            self.add_error("person", _("Several people match: choose one."))


class AnswerForm(forms.Form):
    response = forms.ChoiceField(choices=RecommendationResponse.choices)


class BookmarkForm(forms.Form):
    bookmark = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = LearningLogEntry
        fields = ["title", "learned_on", "hours", "resource", "competence", "reflection"]
        widgets = {
            "learned_on": DateInput,
            "reflection": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, person: Person, extra_resource: Resource | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = selectors.log_resource_choices(
            person, self.instance.resource_id, extra_resource.pk if extra_resource else None
        )
        self.fields["resource"].help_text = _(
            "Your bookmarks and what has been recommended to you or your team."
        )
        self.fields["competence"].queryset = selectors.log_competence_choices()
        self.fields["learned_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["hours"].widget.attrs.update({"step": "0.1", "min": "0.1"})

    def clean_learned_on(self):
        value = self.cleaned_data["learned_on"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value
