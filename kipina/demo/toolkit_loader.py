"""The demo's toolkit: methods co-created by support persons, comments, uses and agendas.

The methods come from toolkit_content/methods.json, checked by kipina.toolkit.transfer and
written through kipina.toolkit.services as a small circle of support persons (the persona
'tukihenkilo' among them): each method is created by one of them; some get a few later edits
to their tips by others, comments, and "I used this" ratings, many tied to the author's closed
orders. The agendas come from toolkit_content/agendas.json; the persona owns a few, one tied
to an order of hers. Revisions, comments and uses are then dated over the months before the
anchor day, so the history reads as co-creation over time rather than one afternoon.

Everything is chosen by a random generator seeded from the demo's seed: the same seed gives
the same toolkit. The content is a few hundred rows, so the size of the organisation hardly
matters: only the circle's own orders are read.
"""

import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

from kipina.agents.models import SupportPerson
from kipina.core.bulk_writes import update_by_pk
from kipina.demo.personas import PERSONAS_BY_KEY
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.toolkit import services, transfer
from kipina.toolkit.enums import BlockKind, MethodStatus
from kipina.toolkit.models import Agenda, AgendaBlock, Method, MethodComment, MethodUse

CONTENT = Path(__file__).resolve().parent / "toolkit_content"
CIRCLE_SIZE = 10  # support persons who write the toolkit
USES_PER_PERSON = 12  # closed orders per circle member that get "I used this" ratings
FREE_USES = 12  # uses at network meetings and the like, with no order
RATING_WEIGHTS = {5: 35, 4: 40, 3: 17, 2: 6, 1: 2}
CREATED_DAYS_AGO = (480, 720)
PERSONA = PERSONAS_BY_KEY["support_person"].username

