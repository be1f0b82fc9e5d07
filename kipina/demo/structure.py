"""The shape of the demo organisation: a wellbeing services county, its divisions, service areas
and the kinds of units they run, each kind with the job titles of the people who work there.

Unit names may hold "{paikka}" (a place in the nominative) or "{paikan}" (its genitive); the
generator fills them from PLACES once the fixed names of an area run out.
"""

from dataclasses import dataclass
from decimal import Decimal

COUNTY_CODE = "JHA"
COUNTY_NAME = "Järvilaakson hyvinvointialue"
COUNTY_DIRECTOR_TITLE = "Hyvinvointialuejohtaja"
EMAIL_DOMAIN = "jarvilaakso.example"

FULL_TIME = Decimal("38.25")
OFFICE_TIME = Decimal("37.50")
PART_TIME_CHOICES = (Decimal("30.00"), Decimal("30.00"), Decimal("22.50"))

COLOUR_TEAMS = (
    "Sininen tiimi",
    "Vihreä tiimi",
    "Keltainen tiimi",
    "Punainen tiimi",
    "Oranssi tiimi",
    "Violetti tiimi",
)
SHIFT_TEAMS = ("A-vuoro", "B-vuoro", "C-vuoro", "D-vuoro")
NUMBERED_TEAMS = ("Tiimi 1", "Tiimi 2", "Tiimi 3", "Tiimi 4", "Tiimi 5")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    genitive: str


PLACES: tuple[Place, ...] = (
    Place("Järvilaakso", "Järvilaakson"),
    Place("Koivuranta", "Koivurannan"),
    Place("Kalliosalmi", "Kalliosalmen"),
    Place("Haapakoski", "Haapakosken"),
    Place("Lehtovaara", "Lehtovaaran"),
    Place("Kuusimäki", "Kuusimäen"),
    Place("Pihlajalahti", "Pihlajalahden"),
    Place("Vaskiniemi", "Vaskiniemen"),
    Place("Ahvenlampi", "Ahvenlammen"),
    Place("Karhusaari", "Karhusaaren"),
    Place("Tervajoki", "Tervajoen"),
    Place("Urpola", "Urpolan"),
    Place("Mustaharju", "Mustaharjun"),
    Place("Peltokylä", "Peltokylän"),
    Place("Sorsavesi", "Sorsaveden"),
    Place("Hirvikangas", "Hirvikankaan"),
    Place("Suonsalmi", "Suonsalmen"),
    Place("Jokiranta", "Jokirannan"),
    Place("Pajulahti", "Pajulahden"),
    Place("Ilvesvaara", "Ilvesvaaran"),
    Place("Honkaniemi", "Honkaniemen"),
    Place("Lumikoski", "Lumikosken"),
)


@dataclass(frozen=True, slots=True)
class UnitKind:
    """A kind of front-line unit: its names, who leads it and who works in it."""

    names: tuple[str, ...]
    head_title: str
    titles: tuple[tuple[str, int], ...]  # (job title, relative weight)
    team_labels: tuple[str, ...] = COLOUR_TEAMS
    size: float = 1.0  # relative headcount compared with other units
    female_share: float = 0.8
    weekly_hours: Decimal = FULL_TIME
    part_time_share: float = 0.1


@dataclass(frozen=True, slots=True)
class ServiceArea:
    code: str
    name: str
    head_title: str
    weight: float  # relative number of units
    kinds: tuple[UnitKind, ...]


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    director_title: str
    areas: tuple[ServiceArea, ...]


