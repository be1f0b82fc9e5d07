"""The demo's toolkit: methods co-created by support persons, comments, uses with counters
that match, agendas (the persona's among them), determinism, and removal on reset."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from kipina.agents.models import SupportPerson
from kipina.core.models import SearchEntry
from kipina.demo import toolkit_loader
from kipina.demo.loader import seed_demo_organisation, wipe_organisation
from kipina.orders.enums import OrderState
from kipina.toolkit.enums import SEARCH_KIND, BlockKind, MethodStatus
from kipina.toolkit.models import Agenda, AgendaBlock, Method, MethodComment, MethodUse

ANCHOR = dt.date(2026, 3, 18)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def toolkit_rows() -> dict[str, int]:
    return {
        "methods": Method.objects.count(),
        "revisions": Method.history.count(),
        "contributors": Method.contributors.through.objects.count(),
        "comments": MethodComment.objects.count(),
        "uses": MethodUse.objects.count(),
        "agendas": Agenda.objects.count(),
        "blocks": AgendaBlock.objects.count(),
        "search entries": SearchEntry.objects.filter(kind=SEARCH_KIND).count(),
    }


def test_the_content_refers_only_to_methods_that_exist():
    methods = json.loads((toolkit_loader.CONTENT / "methods.json").read_text("utf-8"))["methods"]
    published = {m["key"] for m in methods if m["status"] == "published" and m["language"] == "fi"}
    agendas = json.loads((toolkit_loader.CONTENT / "agendas.json").read_text("utf-8"))["agendas"]
    titles = {agenda["title"] for agenda in agendas}

    assert set(toolkit_loader.EDITS) <= published
    assert {key for key, _text in toolkit_loader.COMMENTS} <= published
    for keys in toolkit_loader.METHODS_BY_SERVICE.values():
        assert set(keys) <= published
    assert set(toolkit_loader.AGENDA_SERVICES) <= titles
    assert set(toolkit_loader.PERSONA_AGENDAS) <= titles
    for agenda in agendas:
        for block in agenda["blocks"]:
            assert block.get("method") in published or block.get("free") in BlockKind.values


@pytest.mark.django_db
def test_the_default_demo_has_a_co_created_toolkit_that_reset_removes():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo organisation seeded" in out.getvalue()

    finnish = Method.objects.filter(language_id="fi")
    assert finnish.count() >= 40
    assert Method.objects.filter(translation_of__isnull=False).exclude(language_id="fi").exists()
    assert Method.objects.filter(status=MethodStatus.DRAFT).exists()
    # Every method was created by an active support person, as its first revision.
    creators = set(Method.objects.values_list("created_by", flat=True))
    assert creators <= set(
        SupportPerson.objects.filter(active=True).values_list("person_id", flat=True)
    )
    assert len(creators) > 1
    edited_ids = (
        Method.history.values("id").annotate(revisions=Count("history_id")).filter(revisions__gt=1)
    )
    edited = Method.objects.filter(pk__in=edited_ids.values("id"))
    assert edited.count() >= 12
    for method in edited:
        revisions = list(method.history.order_by("history_date", "history_id"))
        assert len({revision.history_user_id for revision in revisions}) > 1
        assert revisions[0].history_date < revisions[-1].history_date <= timezone.now()
        assert len(revisions[-1].tips) > len(revisions[0].tips)
        assert method.version == len(revisions)
    assert Method.objects.filter(contributors__isnull=False).distinct().count() == (
        Method.objects.count()
    )
    assert MethodComment.objects.count() >= 25
    assert SearchEntry.objects.filter(kind=SEARCH_KIND).count() == Method.objects.count()

    # The counters are exactly what the uses add up to.
    uses = MethodUse.objects.values("method").annotate(count=Count("id"), total=Sum("rating"))
    by_method = {row["method"]: (row["count"], row["total"]) for row in uses}
    assert len(by_method) >= 20
    for method in Method.objects.all():
        count, total = by_method.get(method.pk, (0, 0))
        assert (method.use_count, method.rating_count, method.rating_total) == (count, count, total)
    tied = MethodUse.objects.filter(order__isnull=False).select_related("order__support_person")
    assert tied.count() >= 20
    for use in tied:
        assert use.order.state == OrderState.CLOSED
        assert use.order.support_person.person_id == use.person_id
        assert use.method.created_at.date() <= use.used_on

    # Agendas: at least ten, templates among them, the persona owning a few.
    assert Agenda.objects.count() >= 10
    assert Agenda.objects.filter(is_template=True).exists()
    persona_agendas = Agenda.objects.filter(owner__user__username="tukihenkilo")
    assert persona_agendas.count() >= 3
    tied_agenda = persona_agendas.filter(order__isnull=False).select_related("order").first()
    assert tied_agenda is not None
    assert tied_agenda.order.support_person.person == tied_agenda.owner
    for agenda in Agenda.objects.all():
        agenda.full_clean()
    for block in AgendaBlock.objects.select_related("method"):
        block.full_clean()
    assert AgendaBlock.objects.filter(kind=BlockKind.BREAK).exists()

    wipe_organisation()

    assert set(toolkit_rows().values()) == {0}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_toolkit_and_reset_replaces_it():
    def digest() -> list:
        return [
            list(
                Method.objects.order_by("key").values_list(
                    "key", "created_by__employee_number", "version", "use_count", "rating_total"
                )
            ),
            sorted(MethodComment.objects.values_list("method__key", "author__employee_number")),
            sorted(
                Agenda.objects.values_list("title", "owner__employee_number", "order_id", "date")
            ),
        ]

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR)
    first, rows = digest(), toolkit_rows()
    assert rows["methods"] and rows["uses"] and rows["agendas"]

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR, reset=True)

    assert digest() == first
    assert toolkit_rows() == rows
