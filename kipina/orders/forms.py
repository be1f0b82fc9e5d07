"""Input validation for the services catalogue, the order form and the order page's actions.

Forms only check the shape of the input; the rules (who may act, in which state, the matching
rules) live in services.py and come back as OrderError beside the field they concern.
"""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.agents.models import Skill, SupportPerson, SupportRole
from kipina.orders.enums import FollowUpAnswer
from kipina.orders.models import Service
from kipina.org.models import Language, Team

# Coordinators choose the team from a list up to this many teams; beyond it they type its code.
TEAM_SELECT_LIMIT = 200

TEXTAREA = {"rows": 4, "cols": 60}
SHORT_TEXTAREA = {"rows": 2, "cols": 60}


# --- catalogue -------------------------------------------------------------------------------


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "code",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "typical_hours",
            "required_skills",
            "eligible_roles",
            "required_trainings",
            "assignment_mode",
            "active",
        ]
        widgets = {
            "name_fi": forms.TextInput(attrs={"lang": "fi"}),
            "name_sv": forms.TextInput(attrs={"lang": "sv"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_fi": forms.Textarea(attrs={**TEXTAREA, "lang": "fi"}),
            "description_sv": forms.Textarea(attrs={**TEXTAREA, "lang": "sv"}),
            "description_en": forms.Textarea(attrs={**TEXTAREA, "lang": "en"}),
            "required_skills": forms.CheckboxSelectMultiple,
            "eligible_roles": forms.CheckboxSelectMultiple,
            "required_trainings": forms.CheckboxSelectMultiple,
            "assignment_mode": forms.RadioSelect,
        }
        help_texts = {
            "code": _("A short stable identifier used in addresses, e.g. workshop-facilitation."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer active skills and roles, plus any inactive one the service already has.
        chosen_skills = chosen_roles = chosen_trainings = Q(pk__in=[])
        if self.instance.pk:
            chosen_skills = Q(pk__in=self.instance.required_skills.values("pk"))
            chosen_roles = Q(pk__in=self.instance.eligible_roles.values("pk"))
            chosen_trainings = Q(pk__in=self.instance.required_trainings.values("pk"))
            # The code is in addresses and other systems' links: it never changes.
            self.fields["code"].disabled = True
        self.fields["required_skills"].queryset = Skill.objects.filter(
            Q(active=True) | chosen_skills
        )
        self.fields["eligible_roles"].queryset = SupportRole.objects.filter(
            Q(active=True) | chosen_roles
        )
        self.fields["required_trainings"].queryset = SupportRole.objects.filter(
            Q(active=True) | chosen_trainings
        )


# --- ordering --------------------------------------------------------------------------------


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.code})"


class OrderForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), empty_label=None
    )
    team = forms.Field(label=_("Team"))  # replaced in __init__: a list or a team code
    need = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("Describe the situation in your own words."),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    goal = forms.CharField(
        label=_("What should be different afterwards?"),
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )
    earliest = forms.DateField(
        label=_("Earliest date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    latest = forms.DateField(
        label=_("Latest date"),
        help_text=_("By when should the support have happened?"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    participants = forms.IntegerField(
        label=_("Participants"),
        help_text=_("About how many people take part?"),
        min_value=1,
        max_value=500,
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), empty_label=None
    )
    onsite = forms.TypedChoiceField(
        label=_("Where?"),
        choices=[("1", _("On site")), ("0", _("Remotely"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("Needed when the support happens on site, e.g. building and room."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = getattr(user, "person", None)
        self.fields["service"].queryset = Service.objects.filter(active=True)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("language", "fi")
        if user.has_perm("orders.view_queue"):
            teams = Team.objects.all()
            many = teams.count() > TEAM_SELECT_LIMIT
        else:
            teams = Team.objects.none()
            if self.person is not None:
                teams = Team.objects.filter(Q(pk=self.person.team_id) | Q(lead=self.person))
            many = False
        if many:
            self.fields["team"] = forms.CharField(
                label=_("Team code"),
                max_length=40,
                help_text=_("The code of the team the support is for, e.g. WARD-A."),
            )
            if self.person is not None and self.person.team_id and not self.is_bound:
                self.initial.setdefault("team", self.person.team.code)
        else:
            self.fields["team"] = TeamChoiceField(
                label=_("Team"),
                queryset=teams.order_by("name"),
                empty_label=None,
            )
            if self.person is not None and self.person.team_id and not self.is_bound:
                self.initial.setdefault("team", self.person.team_id)
        self.team_is_code = many
        # Someone in no team who leads none has nobody to order for (the template says so).
        self.has_no_team = not many and not teams.exists()

    def clean_team(self) -> Team:
        team = self.cleaned_data["team"]
        if not self.team_is_code:
            return team
        found = Team.objects.filter(code__iexact=team.strip()).first()
        if found is None:
            raise forms.ValidationError(_("No team with this code."))
        return found

    def clean_earliest(self):
        earliest = self.cleaned_data["earliest"]
        if earliest < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."))
        return earliest

    def clean_latest(self):
        latest = self.cleaned_data["latest"]
        if latest < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."))
        return latest

    def clean(self):
        data = super().clean()
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest and latest and latest < earliest:
            self.add_error("latest", _("The latest date cannot be before the earliest date."))
        if data.get("onsite") and not (data.get("place") or "").strip():
            self.add_error("place", _("Please say where the support happens."))
        return data


# --- the order page's actions ----------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action posts the state its author saw, so a stale page gets a clear conflict."""

    seen_state = forms.CharField(required=False, widget=forms.HiddenInput)


def _reason_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        error_messages={"required": _("Please give a reason.")},
    )


def _support_person_from_pk(value) -> SupportPerson | None:
    return (
        SupportPerson.objects.active().select_related("person").filter(pk=value).first()
        if value
        else None
    )


class AssignForm(ActionForm):
    """A suggested person (their button posts support_person) or anyone by employee number."""

    support_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    employee_number = forms.CharField(
        label=_("Someone else: employee number"),
        required=False,
        max_length=40,
        help_text=_("A support person who is not among the suggestions."),
    )
    override_reason = forms.CharField(
        label=_("Reason for choosing someone the rules exclude"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        help_text=_("Needed only when the person breaks a matching rule; it is recorded."),
    )

    def clean(self):
        data = super().clean()
        number = (data.get("employee_number") or "").strip()
        if number:
            found = (
                SupportPerson.objects.active()
                .select_related("person")
                .filter(person__employee_number=number)
                .first()
            )
            if found is None:
                self.add_error(
                    "employee_number", _("No active support person with this employee number.")
                )
            data["candidate"] = found
        elif data.get("support_person"):
            data["candidate"] = _support_person_from_pk(data["support_person"])
            if data["candidate"] is None:
                self.add_error(None, _("This person is not an active support person."))
        else:
            self.add_error("employee_number", _("Choose a support person."))
        return data


class PickForm(ActionForm):
    support_person = forms.IntegerField(
        label=_("Support person"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose a support person.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("support_person"):
            data["candidate"] = _support_person_from_pk(data["support_person"])
            if data["candidate"] is None:
                self.add_error(None, _("This person is not an active support person."))
        return data


class ConfirmForm(ActionForm):
    """An action that needs nothing but the button (claim, accept)."""


class ReturnForm(ActionForm):
    reason = _reason_field(
        _("Why are you returning the order?"),
        _("The coordinator and the orderer see this."),
    )


class UnassignForm(ActionForm):
    reason = _reason_field(
        _("Why is the support person removed?"), _("The support person sees this.")
    )


class DeclineForm(ActionForm):
    reason = _reason_field(_("Why is the order declined?"), _("The orderer sees this."))


class CancelForm(ActionForm):
    reason = _reason_field(_("Why is the order cancelled?"))


class DeliverForm(ActionForm):
    reflection = forms.CharField(
        label=_("Your reflection (optional)"),
        help_text=_("What went well, what would you do differently? You can add it later."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ReflectForm(ActionForm):
    reflection = forms.CharField(
        label=_("Your reflection"),
        help_text=_("What went well, what would you do differently?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please write your reflection.")},
    )


RATING_CHOICES = [
    (1, pgettext_lazy("rating", "1 – did not help")),
    (2, pgettext_lazy("rating", "2")),
    (3, pgettext_lazy("rating", "3")),
    (4, pgettext_lazy("rating", "4")),
    (5, pgettext_lazy("rating", "5 – helped a lot")),
]


class FeedbackForm(ActionForm):
    rating = forms.TypedChoiceField(
        label=_("How much did the support help?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    helped = forms.CharField(
        label=_("What helped?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )
    keep_doing = forms.CharField(
        label=_("What will the team keep doing?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )


class CloseForm(ActionForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )


class FollowUpForm(ActionForm):
    answer = forms.ChoiceField(
        label=_("Did the new practice stick?"),
        choices=FollowUpAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )
