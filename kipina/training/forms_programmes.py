"""Input validation for programmes, modules, cohorts, enrolling and marking completions.

Pickers without JavaScript: a search box beside a group of checkboxes. The checkboxes hold
what is chosen now plus what the search found; "Find" shows the matches, and saving with a
search that finds exactly one adds it (several: the form asks to tick the right one).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.agents.models import SupportRole
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.org.models import Person
from kipina.training import selectors_programmes as selectors
from kipina.training.models import Cohort, Module, Programme

TEXTAREA = {"rows": 5, "cols": 60}
# The name of the submit button that only searches (the form is shown again, nothing saved).
FIND = "find"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        details = ", ".join(part for part in (obj.job_title, obj.unit.name) if part)
        return f"{obj.full_name} – {details} ({obj.employee_number})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        details = ", ".join(part for part in (obj.job_title, obj.unit.name) if part)
        return f"{obj.full_name} – {details} ({obj.employee_number})"


class _Picker:
    """A search box (`query`) feeding a checkbox group (`chosen`) of a form."""

    def __init__(self, form, *, chosen: str, query: str, current, find, shown: int):
        self.form, self.chosen, self.query = form, chosen, query
        self.matches: list = []
        self.too_many = False
        text = form.data.get(query, "") if form.is_bound else ""
        if text.strip():
            found = find(text)
            self.too_many = len(found) > shown
            self.matches = found[:shown]
        current_ids = [obj.pk for obj in current]
        posted = form.data.getlist(chosen) if form.is_bound else []
        ids = {*current_ids, *(obj.pk for obj in self.matches)}
        ids.update(int(pk) for pk in posted if str(pk).isdigit())
        form.fields[chosen].queryset = form.fields[chosen].queryset.filter(pk__in=ids)
        if not form.is_bound:
            form.initial[chosen] = current_ids

    def clean(self, data) -> None:
        """Saving with a search: one match is added; none or several is an error."""
        text = (data.get(self.query) or "").strip()
        if not text or self.form.searching:
            return
        chosen = list(data.get(self.chosen) or [])
        if not self.matches:
            self.form.add_error(self.query, _("Nothing matches this search."))
        elif len(self.matches) == 1:
            if self.matches[0] not in chosen:
                chosen.append(self.matches[0])
            data[self.chosen] = chosen
        elif not any(match in chosen for match in self.matches):
            self.form.add_error(
                self.query, _("Several match this search: tick the one you mean, then save.")
            )


class ProgrammeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = ["name", "key", "description", "roles", "active"]
        widgets = {
            "description": forms.Textarea(attrs=TEXTAREA),
            "roles": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "key": _("Lower-case letters, digits and hyphens, e.g. oppimisagentit."),
            "roles": _("Completing the programme gives the trained status for these roles."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = Q(pk__in=self.instance.roles.values("pk")) if self.instance.pk else Q()
        self.fields["roles"].queryset = SupportRole.objects.filter(
            Q(active=True) | chosen
        ).order_by("position", "code")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class ModuleForm(forms.ModelForm):
    resource_query = forms.CharField(
        label=_("Find learning resources"),
        max_length=100,
        required=False,
        help_text=_("Words of the title of a published resource."),
    )
    resources = forms.ModelMultipleChoiceField(
        label=_("Linked learning resources"),
        queryset=Resource.objects.filter(status=ResourceStatus.PUBLISHED).order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick to unlink."),
    )

    class Meta:
        model = Module
        fields = ["title", "description", "hours"]
        widgets = {"description": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = self.is_bound and FIND in self.data
        current = (
            self.instance.resources.filter(status=ResourceStatus.PUBLISHED)
            if self.instance.pk
            else []
        )
        self.picker = _Picker(
            self,
            chosen="resources",
            query="resource_query",
            current=current,
            find=selectors.resources_matching,
            shown=selectors.RESOURCE_MATCHES_SHOWN,
        )

    def clean(self):
        data = super().clean()
        self.picker.clean(data)
        return data


class CohortForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    trainer_query = forms.CharField(
        label=_("Find a trainer"),
        max_length=100,
        required=False,
        help_text=_("A name or an employee number."),
    )
    trainers = PeopleChoiceField(
        label=_("Trainers"),
        queryset=Person.objects.active().select_related("unit").order_by("last_name", "first_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick to remove."),
    )

    class Meta:
        model = Cohort
        fields = ["name", "start", "end", "capacity"]
        widgets = {"start": DateInput, "end": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = self.is_bound and FIND in self.data
        current = self.instance.trainers.all() if self.instance.pk else []
        self.picker = _Picker(
            self,
            chosen="trainers",
            query="trainer_query",
            current=current,
            find=selectors.people_matching,
            shown=selectors.PERSON_MATCHES_SHOWN,
        )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        self.picker.clean(data)
        return data


class EnrolForm(forms.Form):
    person_query = forms.CharField(
        label=_("Person"),
        max_length=100,
        help_text=_("A name or an employee number."),
    )
    person = PersonChoiceField(
        label=_("Which person?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matches: list[Person] = []
        self.too_many = False
        query = self.data.get("person_query", "") if self.is_bound else ""
        if query.strip():
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
        if data.get("person") is not None or "person" in self.errors:
            return data
        if "person_query" in self.errors:
            return data
        if not self.matches:
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
        return data


class CompletionForm(forms.Form):
    completed = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", pgettext_lazy("move", "Up")), ("down", pgettext_lazy("move", "Down"))]
    )
