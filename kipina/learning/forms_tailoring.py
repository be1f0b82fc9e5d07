"""Input of the team tailoring pages: validation only; the services decide."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.learning.enums import MEANING_MAX_LENGTH, NOTE_MAX_LENGTH, ActionStatus
from kipina.learning.models import CompetenceAction, Resource, ScaleLevel
from kipina.orders.models import Order
from kipina.org.models import Person


class OrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Order) -> str:
        ordered = date_format(timezone.localtime(obj.submitted_at), "SHORT_DATE_FORMAT")
        return f"{obj.service.name} · {obj.get_state_display()} · {ordered}"


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ScaleLevel) -> str:
        return f"{obj.position} · {obj.name}"


class TailoringForm(forms.Form):
    meaning = forms.CharField(
        label=_("What it means in our work"),
        required=False,
        max_length=MEANING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words: what this competence looks like in the team's work."),
    )
    current_level = LevelChoiceField(
        label=_("Where we are now"),
        queryset=ScaleLevel.objects.none(),
        required=False,
        empty_label=_("Not assessed yet"),
        blank=True,  # a radio for "not set", so a level can be taken back
        widget=forms.RadioSelect,
    )
    target_level = LevelChoiceField(
        label=_("Where we aim"),
        queryset=ScaleLevel.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
        blank=True,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, levels, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("current_level", "target_level"):
            cast(LevelChoiceField, self.fields[name]).queryset = levels


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What will be done"), max_length=500)
    owner = PersonChoiceField(
        label=_("Who"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=pgettext_lazy("action owner", "Nobody named yet"),
    )
    due = forms.DateField(
        label=_("By when"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )

    def __init__(self, *args, people, action: CompetenceAction | None = None, **kwargs) -> None:
        if action is not None:
            kwargs["initial"] = {
                "description": action.description,
                "owner": action.owner_id,
                "due": action.due,
                "status": action.status,
            }
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["owner"]).queryset = people


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class LinkForm(forms.Form):
    """Link or unlink a resource or an order; which one is `op`."""

    OPS = ("link_resource", "unlink_resource", "link_order", "unlink_order")

    op = forms.ChoiceField(choices=[(op, op) for op in OPS], widget=forms.HiddenInput)
    resource = forms.ModelChoiceField(
        label=_("Learning resource"),
        queryset=Resource.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    order = OrderChoiceField(
        label=_("The team's order"),
        queryset=Order.objects.none(),
        required=False,
        empty_label=_("Pick an order"),
    )
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, orders, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_choices(orders)

    def order_choices(self, orders) -> None:
        """The orders offered (and accepted): the team's, or only those not linked yet."""
        cast(OrderChoiceField, self.fields["order"]).queryset = orders

    def clean(self):
        data = super().clean()
        op = data.get("op", "")
        if op.endswith("_resource") and not data.get("resource"):
            raise forms.ValidationError(_("That learning resource does not exist."))
        if op.endswith("_order") and not data.get("order") and "order" not in self.errors:
            self.add_error("order", _("Pick one of the team's orders."))
        return data


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a learning resource"), required=False, max_length=200)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Review date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the team noticed, decided or wants to remember."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A review cannot be dated in the future."))
        return day
