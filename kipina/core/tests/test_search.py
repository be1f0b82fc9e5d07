"""The shared analyser and search index: the Finnish relevance table, on SQLite and PostgreSQL.

`make test` installs Voikko (libvoikko1, voikko-fi) and runs this on both databases; without
Voikko the relevance table fails with the reason rather than being skipped.
"""

import pytest

from kipina.core.models import SearchEntry
from kipina.core.search import analyser, index

KIND = "test.doc"

# A small corpus written for these tests: key → (language, title, body).
CORPUS = {
    "tyopaja": (
        "fi",
        "Työpaja tiimin arjesta",
        "Fasilitoitu työpaja, jossa tiimi sopii pelisäännöt.",
    ),
    "valmentaja": (
        "fi",
        "Oppimisvalmentajan vinkit",
        "Oppimisvalmentaja auttaa tiimiä oppimaan työssä.",
    ),
    "verkkokoulu": (
        "fi",
        "Verkkokoulu aloittelijoille",
        "Organisaation oma verkkokoulu ja sen kurssit.",
    ),
    "koulu": ("fi", "Ammattikorkeakoulun kurssit", "Koulu tarjoaa täydennyskoulutusta hoitajille."),
    "arvot": (
        "fi",
        "Arvokeskustelu tiimissä",
        "Mitä organisaation arvot tarkoittavat meidän työssämme?",
    ),
    "retro": (
        "fi",
        "Retrospektiivi purjeveneellä",
        "Tiimi katsoo taaksepäin: mikä vei eteenpäin, mikä jarrutti.",
    ),
    "kanban": (
        "fi",
        "Kanban-taulun käyttöönotto",
        "Tehdään työ näkyväksi taululla: tehtävät, työn alla, valmis.",
    ),
    "viisi": ("fi", "Viisi miksi", "Kysytään miksi viisi kertaa, kunnes ongelman juurisyy löytyy."),
    "arvovirta": (
        "fi",
        "Arvovirtakuvaus",
        "Piirretään palvelun arvovirta asiakkaan tilauksesta toimitukseen.",
    ),
    "itseohjautuva": (
        "fi",
        "Itseohjautuvan tiimin aloitus",
        "Itseohjautuvat tiimit sopivat rooleista ja päätöksistä.",
    ),
    "palaute": ("fi", "Palautekierros", "Jokainen antaa lyhyen palautteen työpajan lopuksi."),
    "lammittely": (
        "fi",
        "Lämmittely kolmella sanalla",
        "Osallistujat kuvaavat päivänsä kolmella sanalla.",
    ),
    "aanestys": ("fi", "Pisteäänestys", "Ryhmä äänestää tarroilla ja valitsee tärkeimmät ideat."),
    "lean": (
        "fi",
        "Lean-työkalut hoitotyössä",
        "Hukan tunnistaminen osastolla ja jatkuva parantaminen.",
    ),
    "oppimispaivakirja": (
        "fi",
        "Oppimispäiväkirja",
        "Kirjoita viikoittain, mitä opit ja mitä kokeilet seuraavaksi.",
    ),
    "varjostus": ("fi", "Työn varjostus", "Seuraat kollegaa päivän ja opit hänen tavoistaan."),
    "osaaminen": (
        "fi",
        "Strategiset osaamiset tiimin työssä",
        "Tiimi kirjoittaa, mitä osaaminen tarkoittaa sen arjessa.",
    ),
    "sv_retro": (
        "sv",
        "Retrospektiv med segelbåt",
        "Teamet ser tillbaka på vad som hjälpte och hindrade.",
    ),
    "en_values": (
        "en",
        "Values conversation in teams",
        "What do our values mean in our daily work?",
    ),
    "en_kanban": (
        "en",
        "Starting a kanban board",
        "Make work visible on boards and limit work in progress.",
    ),
}