WARD = UnitKind(
    names=(
        "Keskussairaalan sisätautiosasto",
        "Kirurginen vuodeosasto",
        "Kardiologinen osasto",
        "Neurologinen osasto",
        "Keuhkosairauksien osasto",
        "Ortopedinen osasto",
        "Lastenosasto",
        "Geriatrinen osasto",
        "Akuuttiosasto",
    ),
    head_title="Osastonhoitaja",
    titles=(
        ("Sairaanhoitaja", 50),
        ("Lähihoitaja", 22),
        ("Perushoitaja", 4),
        ("Erikoislääkäri", 5),
        ("Erikoistuva lääkäri", 3),
        ("Osastosihteeri", 4),
        ("Fysioterapeutti", 3),
        ("Laitoshuoltaja", 4),
        ("Osastofarmaseutti", 2),
    ),
    size=1.4,
    female_share=0.85,
    part_time_share=0.14,
)

ACUTE_CARE = UnitKind(
    names=(
        "Yhteispäivystys",
        "Teho-osasto",
        "Leikkaus- ja anestesiaosasto",
        "Päiväkirurgia ja heräämö",
        "Synnytysosasto",
    ),
    head_title="Osastonhoitaja",
    titles=(
        ("Sairaanhoitaja", 55),
        ("Lähihoitaja", 14),
        ("Erikoislääkäri", 10),
        ("Erikoistuva lääkäri", 6),
        ("Kätilö", 4),
        ("Osastosihteeri", 4),
        ("Lääkintävahtimestari", 4),
        ("Välinehuoltaja", 3),
    ),
    team_labels=SHIFT_TEAMS,
    size=2.0,
    female_share=0.8,
)

HEALTH_STATION = UnitKind(
    names=("{paikan} terveysasema",),
    head_title="Osastonhoitaja",
    titles=(
        ("Sairaanhoitaja", 30),
        ("Terveydenhoitaja", 15),
        ("Yleislääkäri", 15),
        ("Lähihoitaja", 12),
        ("Osastosihteeri", 6),
        ("Fysioterapeutti", 4),
        ("Diabeteshoitaja", 3),
        ("Psykiatrinen sairaanhoitaja", 3),
    ),
    team_labels=(
        "Hoitajavastaanotto",
        "Lääkärivastaanotto",
        "Ajanvaraus ja neuvonta",
        "Pitkäaikaissairaudet",
    ),
    size=1.2,
    female_share=0.82,
)

REHABILITATION = UnitKind(
    names=(
        "Keskussairaalan fysioterapia",
        "Apuvälinekeskus",
        "Toimintaterapia ja puheterapia",
        "{paikan} kuntoutusyksikkö",
    ),
    head_title="Johtava fysioterapeutti",
    titles=(
        ("Fysioterapeutti", 45),
        ("Toimintaterapeutti", 15),
        ("Kuntohoitaja", 10),
        ("Puheterapeutti", 8),
        ("Jalkaterapeutti", 5),
        ("Apuvälineteknikko", 5),
    ),
    team_labels=(
        "Tuki- ja liikuntaelimet",
        "Neurologinen kuntoutus",
        "Lasten kuntoutus",
        "Avokuntoutus",
    ),
    size=0.9,
)

LABORATORY = UnitKind(
    names=("Keskuslaboratorio", "{paikan} näytteenotto"),
    head_title="Osastonhoitaja",
    titles=(("Bioanalyytikko", 60), ("Laboratoriohoitaja", 12), ("Osastosihteeri", 5)),
    team_labels=("Näytteenotto", "Kliininen kemia", "Mikrobiologia", "Hematologia"),
    size=0.8,
    female_share=0.85,
)

IMAGING = UnitKind(
    names=("Kuvantamiskeskus", "{paikan} röntgen"),
    head_title="Osastonhoitaja",
    titles=(("Röntgenhoitaja", 60), ("Radiologi", 10), ("Osastosihteeri", 6)),
    team_labels=("Natiiviröntgen", "Magneetti- ja TT-kuvaus", "Ultraääni"),
    size=0.7,
    female_share=0.75,
)

