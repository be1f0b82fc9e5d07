"""Writes for onboarding: an employee applies to become a support person → their supervisor
approves the time share → a coordinator places them in a cohort → they complete it → a
coordinator activates them, and they become bookable.

Each transition is one service and claims the application with a conditional UPDATE on the state
it expects: of two people acting at once exactly one changes the row, the other gets `Conflict`
with a clear message and nothing of theirs is written. Every step tells whoever acts next
(kipina.training.notifications_onboarding); the mails go out after the commit.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.agents import services as agent_services
from kipina.agents.enums import AllocationState
from kipina.agents.models import Allocation, SupportPerson, SupportRole
from kipina.core.cache_versions import SUPPORT_POOL, bump_on_commit
from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.org.models import Person
from kipina.org.selectors import coordinator_users
from kipina.training import notifications_onboarding as kinds
from kipina.training import services_programmes
from kipina.training.enums import OPEN_APPLICATION_STATES, ApplicationState, EnrolmentState
from kipina.training.models import Application, Cohort
from kipina.training.selectors_onboarding import share_period
from kipina.training.signals import programme_completed

APPLY = "training.apply"
DECIDE = "training.decide_application"
PLACE = "training.place_applicant"


class ApplicationError(ServiceError):
    """A refused action on an application to become a support person."""


class NotAllowed(ApplicationError):
    pass


class Conflict(ApplicationError):
    """Someone else moved the application on first."""


def _require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise NotAllowed(_("You are not allowed to do that."))


def _url(application: Application) -> str:
    return reverse("training:application", args=[application.pk])


def _params(application: Application, **more) -> dict[str, object]:
    return {
        "person": application.person.full_name,
        "role": application.role.code,
        "percent": str(application.percent),
        **more,
    }


def _deciders(person: Person) -> list:
    """The person's supervisor, or the coordinators when there is none (or they are no
    longer active)."""
    if (supervisor := person.active_supervisor) is not None:
        return [supervisor.user]
    return coordinator_users()


def _claim(application: Application, expected, new_state: str, **fields) -> None:
    """Move the application from `expected` (a state or states) to `new_state` with one
    conditional UPDATE; if someone else moved it first, refuse and say where it is now."""
    states = [expected] if isinstance(expected, str) else list(expected)
    changed = Application.objects.filter(pk=application.pk, state__in=states).update(
        state=new_state, updated_at=timezone.now(), **fields
    )
    if not changed:
        current = Application.objects.filter(pk=application.pk).values_list("state", flat=True)
        label = ApplicationState(current.first()).label if current.exists() else ""
        raise Conflict(
            _(
                "Someone else already moved this application on; it is now: %(state)s. "
                "Nothing was changed."
            )
            % {"state": label}
        )
    application.state = new_state
    for name, value in fields.items():
        setattr(application, name, value)


def _person_of(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


# --- 1. Apply -----------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, actor, role: SupportRole, motivation: str, percent: Decimal
) -> Application:
    """Check → refuse a second open application or a role already held → SUBMITTED → ask the
    supervisor (or the coordinators) to decide."""
    _require(actor, APPLY)
    person = actor.person
    if not role.active:
        raise ApplicationError(_("This support role is no longer in use."), field="role")
    if Application.objects.filter(person=person, state__in=OPEN_APPLICATION_STATES).exists():
        raise ApplicationError(
            _(
                "You already have an open application. Follow it on its page, or withdraw it "
                "before applying again."
            )
        )
    if SupportPerson.objects.filter(person=person, active=True, roles=role).exists():
        raise ApplicationError(
            _("You are already an active support person in this role."), field="role"
        )
    application = Application(
        person=person, role=role, motivation=motivation.strip(), percent=percent
    )
    full_clean_or_refuse(application, ApplicationError, validate_unique=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # the same form sent twice at once
        raise ApplicationError(_("You already have an open application.")) from error
    notify(
        recipients=_deciders(person),
        kind=kinds.SUBMITTED,
        params=_params(application),
        url=_url(application),
    )
    return application


# --- 2. The supervisor decides ------------------------------------------------------------


@transaction.atomic
def application_decide(
    *, actor, application: Application, approve: bool, reason: str = ""
) -> Application:
    """Check → claim SUBMITTED → on approval an inactive support profile and the time share,
    requested and approved through the agents' services → link → notify the applicant (and the
    coordinators, to place them)."""
    _require(actor, DECIDE, application)
    reason = reason.strip()
    if not approve and not reason:
        raise ApplicationError(
            _("Please give a reason: the applicant will see it."), field="reason"
        )
    now = timezone.now()
    _claim(
        application,
        ApplicationState.SUBMITTED,
        ApplicationState.APPROVED if approve else ApplicationState.DECLINED,
        decided_at=now,
        decided_by=_person_of(actor),
        decision_reason=reason,
    )
    person = application.person
    if not approve:
        notify(
            recipients=[person.user],
            kind=kinds.DECLINED,
            params=_params(application, reason=reason),
            url=_url(application),
        )
        return application
    support_person, _created = SupportPerson.objects.get_or_create(
        person=person, defaults={"active": False}
    )
    bump_on_commit(SUPPORT_POOL)
    start, end = share_period(person)
    try:
        # The applicant asked for the share when applying: the request is theirs, the
        # approval the decider's, with the agents' rules on who decides and on overlaps.
        allocation = agent_services.allocation_request(
            actor=person.user,
            support_person=support_person,
            percent=application.percent,
            start=start,
            end=end,
            note=_("Application to become a support person (%(role)s)")
            % {"role": application.role.name},
            notify_deciders=False,  # the decider is deciding now
        )
        allocation = agent_services.allocation_decide(
            actor=actor, allocation=allocation, approve=True, reason=reason, notify_person=False
        )  # the applicant hears of it below, with the period and what comes next
    except agent_services.AgentError as error:
        raise ApplicationError(error.message, field=error.field) from error
    Application.objects.filter(pk=application.pk).update(allocation=allocation)
    application.allocation = allocation
    params = _params(application, start=start.isoformat(), end=end.isoformat())
    notify(recipients=[person.user], kind=kinds.APPROVED, params=params, url=_url(application))
    notify(
        recipients=coordinator_users(), kind=kinds.TO_PLACE, params=params, url=_url(application)
    )
    return application


# --- 3. A coordinator places ----------------------------------------------------------------


@transaction.atomic
def application_place(*, actor, application: Application, cohort: Cohort) -> Application:
    """Check that the cohort trains for the role and has not ended → claim APPROVED → enrol
    (a seat or the waiting list; the programmes part tells the applicant) → link → tell the
    cohort's trainers."""
    _require(actor, PLACE, application)
    cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    if not cohort.programme.roles.filter(pk=application.role_id).exists():
        raise ApplicationError(
            _("This cohort's programme does not train for the role applied for."), field="cohort"
        )
    if not cohort.programme.active:
        raise ApplicationError(_("This programme is no longer in use."), field="cohort")
    if cohort.end < timezone.localdate():
        raise ApplicationError(_("This cohort has already ended."), field="cohort")
    _claim(application, ApplicationState.APPROVED, ApplicationState.PLACED)
    try:
        enrolment = services_programmes.enrol(actor=actor, cohort=cohort, person=application.person)
    except ServiceError as error:
        raise ApplicationError(error.message, field="cohort") from error
    Application.objects.filter(pk=application.pk).update(enrolment=enrolment)
    application.enrolment = enrolment
    notify(
        recipients=[trainer.user for trainer in cohort.trainers.select_related("user")],
        kind=kinds.PLACED_TRAINER,
        params=_params(application, cohort=cohort.name),
        # Trainers do not see applications; they see their cohort.
        url=cohort.get_absolute_url(),
    )
    return application