# Later edits: method key → (a line added to its tips, the revision's summary), in order.
EDITS: dict[str, list[tuple[str, str]]] = {
    "kuulumiskierros": [
        (
            "- Hybridissä anna vuoro ensin etänä oleville ja vasta sitten paikalla oleville, "
            "ettei ruudun takana oleva jää viimeiseksi tai unohdu kokonaan.",
            "Lisätty hybridivinkki",
        ),
        (
            "- Kaksikielisessä ryhmässä näytä kysymys sekä suomeksi että ruotsiksi ja kerro, "
            "että kumpikin kieli käy vastaukseen.",
            "Vinkki kaksikieliselle ryhmälle",
        ),
        (
            "- Jos kierros venyy, ota aika näkyvästi vaikkapa tiimalasilla. Se muistuttaa "
            "lyhyydestä ilman, että ketään tarvitsee keskeyttää.",
            "Vinkki ajankäyttöön",
        ),
    ],
    "viisi-miksi": [
        (
            "- Etänä kirjoita miksi-ketju jaetulle taululle allekkain, niin kaikki näkevät, "
            "mihin vastaukseen seuraava kysymys perustuu.",
            "Lisätty etävariantti",
        ),
        (
            "- Jos ketju haarautuu kahteen yhtä uskottavaan syyhyn, jatka kumpaakin omana "
            "ketjunaan. Juurisyitä voi olla useampi kuin yksi.",
            "Vinkki haarautuvaan ketjuun",
        ),
    ],
    "purjevene": [
        (
            "- Vuorotyöyksikössä venekuvan voi jättää taukotilan seinälle viikoksi, jotta "
            "kaikki vuorot ehtivät lisätä lappunsa ennen yhteistä purkua.",
            "Vinkki vuorotyöyksikölle",
        ),
    ],
    "aloita-lopeta-jatka": [
        (
            "- Kiireisessä etäpalaverissa riittää, että jokainen kirjoittaa chattiin yhden asian "
            "kuhunkin sarakkeeseen. Koko kierros mahtuu 20 minuuttiin.",
            "Lyhyt etäversio chatissa",
        ),
    ],
    "arvot-arjessa": [
        (
            "- Vuorotyöyksikössä fläpit voi jättää kahvihuoneeseen viikoksi, jotta myös ilta- ja "
            "yövuoro ehtivät lisätä omat esimerkkinsä ennen purkua.",
            "Vinkki vuorotyöyksikölle",
        ),
        (
            "- Pyydä esimerkeiksi tekoja, ei adjektiiveja: ”kysyn uudelta kollegalta, tarvitseeko "
            "hän apua” kertoo enemmän kuin ”olemme avuliaita”.",
            "Tarkennettu ohjetta esimerkeistä",
        ),
    ],
    "kanban-taulun-kaynnistys": [
        (
            "- Sopikaa keskeneräisen työn raja aluksi väljäksi ja tiukentakaa sitä vasta parin "
            "viikon kokemusten jälkeen.",
            "Vinkki keskeneräisen työn rajasta",
        ),
        (
            "- Hybriditiimissä valitkaa yksi taulu. Jos osa tiimistä on aina etänä, sähköinen "
            "taulu heti alusta, ettei kahta taulua tarvitse pitää ajan tasalla.",
            "Vinkki hybriditiimille",
        ),
    ],
    "pisteaanestys": [
        (
            "- Etänä piilota tulokset, kunnes kaikki ovat äänestäneet. Muuten viimeiset "
            "äänestäjät seuraavat helposti enemmistöä.",
            "Tulokset piiloon etä-äänestyksessä",
        ),
    ],
    "yksin-pareittain-nelikoissa": [
        (
            "- Laita kysymys myös chattiin tai paperille jokaiseen ryhmään: pienryhmähuoneessa "
            "tai salin toisessa nurkassa yhteistä diaa ei näe.",
            "Kysymys näkyviin kaikkiin ryhmiin",
        ),
    ],
    "tiimisopimus": [
        (
            "- Kirjatkaa sopimus sinne, missä tiimi sen oikeasti näkee: taukotilan seinälle tai "
            "tiimin keskustelukanavan kiinnitetyksi viestiksi.",
            "Vinkki sopimuksen näkyvyyteen",
        ),
        (
            "- Etänä kirjoittakaa sopimusta yhteiseen dokumenttiin samaan aikaan. Jokainen voi "
            "kommentoida kohtia ennen kuin niistä päätetään.",
            "Lisätty etävariantti",
        ),
    ],
    "loppukierros-yhdella-sanalla": [
        (
            "- Isossa ryhmässä (yli 30 henkeä) pyydä sanat lapuille ovella lähtiessä ja lue "
            "muutama ääneen seuraavan tapaamisen alussa.",
            "Vinkki isolle ryhmälle",
        ),
    ],
    "hukkakavely": [
        (
            "- Kerro etukäteen niille, joiden työtä seurataan, että havainnoidaan prosessia eikä "
            "ihmisiä, ja kysy heiltä lupa seurata.",
            "Tarkennettu havainnoinnin periaatetta",
        ),
    ],
    "oppimispaivakirja": [
        (
            "- Etätiimissä kirjauksen voi tehdä perjantaisin yhteisellä viiden minuutin hetkellä "
            "verkkokokouksessa; kamerat saa sulkea kirjoittamisen ajaksi.",
            "Lisätty etävariantti",
        ),
    ],
    "delegoinnin-tasot": [
        (
            "- Aloita päätöksistä, joista tiimi ja esihenkilö ovat todennäköisesti samaa mieltä. "
            "Vaikeat päätökset sujuvat paremmin, kun menetelmä on jo tuttu.",
            "Vinkki käsittelyjärjestykseen",
        ),
    ],
    "kahvilakeskustelu": [
        (
            "- Pöydän isäntä tiivistää edellisen kierroksen keskustelun uusille tulijoille "
            "kahdessa minuutissa. Pidempi kertaus syö uuden kierroksen ajan.",
            "Tarkennettu pöydän isännän tehtävää",
        ),
    ],
    "tyopajan-pelisaannot": [
        (
            "- Hybridissä sopikaa, miten etänä olevat pyytävät puheenvuoroa, ja nimetkää joku "
            "paikan päällä seuraamaan heidän viittauksiaan ja chattia.",
            "Lisätty hybridivinkki",
        ),
    ],
    "nelja-l": [
        (
            "- Pienessä tiimissä (alle viisi henkeä) kaikki neljä osaa voi käydä läpi yhdessä "
            "ilman pienryhmiä. Varaa silloin noin 30 minuuttia.",
            "Pienen tiimin versio",
        ),
    ],
}

