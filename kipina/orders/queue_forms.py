"""Filters of the order lists (queue, my orders, team orders, load). Input shape only."""

import functools

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.agents.models import SupportRole
from kipina.orders import selectors
from kipina.orders.enums import OrderState
from kipina.orders.models import Service
from kipina.org import selectors as org_selectors
from kipina.org.models import Unit

ALL_STATES = "all"


def _with_first(first, choices):
    """Choices read lazily, once per form: an htmx results request renders no select."""

    @functools.cache
    def with_first():
        return [first, *choices()]

    return with_first


def _unit_choices():
    return _with_first(("", _("All")), org_selectors.directory_unit_choices)


class _FilterForm(forms.Form):
    def chosen_unit(self) -> Unit | None:
        code = self.cleaned_data.get("unit")
        return Unit.objects.filter(code=code).first() if code else None


class QueueFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[(ALL_STATES, pgettext_lazy("order states", "All")), *OrderState.choices],
        initial=OrderState.SUBMITTED,  # what the queue shows without filters
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    unit = forms.ChoiceField(label=_("Unit (with its subunits)"), required=False)
    age = forms.ChoiceField(
        label=_("Waiting"),
        required=False,
        choices=[
            ("", pgettext_lazy("waiting time", "Any time")),
            (selectors.AGE_3_WORKING_DAYS, _("Over 3 working days")),
            (selectors.AGE_1_WEEK, _("Over a week")),
            (selectors.AGE_2_WEEKS, _("Over two weeks")),
        ],
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("state"):
            # e.g. ?page=2 of the unfiltered queue: still the submitted orders, and shown so.
            data = data.copy()
            data["state"] = OrderState.SUBMITTED
        super().__init__(data, *args, **kwargs)
        self.fields["service"].choices = _with_first(
            ("", _("All")),
            lambda: [
                (service.code, service.name)
                for service in Service.objects.order_by("position", "code")
            ],
        )
        self.fields["unit"].choices = _unit_choices()

    def filters(self) -> dict:
        """Keyword arguments of selectors.queue_orders; the defaults when the form is unbound."""
        if not self.is_bound or not self.is_valid():
            return {"state": OrderState.SUBMITTED}
        data = self.cleaned_data
        state = data["state"] or OrderState.SUBMITTED
        code = data["service"]
        return {
            "state": None if state == ALL_STATES else state,
            "service": Service.objects.filter(code=code).first() if code else None,
            "unit": self.chosen_unit(),
            "age": data["age"],
        }


class OrderListFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", pgettext_lazy("order states", "All")), *OrderState.choices],
    )

    def state_filter(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["state"]
        return ""


class LoadFilterForm(_FilterForm):
    unit = forms.ChoiceField(label=_("Unit (with its subunits)"), required=False)
    role = forms.ChoiceField(label=_("Support role"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices()
        self.fields["role"].choices = _with_first(
            ("", _("All")),
            lambda: [(role.code, role.name) for role in SupportRole.objects.filter(active=True)],
        )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        code = self.cleaned_data["role"]
        return {
            "unit": self.chosen_unit(),
            "role": SupportRole.objects.filter(code=code).first() if code else None,
        }
