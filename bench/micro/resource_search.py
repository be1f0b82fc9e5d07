"""Micro-benchmark: the resource catalogue's search over 50 000 published resources.

Creates 50 000 published learning resources (5 000 with BENCH_QUICK=1) in bulk, with varied
Finnish titles and descriptions built from word lists (a few Swedish and English ones too),
providers, dates, competence links and their search index (written with the shared analyser,
so Finnish inflections and compounds are indexed as the catalogue indexes them). Then it times
`kipina.learning.selectors_resources.catalogue()` as the catalogue page calls it for an
ordinary reader: the search, every facet count and the first page's rows, for a set of typical
queries (inflected forms, two-word queries, a few combined with a facet, and the unsearched
first page). Prints p50 / p95 / max per query kind and, as the last line:

    {"search.resources_50000.<db>.p95_ms": ..., "search.resources_50000.<db>.p50_ms": ...}

where <db> is BENCH_DB (sqlite or postgres); quick runs name their own size (resources_5000).

Where it runs:

- Under `make bench` (bench/run.py sets KIPINA_ENV=production and points Django at the seeded,
  throwaway database): the resources are added to that database, PostgreSQL gets the ANALYZE
  autovacuum would have run, and everything the script created is deleted at the end.
- On its own, in a temporary database it creates and drops:

      KIPINA_ENV=test BENCH_DB=sqlite .venv/bin/python bench/micro/resource_search.py
      KIPINA_ENV=test BENCH_DB=postgres .venv/bin/python bench/micro/resource_search.py

  SQLite gets a database file in a temporary folder. For PostgreSQL, a DATABASE_URL (of a
  role that may create databases) is used to create and drop a test database; without one a
  throwaway cluster is started and removed (tools/throwaway_postgres.py).
"""

import contextlib
import datetime as dt
import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(1, str(PROJECT_DIR / "tools"))

SEED = 50_000
RESOURCES = 50_000
QUICK_RESOURCES = 5_000
ROUNDS = 4
QUICK_ROUNDS = 2
BROAD_SHARE = 0.2  # a query that finds more than this share of the catalogue is "broad"
BATCH = 2_000
KEY_PREFIX = "bench-res-"
FRAMEWORK_IDNUMBER = "BENCH-RESOURCES"
PROVIDER_PREFIX = "bench-provider-"
READER_USERNAME = "bench-resource-reader"