COMMENTS: list[tuple[str, str]] = [
    (
        "kuulumiskierros",
        "Käytin tätä osaston aamupalaverissa liikennevalokysymyksellä. Kesti viisi minuuttia, ja "
        "yllättävän moni kertoi väsymyksestä, jota ei muuten olisi sanottu ääneen.",
    ),
    (
        "kuulumiskierros",
        "Hyvä perusmenetelmä. Etänä järjestys kannattaa tosiaan sopia etukäteen, muuten tulee "
        "kiusallisia hiljaisia hetkiä.",
    ),
    (
        "viisi-miksi",
        "Meillä viides miksi johti lopulta perehdytykseen. Hyvä muistutus siitä, että "
        "ensimmäinen vastaus on harvoin se oikea.",
    ),
    (
        "viisi-miksi",
        "Varatkaa fläppi, jolle ketju kirjoitetaan. Pelkästään puhumalla ryhmä unohtaa, mistä "
        "lähdettiin liikkeelle.",
    ),
    (
        "purjevene",
        "Toimi hienosti vuoden viimeisenä retrona. Kielikuva madalsi kynnystä puhua myös "
        "jarruista.",
    ),
    (
        "purjevene",
        "Lisäsin aurinkosektorin niin kuin vinkeissä ehdotetaan. Tiimi piti siitä, että "
        "aloitettiin ilon aiheista.",
    ),
    (
        "aloita-lopeta-jatka",
        "Tämä on tiimimme vakioretro. Kolmen kuukauden jälkeen vaihdoimme purjeveneeseen, ja se "
        "toi uutta puhtia.",
    ),
    (
        "arvot-arjessa",
        "Tämä avasi tiimin silmät. Arvosanat ovat niin yleisiä, että vasta esimerkkien kautta "
        "huomasimme ajattelevamme niistä eri tavoin.",
    ),
    (
        "arvot-arjessa",
        "Vinkki muille: älkää yrittäkö käydä kaikkia arvoja kerralla. Kaksi arvoa tunnissa riitti "
        "meille hyvin.",
    ),
    (
        "arvodilemmat",
        "Dilemmat kannattaa kirjoittaa tiimin omista tilanteista. Valmiit esimerkit tuntuivat "
        "ryhmästä vierailta.",
    ),
    (
        "kanban-taulun-kaynnistys",
        "IT-tuessa taulu otettiin käyttöön tämän ohjeen mukaan. Kahden viikon päästä sarakkeita "
        "oli yksi vähemmän, ja se oli hyvä asia.",
    ),
    (
        "kanban-taulun-kaynnistys",
        "Onko kenelläkään kokemusta taulusta, jolla on sekä päivä- että yövuoron tehtäviä? "
        "Mietin, miten vastuut saisi näkymään.",
    ),
    (
        "taulupalaveri",
        "Viisitoista minuuttia on todella maksimi. Meillä palaveri venyi aluksi puoleen "
        "tuntiin, kunnes otimme ajastimen käyttöön.",
    ),
    (
        "pisteaanestys",
        "Toimii, mutta kerro etukäteen, saako kaikki pisteet laittaa samaan kohteeseen. Meillä "
        "siitä syntyi pieni kiista.",
    ),
    (
        "nyrkista-viiteen",
        "Nopea ja selkeä. Kaksi sormea näyttäneiden kuunteleminen oli tärkein osa, siitä syntyi "
        "paras keskustelu.",
    ),
    (
        "konsenttipaatos",
        "Ensimmäisellä kerralla vastaväitteitä tuli paljon, koska ryhmä sekoitti ne "
        "mielipiteisiin. Harjoitelkaa ensin pienellä asialla.",
    ),
    (
        "delegoinnin-tasot",
        "Esihenkilö sanoi jälkeenpäin, ettei olisi arvannut tiimin haluavan päättää "
        "lomajärjestelyistä itse. Todella hyödyllinen keskustelu.",
    ),
    (
        "itseohjautuvan-tiimityon-aloitus",
        "Neljä tuntia tuntui etukäteen pitkältä, mutta aikaa tarvittiin. Seuraavalla kerralla "
        "jakaisin työpajan kahteen osaan.",
    ),
    (
        "tiimisopimus",
        "Meidän sopimuksemme tärkein kohta oli lopulta se, miten toimimme, kun joku on eri "
        "mieltä. Sille kannattaa varata aikaa.",
    ),
    (
        "roolikartta",
        "Selkeytti hienosti, kuka vastaa mistäkin vuorotyössä. Tehkää kartta heti isolle "
        "paperille, siitä tulee laaja.",
    ),
    (
        "tiimin-oppimissuunnitelma",
        "Liitimme suunnitelmaan verkkokoulun kursseja. Puolen vuoden päästä katsotaan, mitä "
        "niistä jäi käteen.",
    ),
    (
        "oppimisvinkkien-tori",
        "Kokeilimme verkoston tapaamisessa. Parasta antia olivat arkiset vinkit, kuten miten "
        "oppimiselle varataan aikaa kalenterista.",
    ),
    (
        "varjostus",
        "Varjostuspäivistä tuli meillä säännöllinen käytäntö. Kiitos tästä!",
    ),
    (
        "kalamalja",
        "Kalamalja toimi verkostotapaamisessa, jossa oli 25 osallistujaa. Ulkopiiri innostui "
        "liittymään mukaan vasta toisella kierroksella.",
    ),
    (
        "kahvilakeskustelu",
        "Paperiset pöytäliinat olivat hitti: keskustelun jäljet jäivät kaikkien nähtäville.",
    ),
    (
        "loppukierros-yhdella-sanalla",
        "Hyvä lopetus, vie tosiaan vain pari minuuttia. Kävimme sanat vielä läpi seuraavan "
        "tapaamisen alussa.",
    ),
    (
        "plus-delta-palaute",
        "Helppo tapa saada palautetta omasta fasilitoinnista. Delta-puolelta tuli konkreettisia "
        "kehitysideoita.",
    ),
    (
        "tulevaisuuden-muistelu",
        "Menneen aikamuodon käyttö tuntui aluksi oudolta, mutta se todella avasi keskustelua.",
    ),
    (
        "hukkakavely",
        "Kävimme läpi laitetilauksen polun. Yllätys oli, kuinka monta kertaa sama tieto "
        "kirjoitettiin eri järjestelmiin.",
    ),
    (
        "arvovirtakuvaus",
        "Raskas mutta palkitseva. Läpimenoajan laskeminen pysäytti koko tiimin: odottamista oli "
        "yli 80 prosenttia ajasta.",
    ),
    (
        "onnistumistarinat",
        "Hyvä vastapaino ongelmakeskeiselle kehittämiselle. Tarinoista nousi asioita, joita "
        "haluamme vahvistaa.",
    ),
]

