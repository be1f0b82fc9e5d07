"""Names for the demo organisation's people, grouped by language background.

Each background lists female and male first names and surnames (separately where the surname
itself is gendered), and the working language its people bring besides Finnish. The lists are
whitespace-separated words so that they stay compact; no name here contains a space.
"""

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True, slots=True)
class NameBackground:
    key: str
    share: float  # of all generated people
    female_first: tuple[str, ...]
    male_first: tuple[str, ...]
    last_female: tuple[str, ...]
    last_male: tuple[str, ...]
    home_language: str  # ISO 639-1 code
    speaks_finnish: float  # probability that Finnish is among the working languages


FINNISH_FEMALE = _words("""
    Aino Aila Anna Anne Anni Anu Annika Eija Eila Elina Ella Emilia Emma Essi Hanna Hannele
    Heidi Heli Helmi Henna Irma Jaana Janika Jenni Johanna Jonna Kaisa Katja Kati Katri Kirsi
    Kristiina Laura Leena Liisa Maarit Maija Marika Marja Marjut Merja Milla Minna Mirja Noora
    Outi Paula Päivi Pirjo Raija Riikka Ritva Saara Sanna Satu Seija Sini Sirpa Suvi Taina
    Tanja Terhi Tiia Tuija Tuula Ulla Vilma Virpi Anna-Maija Marja-Leena Sari-Anne Iiris
    Kerttu Venla Pihla Ronja Oona Inkeri Sari Tiina Iida Veera
""")

FINNISH_MALE = _words("""
    Aki Aleksi Ari Arto Eero Esa Hannu Harri Heikki Ilkka Janne Jari Jarmo Jere Jouni Juha
    Juho Jukka Jussi Kalle Kari Lauri Markku Marko Matti Mika Mikko Niko Olli Pasi Pekka Petri
    Riku Sami Santeri Seppo Simo Teemu Timo Tommi Tuomas Valtteri Veikko Ville Juha-Pekka
    Jan-Erik Onni Eino Väinö Aapo Otto Ilmari Toni Joni Joonas Antti
""")

FINNISH_LAST = _words("""
    Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen
    Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen Salo
    Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen Hiltunen
    Leinonen Miettinen Hirvonen Pitkänen Aaltonen Manninen Väisänen Hakala Anttila Lappalainen
    Laaksonen Koponen Kettunen Huttunen Räsänen Seppälä Eskola Rinne Peltonen Kallio Ojala
    Kiiskinen Toivonen Lindroos Honkanen Rautio Lampinen Ketola Vainio Kokkonen Nurmi Leppänen
    Kärkkäinen Partanen Mustonen Pulkkinen Ylönen Hyvönen Koivisto Harju Kivelä Vesterinen
    Pesonen Oksanen Suominen Tikkanen Kauppinen Pelkonen Kurki Vuorinen Parviainen Kosonen
    Hakkarainen Hietala Rissanen Ruotsalainen Tähtinen Auvinen Keränen Sirviö Halonen
    Kumpulainen Pajunen Luoma Soini Karppinen Tolonen Immonen Backman Hyvärinen Aalto Hokkanen
    Koivula Myllymäki Rautiainen Markkanen Lindqvist Granström Heiskanen Pöllänen Väänänen
""")

SWEDISH_FEMALE = _words("""
    Anna Annika Camilla Ebba Elin Emma Frida Ida Johanna Karin Linnea Maria Matilda Sofia
    Stina Ulrika Vera Wilma Åsa Cecilia
""")

SWEDISH_MALE = _words("""
    Anders Axel Björn Carl Erik Fredrik Gustav Henrik Johan Jonas Kristian Magnus Mats Nils
    Oskar Patrik Rasmus Stefan Tom Viktor
""")

SWEDISH_LAST = _words("""
    Andersson Backlund Berg Björklund Blomqvist Ekholm Eriksson Forsman Grönroos Holmberg
    Holmström Johansson Karlsson Lindberg Lindholm Lundqvist Nyberg Nyman Sandberg Sjöblom
    Sundström Wikström Åkerlund Öhman Westerlund Strandberg
""")

