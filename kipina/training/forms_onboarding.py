"""Input of the onboarding pages: applying, deciding, placing in a cohort, and the overview's
filter. Validation only; the rules live in services_onboarding."""

from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kipina.agents.enums import DEFAULT_ALLOCATION_PERCENT
from kipina.training.enums import ApplicationState
from kipina.training.models import Cohort
from kipina.training.selectors_onboarding import CohortChoice, roles_to_apply_for

MIN_PERCENT = Decimal(1)
MAX_PERCENT = Decimal(50)


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # The name stands out; the description reads as the choice's explanation.
        if not obj.description:
            return obj.name
        return format_html(
            '{} <span class="choice__description">– {}</span>', obj.name, obj.description
        )


class ApplyForm(forms.Form):
    role = RoleChoiceField(
        label=_("Support role"),
        queryset=roles_to_apply_for(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the role you apply for.")},
    )
    motivation = forms.CharField(
        label=_("Why I want to support others' learning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your supervisor and the coordinators read this. At most 4000 characters."),
        error_messages={"required": _("Tell briefly why you apply.")},
    )
    percent = forms.DecimalField(
        label=_("Share of working time for support work (%)"),
        min_value=MIN_PERCENT,
        max_value=MAX_PERCENT,
        max_digits=5,
        decimal_places=2,
        initial=DEFAULT_ALLOCATION_PERCENT,
        help_text=_(
            "Typically 10 %, at most 50 %. Your supervisor approves the share before training."
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", pgettext_lazy("application", "Approve")),
            ("decline", pgettext_lazy("application", "Decline")),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_(
            "The applicant sees it. Needed when declining, and when you decide as a "
            "coordinator in place of a supervisor."
        ),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


def cohort_label(choice: CohortChoice) -> str:
    cohort = choice.cohort
    if choice.seats_left:
        seats = gettext("%(count)s of %(capacity)s seats left") % {
            "count": choice.seats_left,
            "capacity": cohort.capacity,
        }
    else:
        seats = gettext("full: joins the waiting list")
    when = gettext("%(start)s–%(end)s") % {
        "start": date_format(cohort.start, "SHORT_DATE_FORMAT"),
        "end": date_format(cohort.end, "SHORT_DATE_FORMAT"),
    }
    running = gettext(", already running") if choice.running else ""
    return f"{cohort.programme.name}: {cohort.name}, {when}{running} ({seats})"


class PlaceForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Training cohort"),
        queryset=Cohort.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a cohort."),
            "invalid_choice": _("Choose one of the cohorts listed."),
        },
    )

    def __init__(self, *args, choices: list[CohortChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        field.queryset = Cohort.objects.filter(pk__in=[choice.cohort.pk for choice in choices])
        labels = {choice.cohort.pk: cohort_label(choice) for choice in choices}
        field.choices = [(pk, label) for pk, label in labels.items()]
        self.has_choices = bool(choices)


class OverviewFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", pgettext_lazy("states", "All")), *ApplicationState.choices],
    )