DENTAL_CLINIC = UnitKind(
    names=("{paikan} hammashoitola",),
    head_title="Vastaava hammaslääkäri",
    titles=(
        ("Hammashoitaja", 40),
        ("Hammaslääkäri", 30),
        ("Suuhygienisti", 20),
        ("Välinehuoltaja", 5),
    ),
    team_labels=NUMBERED_TEAMS,
    size=0.7,
    female_share=0.85,
)

MENTAL_HEALTH = UnitKind(
    names=(
        "Psykiatrinen osasto",
        "Psykiatrian poliklinikka",
        "Päihdepoliklinikka",
        "{paikan} mielenterveysasema",
    ),
    head_title="Osastonhoitaja",
    titles=(
        ("Psykiatrinen sairaanhoitaja", 40),
        ("Sairaanhoitaja", 15),
        ("Lähihoitaja", 10),
        ("Psykologi", 10),
        ("Sosiaaliohjaaja", 8),
        ("Psykiatri", 5),
        ("Sosiaalityöntekijä", 5),
    ),
    size=1.0,
    female_share=0.75,
)

HOME_CARE = UnitKind(
    names=(
        "Kotihoito Keskusta",
        "Kotihoito Pohjoinen",
        "Kotihoito Etelä",
        "Kotihoito Itä",
        "Kotihoito Länsi",
        "Kotihoito {paikka}",
    ),
    head_title="Kotihoidon esihenkilö",
    titles=(
        ("Lähihoitaja", 58),
        ("Sairaanhoitaja", 14),
        ("Hoiva-avustaja", 10),
        ("Kotihoidon ohjaaja", 5),
        ("Fysioterapeutti", 3),
        ("Geronomi", 3),
    ),
    team_labels=(
        "Keskustan tiimi",
        "Rannan tiimi",
        "Aseman tiimi",
        "Kirkonkylän tiimi",
        "Mäen tiimi",
        "Metsälän tiimi",
    ),
    size=2.2,
    female_share=0.88,
    part_time_share=0.16,
)

HOUSING = UnitKind(
    names=(
        "Palvelukoti Kotikallio",
        "Hoivakoti Mäntyrinne",
        "Palvelutalo Ruusula",
        "Hoivakoti Kuusela",
        "Palvelukoti Pihlajakoti",
        "Hoivakoti Aurinkorinne",
        "{paikan} palvelukoti",
    ),
    head_title="Palveluesihenkilö",
    titles=(
        ("Lähihoitaja", 55),
        ("Hoiva-avustaja", 15),
        ("Sairaanhoitaja", 12),
        ("Laitoshuoltaja", 6),
        ("Virikeohjaaja", 3),
        ("Fysioterapeutti", 2),
    ),
    team_labels=("Kotisolu Kielo", "Kotisolu Kanerva", "Kotisolu Vuokko", "Kotisolu Orvokki"),
    size=1.3,
    female_share=0.88,
    part_time_share=0.18,
)

CLIENT_GUIDANCE = UnitKind(
    names=(
        "Seniorineuvonta ja asiakasohjaus",
        "Omaishoidon tuki",
        "{paikan} päivätoiminta",
    ),
    head_title="Palveluesihenkilö",
    titles=(
        ("Palveluohjaaja", 40),
        ("Sosiaaliohjaaja", 20),
        ("Lähihoitaja", 15),
        ("Geronomi", 15),
        ("Sairaanhoitaja", 10),
    ),
    team_labels=NUMBERED_TEAMS,
    size=0.7,
    female_share=0.85,
    weekly_hours=OFFICE_TIME,
)

CHILD_PROTECTION = UnitKind(
    names=(
        "Lastensuojelun avohuolto",
        "Perhesosiaalityö",
        "Lastensuojelun sijaishuolto",
        "{paikan} perhepalvelut",
    ),
    head_title="Johtava sosiaalityöntekijä",
    titles=(
        ("Sosiaalityöntekijä", 45),
        ("Sosiaaliohjaaja", 30),
        ("Perhetyöntekijä", 20),
        ("Toimistosihteeri", 5),
    ),
    team_labels=("Alkuarviointi", "Avohuolto", "Jälkihuolto", "Perhetyö"),
    female_share=0.86,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.06,
)

