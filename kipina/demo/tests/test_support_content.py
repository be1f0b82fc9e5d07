"""The default catalogue and the demo's support texts hang together: codes, references, counts."""

from dataclasses import fields

import pytest

from kipina.agents import default_catalogue as catalogue
from kipina.demo import support_content as content

REQUIRED_ROLES = {
    "learning_agent",
    "learning_trainer",
    "learning_designer",
    "learning_coach",
    "career_coach",
    "agile_coach",
    "lean_expert",
    "change_agent",
    "learning_activist",
    "work_culture_hacker",
}
REQUIRED_SKILLS = {
    "facilitation",
    "lean_tools",
    "self_organising",
    "agile",
    "learning_design",
    "career_coaching",
    "values_work",
    "competence_tailoring",
    "digital_learning",
    "retrospectives",
    "learning_guidance",
    "change_support",
}
REQUIRED_SERVICES = {
    "workshop_facilitation",
    "self_organising_start",
    "lean_tools",
    "team_learning_plan",
    "learning_guidance",
    "values_discussion",
    "retrospective",
    "career_conversation",
    "change_support",
    "digital_learning_intro",
}
MINIMUM_COUNTS = {
    "FEEDBACK_HELPED": 25,
    "FEEDBACK_KEEP_DOING": 25,
    "REFLECTIONS": 20,
    "FOLLOW_UP_STUCK": 12,
    "FOLLOW_UP_NOT_STUCK": 8,
    "DECLINE_REASONS_COORDINATOR": 6,
    "CANCEL_REASONS": 6,
    "SUPPORT_DECLINE_REASONS": 6,
    "SESSION_PLACES": 12,
    "SESSION_NOTES": 10,
}


def _codes(entries) -> list[str]:
    return [entry.code for entry in entries]


@pytest.mark.parametrize(
    ("entries", "required"),
    [
        (catalogue.SUPPORT_ROLES, REQUIRED_ROLES),
        (catalogue.SKILLS, REQUIRED_SKILLS),
        (content.SERVICES, REQUIRED_SERVICES),
    ],
    ids=["roles", "skills", "services"],
)
def test_codes_are_unique_and_cover_the_required_set(entries, required):
    codes = _codes(entries)
    assert len(codes) == len(set(codes))
    assert required <= set(codes)
    assert all(code.isascii() and code.isidentifier() and code.islower() for code in codes)


def test_code_sets_match_the_entries():
    assert set(_codes(catalogue.SUPPORT_ROLES)) == catalogue.ROLE_CODES
    assert set(_codes(catalogue.SKILLS)) == catalogue.SKILL_CODES


@pytest.mark.parametrize("entry", catalogue.SUPPORT_ROLES + catalogue.SKILLS, ids=lambda e: e.code)
def test_catalogue_entries_have_every_text(entry):
    for field in fields(entry):
        assert getattr(entry, field.name).strip(), f"{entry.code}.{field.name} is empty"


def test_change_agent_mentions_keugentti():
    change_agent = next(r for r in catalogue.SUPPORT_ROLES if r.code == "change_agent")
    assert "keugentti" in change_agent.description_fi


@pytest.mark.parametrize("service", content.SERVICES, ids=lambda s: s.code)
def test_service_is_complete_and_refers_to_known_codes(service):
    for name in ("name", "description"):
        for lang in ("fi", "sv", "en"):
            assert getattr(service, f"{name}_{lang}").strip(), f"{service.code}: {name}_{lang}"
    assert set(service.required_skills) <= catalogue.SKILL_CODES
    assert set(service.eligible_roles) <= catalogue.ROLE_CODES
    assert len(service.required_skills) <= 2
    assert len(set(service.eligible_roles)) == len(service.eligible_roles)
    assert service.assignment_mode in content.ASSIGNMENT_MODES
    assert 1 <= service.typical_hours <= 16


@pytest.mark.parametrize("service", content.SERVICES, ids=lambda s: s.code)
def test_service_has_enough_distinct_needs(service):
    assert len(service.needs) >= 8
    assert len(set(service.needs)) == len(service.needs)
    for need, goal in service.needs:
        assert need.strip() and goal.strip()
        assert goal.rstrip().endswith(".")


def test_needs_are_not_shared_between_services():
    needs = [need for service in content.SERVICES for need, _goal in service.needs]
    assert len(needs) == len(set(needs))


def test_assignment_modes_are_mixed():
    modes = [service.assignment_mode for service in content.SERVICES]
    assert modes.count(content.COORDINATOR) > len(modes) // 2
    assert modes.count(content.CLAIM) >= 2
    assert modes.count(content.REQUESTER_PICKS) >= 2


@pytest.mark.parametrize(("name", "minimum"), MINIMUM_COUNTS.items())
def test_text_pools_are_large_enough_and_clean(name, minimum):
    pool = getattr(content, name)
    assert len(pool) >= minimum
    assert len(set(pool)) == len(pool)
    assert all(text.strip() == text and text for text in pool)


def test_follow_up_answers_say_whether_the_practice_stuck():
    assert all(text.startswith("Kyllä") for text in content.FOLLOW_UP_STUCK)
    assert all(text.startswith(("Ei vielä", "Osittain")) for text in content.FOLLOW_UP_NOT_STUCK)