# query → keys that must be found; keys in NOT_FOUND must not be.
RELEVANCE = [
    ("työpajoissa", {"tyopaja", "palaute"}),
    ("työpaja", {"tyopaja", "palaute"}),
    ("työpajan", {"tyopaja"}),
    ("valmentaja", {"valmentaja"}),
    ("valmentajalle", {"valmentaja"}),
    ("oppimisvalmentajat", {"valmentaja"}),
    ("verkkokoulussa", {"verkkokoulu", "koulu"}),
    ("verkkokoulu", {"verkkokoulu"}),
    ("koulu", {"verkkokoulu", "koulu"}),
    ("arvot", {"arvot"}),
    ("arvoista", {"arvot"}),
    ("arvokeskustelua", {"arvot"}),
    ("keskustelu", {"arvot"}),
    ("retrospektiiveissä", {"retro"}),
    ("retrospektiivi", {"retro"}),
    ("retro", {"retro", "sv_retro"}),
    ("kanban", {"kanban", "en_kanban"}),
    ("kanban-taululla", {"kanban"}),
    ("taulu", {"kanban"}),
    ("juurisyyt", {"viisi"}),
    ("miksi", {"viisi"}),
    ("arvovirran", {"arvovirta"}),
    ("itseohjautuva tiimi", {"itseohjautuva"}),
    ("itseohjautuvien tiimien", {"itseohjautuva"}),
    ("palautteet", {"palaute"}),
    ("lämmittelyt", {"lammittely"}),
    ("äänestys", {"aanestys"}),
    ("ideoiden äänestäminen", {"aanestys"}),
    ("lean", {"lean"}),
    ("hukka", {"lean"}),
    ("osastoilla", {"lean"}),
    ("oppimispäiväkirjaan", {"oppimispaivakirja"}),
    ("päiväkirja", {"oppimispaivakirja"}),
    ("varjostuksessa", {"varjostus"}),
    ("strategisten osaamisten", {"osaaminen"}),
    ("osaamista", {"osaaminen"}),
    ("segelbåten", {"sv_retro"}),
    ("values", {"en_values"}),
    ("boards", {"en_kanban"}),
    ("TYÖPAJA", {"tyopaja"}),
]
NOT_FOUND = [
    ("työpajoissa", {"verkkokoulu", "kanban"}),
    ("verkkokoulussa", {"tyopaja"}),
    ("arvot", {"kanban", "tyopaja"}),
    ("itseohjautuva tiimi", {"tyopaja", "arvot"}),
    ("kanban", {"arvot"}),
    ("zyxzyx", set(CORPUS)),
]


@pytest.fixture
def corpus(db):
    ids = {}
    for number, (key, (language, title, body)) in enumerate(CORPUS.items(), start=1):
        index.save(KIND, number, title=title, body=body, language=language)
        ids[number] = key
    return ids


def found(corpus, query) -> set[str]:
    hits = index.search(KIND, query)
    assert hits is not None
    return {corpus[hit.object_id] for hit in hits}


def test_voikko_is_installed():
    """The relevance table needs the Finnish morphology; `make test` installs it."""
    assert analyser.voikko_available(), (
        "Voikko is missing (apt-get install libvoikko1 voikko-fi): " + analyser.voikko_problem()
    )


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_relevance_table(corpus, query, expected):
    assert expected <= found(corpus, query)


@pytest.mark.parametrize(("query", "unexpected"), NOT_FOUND, ids=[q for q, _ in NOT_FOUND])
def test_no_false_hits(corpus, query, unexpected):
    assert not (unexpected & found(corpus, query))


def test_relevance_table_is_large_enough():
    finnish = [q for q, keys in RELEVANCE if any(CORPUS[key][0] == "fi" for key in keys)]
    assert len(finnish) >= 30


def test_title_hits_rank_first(corpus):
    hits = index.search(KIND, "työpaja")
    assert corpus[hits[0].object_id] == "tyopaja"  # in the title; "palaute" has it in the body


def test_every_query_word_must_match(corpus):
    assert found(corpus, "retrospektiivi kanban") == set()
    assert found(corpus, "tiimi arvot") == {"arvot"}


def test_empty_and_punctuation_queries_are_no_search(corpus):
    assert index.search(KIND, "") is None
    assert index.search(KIND, " -- !! ") is None


def test_query_syntax_is_never_passed_through(corpus):
    for query in ['"', "NEAR(", "a OR", "'); DROP", "työ* OR", ":*", "&|!", "a:b", "(("]:
        index.search(KIND, query)  # no error from FTS5 or to_tsquery


def test_reindexing_replaces_and_removing_forgets(corpus):
    index.save(KIND, 1, title="Kanban", body="", language="fi")
    assert "tyopaja" in found(corpus, "kanban")  # object 1 is now about kanban
    assert 1 not in {hit.object_id for hit in index.search(KIND, "työpaja")}
    index.remove(KIND, 1)
    assert SearchEntry.objects.filter(kind=KIND, object_id=1).count() == 0
    assert 1 not in {hit.object_id for hit in index.search(KIND, "kanban")}


def test_kinds_are_kept_apart(corpus):
    index.save("other.kind", 999, title="Työpaja", body="", language="fi")
    assert 999 not in {hit.object_id for hit in index.search(KIND, "työpaja")}


