"""Input validation for the resource catalogue: the resource form with its dates and competence
rows (formsets), the catalogue's filters, the import upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.core.forms import UploadForm
from kipina.learning.enums import (
    Relevance,
    ResourceFormat,
    ResourceKind,
    ResourceStatus,
)
from kipina.learning.models import Competence, CompetenceFramework, Provider, Resource
from kipina.learning.services_resources import (
    EDITABLE_FIELDS,
    MAX_COMPETENCES,
    MAX_DATES,
    MAX_SEATS,
    CompetenceSpec,
    DateSpec,
)
from kipina.org.models import Language, Unit

LIST_SEPARATOR = ";"
TEXTAREA = {"rows": 8, "cols": 60}


def split_list(text: str) -> list[str]:
    """ "a; b;; c" → ["a", "b", "c"]."""
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


class ResourceForm(forms.ModelForm):
    # The version the editor started from (optimistic locking); absent when creating.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    audience_groups = forms.CharField(
        label=_("Audience groups"),
        required=False,
        max_length=2000,
        help_text=_(
            "Professional groups it is meant for, separated by semicolons, e.g. “nurses; "
            "supervisors”. Leave empty when it is for everyone."
        ),
    )
    audience_units = forms.CharField(
        label=_("Audience units"),
        required=False,
        max_length=2000,
        help_text=_("Codes of the units it is meant for, separated by semicolons."),
    )

    class Meta:
        model = Resource
        fields = ["key", *(name for name in EDITABLE_FIELDS if name != "audience_groups")]
        widgets = {
            "description": forms.Textarea(attrs=TEXTAREA),
            "kind": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        help_texts = {
            "key": _(
                "The resource's address in Kipinä: lower-case letters, digits and hyphens. "
                "Leave empty to make one from the title."
            ),
            "format": _("Only for material and peer learning."),
            "credits": _("Only for courses at educational institutions."),
            "place": _("Needed for resources on site."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.order_by("name_fi", "pk")
        self.fields["provider"].empty_label = pgettext_lazy("provider", "None")
        self.fields["language"].queryset = Language.objects.order_by("code")
        self.fields["language"].empty_label = None
        self.fields["format"].choices = [
            ("", pgettext_lazy("format", "None")),
            *ResourceFormat.choices,
        ]
        self.fields["key"].required = False
        if editing:
            del self.fields["key"]
        else:
            del self.fields["version"]
        if self.instance.pk and not self.is_bound:
            self.initial["audience_groups"] = f"{LIST_SEPARATOR} ".join(
                self.instance.audience_groups or []
            )
            self.initial["audience_units"] = f"{LIST_SEPARATOR} ".join(
                self.instance.audience_units.order_by("code").values_list("code", flat=True)
            )

    def clean_key(self) -> str:
        return (self.cleaned_data.get("key") or "").strip()

    def clean_audience_groups(self) -> list[str]:
        return split_list(self.cleaned_data.get("audience_groups", ""))

    def clean_audience_units(self) -> list[Unit]:
        codes = split_list(self.cleaned_data.get("audience_units", ""))
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in units]
        if unknown:
            raise ValidationError(
                _("No unit has the code %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [units[code] for code in dict.fromkeys(codes)]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
        if "key" in self.fields:
            data["key"] = self.cleaned_data["key"]
        return data


class DateForm(forms.Form):
    start = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the same day."),
    )
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=0, max_value=MAX_SEATS)

    def clean(self):
        data = super().clean()
        if data.get("end") and not data.get("start"):
            self.add_error("start", _("Give the start date too."))
        elif data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data

    def spec(self) -> DateSpec | None:
        data = self.cleaned_data
        if not data.get("start") or data.get("DELETE"):
            return None
        return DateSpec(data["start"], data.get("end") or data["start"], data.get("seats"))


class CompetenceLinkForm(forms.Form):
    competence = forms.TypedChoiceField(label=_("Competence"), required=False, coerce=int)
    relevance = forms.TypedChoiceField(
        label=_("Relevance"), choices=Relevance.choices, coerce=int, initial=Relevance.CLEAR
    )

    def __init__(self, *args, competence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [("", "—"), *competence_choices]

    def spec(self) -> CompetenceSpec | None:
        data = self.cleaned_data
        if not data.get("competence") or data.get("DELETE"):
            return None
        return CompetenceSpec(data["competence"], data.get("relevance") or Relevance.CLEAR)


class _CompetenceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            spec = form.spec() if form.cleaned_data else None
            if spec is None:
                continue
            if spec.competence_id in seen:
                raise ValidationError(_("The same competence is listed twice."))
            seen.add(spec.competence_id)


DateFormSet = forms.formset_factory(
    DateForm, extra=2, can_delete=True, max_num=MAX_DATES, validate_max=True
)
CompetenceFormSet = forms.formset_factory(
    CompetenceLinkForm,
    formset=_CompetenceFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_COMPETENCES,
    validate_max=True,
)


def competence_choices() -> list[tuple]:
    """Every competence grouped by framework, for the competence selects (one query)."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    for competence in Competence.objects.select_related("framework").order_by(
        "framework__idnumber", "depth", "position", "pk"
    ):
        label = f"{competence.idnumber} {competence.shortname}"
        grouped.setdefault(competence.framework.shortname, []).append((competence.pk, label))
    return list(grouped.items())