FAMILY_CLINIC = UnitKind(
    names=("{paikan} neuvola",),
    head_title="Osastonhoitaja",
    titles=(
        ("Terveydenhoitaja", 60),
        ("Kätilö", 10),
        ("Perhetyöntekijä", 10),
        ("Psykologi", 8),
        ("Yleislääkäri", 8),
    ),
    team_labels=("Äitiysneuvola", "Lastenneuvola", "Perhevalmennus"),
    size=0.8,
    female_share=0.92,
)

ADULT_SOCIAL_WORK = UnitKind(
    names=(
        "Aikuissosiaalityö",
        "Nuorten aikuisten palvelut",
        "Työllisyyttä tukevat palvelut",
        "{paikan} sosiaalipalvelut",
    ),
    head_title="Johtava sosiaalityöntekijä",
    titles=(
        ("Sosiaalityöntekijä", 40),
        ("Sosiaaliohjaaja", 35),
        ("Etuuskäsittelijä", 15),
        ("Palveluohjaaja", 10),
    ),
    team_labels=NUMBERED_TEAMS,
    size=0.9,
    female_share=0.8,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.05,
)

DISABILITY_SERVICES = UnitKind(
    names=(
        "Vammaispalvelujen sosiaalityö",
        "Päivä- ja työtoiminta",
        "Asumisyksikkö Kanerva",
        "Asumisyksikkö Tähkä",
        "{paikan} toimintakeskus",
    ),
    head_title="Palveluesihenkilö",
    titles=(
        ("Ohjaaja", 40),
        ("Lähihoitaja", 25),
        ("Sosiaaliohjaaja", 15),
        ("Sosiaalityöntekijä", 8),
        ("Toimintaterapeutti", 4),
    ),
    female_share=0.78,
    part_time_share=0.12,
)

FIRE_STATION = UnitKind(
    names=("Keskuspaloasema", "{paikan} paloasema"),
    head_title="Palomestari",
    titles=(("Palomies", 50), ("Palomies-ensihoitaja", 20), ("Paloesihenkilö", 10)),
    team_labels=SHIFT_TEAMS,
    size=1.0,
    female_share=0.08,
    part_time_share=0.01,
)

EMERGENCY_MEDICINE = UnitKind(
    names=("Ensihoitokeskus", "{paikan} ensihoitoasema"),
    head_title="Ensihoidon kenttäjohtaja",
    titles=(("Ensihoitaja", 60), ("Perustason ensihoitaja", 30)),
    team_labels=SHIFT_TEAMS,
    size=0.9,
    female_share=0.45,
    part_time_share=0.03,
)

RISK_MANAGEMENT = UnitKind(
    names=("Palotarkastus", "Turvallisuusviestintä ja koulutus", "{paikan} valvontapiiri"),
    head_title="Palopäällikkö",
    titles=(
        ("Palotarkastaja", 60),
        ("Turvallisuuskouluttaja", 20),
        ("Riskienhallinnan asiantuntija", 20),
    ),
    team_labels=NUMBERED_TEAMS,
    size=0.5,
    female_share=0.35,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.02,
)

LEARNING_AND_DEVELOPMENT = UnitKind(
    names=("Osaamisen kehittäminen",),
    head_title="Kehittämispäällikkö",
    titles=(
        ("Koulutussuunnittelija", 35),
        ("Kehittämisasiantuntija", 30),
        ("HR-asiantuntija", 20),
        ("Koulutussihteeri", 15),
    ),
    team_labels=("Koulutuspalvelut", "Esihenkilövalmennus", "Oppimisen tuki"),
    size=0.6,
    female_share=0.75,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.05,
)

