"""Reads for the onboarding pages: one's own applications, the supervisor's and the
coordinators' queues, the overview with counts per state, and the step list of one application.

Every list is paginated, counted in SQL and fetched with its relations in a fixed number of
queries, whatever the number of rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.agents.models import Allocation, SupportRole
from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.org.models import Person
from kipina.org.rules import no_active_supervisor
from kipina.training.enums import OPEN_APPLICATION_STATES, ApplicationState
from kipina.training.models import Application, Cohort

PAGE_SIZE = 25
VIEW = "training.view_application"


def paginate(queryset, page_number, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(page_number)


# --- The time share a supervisor approves -------------------------------------------------


def share_periods(people, today: dt.date | None = None) -> dict[int, tuple[dt.date, dt.date]]:
    """{person id: the period of the time share a supervisor would approve now}, in one query.

    From today to the end of next year; a person who already has an approved share (a support
    person taking on another role) gets the new one after it, since a person's approved shares
    never overlap.
    """
    today = today or timezone.localdate()
    ids = [person.pk for person in people]
    latest = dict(
        Allocation.objects.approved()
        .filter(support_person__person_id__in=ids, end__gte=today)
        .order_by()
        .values_list("support_person__person_id")
        .annotate(latest=Max("end"))
        .values_list("support_person__person_id", "latest")
    )
    periods = {}
    for person_id in ids:
        start = latest[person_id] + dt.timedelta(days=1) if person_id in latest else today
        periods[person_id] = (start, dt.date(start.year + 1, 12, 31))
    return periods


def share_period(person: Person, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    return share_periods([person], today)[person.pk]


# --- One application ----------------------------------------------------------------------


def _with_relations(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related(
        "person__user",
        "person__unit",
        "person__supervisor__user",
        "role",
        "allocation",
        "enrolment__cohort__programme",
        "decided_by",
    )


def application_for_viewer(user, pk: int) -> Application:
    """The application, if the user may see it; anyone else gets a 404 (it is not leaked)."""
    application = _with_relations(Application.objects.filter(pk=pk)).first()
    if application is None or not allowed(user, VIEW, application):
        raise Http404
    return application


def applications_of(person: Person) -> QuerySet[Application]:
    """The person's own applications, newest first (a handful at most)."""
    return _with_relations(Application.objects.filter(person=person))


def open_application_of(person: Person) -> Application | None:
    return Application.objects.filter(person=person, state__in=OPEN_APPLICATION_STATES).first()


def roles_to_apply_for() -> QuerySet[SupportRole]:
    return SupportRole.objects.filter(active=True)


@dataclass(frozen=True)
class Step:
    label: Promise
    status: str  # "done", "current", "todo" or "closed"

    @property
    def status_label(self) -> Promise:
        return STEP_STATUS[self.status]


STEP_STATUS = {
    "done": pgettext_lazy("application step", "done"),
    "current": pgettext_lazy("application step", "current step"),
    "todo": pgettext_lazy("application step", "not yet"),
    "closed": pgettext_lazy("application step", "not reached"),
}

STEPS = (
    (ApplicationState.SUBMITTED, pgettext_lazy("application step", "Applied")),
    (
        ApplicationState.APPROVED,
        pgettext_lazy("application step", "Supervisor approved the time share"),
    ),
    (ApplicationState.PLACED, pgettext_lazy("application step", "Placed in a training cohort")),
    (ApplicationState.TRAINED, pgettext_lazy("application step", "Trained")),
    (ApplicationState.ACTIVE, pgettext_lazy("application step", "Active support person")),
)
_ORDER = [state for state, _label in STEPS]


def steps_of(application: Application) -> list[Step]:
    """The journey's steps: those reached are done and the next one is current. A closed
    application (declined, withdrawn) has no current step; the steps it never reached say so."""
    state = application.state
    if state in _ORDER:
        reached = _ORDER.index(state)
        current = reached + 1
        later = "todo"
    else:
        reached = 0
        if application.allocation_id:
            reached = 1
        if application.enrolment_id:
            reached = 2
        current = None
        later = "closed"
    steps = []
    for index, (_state, label) in enumerate(STEPS):
        if index <= reached:
            status = "done"
        elif index == current:
            status = "current"
        else:
            status = later
        steps.append(Step(label, status))
    return steps