def resource_formsets(data=None, *, resource: Resource | None = None):
    """The dates and competence formsets, filled from the resource when not posted."""
    date_initial = competence_initial = None
    if resource is not None and data is None:
        date_initial = [
            {"start": date.start, "end": date.end, "seats": date.seats}
            for date in resource.dates.order_by("start", "end", "pk")
        ]
        competence_initial = [
            {"competence": link.competence_id, "relevance": link.relevance}
            for link in resource.competence_links.order_by("-relevance", "pk")
        ]
    dates = DateFormSet(data, prefix="dates", initial=date_initial)
    competences = CompetenceFormSet(
        data,
        prefix="competences",
        initial=competence_initial,
        form_kwargs={"competence_choices": competence_choices()},
    )
    return dates, competences


def date_specs(formset) -> list[DateSpec]:
    return [spec for form in formset.forms if (spec := form.spec()) is not None]


def competence_specs(formset) -> list[CompetenceSpec]:
    return [spec for form in formset.forms if (spec := form.spec()) is not None]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ResourceStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


SORTS = (
    ("relevance", _("Relevance")),
    ("title", _("Title")),
    ("start", _("Next start")),
    ("duration", _("Duration")),
    ("cost", _("Cost")),
)
FACET_PARAMETERS = ("status", "kind", "competence", "language", "duration", "price", "starts")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    status = forms.ChoiceField(required=False, choices=ResourceStatus.choices)
    kind = forms.ChoiceField(required=False, choices=ResourceKind.choices)
    competence = forms.IntegerField(required=False, min_value=1)
    language = forms.CharField(required=False, max_length=8)
    duration = forms.ChoiceField(
        required=False, choices=[(code, code) for code in ("hour", "day", "week", "long")]
    )
    price = forms.ChoiceField(required=False, choices=[("free", "free"), ("paid", "paid")])
    starts = forms.ChoiceField(
        required=False, choices=[(code, code) for code in ("30", "90", "any")]
    )

    def filters(self) -> dict:
        """The valid filters; a parameter that does not validate is left out, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors and value}


class ResourceImportForm(UploadForm):
    file = forms.FileField(label=_("Resources file (CSV or Excel)"))
    framework = forms.ModelChoiceField(
        label=_("Framework of the competences"),
        queryset=CompetenceFramework.objects.order_by("idnumber"),
        required=False,
        help_text=_(
            "The competence ID numbers in the file are looked up in this framework, unless a "
            "row names its own in the framework column."
        ),
    )
    file_help = _(
        "A CSV file or an Excel workbook (.xlsx) with the columns of Kipinä's resource format, "
        "such as one downloaded here, at most %(size)s."
    )
    accept = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