# Which methods fit an order of each service ("I used this" in that order).
METHODS_BY_SERVICE: dict[str, tuple[str, ...]] = {
    "retrospective": (
        "purjevene",
        "aloita-lopeta-jatka",
        "nelja-l",
        "aikajana",
        "kuulumiskierros",
        "plus-delta-palaute",
    ),
    "values_discussion": (
        "arvot-arjessa",
        "arvodilemmat",
        "arvoteot-seinalle",
        "onnistumistarinat",
        "kuvakorttikierros",
    ),
    "workshop_facilitation": (
        "kuulumiskierros",
        "yksin-pareittain-nelikoissa",
        "aivokirjoitus",
        "pisteaanestys",
        "toimenpidesuunnitelma",
        "loppukierros-yhdella-sanalla",
        "kahvilakeskustelu",
        "lappuideointi-ja-ryhmittely",
    ),
    "self_organising_start": (
        "itseohjautuvan-tiimityon-aloitus",
        "delegoinnin-tasot",
        "roolikartta",
        "tiimisopimus",
        "konsenttipaatos",
    ),
    "lean_tools": (
        "arvovirtakuvaus",
        "viisi-miksi",
        "kanban-taulun-kaynnistys",
        "taulupalaveri",
        "hukkakavely",
        "5s-yhteiset-tiedostot",
    ),
    "team_learning_plan": (
        "tiimin-oppimissuunnitelma",
        "oppimisvinkkien-tori",
        "strateginen-osaaminen-meilla",
    ),
    "learning_guidance": ("oppimisvinkkien-tori", "oppimispaivakirja"),
    "peer_learning": ("varjostus", "parihaastattelu"),
    "change_support": ("ennakkoanalyysi", "tulevaisuuden-muistelu", "odotukset-ja-huolet"),
    "onboarding_design": ("parihaastattelu", "varjostus"),
    "digital_learning_intro": ("oppimispaivakirja",),
}