def test_filter_matching_narrows_a_queryset(corpus, django_user_model):
    # Users stand in for a catalogue: their primary keys are the indexed object ids.
    users = [django_user_model.objects.create(username=f"u{n}") for n in range(3)]
    index.save("test.user", users[0].pk, title="Arvokeskustelu", body="", language="fi")
    index.save("test.user", users[2].pk, title="Arvot arjessa", body="", language="fi")
    everyone = django_user_model.objects.filter(pk__in=[user.pk for user in users])
    narrowed = index.filter_matching(everyone, "test.user", "arvot")
    assert set(narrowed) == {users[0], users[2]}
    assert index.filter_matching(everyone, "test.user", "  ") is not None
    assert set(index.filter_matching(everyone, "test.user", "  ")) == set(users)


# --- the analyser on its own ----------------------------------------------------------------


def test_words_split_on_punctuation_and_normalise_case():
    assert analyser.words("Kanban-taulu, LEAN & 5S!") == ["kanban", "taulu", "lean", "5s"]


def test_compound_parts_come_from_voikko():
    assert {"valmentaja", "oppimis"} <= analyser.word_terms("oppimisvalmentaja", "fi")
    assert {"arvo", "keskustelu"} <= analyser.word_terms("arvokeskustelu", "fi")
    assert {"verkko", "koulu", "verkkokoulu"} <= analyser.word_terms("verkkokoulussa", "fi")


def test_a_suffix_inside_a_compound_stays_with_its_part():
    # Voikko: +valmenn(valmentaa)+us(+us)+ohjelma(ohjelma); the suffix's base starts with "+".
    terms = analyser.word_terms("valmennusohjelmassa", "fi")
    assert {"valmennus", "ohjelma", "valmennusohjelma"} <= terms
    assert not any(")" in term or term.startswith("valmennusus") for term in terms)
    assert {"täydennys", "koulutus"} <= analyser.word_terms("täydennyskoulutus", "fi")


def test_swedish_and_english_are_stemmed_in_their_language():
    assert analyser.stem("segelbåten", "sv") in analyser.word_terms("segelbåten", "sv")
    assert "board" in analyser.word_terms("boards", "en")


def test_stopwords_are_dropped_unless_that_is_all():
    assert [g.word for g in analyser.query_groups("arvot ja tiimi")] == ["arvot", "tiimi"]
    assert [g.word for g in analyser.query_groups("ja")] == ["ja"]


def test_short_words_get_no_prefix():
    (group,) = analyser.query_groups("työ")
    assert group.prefix == ""


def test_a_known_word_takes_its_prefix_only_when_broadened():
    (known,) = analyser.query_groups("valmennus")
    assert known.known
    assert known.prefix_in(broadened=False) == ""
    assert known.prefix_in(broadened=True) == "valmennus"
    (unknown,) = analyser.query_groups("retrospektiiveissä")
    assert not unknown.known
    assert unknown.prefix_in(broadened=False) == "retrospektiiv"


def test_highlight_marks_the_matched_words_and_escapes_the_rest():
    from kipina.core.search.highlight import highlight

    groups = analyser.query_groups("työpajoissa")
    html = str(highlight("Työpaja <b>ja</b> työpajan tulokset", groups, "fi"))
    assert html == ("<mark>Työpaja</mark> &lt;b&gt;ja&lt;/b&gt; <mark>työpajan</mark> tulokset")
    assert str(highlight("<i>", [], "fi")) == "&lt;i&gt;"


def _found(kind: str, query: str) -> set[int]:
    return {hit.object_id for hit in index.search(kind, query)}


@pytest.mark.django_db
def test_a_compound_query_is_broadened_to_its_head_only_when_it_finds_little():
    """`verkkokoulussa` first looks for verkkokoulu; the head (koulu) joins in only while the
    precise search finds fewer than a page of hits, so a common head cannot flood the list."""
    kind = "test.broaden"
    index.save(kind, 1, title="Koulu tarjoaa kursseja", body="", language="fi")
    index.save(kind, 2, title="Verkkokoulu aloittelijoille", body="", language="fi")
    assert analyser.query_groups("verkkokoulussa")[0].heads == {"koulu"}
    assert _found(kind, "verkkokoulussa") == {1, 2}  # one precise hit: broadened

    for number in range(3, 3 + index.BROADEN_BELOW):
        index.save(kind, number, title=f"Verkkokoulun kurssi {number}", body="", language="fi")
    found = _found(kind, "verkkokoulussa")
    assert 1 not in found  # enough precise hits: the head alone no longer counts
    assert found == set(range(2, 3 + index.BROADEN_BELOW))
    assert _found(kind, "koulu") == set(range(1, 3 + index.BROADEN_BELOW))