# Topics in three forms: nominative, genitive, inessive (Finnish inflects: a search for one
# form must find the others).
TOPICS = [
    ("johtaminen", "johtamisen", "johtamisessa"),
    ("valmentava johtaminen", "valmentavan johtamisen", "valmentavassa johtamisessa"),
    ("tiimityö", "tiimityön", "tiimityössä"),
    ("asiakaslähtöisyys", "asiakaslähtöisyyden", "asiakaslähtöisyydessä"),
    ("palvelumuotoilu", "palvelumuotoilun", "palvelumuotoilussa"),
    ("itseohjautuvuus", "itseohjautuvuuden", "itseohjautuvuudessa"),
    ("vuorovaikutus", "vuorovaikutuksen", "vuorovaikutuksessa"),
    ("työhyvinvointi", "työhyvinvoinnin", "työhyvinvoinnissa"),
    ("lean-ajattelu", "lean-ajattelun", "lean-ajattelussa"),
    ("potilasturvallisuus", "potilasturvallisuuden", "potilasturvallisuudessa"),
    ("tietosuoja", "tietosuojan", "tietosuojassa"),
    ("lääkehoito", "lääkehoidon", "lääkehoidossa"),
    ("kirjaaminen", "kirjaamisen", "kirjaamisessa"),
    ("muutosjohtaminen", "muutosjohtamisen", "muutosjohtamisessa"),
    ("fasilitointi", "fasilitoinnin", "fasilitoinnissa"),
    ("palautteen antaminen", "palautteen antamisen", "palautteen antamisessa"),
    ("digitaidot", "digitaitojen", "digitaidoissa"),
    ("taulukkolaskenta", "taulukkolaskennan", "taulukkolaskennassa"),
    ("projektinhallinta", "projektinhallinnan", "projektinhallinnassa"),
    ("ensiapu", "ensiavun", "ensiavussa"),
    ("kehityskeskustelu", "kehityskeskustelun", "kehityskeskustelussa"),
    ("perehdytys", "perehdytyksen", "perehdytyksessä"),
    ("työturvallisuus", "työturvallisuuden", "työturvallisuudessa"),
    ("saavutettavuus", "saavutettavuuden", "saavutettavuudessa"),
    ("selkokieli", "selkokielen", "selkokielessä"),
    ("ruotsin kieli", "ruotsin kielen", "ruotsin kielessä"),
    ("talousosaaminen", "talousosaamisen", "talousosaamisessa"),
    ("julkiset hankinnat", "julkisten hankintojen", "julkisissa hankinnoissa"),
    ("tekoäly", "tekoälyn", "tekoälyssä"),
    ("kestävä kehitys", "kestävän kehityksen", "kestävässä kehityksessä"),
    ("ristiriitojen ratkaisu", "ristiriitojen ratkaisun", "ristiriitojen ratkaisussa"),
    ("esiintyminen", "esiintymisen", "esiintymisessä"),
    ("ajanhallinta", "ajanhallinnan", "ajanhallinnassa"),
    ("mentorointi", "mentoroinnin", "mentoroinnissa"),
    ("työnohjaus", "työnohjauksen", "työnohjauksessa"),
    (
        "moniammatillinen yhteistyö",
        "moniammatillisen yhteistyön",
        "moniammatillisessa yhteistyössä",
    ),
    ("kotihoito", "kotihoidon", "kotihoidossa"),
    ("ikääntyneiden palvelut", "ikääntyneiden palvelujen", "ikääntyneiden palveluissa"),
    ("lastensuojelu", "lastensuojelun", "lastensuojelussa"),
    ("varhaiskasvatus", "varhaiskasvatuksen", "varhaiskasvatuksessa"),
    ("tietoturva", "tietoturvan", "tietoturvassa"),
    ("data-analytiikka", "data-analytiikan", "data-analytiikassa"),
    ("viestintä", "viestinnän", "viestinnässä"),
    ("kriisiviestintä", "kriisiviestinnän", "kriisiviestinnässä"),
    ("strateginen ajattelu", "strategisen ajattelun", "strategisessa ajattelussa"),
    ("yhteisöohjautuvuus", "yhteisöohjautuvuuden", "yhteisöohjautuvuudessa"),
    ("oppimisen tukeminen", "oppimisen tukemisen", "oppimisen tukemisessa"),
    ("työpaja", "työpajan", "työpajassa"),
    ("retrospektiivi", "retrospektiivin", "retrospektiivissä"),
    ("kanban", "kanbanin", "kanbanissa"),
    ("arvokeskustelu", "arvokeskustelun", "arvokeskustelussa"),
    ("asiakaspalvelu", "asiakaspalvelun", "asiakaspalvelussa"),
    ("sosiaalihuolto", "sosiaalihuollon", "sosiaalihuollossa"),
    ("mielenterveystyö", "mielenterveystyön", "mielenterveystyössä"),
    ("päihdetyö", "päihdetyön", "päihdetyössä"),
    ("kuntoutus", "kuntoutuksen", "kuntoutuksessa"),
    ("haavanhoito", "haavanhoidon", "haavanhoidossa"),
    ("palkanlaskenta", "palkanlaskennan", "palkanlaskennassa"),
    ("rekrytointi", "rekrytoinnin", "rekrytoinnissa"),
    ("etätyö", "etätyön", "etätyössä"),
]
TITLE_PATTERNS = [
    "{nom} – perusteet",
    "{gen} perusteet",
    "{gen} syventävä kurssi",
    "{gen} verkkokurssi",
    "{nom} käytännössä",
    "{nom} {audience}",
    "Työpaja: {nom}",
    "{gen} valmennusohjelma",
    "{gen} täydennyskoulutus",
    "Podcast: {nom} arjessa",
    "Opas {gen} tueksi",
    "{nom} ja {nom2}",
    "{gen} ABC",
    "Onnistu {ine}",
    "Vertaisoppiminen {ine}",
]
AUDIENCES = [
    "esihenkilöille",
    "hoitajille",
    "asiantuntijoille",
    "tiimeille",
    "uusille työntekijöille",
    "lähihoitajille",
    "sosiaaliohjaajille",
    "opettajille",
    "talous- ja henkilöstöhallinnolle",
]
SENTENCES = [
    "Kurssilla perehdytään {gen} käytäntöihin ja harjoitellaan {gen2} taitoja.",
    "Sopii {audience}, jotka haluavat kehittää osaamistaan {ine}.",
    "Materiaali käsittelee aihetta {nom} sekä {gen2} yhteyttä arjen työhön.",
    "Toteutus sisältää lähipäiviä, etätehtäviä ja vertaiskeskusteluja.",
    "Osallistujat saavat työkaluja {gen} kehittämiseen omassa tiimissään.",
    "Esimerkit tulevat sosiaali- ja terveyspalveluista sekä kunnan palveluista.",
    "Lopuksi laaditaan oma kehittämissuunnitelma, jota käydään läpi työpajoissa.",
    "Kouluttajina toimivat kokeneet asiantuntijat ja oman organisaation valmentajat.",
    "Aiempaa osaamista {ine} ei tarvita.",
    "Jakson jälkeen osaat soveltaa oppimaasi {ine} ja tukea kollegoita.",
]
SWEDISH_TITLES = [
    "Ledarskap i förändring",
    "Grunderna i dataskydd",
    "Kundorienterad service",
    "Självstyrande team i praktiken",
    "Arbetsvälbefinnande för chefer",
    "Läkemedelsbehandling, fördjupning",
    "Svenska i arbetslivet",
]
ENGLISH_TITLES = [
    "Coaching leadership essentials",
    "Service design sprint",
    "Data protection basics",
    "Facilitating remote workshops",
    "Lean thinking in public services",
    "Giving and receiving feedback",
    "Artificial intelligence at work",
]
PLACES = ["Tampere", "Helsinki", "Turku", "Oulu", "Jyväskylä", "Kuopio", "Lahti", "Pori"]
COMPETENCE_AREAS = [
    ("A", "Asiakaslähtöisyys", ["Palvelumuotoilu", "Asiakasymmärrys", "Saavutettavat palvelut"]),
    ("B", "Johtaminen", ["Valmentava johtaminen", "Muutosjohtaminen", "Strateginen ajattelu"]),
    ("C", "Yhteistyö", ["Tiimityö", "Moniammatillisuus", "Vuorovaikutus", "Fasilitointi"]),
    ("D", "Digitaalisuus", ["Digitaidot", "Tietosuoja ja -turva", "Data ja tekoäly"]),
    ("E", "Hyvinvointi", ["Työhyvinvointi", "Työturvallisuus", "Palautuminen"]),
    ("F", "Jatkuva oppiminen", ["Oppimisen tukeminen", "Itseohjautuvuus", "Mentorointi"]),
]
# (query, extra filters): typical searches, inflected and compound forms, some with a facet.
QUERIES = [
    ("johtaminen", {}),
    ("johtamisen koulutus", {}),
    ("valmentava johtaminen", {}),
    ("tiimityössä", {}),
    ("asiakaslähtöisyys", {}),
    ("palvelumuotoilun", {}),
    ("itseohjautuvuus", {}),
    ("vuorovaikutustaidot", {}),
    ("työhyvinvointia", {}),
    ("lean", {}),
    ("potilasturvallisuus", {}),
    ("tietosuojasta", {}),
    ("lääkehoidon", {}),
    ("kirjaaminen", {}),
    ("muutosjohtamisen", {}),
    ("fasilitointi työpajoissa", {}),
    ("palautteen antaminen", {}),
    ("digitaidot", {}),
    ("excel", {}),
    ("perehdytys", {}),
    ("mentorointi", {}),
    ("verkkokurssi", {}),
    ("esihenkilöille", {}),
    ("ruotsin kieli", {}),
    ("tekoäly", {}),
    ("retrospektiiveissä", {}),
    ("kestävä kehitys", {}),
    ("ensiapu", {}),
    ("kotihoidossa", {}),
    ("varhaiskasvatuksen", {}),
    ("johtaminen", {"kind": "academy_course"}),
    ("tiimityö", {"starts": "90"}),
    ("työhyvinvointi", {"price": "free"}),
    ("tietoturva", {"language": "fi", "duration": "day"}),
    ("valmennus", {"sort": "start"}),
    ("", {}),
    ("", {"kind": "material"}),
    ("", {"starts": "30", "sort": "start"}),
]


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, as bench/run.py does."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- data ------------------------------------------------------------------------------------