# --- 4. Trained (the programmes part completes the programme) ------------------------------


@receiver(programme_completed, dispatch_uid="training.onboarding.programme_completed")
def _programme_completed(sender, person: Person, enrolment, **kwargs) -> None:
    """The person's placed application for a role the programme trains for becomes TRAINED;
    the coordinators are asked to activate them. Runs inside the completing transaction."""
    application = (
        Application.objects.filter(
            person=person,
            state=ApplicationState.PLACED,
            role__programmes__id=enrolment.cohort.programme_id,
        )
        .select_related("person", "role")
        .first()
    )
    if application is None:
        return
    if not Application.objects.filter(pk=application.pk, state=ApplicationState.PLACED).update(
        state=ApplicationState.TRAINED, updated_at=timezone.now()
    ):
        return
    application.state = ApplicationState.TRAINED
    notify(
        recipients=coordinator_users(),
        kind=kinds.TRAINED,
        params=_params(application),
        url=_url(application),
    )


# --- 5. A coordinator activates -------------------------------------------------------------


@transaction.atomic
def application_activate(*, actor, application: Application) -> Application:
    """Check → claim TRAINED → the support profile active with the role (now in matching) →
    notify the applicant and their supervisor."""
    _require(actor, PLACE, application)
    _claim(application, ApplicationState.TRAINED, ApplicationState.ACTIVE)
    person = application.person
    support_person, _created = SupportPerson.objects.select_for_update().get_or_create(
        person=person
    )
    if not support_person.active:
        support_person.active = True
        support_person.save(update_fields=["active"])
    support_person.roles.add(application.role)
    bump_on_commit(SUPPORT_POOL)
    notify(
        recipients=[person.user],
        kind=kinds.ACTIVATED,
        params=_params(application),
        url=support_person.get_absolute_url(),
    )
    if person.active_supervisor is not None:
        notify(
            recipients=[person.supervisor.user],
            kind=kinds.ACTIVATED_SUPERVISOR,
            params=_params(application),
            url=_url(application),
        )
    return application


# --- Withdrawing ------------------------------------------------------------------------------


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    """The applicant withdraws while not yet active: lock → WITHDRAWN → leave the cohort → the
    unused time share withdrawn → tell whoever was to act next."""
    if application.person.user_id != actor.pk:
        raise NotAllowed(_("Only the applicant may withdraw the application."))
    current = Application.objects.select_for_update().get(pk=application.pk)
    was = current.state
    _claim(application, OPEN_APPLICATION_STATES, ApplicationState.WITHDRAWN)
    enrolment = current.enrolment
    if enrolment is not None and enrolment.state in (
        EnrolmentState.ENROLLED,
        EnrolmentState.WAITING,
    ):
        try:
            services_programmes.leave(actor=actor, enrolment=enrolment)
        except ServiceError as error:
            raise ApplicationError(error.message) from error
    if current.allocation_id is not None:
        # The share was approved for this application only; the person was never bookable
        # in the role, so it was not used for it.
        Allocation.objects.filter(pk=current.allocation_id, state=AllocationState.APPROVED).update(
            state=AllocationState.WITHDRAWN
        )
        bump_on_commit(SUPPORT_POOL)
    if was == ApplicationState.SUBMITTED:
        told = _deciders(application.person)
    else:
        told = coordinator_users()
    notify(
        recipients=told, kind=kinds.WITHDRAWN, params=_params(application), url=_url(application)
    )
    return application