HR_SERVICES = UnitKind(
    names=("HR-palvelut", "Rekrytointi ja henkilöstösuunnittelu", "Työhyvinvointi"),
    head_title="Henkilöstöpäällikkö",
    titles=(
        ("HR-asiantuntija", 50),
        ("Rekrytointiasiantuntija", 15),
        ("Henkilöstösihteeri", 15),
        ("Työhyvinvointiasiantuntija", 10),
        ("HR-kumppani", 10),
    ),
    team_labels=("Palvelussuhdeasiat", "Rekrytointi", "Työhyvinvointi", "HR-neuvonta"),
    size=0.7,
    female_share=0.8,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.05,
)

ICT = UnitKind(
    names=(
        "ICT-palvelukeskus",
        "Sovelluspalvelut",
        "Tietoturva ja infrastruktuuri",
        "Digipalvelut",
    ),
    head_title="ICT-palvelupäällikkö",
    titles=(
        ("IT-asiantuntija", 35),
        ("Järjestelmäasiantuntija", 20),
        ("IT-tukihenkilö", 20),
        ("Sovellusasiantuntija", 15),
        ("Tietoturva-asiantuntija", 5),
        ("Integraatioasiantuntija", 5),
    ),
    team_labels=(
        "Käyttäjätuki",
        "Lähituki",
        "Työasemapalvelut",
        "Palvelinympäristöt",
        "Integraatiot",
    ),
    size=0.8,
    female_share=0.3,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.03,
)

PAYROLL = UnitKind(
    names=("Palkkapalvelut",),
    head_title="Palkkahallinnon esihenkilö",
    titles=(
        ("Palkkahallinnon asiantuntija", 55),
        ("Palkkasihteeri", 30),
        ("Palvelussuhdeasiantuntija", 15),
    ),
    team_labels=("Kuukausipalkat", "Tuntipalkat ja lisät", "Poissaolot ja lomat"),
    size=0.8,
    female_share=0.85,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.06,
)

FINANCE = UnitKind(
    names=(
        "Kirjanpito ja maksuliikenne",
        "Laskutus ja perintä",
        "Hankintapalvelut",
        "Talouden suunnittelu",
    ),
    head_title="Talouspäällikkö",
    titles=(
        ("Talousasiantuntija", 35),
        ("Kirjanpitäjä", 25),
        ("Laskentasihteeri", 20),
        ("Controller", 10),
        ("Hankinta-asiantuntija", 10),
    ),
    team_labels=("Ostolaskut", "Myyntilaskutus", "Kirjanpito", "Raportointi"),
    size=0.7,
    female_share=0.75,
    weekly_hours=OFFICE_TIME,
    part_time_share=0.05,
)

FOOD_SERVICES = UnitKind(
    names=("Keskussairaalan ravintokeskus", "{paikan} valmistuskeittiö"),
    head_title="Ravintopalveluesihenkilö",
    titles=(
        ("Ravitsemistyöntekijä", 45),
        ("Kokki", 35),
        ("Dieettikokki", 10),
        ("Ruokapalveluvastaava", 10),
    ),
    team_labels=("Aamuvuoro", "Iltavuoro", "Ruoanjakelu"),
    size=0.9,
    female_share=0.78,
    part_time_share=0.15,
)

CLEANING_SERVICES = UnitKind(
    names=("Keskussairaalan puhtauspalvelut", "Välinehuoltokeskus", "{paikan} puhtauspalvelut"),
    head_title="Puhtauspalveluesihenkilö",
    titles=(("Laitoshuoltaja", 70), ("Välinehuoltaja", 20), ("Toimitilahuoltaja", 10)),
    team_labels=("Vuodeosastot", "Poliklinikat", "Leikkausyksiköt", "Toimistotilat"),
    size=1.0,
    female_share=0.8,
    part_time_share=0.18,
)