USE_NOTES = [
    "Toimi hyvin, ryhmä lähti heti mukaan.",
    "Aikaa meni suunniteltua enemmän, mutta keskustelu oli sen arvoista.",
    "Ryhmä oli iso, joten jaoin sen kahteen osaan.",
    "Etänä osa jäi hiljaisiksi. Paikan päällä olisi toiminut paremmin.",
    "Hyvä pohja jatkotyölle: tiimi sopi kaksi kokeilua.",
    "Ohjeistus kannattaa näyttää kirjallisena, suullinen ei riittänyt.",
    "Esihenkilö oli mukana, ja se vaikutti keskusteluun. Seuraavalla kerralla ilman.",
    "Tiimi pyysi, että teemme tämän uudelleen puolen vuoden päästä.",
    "Lyhensin vaiheita, koska aikaa oli vain puoli tuntia. Toimi silti.",
    "",
    "",
    "",
]

# Agenda title → the service of an order it may be tied to (templates and network meetings
# have none). The persona gets the titles in PERSONA_AGENDAS.
AGENDA_SERVICES: dict[str, str] = {
    "Arvotyöpaja: arvot arjessamme": "values_discussion",
    "Itseohjautuvan tiimityön käynnistys vuodeosastolla": "self_organising_start",
    "Lean-aloitus: palkanlaskennan arvovirtakuvaus": "lean_tools",
    "Uuden tiimin aloitustyöpaja – IT-palvelupiste": "workshop_facilitation",
    "Kanban-taulun käyttöönotto IT-tukitiimille": "lean_tools",
    "Juurisyytyöpaja: lääkelistat kotiutuksessa": "lean_tools",
    "Strateginen osaaminen meillä: digitaaliset taidot": "team_learning_plan",
    "Palkkatiimin 5S-työpaja jaetulle levylle": "lean_tools",
    "Retrospektiivi järjestelmäkäyttöönoton jälkeen": "retrospective",
    "Hukkakävely ja kehittämistyöpaja – laitetilaukset": "lean_tools",
    "Itseohjautuvuuden aloitustyöpaja palvelupisteelle": "self_organising_start",
}
PERSONA_AGENDAS = (
    "Arvotyöpaja: arvot arjessamme",
    "Retrospektiivi järjestelmäkäyttöönoton jälkeen",
    "Tiimin retrospektiivi 90 min",
    "Nopea etäretrospektiivi 45 min",
)


class ToolkitContentError(Exception):
    """The demo's own toolkit content does not pass the import checks."""


@dataclass(frozen=True, slots=True)
class ToolkitLoadResult:
    methods: int
    revisions: int
    comments: int
    uses: int
    agendas: int


@dataclass(slots=True)
class _Member:
    """A circle member: the support person, their account and languages."""

    support_person: SupportPerson
    user: Any  # the person's account (auth.User)
    languages: frozenset[str]


@dataclass(slots=True)
class _OrderInfo:
    pk: int
    support_person_id: int
    service: str
    state: str
    first: dt.datetime | None
    last: dt.datetime | None
    closed_at: dt.datetime | None

    def day(self) -> dt.date | None:
        moment = self.last or self.closed_at
        return timezone.localtime(moment).date() if moment else None


class _Timeline:
    """Planned moments for the rows written now; applied to the database at the end."""

    def __init__(self, rng: random.Random, anchor: dt.date) -> None:
        self.rng = rng
        self.anchor = anchor
        self.zone = timezone.get_default_timezone()
        self.revisions: dict[int, list[dt.datetime]] = defaultdict(list)
        self.comments: list[tuple[int, dt.datetime]] = []
        self.uses: list[tuple[int, dt.datetime]] = []

    def at(self, day: dt.date) -> dt.datetime:
        time = dt.time(self.rng.randint(8, 15), self.rng.choice((0, 10, 20, 30, 40, 50)))
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.anchor - dt.timedelta(days=self.rng.randint(low, high))

    def after(self, moment: dt.datetime, *, at_least: int = 1) -> dt.datetime:
        """A moment between `at_least` days after the given one and yesterday."""
        first = timezone.localtime(moment).date() + dt.timedelta(days=at_least)
        last = self.anchor - dt.timedelta(days=1)
        if first >= last:
            return self.at(last)
        return self.at(first + dt.timedelta(days=self.rng.randint(0, (last - first).days)))