def _text(rng: random.Random, language: str) -> tuple[str, str]:
    if language == "sv":
        return rng.choice(SWEDISH_TITLES), "Kursen ger praktiska verktyg för det dagliga arbetet."
    if language == "en":
        return rng.choice(ENGLISH_TITLES), "A practical course with exercises and peer discussion."
    nom, gen, ine = rng.choice(TOPICS)
    nom2, gen2, _ine2 = rng.choice(TOPICS)
    audience = rng.choice(AUDIENCES)
    title = rng.choice(TITLE_PATTERNS).format(
        nom=nom, gen=gen, ine=ine, nom2=nom2, audience=audience
    )
    title = title[:1].upper() + title[1:]
    sentences = rng.sample(SENTENCES, rng.randint(2, 4))
    description = " ".join(
        sentence.format(nom=nom, gen=gen, ine=ine, gen2=gen2, audience=audience)
        for sentence in sentences
    )
    return title, description


def create_data(count: int, rng: random.Random) -> None:
    """Providers, a framework, `count` published resources with dates, links, search index."""
    from django.db import transaction

    from kipina.core.search import index as search_index
    from kipina.core.search.analyser import index_terms
    from kipina.learning.enums import (
        FORMATS_OF_KIND,
        RESOURCE_SEARCH_KIND,
        ProviderKind,
        Relevance,
        ResourceKind,
        ResourceMode,
        ResourceStatus,
    )
    from kipina.learning.models import (
        Competence,
        CompetenceFramework,
        ProficiencyScale,
        Provider,
        Resource,
        ResourceCompetence,
        ResourceDate,
        ScaleLevel,
    )
    from kipina.org.models import Language

    today = dt.date.today()
    with transaction.atomic():
        for code in ("fi", "sv", "en"):
            Language.objects.get_or_create(code=code)
        scale = ProficiencyScale.objects.create(name_fi="Vertailuasteikko")
        for position, name in enumerate(("Alkaa", "Osaa", "Edistää"), start=1):
            ScaleLevel.objects.create(
                scale=scale, position=position, name_fi=name, is_default=position == 1
            )
        framework = CompetenceFramework.objects.create(
            idnumber=FRAMEWORK_IDNUMBER, shortname_fi="Vertailun osaamiset", scale=scale
        )
        competences = []
        for position, (code, area_name, names) in enumerate(COMPETENCE_AREAS):
            area = Competence.objects.create(
                framework=framework, idnumber=code, shortname_fi=area_name, position=position
            )
            for number, name in enumerate(names, start=1):
                competences.append(
                    Competence.objects.create(
                        framework=framework,
                        parent=area,
                        depth=1,
                        idnumber=f"{code}{number}",
                        shortname_fi=name,
                        position=number,
                    )
                )
        kinds_of_provider = [
            ProviderKind.ACADEMY,
            ProviderKind.INTERNAL,
            ProviderKind.UNIVERSITY,
            ProviderKind.UAS,
            ProviderKind.VOCATIONAL,
            ProviderKind.ASSOCIATION,
            ProviderKind.COMPANY,
        ]
        providers = Provider.objects.bulk_create(
            Provider(
                key=f"{PROVIDER_PREFIX}{number}",
                name_fi=f"Koulutuspalvelu {number}",
                kind=kinds_of_provider[number % len(kinds_of_provider)],
                city=PLACES[number % len(PLACES)],
            )
            for number in range(40)
        )
    weights = {
        ResourceKind.ACADEMY_COURSE: 20,
        ResourceKind.WEB_COURSE: 30,
        ResourceKind.EXTERNAL_COURSE: 15,
        ResourceKind.MATERIAL: 25,
        ResourceKind.PEER: 10,
    }
    kinds, kind_weights = list(weights), list(weights.values())
    competence_weights = [1 + (index % 5) * 2 for index in range(len(competences))]
    for batch_start in range(0, count, BATCH):
        resources, dates_of, links_of, texts = [], [], [], []
        for number in range(batch_start, min(batch_start + BATCH, count)):
            kind = rng.choices(kinds, kind_weights)[0]
            language = rng.choices(("fi", "sv", "en"), (85, 10, 5))[0]
            title, description = _text(rng, language)
            formats = FORMATS_OF_KIND.get(kind)
            dates = []
            if kind in (ResourceKind.ACADEMY_COURSE, ResourceKind.EXTERNAL_COURSE) or (
                kind == ResourceKind.WEB_COURSE and rng.random() < 0.3
            ):
                for _ in range(rng.randint(0, 4)):
                    start = today + dt.timedelta(days=rng.randint(-90, 400))
                    end = start + dt.timedelta(days=rng.choice((0, 0, 1, 2, 4, 30)))
                    dates.append((start, end, rng.choice((None, 12, 16, 20, 24, 30))))
            upcoming = [start for start, end, _ in dates if end >= today]
            mode = rng.choice(list(ResourceMode))
            resources.append(
                Resource(
                    key=f"{KEY_PREFIX}{number}",
                    title=title[:200],
                    description=description,
                    kind=kind,
                    format=rng.choice(formats) if formats else "",
                    provider=(
                        rng.choice(providers)
                        if kind != ResourceKind.MATERIAL or rng.random() < 0.3
                        else None
                    ),
                    language_id=language,
                    duration_hours=(
                        None
                        if rng.random() < 0.05
                        else Decimal(rng.choice((0.5, 1, 1.5, 2, 3, 4, 7, 8, 14, 16, 21, 40, 80)))
                    ),
                    cost_eur=(
                        Decimal(rng.choice((90, 150, 290, 450, 900, 1800)))
                        if kind == ResourceKind.EXTERNAL_COURSE or rng.random() < 0.05
                        else Decimal(0)
                    ),
                    credits=(
                        Decimal(rng.choice((1, 2, 3, 5, 10)))
                        if kind == ResourceKind.EXTERNAL_COURSE and rng.random() < 0.6
                        else None
                    ),
                    url=f"https://oppiminen.example/{number}",
                    mode=mode,
                    place=rng.choice(PLACES) if mode != ResourceMode.REMOTE else "",
                    audience_groups=rng.sample(AUDIENCES, rng.randint(0, 2)),
                    status=ResourceStatus.PUBLISHED,
                    next_start=min(upcoming) if upcoming else None,
                )
            )
            dates_of.append(dates)
            chosen = set()
            for _ in range(rng.randint(1, 3)):
                chosen.add(rng.choices(range(len(competences)), competence_weights)[0])
            links_of.append(
                [(competences[index], rng.choice(Relevance.values)) for index in chosen]
            )
            # As resource_index.refresh_competence_ids keeps it.
            resources[-1].competence_ids = sorted(competences[index].pk for index in chosen)
            texts.append((title, description, language))
        with transaction.atomic():
            created = Resource.objects.bulk_create(resources)
            ResourceDate.objects.bulk_create(
                ResourceDate(resource=resource, start=start, end=end, seats=seats)
                for resource, dates in zip(created, dates_of, strict=True)
                for start, end, seats in dates
            )
            ResourceCompetence.objects.bulk_create(
                ResourceCompetence(resource=resource, competence=competence, relevance=relevance)
                for resource, links in zip(created, links_of, strict=True)
                for competence, relevance in links
            )
            search_index.save_many(
                RESOURCE_SEARCH_KIND,
                (
                    search_index.Terms(
                        object_id=resource.pk,
                        language=language,
                        title_terms=index_terms(title, language),
                        body_terms=index_terms(
                            "\n".join(
                                part
                                for part in (
                                    description,
                                    resource.provider.name_fi if resource.provider else "",
                                    resource.place,
                                )
                                if part
                            ),
                            language,
                        ),
                    )
                    for resource, (title, description, language) in zip(created, texts, strict=True)
                ),
            )


