"""Input validation for networks: the network form, asking to join, deciding, leaving (with a
successor), adding a member with the person picker, a member's role, the digest setting."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.networks import selectors_networks as selectors
from kipina.networks.enums import MemberRole, NetworkKind
from kipina.networks.models import JoinRequest, Network
from kipina.networks.services_networks import EDITABLE_FIELDS, OVERSIGHT_FIELDS
from kipina.org.models import Person

TEXTAREA = {"rows": 4, "cols": 60}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        details = ", ".join(part for part in (obj.job_title, obj.unit.name) if part)
        return f"{obj.full_name} – {details} ({obj.employee_number})"


class PersonPicker:
    """A text field (name or employee number) and, when several people match, a choice among
    them — no list of the whole organisation in the page. Subclasses name the two fields."""

    query_field = "person_query"
    choice_field = "person"
    required_message = _("Give the person's name or employee number.")

    def _set_up_picker(self) -> None:
        self.matches: list[Person] = []
        self.too_many = False
        query = self.data.get(self.query_field, "") if self.is_bound else ""
        if query.strip():
            found = selectors.people_matching(query)
            self.too_many = len(found) > selectors.PERSON_MATCHES_SHOWN
            self.matches = found[: selectors.PERSON_MATCHES_SHOWN]
        self.fields[self.choice_field].queryset = Person.objects.filter(
            pk__in=[person.pk for person in self.matches]
        ).select_related("unit")

    @property
    def show_person_choice(self) -> bool:
        return len(self.matches) > 1 or bool(self.errors.get(self.choice_field))

    def _pick(self, data: dict, *, required: bool) -> None:
        if data.get(self.choice_field) is not None or self.choice_field in self.errors:
            return
        query = (data.get(self.query_field) or "").strip()
        if not query:
            if required:
                self.add_error(self.query_field, self.required_message)
        elif not self.matches:
            self.add_error(self.query_field, _("Nobody in the organisation matches this."))
        elif len(self.matches) == 1:
            data[self.choice_field] = self.matches[0]
        elif self.too_many:
            self.add_error(
                self.choice_field,
                _("Many people match; the first ten are shown. Choose one or search more exactly."),
            )
        else:
            self.add_error(self.choice_field, _("Several people match: choose one."))


class NetworkForm(PersonPicker, forms.ModelForm):
    query_field = "coordinator_query"
    choice_field = "coordinator"
    required_message = _("A coordinated network needs its coordinator.")

    # The version the editor started from (optimistic locking); absent when creating.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    coordinator_query = forms.CharField(
        label=_("Coordinator"),
        max_length=100,
        required=False,
        help_text=_("Name or employee number. Only a coordinated network has a coordinator."),
    )
    coordinator = PersonChoiceField(
        label=_("Which person?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Network
        fields = ["key", *(name for name in EDITABLE_FIELDS if name != "coordinator")]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 6, "cols": 60}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "key": _(
                "The network's address in Kipinä: lower-case letters, digits and hyphens. It "
                "cannot be changed later."
            ),
            "kind": _(
                "Coordinated: its coordinator (and the organisation's coordinators) decide who "
                "joins and plan the meetings. Self-organising: its members run it through the "
                "conveners they name."
            ),
        }

    def __init__(self, *args, editing: bool = False, oversee: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = NetworkKind.choices
        if editing:
            del self.fields["key"]
        else:
            del self.fields["version"]
        if not oversee:
            # Only the organisation's coordinators change who runs a network.
            for name in ("kind", "coordinator_query", "coordinator"):
                del self.fields[name]
        if not self.is_bound and self.instance.pk and self.instance.coordinator_id:
            self.initial["coordinator_query"] = self.instance.coordinator.employee_number
        if oversee:
            self._set_up_picker()
        else:
            self.matches, self.too_many = [], False

    def clean_key(self) -> str:
        return (self.cleaned_data.get("key") or "").strip().lower()

    def clean(self):
        data = super().clean()
        if "kind" in self.fields:
            coordinated = data.get("kind") == NetworkKind.COORDINATED
            if coordinated:
                self._pick(data, required=True)
            else:
                data["coordinator"] = None
        return data

    def _post_clean(self) -> None:
        # The service validates the model (with its own reserved-key and kind rules).
        pass

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS
            if name in self.cleaned_data and (name in self.fields or name == "coordinator")
        }
        if "key" in self.fields:
            data["key"] = self.cleaned_data["key"]
        if "kind" not in self.fields:
            for name in OVERSIGHT_FIELDS:
                data.pop(name, None)
        return data


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to those who decide (optional)"),
        max_length=JoinRequest._meta.get_field("message").max_length,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("E.g. what you would like to bring to the network or learn in it."),
    )


class DecisionForm(forms.Form):
    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline"))],
    )
    reason = forms.CharField(
        label=_("Reason (optional, shown to the person when declining)"),
        max_length=JoinRequest._meta.get_field("reason").max_length,
        required=False,
    )


class LeaveForm(forms.Form):
    successor = PersonChoiceField(
        label=_("Who convenes after you?"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=pgettext_lazy("choose", "– choose –"),
    )

    def __init__(self, *args, network: Network, person: Person | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = selectors.successor_choices(network, person)


class AddMemberForm(PersonPicker, forms.Form):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_picker()

    def clean(self):
        data = super().clean()
        self._pick(data, required=True)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=MemberRole.choices)


class DigestForm(forms.Form):
    wants_digest = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