def next_actor(application: Application) -> str:
    """Who acts next on the application, in words."""
    person = application.person
    state = application.state
    if state == ApplicationState.SUBMITTED:
        if person.active_supervisor:
            return str(
                _("%(name)s (supervisor) approves or declines the time share.")
                % {"name": person.supervisor.full_name}
            )
        if person.supervisor_id:
            return str(
                _(
                    "The coordinators approve or decline the time share (the supervisor on "
                    "record, %(name)s, is no longer active)."
                )
                % {"name": person.supervisor.full_name}
            )
        return str(
            _("The coordinators approve or decline the time share (no supervisor on record).")
        )
    if state == ApplicationState.APPROVED:
        return str(_("The coordinators place the applicant in a training cohort."))
    if state == ApplicationState.PLACED:
        return str(_("The applicant completes the training; the trainers mark the modules done."))
    if state == ApplicationState.TRAINED:
        return str(_("The coordinators activate the applicant as a support person."))
    return str(_("Nobody: the application is closed."))


# --- Queues -------------------------------------------------------------------------------


def to_decide_filter(user) -> Q:
    """Submitted applications the user is asked to decide: their direct reports', and for
    coordinators those of people without an active supervisor. Never one's own."""
    wanted = Q(person__supervisor__user=user)
    if is_coordinator_or_admin(user):
        wanted |= no_active_supervisor("person__")
    return Q(state=ApplicationState.SUBMITTED) & wanted & ~Q(person__user=user)


def applications_to_decide(user, page_number) -> Page:
    """Oldest first, each with the period of the time share it would get (`planned_period`)."""
    queryset = _with_relations(Application.objects.filter(to_decide_filter(user))).order_by(
        "submitted_at", "id"
    )
    page = paginate(queryset, page_number)
    periods = share_periods([application.person for application in page.object_list])
    for application in page.object_list:
        application.planned_period = periods[application.person_id]
    return page


@dataclass(frozen=True)
class CohortChoice:
    cohort: Cohort
    seats_left: int
    running: bool


def cohorts_for_roles(role_ids, today: dt.date | None = None) -> dict[int, list[CohortChoice]]:
    """{role id: the upcoming and running cohorts of active programmes training for it},
    soonest first, in one query."""
    today = today or timezone.localdate()
    cohorts = (
        Cohort.objects.filter(
            end__gte=today, programme__active=True, programme__roles__in=list(role_ids)
        )
        .select_related("programme")
        .annotate(role_id=F("programme__roles"))
        .order_by("start", "name", "id")
    )
    found: dict[int, list[CohortChoice]] = {}
    for cohort in cohorts:
        found.setdefault(cohort.role_id, []).append(
            CohortChoice(
                cohort,
                max(0, cohort.capacity - cohort.enrolled_count),
                cohort.start <= today,
            )
        )
    return found


def cohort_choices_for(application: Application) -> list[CohortChoice]:
    return cohorts_for_roles([application.role_id]).get(application.role_id, [])


def applications_to_place(page_number) -> Page:
    """Approved applications, oldest first, each with its cohorts to choose from."""
    queryset = _with_relations(
        Application.objects.filter(state=ApplicationState.APPROVED)
    ).order_by("decided_at", "id")
    page = paginate(queryset, page_number)
    choices = cohorts_for_roles({application.role_id for application in page.object_list})
    for application in page.object_list:
        application.cohort_choices = choices.get(application.role_id, [])
    return page


# --- The coordinators' overview -----------------------------------------------------------


@dataclass(frozen=True)
class StateCount:
    state: str
    label: Promise
    count: int


def state_counts() -> list[StateCount]:
    """Every state with its number of applications, counted in one query."""
    counted = dict(
        Application.objects.order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return [
        StateCount(value, label, counted.get(value, 0)) for value, label in ApplicationState.choices
    ]


def overview(state: str | None, page_number) -> Page:
    queryset = Application.objects.all()
    if state:
        queryset = queryset.filter(state=state)
    queryset = queryset.select_related(
        "person__unit", "person__supervisor", "role", "enrolment__cohort"
    )
    return paginate(queryset.order_by("-submitted_at", "-id"), page_number)