def remove_data() -> None:
    """Delete everything create_data() made (children first, without loading the rows)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from kipina.learning.models import (
        CompetenceFramework,
        ProficiencyScale,
        Provider,
        Resource,
        ResourceCompetence,
        ResourceDate,
    )

    with transaction.atomic():
        ours = Resource.objects.filter(key__startswith=KEY_PREFIX).values("pk")
        # Their search index goes with the rows (kipina.core.search.index.OwnTable).
        ResourceDate.objects.filter(resource__in=ours).delete()
        ResourceCompetence.objects.filter(resource__in=ours).delete()
        Resource.audience_units.through.objects.filter(resource__in=ours).delete()
        Resource.objects.filter(key__startswith=KEY_PREFIX)._raw_delete(Resource.objects.db)
        Provider.objects.filter(key__startswith=PROVIDER_PREFIX).delete()
        framework = CompetenceFramework.objects.filter(idnumber=FRAMEWORK_IDNUMBER).first()
        if framework is not None:
            scale_id = framework.scale_id
            framework.delete()
            ProficiencyScale.objects.filter(pk=scale_id).delete()
        get_user_model().objects.filter(username=READER_USERNAME).delete()


# --- timing ----------------------------------------------------------------------------------


def time_catalogue(reader, rounds: int) -> dict[int, list[float]]:
    """Milliseconds per catalogue() call as the page makes it (the facet counts and the first
    page's rows), per entry of QUERIES. The unsearched catalogue keeps its facet counts in a
    memo between writes; it is timed without that memo (cleared before every call)."""
    from kipina.core.cache_versions import clear_memos
    from kipina.learning.selectors_resources import catalogue

    def run(query: str, extra: dict) -> float:
        if not query:
            clear_memos()
        started = time.perf_counter_ns()
        found = catalogue(reader, {"q": query, **extra}, 1)
        rows = list(found.page.object_list)
        elapsed = (time.perf_counter_ns() - started) / 1e6
        assert len(rows) <= found.total
        return elapsed

    for query, extra in QUERIES:  # warm-up: the database's caches, the analyser's memo
        run(query, extra)
    gc.collect()
    timings: dict[int, list[float]] = {index: [] for index in range(len(QUERIES))}
    for _ in range(rounds):
        for index, (query, extra) in enumerate(QUERIES):
            timings[index].append(run(query, extra))
    return timings


def _summary(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:<34} no runs"
    return (
        f"{label:<34} {len(values):>4} runs: p50 {statistics.median(values):7.2f} ms  "
        f"p95 {percentile(values, 0.95):7.2f} ms  max {max(values):7.2f} ms"
    )


def benchmark(db: str, quick: bool, *, clean_up: bool) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from kipina.learning.selectors_resources import catalogue

    count = QUICK_RESOURCES if quick else RESOURCES
    rng = random.Random(SEED)
    remove_data()  # what an interrupted earlier run may have left
    started = time.monotonic()
    create_data(count, rng)
    print(f"created {count} resources in {time.monotonic() - started:.1f} s", flush=True)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (
                    "learning_resource",
                    "learning_resourcecompetence",
                    "learning_resourcedate",
                    "learning_competence",
                    "core_searchentry",
                ):
                    cursor.execute(f"ANALYZE {table}")  # what autovacuum would have done
        reader = get_user_model().objects.create_user(READER_USERNAME)
        totals = [catalogue(reader, {"q": query, **extra}, 1).total for query, extra in QUERIES]
        timings = time_catalogue(reader, QUICK_ROUNDS if quick else ROUNDS)
    finally:
        if clean_up:
            remove_data()
    hits = zip(QUERIES, totals, strict=True)
    print("hits: " + ", ".join(f"{query or '(none)'} {n}" for (query, _extra), n in hits))
    classes: dict[str, list[float]] = {"narrow": [], "broad": [], "facet": [], "browse": []}
    for index, (query, extra) in enumerate(QUERIES):
        if not query:
            kind = "browse"
        elif extra:
            kind = "facet"
        else:
            kind = "broad" if totals[index] > BROAD_SHARE * count else "narrow"
        classes[kind] += timings[index]
    print(_summary("searched, a topic", classes["narrow"]))
    print(_summary(f"searched, over {BROAD_SHARE:.0%} of all hit", classes["broad"]))
    print(_summary("searched with a facet or a sort", classes["facet"]))
    print(_summary("unsearched, facet counts cold", classes["browse"]))
    searched = classes["narrow"] + classes["broad"] + classes["facet"]
    p50, p95 = statistics.median(searched), percentile(searched, 0.95)
    print(f"catalogue search, all {len(searched)} runs: p50 {p50:.2f} ms, p95 {p95:.2f} ms ({db})")
    name = f"search.resources_{count}.{db}"
    return {f"{name}.p95_ms": round(p95, 3), f"{name}.p50_ms": round(p50, 3)}


@contextlib.contextmanager
def standalone_database(db: str):
    """A temporary database for a run outside `make bench`; dropped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="kipina-resource-bench-"))
    cluster = contextlib.nullcontext()
    try:
        if db == "postgres" and not os.environ.get("DATABASE_URL"):
            from throwaway_postgres import throwaway_postgres

            cluster = throwaway_postgres()
        with cluster as url:
            if url:
                os.environ["DATABASE_URL"] = url
            if db == "sqlite":
                os.environ.pop("DATABASE_URL", None)
                os.environ["KIPINA_DATA_DIR"] = str(folder)
            # As in production: no query log (with DEBUG, Django's SQLite backend runs an
            # extra query per statement to print its parameters).
            os.environ["KIPINA_DEBUG"] = "0"
            import django

            django.setup()
            from django.db import connection

            if connection.vendor == "sqlite":  # a file, not the in-memory test default
                connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
            original = connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
            try:
                yield
            finally:
                connection.creation.destroy_test_db(original, verbosity=0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    db = os.environ.get("BENCH_DB", "sqlite")
    if db not in ("sqlite", "postgres"):
        raise SystemExit("BENCH_DB must be sqlite or postgres")
    quick = os.environ.get("BENCH_QUICK", "0") == "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if os.environ.get("KIPINA_ENV") == "production":
        import django

        django.setup()  # bench/run.py's seeded, throwaway database
        figures = benchmark(db, quick, clean_up=True)
    else:
        with standalone_database(db):  # dropped afterwards with all it holds
            figures = benchmark(db, quick, clean_up=False)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