def load_toolkit(*, seed: int, anchor: dt.date) -> ToolkitLoadResult:
    """Circle → methods (created, edited, contributors) → comments → uses → agendas → dates.
    Runs inside the seeding transaction, after the support history is written."""
    rng = random.Random(f"kipina-toolkit-{seed}")
    timeline = _Timeline(rng, anchor)
    circle = _circle(rng)
    if not circle:
        return ToolkitLoadResult(0, 0, 0, 0, 0)
    methods, creators = _create_methods(rng, circle, timeline)
    revisions = _edit_methods(rng, circle, methods, creators, timeline)
    _add_contributors(rng, circle, methods, creators)
    comments = _write_comments(rng, circle, methods, creators, timeline)
    orders = _circle_orders(circle)
    agendas = _write_agendas(rng, circle, methods, orders, anchor)
    tied = {agenda.order_id for agenda in agendas if agenda.order_id}
    uses = _record_uses(rng, circle, methods, orders, tied, timeline)
    _apply_dates(methods, timeline)
    return ToolkitLoadResult(
        methods=len(methods),
        revisions=len(methods) + revisions,
        comments=comments,
        uses=uses,
        agendas=len(agendas),
    )


def _circle(rng: random.Random) -> list[_Member]:
    """Up to CIRCLE_SIZE active support persons, the persona first when she is one."""
    available = list(
        SupportPerson.objects.filter(active=True, person__active=True)
        .select_related("person__user")
        .prefetch_related("person__languages")
        .order_by("person__employee_number")
    )
    persona = [sp for sp in available if sp.person.user.username == PERSONA]
    others = [sp for sp in available if sp.person.user.username != PERSONA]
    chosen = persona + rng.sample(others, min(len(others), CIRCLE_SIZE - len(persona)))
    return [
        _Member(
            support_person=sp,
            user=sp.person.user,
            languages=frozenset(language.code for language in sp.person.languages.all()),
        )
        for sp in chosen
    ]


def _read_content() -> transfer.MethodsFile:
    read = transfer.read_methods((CONTENT / "methods.json").read_bytes())
    if read.errors:
        raise ToolkitContentError("; ".join(str(error) for error in read.errors))
    return read


def _create_methods(
    rng: random.Random, circle: list[_Member], timeline: _Timeline
) -> tuple[dict[str, Method], dict[str, _Member]]:
    read = _read_content()
    languages = transfer.languages_for(read.rows)
    methods: dict[str, Method] = {}
    creators: dict[str, _Member] = {}
    for row in transfer.originals_first(read.rows):
        language = row.values["language"]
        speakers = [member for member in circle if language in member.languages] or circle
        author = rng.choice(speakers)
        data = transfer.services_data(row, languages=languages, methods=methods)
        method = services.method_create(
            actor=author.user,
            data={**data, "key": row.key},
            publish=row.status == MethodStatus.PUBLISHED,
            summary="Ensimmäinen versio",
        )
        methods[row.key] = method
        creators[row.key] = author
        timeline.revisions[method.pk].append(timeline.at(timeline.days_ago(*CREATED_DAYS_AGO)))
    return methods, creators


def _others(circle: list[_Member], *exclude: _Member) -> list[_Member]:
    return [member for member in circle if member not in exclude] or circle


def _edit_methods(
    rng: random.Random,
    circle: list[_Member],
    methods: dict[str, Method],
    creators: dict[str, _Member],
    timeline: _Timeline,
) -> int:
    """A few further revisions: lines added to the tips by other circle members."""
    count = 0
    for key, edits in EDITS.items():
        method = methods[key]
        previous = creators[key]
        for line, summary in edits:
            editor = rng.choice(_others(circle, previous))
            method = services.method_edit(
                actor=editor.user,
                method=method,
                data={"tips": f"{method.tips}\n{line}".strip()},
                seen_version=method.version,
                summary=summary,
            )
            moment = timeline.after(timeline.revisions[method.pk][-1], at_least=20)
            timeline.revisions[method.pk].append(moment)
            previous = editor
            count += 1
        methods[key] = method
    return count


