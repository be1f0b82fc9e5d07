"""Every onboarding notification kind reads well in the reader's language, from plain params:
the role's name from its code, the share without trailing zeros, dates in the local format, and
a dash rather than a failure when something is missing."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

from kipina.core.models import Notification
from kipina.core.notifications import render
from kipina.training import notifications_onboarding as kinds
from kipina.training.tests.factories_onboarding import role

pytestmark = pytest.mark.django_db

PARAMS = {
    "person": "Aino Korhonen",
    "role": "q-agent",
    "percent": "12.50",
    "start": "2026-03-02",
    "end": "2027-12-31",
    "cohort": "Kevät 2026",
    "reason": "Ei resursseja nyt.",
}

EXPECTED = {
    kinds.SUBMITTED: "Aino Korhonen applies to become a support person (Oppimisagentti EN) "
    "with 12.5 % of working time. Please approve or decline the time share.",
    kinds.APPROVED: "Your application (Oppimisagentti EN) was approved: 12.5 % of working time "
    "from {start} to {end}. A coordinator will place you in a training cohort next.",
    kinds.DECLINED: "Your application to become a support person was declined: Ei resursseja nyt.",
    kinds.TO_PLACE: "Aino Korhonen's application (Oppimisagentti EN) was approved by the "
    "supervisor: please place them in a training cohort.",
    kinds.PLACED_TRAINER: "Aino Korhonen joins your cohort Kevät 2026 on the way to becoming a "
    "support person (Oppimisagentti EN).",
    kinds.TRAINED: "Aino Korhonen has completed the training for Oppimisagentti EN: please "
    "activate them as a support person.",
    kinds.ACTIVATED: "Welcome! You are now an active support person (Oppimisagentti EN): teams "
    "can book your support.",
    kinds.ACTIVATED_SUPERVISOR: "Aino Korhonen is now an active support person "
    "(Oppimisagentti EN) with 12.5 % of working time.",
    kinds.WITHDRAWN: "Aino Korhonen withdrew their application to become a support person "
    "(Oppimisagentti EN).",
}


@pytest.fixture
def agent_role(db):
    agent = role("q-agent")
    agent.name_fi, agent.name_en = "Oppimisagentti", "Oppimisagentti EN"
    agent.save()
    return agent


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_in_english(agent_role, kind):
    with translation.override("en"):
        start = date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT")
        end = date_format(dt.date(2027, 12, 31), "SHORT_DATE_FORMAT")
        text = render(Notification(kind=kind, params=PARAMS))
    assert text == EXPECTED[kind].format(start=start, end=end)


def test_the_role_name_follows_the_readers_language(agent_role):
    notification = Notification(kind=kinds.TRAINED, params=PARAMS)
    with translation.override("fi"):
        assert "Oppimisagentti" in render(notification)
        assert "Oppimisagentti EN" not in render(notification)


def test_a_missing_param_shows_as_a_dash(agent_role):
    with translation.override("en"):
        text = render(Notification(kind=kinds.PLACED_TRAINER, params={"role": "q-agent"}))
    assert text.startswith("– joins your cohort –")


def test_an_unknown_role_code_shows_the_code(db):
    with translation.override("en"):
        text = render(Notification(kind=kinds.WITHDRAWN, params={**PARAMS, "role": "gone"}))
    assert text.endswith("(gone).")
