"""Becoming a support person, in Finnish, across four personas in a real browser.

The employee applies for the learning-agent role; her supervisor approves the time share; the
coordinator places her in the running learning-agent cohort; the support person, one of that
cohort's trainers, marks every module completed; the coordinator activates her, and she is an
active, bookable support person. Each step notifies the next person. axe scans every page.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.journeys import main_navigation, nav_link, sign_in
from e2e.translations import tr, tr_lazy
from kipina.agents.models import Allocation, SupportPerson, SupportRole, TrainedStatus
from kipina.core.models import Notification
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.org.models import Person
from kipina.training import notifications_onboarding as kinds
from kipina.training.enums import ApplicationState, EnrolmentState
from kipina.training.models import Application, Cohort

pytestmark = pytest.mark.e2e

FI = "fi"
ROLE = "learning_agent"
MOTIVATION = "Olen ohjannut uusia kollegoita vuosia ja haluan oppia fasilitoimaan työpajoja."


def t(message: str, **params) -> str:
    return tr(FI, message, **params)


def person_of(key: str) -> Person:
    return Person.objects.get(user__username=PERSONAS_BY_KEY[key].username)


def open_as(open_page, base: str, key: str, axe, label: str) -> Page:
    page = open_page()
    page.goto(base + "/")
    sign_in(page, PERSONAS_BY_KEY[key].username, DEMO_PASSWORD)
    expect(main_navigation(page)).to_be_visible()
    axe.scan(page, f"{label}: home")
    return page


def to_training(page: Page, axe, label: str) -> None:
    nav_link(page, "Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Training programmes"))
    axe.scan(page, f"{label}: training programmes")


def notified(person: Person, kind: str) -> bool:
    return Notification.objects.filter(recipient=person.user, kind=kind).exists()


def running_cohort(trainer: Person) -> Cohort:
    today = timezone.localdate()
    return Cohort.objects.get(
        programme__roles__code=ROLE, trainers=trainer, start__lte=today, end__gte=today
    )


def test_an_employee_becomes_an_active_support_person(demo_org, open_page, axe):
    base = demo_org
    employee, supervisor = person_of("employee"), person_of("supervisor")
    coordinator, trainer = person_of("coordinator"), person_of("support_person")
    assert employee.supervisor_id == supervisor.pk  # the demo's line: the journey needs it
    role = SupportRole.objects.get(code=ROLE)
    cohort = running_cohort(trainer)
    modules = list(cohort.programme.modules.all())
    assert modules

    # 1. The employee applies from the training pages.
    applicant = open_as(open_page, base, "employee", axe, "employee")
    to_training(applicant, axe, "employee")
    applicant.get_by_role("link", name=t("Become a support person")).click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text(t("Become a support person"))
    axe.scan(applicant, "apply form")
    main = applicant.get_by_role("main")
    main.get_by_role("group", name=re.compile(re.escape(t("Support role")))).get_by_label(
        re.compile(f"^{re.escape(role.name_fi)} –")
    ).check()
    main.get_by_label(t("Why I want to support others' learning")).fill(MOTIVATION)
    main.get_by_role("button", name=t("Send the application")).click()
    expect(applicant.get_by_role("main")).to_contain_text(
        t("Your application is sent. Your supervisor is asked to approve the time share.")
    )
    axe.scan(applicant, "application page")
    application = Application.objects.get(person=employee)
    assert application.state == ApplicationState.SUBMITTED
    assert notified(supervisor, kinds.SUBMITTED)

    # 2. Her supervisor approves the time share.
    boss = open_as(open_page, base, "supervisor", axe, "supervisor")
    to_training(boss, axe, "supervisor")
    boss.get_by_role("link", name=t("Applications waiting for your decision")).click()
    axe.scan(boss, "applications to decide")
    boss.get_by_role(
        "button", name=re.compile(f"^{re.escape(tr(FI, 'Approve', context='application'))}")
    ).filter(has_text=employee.full_name).first.click()
    expect(boss.get_by_role("main")).to_contain_text(
        t(
            "%(name)s's application is approved; the coordinators place them in a cohort.",
            name=employee.full_name,
        )
    )
    axe.scan(boss, "application approved")
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    assert Allocation.objects.filter(pk=application.allocation_id, state="approved").exists()
    assert notified(coordinator, kinds.TO_PLACE)

    # 3. The coordinator places her in the running learning-agent cohort.
    lead = open_as(open_page, base, "coordinator", axe, "coordinator")
    to_training(lead, axe, "coordinator")
    lead.get_by_role("link", name=t("Applicants waiting for a training place")).click()
    axe.scan(lead, "applicants to place")
    choices = lead.get_by_role(
        "group",
        name=re.compile(
            "^" + re.escape(t("Training cohort for %(name)s", name=employee.full_name))
        ),
    )
    choices.get_by_label(re.compile(re.escape(cohort.name))).check()
    choices.locator("xpath=ancestor::form").get_by_role(
        "button", name=re.compile(f"^{re.escape(t('Place in the cohort'))}")
    ).click()
    expect(lead.get_by_role("main")).to_contain_text(employee.full_name)
    axe.scan(lead, "applicant placed")
    application.refresh_from_db()
    assert application.state == ApplicationState.PLACED
    assert application.enrolment.cohort_id == cohort.pk
    assert notified(trainer, kinds.PLACED_TRAINER)
    if application.enrolment.state == EnrolmentState.WAITING:
        pytest.fail("the demo's running cohort should have a free seat for the journey")

    # 4. The trainer marks every module completed for her on the cohort page.
    teacher = open_as(open_page, base, "support_person", axe, "trainer")
    teacher.goto(f"{base}{cohort.get_absolute_url()}")
    expect(teacher.get_by_role("heading", level=1)).to_contain_text(cohort.name)
    axe.scan(teacher, "cohort page")
    for module in modules:
        cell = teacher.get_by_role(
            "button",
            name=t(
                "Mark %(module)s completed for %(person)s",
                module=module.title,
                person=employee.full_name,
            ),
        )
        cell.click()
        expect(cell).to_have_attribute("aria-pressed", "true")
    axe.scan(teacher, "cohort: modules completed")
    application.refresh_from_db()
    assert application.state == ApplicationState.TRAINED
    assert TrainedStatus.objects.filter(support_person__person=employee, role=role).exists()
    assert notified(coordinator, kinds.TRAINED)

    # 5. The coordinator activates her.
    lead.goto(f"{base}{application.get_absolute_url()}")
    axe.scan(lead, "trained application")
    lead.get_by_role("button", name=t("Activate as a support person")).click()
    expect(lead.get_by_role("main")).to_contain_text(
        t("%(name)s is now an active support person and can be booked.", name=employee.full_name)
    )
    axe.scan(lead, "activated")

    # 6. She sees it on her application, and she is bookable.
    applicant.goto(f"{base}{application.get_absolute_url()}")
    expect(applicant.get_by_role("main")).to_contain_text(
        tr_lazy(FI, ApplicationState.ACTIVE.label)
    )
    axe.scan(applicant, "active application")
    support_person = SupportPerson.objects.get(person=employee)
    assert support_person.active
    assert support_person.roles.filter(pk=role.pk).exists()
    assert notified(employee, kinds.ACTIVATED)
    assert notified(supervisor, kinds.ACTIVATED_SUPERVISOR)
    axe.assert_clean()