def _add_contributors(
    rng: random.Random,
    circle: list[_Member],
    methods: dict[str, Method],
    creators: dict[str, _Member],
) -> None:
    """Some methods were written in pairs: the other writer is credited without a revision."""
    keys = sorted(methods)
    for key in rng.sample(keys, min(10, len(keys))):
        partner = rng.choice(_others(circle, creators[key]))
        methods[key].contributors.add(partner.support_person.person)


def _write_comments(
    rng: random.Random,
    circle: list[_Member],
    methods: dict[str, Method],
    creators: dict[str, _Member],
    timeline: _Timeline,
) -> int:
    count = 0
    for key, text in COMMENTS:
        method = methods[key]
        author = rng.choice(_others(circle, creators[key]))
        comment = services.method_comment(actor=author.user, method=method, text=text)
        first = timeline.revisions[method.pk][0]
        timeline.comments.append((comment.pk, timeline.after(first, at_least=14)))
        count += 1
    return count


def _circle_orders(circle: list[_Member]) -> list[_OrderInfo]:
    """The circle's delivered, closed and planned orders with their first and last session."""
    live = Q(sessions__cancelled_at__isnull=True)
    rows = (
        Order.objects.filter(
            support_person__in=[member.support_person for member in circle],
            state__in=[OrderState.PLANNED, OrderState.DELIVERED, OrderState.CLOSED],
        )
        .annotate(
            first=Min("sessions__start", filter=live), last=Max("sessions__start", filter=live)
        )
        .order_by("pk")
        .values_list(
            "pk", "support_person_id", "service__code", "state", "first", "last", "closed_at"
        )
    )
    return [_OrderInfo(*row) for row in rows]


def _record_uses(
    rng: random.Random,
    circle: list[_Member],
    methods: dict[str, Method],
    orders: list[_OrderInfo],
    tied: set[int],
    timeline: _Timeline,
) -> int:
    """ "I used this" through the service (so the counters follow): methods that fit the
    service of some closed orders of each circle member, and a few with no order."""
    count = 0
    created = {key: timeline.revisions[method.pk][0].date() for key, method in methods.items()}
    published = {key for key, method in methods.items() if method.status == MethodStatus.PUBLISHED}
    by_person: dict[int, list[tuple[_OrderInfo, dt.date]]] = defaultdict(list)
    for order in orders:
        day = order.day()
        if order.state == OrderState.CLOSED and order.pk not in tied and day is not None:
            by_person[order.support_person_id].append((order, day))
    for member in circle:
        own = by_person[member.support_person.pk]
        for order, day in rng.sample(own, min(USES_PER_PERSON, len(own))):
            fitting = [
                key
                for key in METHODS_BY_SERVICE.get(order.service, ())
                if key in published and created[key] < day
            ]
            for key in rng.sample(fitting, min(len(fitting), rng.randint(1, 2))):
                _use(rng, member, methods[key], day, order.pk, timeline)
                count += 1
    candidates = sorted(published)
    for _ in range(FREE_USES):
        key = rng.choice(candidates)
        day = timeline.after(timeline.revisions[methods[key].pk][0], at_least=7).date()
        _use(rng, rng.choice(circle), methods[key], day, None, timeline)
        count += 1
    return count


def _use(
    rng: random.Random,
    member: _Member,
    method: Method,
    day: dt.date,
    order_id: int | None,
    timeline: _Timeline,
) -> None:
    rating = rng.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0]
    use = services.method_use_record(
        actor=member.user,
        method=method,
        use=services.UseInput(
            rating=rating, note=rng.choice(USE_NOTES), used_on=day, order_id=order_id
        ),
    )
    timeline.uses.append((use.pk, timeline.at(day) + dt.timedelta(hours=2)))


