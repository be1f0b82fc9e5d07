"""Input validation for the support-person pages; the rules themselves live in services.py."""

import datetime as dt
import functools
from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.agents import selectors
from kipina.agents.budgets import add_months, first_of_month
from kipina.agents.enums import DEFAULT_ALLOCATION_PERCENT, DeliveryMode, ServiceScope
from kipina.agents.models import Skill, SupportPerson, SupportRole
from kipina.org import selectors as org_selectors
from kipina.org.models import Person


class DateInput(forms.DateInput):
    """The browser's date picker; it always sends ISO dates, which DateField accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _choices_with_all(load):
    """Choices read only when the form is drawn or a non-empty value is checked, once per form:
    an htmx request that redraws just the results runs none of these queries."""

    @functools.cache
    def choices():
        return [("", _("All")), *load()]

    return choices


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Name or main job")
    )
    unit = forms.ChoiceField(label=_("Unit (with its subunits)"), required=False)
    role = forms.ChoiceField(label=_("Support role"), required=False)
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _choices_with_all(org_selectors.directory_unit_choices)
        self.fields["role"].choices = _choices_with_all(
            lambda: [(role.code, role.name) for role in selectors.role_choices()]
        )
        self.fields["skill"].choices = _choices_with_all(
            lambda: [(skill.code, skill.name) for skill in selectors.skill_choices()]
        )
        self.fields["language"].choices = _choices_with_all(
            lambda: [(lang.code, lang.display_name) for lang in org_selectors.language_choices()]
        )


class ProfileForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few sentences: what you like to help with and how you work."),
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Support roles"),
        queryset=SupportRole.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(
        label=_("Whom I support"), choices=ServiceScope.choices, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(
        label=_("How I work"), choices=DeliveryMode.choices, widget=forms.RadioSelect
    )
    paused_until = forms.DateField(
        label=_("Paused until"),
        required=False,
        widget=DateInput,
        help_text=_(
            "No new orders are suggested to you up to and including this date. "
            "Leave empty when you are available."
        ),
    )

    def __init__(self, *args, support_person: SupportPerson, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "introduction": support_person.introduction,
                "roles": list(support_person.roles.all()),
                "skills": list(support_person.skills.all()),
                "scope": support_person.scope,
                "mode": support_person.mode,
                "paused_until": support_person.paused_until,
            },
        )
        super().__init__(*args, **kwargs)
        # Retired roles and skills stay listed for someone who still holds them, so saving the
        # form does not silently take them away.
        held_roles = [role.pk for role in support_person.roles.all()]
        held_skills = [skill.pk for skill in support_person.skills.all()]
        roles = cast(forms.ModelMultipleChoiceField, self.fields["roles"])
        roles.queryset = SupportRole.objects.filter(Q(active=True) | Q(pk__in=held_roles)).order_by(
            "position", "code"
        )
        skills = cast(forms.ModelMultipleChoiceField, self.fields["skills"])
        skills.queryset = Skill.objects.filter(Q(active=True) | Q(pk__in=held_skills)).order_by(
            "position", "code"
        )


class PeriodForm(forms.Form):
    """A first and a last day, the last not before the first."""

    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        return cleaned


class AbsenceForm(PeriodForm):
    note = forms.CharField(
        label=pgettext_lazy("absence", "Note"),
        required=False,
        max_length=200,
        help_text=_("Optional, e.g. holiday or training. Everyone signed in can see it."),
    )


def _default_period() -> tuple[dt.date, dt.date]:
    """From the first of next month for a year: the usual length of an approved share."""
    start = add_months(first_of_month(timezone.localdate()), 1)
    return start, add_months(start, 12) - dt.timedelta(days=1)


class AllocationRequestForm(PeriodForm):
    percent = forms.DecimalField(
        label=_("Share of working time (%)"),
        min_value=Decimal(1),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=DEFAULT_ALLOCATION_PERCENT,
        help_text=_("Usually 10 %, about half a day a week."),
    )
    note = forms.CharField(
        label=_("Note to the supervisor"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["percent", "start", "end", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = _default_period()
        self.fields["start"].initial = start
        self.fields["end"].initial = end


class DecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when you reject, and when you decide in place of the person's supervisor."
        ),
    )

    @classmethod
    def for_allocation(cls, pk: int, data=None) -> "DecisionForm":
        """Field names stay plain (decision, reason); ids are unique among many forms on a page."""
        return cls(data, auto_id=f"id_decide-{pk}-%s")

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class SupportPersonCreateForm(forms.Form):
    employee_number = forms.CharField(
        label=_("Employee number"),
        max_length=40,
        help_text=_("The employee number from the HR system."),
    )

    def clean_employee_number(self) -> str:
        number = self.cleaned_data["employee_number"].strip()
        self.person = Person.objects.filter(employee_number=number).select_related("unit").first()
        if self.person is None:
            raise forms.ValidationError(_("Nobody has this employee number."))
        if not self.person.active:
            raise forms.ValidationError(_("This person has left the organisation."))
        return number
