"""Short Finnish self-introductions for the demo's learning support persons."""

import random

OPENINGS = (
    "Päätyössäni olen {title_lower} yksikössä {unit}.",
    "Työskentelen yksikössä {unit}, jossa olen {title_lower}.",
    "Olen {title_lower}, ja työpaikkani on {unit}.",
)

FOCUSES = (
    "Autan tiimejä siirtymään kohti yhteisöohjautuvaa työtä.",
    "Fasilitoin mielelläni työpajoja, retrospektiivejä ja ideointihetkiä.",
    "Lean-työkalut, kuten arvovirtakuvaus ja päivittäiset tilannetaulut, ovat minulle tuttuja.",
    "Voin auttaa tiimiänne laatimaan oman oppimissuunnitelman.",
    "Vinkkaan sopivia verkkokursseja ja koulutuksia, kun tarvitsette uutta osaamista.",
    "Keskustelen mielelläni siitä, mitä yhteiset arvomme tarkoittavat tiimin arjessa.",
    "Minua kiinnostaa, miten uutta voi oppia kesken kiireisenkin työvuoron.",
    "Tuen tiimejä muutoksissa, joissa työtapoja ja rooleja mietitään uudelleen.",
    "Pohditaan yhdessä, mitä strategiset osaamiset tarkoittavat juuri teidän työssänne.",
    "Kokeilen mielelläni uusia menetelmiä ja jaan hyviksi havaittuja käytäntöjä eteenpäin.",
)

CLOSINGS = (
    "Tilatkaa tukea Kipinän kautta, niin sovitaan sopiva aika.",
    "Käytän oppimisen tukemiseen noin kymmenesosan työajastani.",
    "Otan mielelläni yhteyttä, ja mietitään yhdessä, mistä aloitetaan.",
    "Matalla kynnyksellä saa kysyä, pienikin kysymys on tervetullut.",
)


def _in_sentence(job_title: str) -> str:
    """Lower-case a title for use mid-sentence, but keep acronyms such as "HR-" or "IT-"."""
    if len(job_title) > 1 and job_title[1].isupper():
        return job_title
    return job_title[:1].lower() + job_title[1:]


def compose_introduction(rng: random.Random, *, job_title: str, unit_name: str) -> str:
    """An opening about the person's main job, two things they help with, and a closing line."""
    opening = rng.choice(OPENINGS).format(title_lower=_in_sentence(job_title), unit=unit_name)
    focuses = rng.sample(FOCUSES, 2)
    closing = rng.choice(CLOSINGS)
    return " ".join([opening, *focuses, closing])