def _write_agendas(
    rng: random.Random,
    circle: list[_Member],
    methods: dict[str, Method],
    orders: list[_OrderInfo],
    anchor: dt.date,
) -> list[Agenda]:
    """The demo agendas, owned by circle members. An agenda for a service goes to a member with
    an order of it and is tied to that order: a planned one first (a plan for a coming
    workshop), else a delivered or closed one. The persona owns PERSONA_AGENDAS; the first of
    them that is not a template is tied to an order of hers even when none has its service."""
    document = json.loads((CONTENT / "agendas.json").read_text(encoding="utf-8"))
    persona = circle[0] if circle[0].user.username == PERSONA else None
    colleagues = _others(circle, persona) if persona else circle
    taken: set[int] = set()
    agendas: list[Agenda] = []
    blocks: list[AgendaBlock] = []
    preference: dict[str, int] = {
        OrderState.PLANNED: 0,
        OrderState.DELIVERED: 1,
        OrderState.CLOSED: 2,
    }

    def fitting_orders(member: _Member, service: str | None) -> list[_OrderInfo]:
        found = [
            o
            for o in orders
            if o.support_person_id == member.support_person.pk
            and (service is None or o.service == service)
            and o.pk not in taken
            and o.first is not None
        ]
        return sorted(found, key=lambda o: (preference[o.state], -o.pk))

    persona_tied = False
    for spec in document["agendas"]:
        title = spec["title"]
        service = AGENDA_SERVICES.get(title) if not spec["template"] else None
        order = None
        if persona is not None and title in PERSONA_AGENDAS:
            owner = persona
            if not spec["template"]:
                candidates = fitting_orders(persona, service)
                if not candidates and not persona_tied:
                    candidates = fitting_orders(persona, None)  # any order of hers will do
                order = candidates[0] if candidates else None
                persona_tied = persona_tied or order is not None
        elif service is not None:
            able = [member for member in colleagues if fitting_orders(member, service)]
            owner = rng.choice(able or colleagues)
            candidates = fitting_orders(owner, service)
            order = candidates[0] if candidates else None
        else:
            owner = rng.choice(colleagues)
        start_time = dt.time.fromisoformat(spec["start_time"])
        date = None
        if order is not None:
            taken.add(order.pk)
            start = timezone.localtime(order.first)
            date, start_time = start.date(), start.time().replace(second=0, microsecond=0)
        elif not spec["template"]:
            date = anchor + dt.timedelta(days=rng.randint(-120, 60))
        notes = "\n\n".join(part for part in (spec["purpose"], spec["notes"]) if part)
        agenda = Agenda(
            title=title,
            date=date,
            start_time=start_time,
            available_minutes=spec["available_minutes"],
            participants=spec["participants"],
            notes=notes,
            order_id=order.pk if order else None,
            owner=owner.support_person.person,
            is_template=spec["template"],
        )
        agendas.append(agenda)
        for position, block in enumerate(spec["blocks"]):
            kind = block.get("free") or BlockKind.METHOD
            blocks.append(
                AgendaBlock(
                    agenda=agenda,
                    position=position,
                    kind=kind,
                    method=methods[block["method"]] if kind == BlockKind.METHOD else None,
                    title=block.get("title", ""),
                    minutes=block["minutes"],
                    note=block.get("note", ""),
                )
            )
    Agenda.objects.bulk_create(agendas)
    for block in blocks:
        block.agenda_id = block.agenda.pk
    AgendaBlock.objects.bulk_create(blocks)
    return agendas


def _apply_dates(methods: dict[str, Method], timeline: _Timeline) -> None:
    """Date every revision, comment and use as planned; a method's created and updated times
    follow its first and last revision."""
    history = Method.history.model
    planned = timeline.revisions
    rows = history.objects.filter(id__in=planned.keys()).order_by("id", "history_id")
    by_method: dict[int, list[int]] = defaultdict(list)
    for method_id, history_id in rows.values_list("id", "history_id"):
        by_method[method_id].append(history_id)
    revision_dates: list[tuple[int, dt.datetime]] = []
    method_dates: list[tuple[int, dt.datetime, dt.datetime]] = []
    for method_id, history_ids in by_method.items():
        moments = planned[method_id]
        if len(moments) != len(history_ids):
            raise ToolkitContentError(f"method {method_id}: revisions and planned dates differ")
        revision_dates.extend(zip(history_ids, moments, strict=True))
        method_dates.append((method_id, moments[0], moments[-1]))
    update_by_pk(history, ["history_date"], revision_dates)
    update_by_pk(Method, ["created_at", "updated_at"], method_dates)
    update_by_pk(MethodComment, ["created_at"], timeline.comments)
    update_by_pk(MethodUse, ["created_at"], timeline.uses)