DIVISIONS: tuple[Division, ...] = (
    Division(
        "TERV",
        "Terveyspalvelut",
        "Toimialajohtaja",
        (
            ServiceArea("SAI", "Keskussairaala", "Ylihoitaja", 9, (WARD, ACUTE_CARE)),
            ServiceArea("PTH", "Perusterveydenhuolto", "Palvelualuejohtaja", 6, (HEALTH_STATION,)),
            ServiceArea(
                "KUN",
                "Kuntoutus ja diagnostiikka",
                "Palvelualuejohtaja",
                3,
                (REHABILITATION, LABORATORY, IMAGING),
            ),
            ServiceArea(
                "SUU", "Suun terveydenhuolto", "Johtava hammaslääkäri", 2, (DENTAL_CLINIC,)
            ),
            ServiceArea(
                "MTP",
                "Mielenterveys- ja päihdepalvelut",
                "Palvelualuejohtaja",
                3,
                (MENTAL_HEALTH,),
            ),
        ),
    ),
    Division(
        "IKA",
        "Ikääntyneiden palvelut",
        "Toimialajohtaja",
        (
            ServiceArea("KOTI", "Kotihoito", "Palvelualuepäällikkö", 6, (HOME_CARE,)),
            ServiceArea("ASU", "Asumispalvelut", "Palvelualuepäällikkö", 5, (HOUSING,)),
            ServiceArea(
                "ASOH",
                "Asiakasohjaus ja päivätoiminta",
                "Palvelualuepäällikkö",
                1.5,
                (CLIENT_GUIDANCE,),
            ),
        ),
    ),
    Division(
        "PESO",
        "Perhe- ja sosiaalipalvelut",
        "Toimialajohtaja",
        (
            ServiceArea(
                "LAPE",
                "Lapsiperheiden palvelut",
                "Palvelualuejohtaja",
                4,
                (CHILD_PROTECTION, FAMILY_CLINIC),
            ),
            ServiceArea(
                "AIK",
                "Aikuissosiaalityö ja työllisyys",
                "Palvelualuepäällikkö",
                2,
                (ADULT_SOCIAL_WORK,),
            ),
            ServiceArea(
                "VAM", "Vammaispalvelut", "Palvelualuepäällikkö", 2, (DISABILITY_SERVICES,)
            ),
        ),
    ),
    Division(
        "PEL",
        "Pelastuslaitos",
        "Pelastusjohtaja",
        (
            ServiceArea("TOI", "Pelastustoiminta", "Pelastuspäällikkö", 3, (FIRE_STATION,)),
            ServiceArea("ENS", "Ensihoito", "Ensihoitopäällikkö", 2, (EMERGENCY_MEDICINE,)),
            ServiceArea(
                "RIS", "Riskienhallinta", "Riskienhallintapäällikkö", 0.6, (RISK_MANAGEMENT,)
            ),
        ),
    ),
    Division(
        "TUKI",
        "Konserni- ja tukipalvelut",
        "Konsernipalvelujohtaja",
        (
            ServiceArea(
                "HR",
                "Henkilöstöpalvelut",
                "Henkilöstöjohtaja",
                1.5,
                (LEARNING_AND_DEVELOPMENT, HR_SERVICES),
            ),
            ServiceArea("ICT", "Tietohallinto", "Tietohallintojohtaja", 1.5, (ICT,)),
            ServiceArea(
                "TAL", "Talous- ja palkkahallinto", "Talousjohtaja", 1.8, (PAYROLL, FINANCE)
            ),
            ServiceArea(
                "TIL",
                "Ravinto- ja puhtauspalvelut",
                "Palvelualuepäällikkö",
                3,
                (FOOD_SERVICES, CLEANING_SERVICES),
            ),
        ),
    ),
)

# The personas live in the first unit of these areas, so these open first in every organisation:
# the ward (employee, team lead, supervisor, support person), learning and development
# (coordinator) and ICT (admin).
PERSONA_AREAS: tuple[str, ...] = ("TERV-SAI", "TUKI-HR", "TUKI-ICT")