ESTONIAN_FEMALE = _words("Kadri Kristiina Liis Maarja Piret Triin Merike Kaja")
ESTONIAN_MALE = _words("Andres Jaan Margus Mart Priit Rein Toomas Urmas")
ESTONIAN_LAST = _words("Tamm Saar Sepp Kask Mägi Rebane Ilves Kukk Lepik")

RUSSIAN_FEMALE = _words("Anastasia Irina Jelena Natalia Olga Svetlana Tatjana")
RUSSIAN_MALE = _words("Aleksandr Andrei Dmitri Igor Maksim Sergei Vladimir")
RUSSIAN_LAST_FEMALE = _words("Ivanova Smirnova Petrova Kuznetsova Popova Volkova")
RUSSIAN_LAST_MALE = _words("Ivanov Smirnov Petrov Kuznetsov Popov Volkov")

UKRAINIAN_FEMALE = _words("Oksana Olena Iryna Kateryna Yulia Halyna")
UKRAINIAN_MALE = _words("Andrii Oleksandr Taras Bohdan Mykola Yurii")
UKRAINIAN_LAST = _words("Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boiko")

ARABIC_FEMALE = _words("Amina Fatima Layla Mariam Noor Sara Zainab Huda")
ARABIC_MALE = _words("Ahmed Ali Hassan Karim Mohammed Omar Yusuf Tariq")
ARABIC_LAST = _words("Abdullah Al-Hashimi Haddad Hussein Khalil Mansour Saleh")

VIETNAMESE_FEMALE = _words("Lan Linh Mai Thao Trang Hoa")
VIETNAMESE_MALE = _words("Duc Hung Minh Nam Quang Tuan")
VIETNAMESE_LAST = _words("Nguyen Tran Le Pham Hoang Vu")

ENGLISH_FEMALE = _words("Emily Grace Hannah Olivia Rachel Sarah")
ENGLISH_MALE = _words("Daniel James Michael Oliver Thomas William")
ENGLISH_LAST = _words("Brown Clarke Evans Harris Smith Taylor Walker Wilson")


def _same(
    key: str, share: float, female, male, last, home: str, speaks_finnish: float
) -> NameBackground:
    return NameBackground(key, share, female, male, last, last, home, speaks_finnish)


BACKGROUNDS: tuple[NameBackground, ...] = (
    _same("finnish", 0.86, FINNISH_FEMALE, FINNISH_MALE, FINNISH_LAST, "fi", 1.0),
    _same("swedish", 0.06, SWEDISH_FEMALE, SWEDISH_MALE, SWEDISH_LAST, "sv", 0.97),
    _same("estonian", 0.025, ESTONIAN_FEMALE, ESTONIAN_MALE, ESTONIAN_LAST, "et", 0.95),
    NameBackground(
        "russian",
        0.018,
        RUSSIAN_FEMALE,
        RUSSIAN_MALE,
        RUSSIAN_LAST_FEMALE,
        RUSSIAN_LAST_MALE,
        "ru",
        0.95,
    ),
    _same("ukrainian", 0.01, UKRAINIAN_FEMALE, UKRAINIAN_MALE, UKRAINIAN_LAST, "uk", 0.85),
    _same("arabic", 0.012, ARABIC_FEMALE, ARABIC_MALE, ARABIC_LAST, "ar", 0.9),
    _same("vietnamese", 0.008, VIETNAMESE_FEMALE, VIETNAMESE_MALE, VIETNAMESE_LAST, "vi", 0.95),
    _same("english", 0.007, ENGLISH_FEMALE, ENGLISH_MALE, ENGLISH_LAST, "en", 0.6),
)

# Extra working languages: English is common, Swedish less so among Finnish speakers.
ENGLISH_SHARE = {"finnish": 0.3, "swedish": 0.45}
ENGLISH_SHARE_DEFAULT = 0.5
SWEDISH_SHARE_OF_FINNS = 0.08
