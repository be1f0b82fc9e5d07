"""The default support roles and skills every new installation starts with.

A data migration loads these, so the codes are stable identifiers: never rename or reuse one.
Names and descriptions are in Finnish, Swedish and English; an organisation may edit its copies.
Pure data: no Django imports.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    fi: str
    sv: str
    en: str
    description_fi: str
    description_sv: str
    description_en: str


SUPPORT_ROLES: tuple[Entry, ...] = (
    Entry(
        code="learning_agent",
        fi="Oppimisagentti",
        sv="Lärandeagent",
        en="Learning agent",
        description_fi=(
            "Oppimisagentti tuntee organisaation oppimisen infrastruktuurin – verkkokoulun, "
            "sisäiset koulutukset ja yhteistyöoppilaitokset – ja opastaa työkavereita niiden "
            "pariin. Noin kymmenesosalla työajastaan hän auttaa tiimejä löytämään käytännöllisiä "
            "tapoja oppia uutta kesken arjen."
        ),
        description_sv=(
            "En lärandeagent känner till organisationens resurser för lärande – webbskolan, de "
            "interna utbildningarna och de samarbetande läroanstalterna – och hjälper kollegerna "
            "att hitta dit. Med ungefär en tiondel av sin arbetstid hjälper hen team att hitta "
            "praktiska sätt att lära sig nytt mitt i vardagen."
        ),
        description_en=(
            "A learning agent knows the organisation's learning infrastructure – the online "
            "school, internal courses and partner institutions – and guides colleagues to it. With "
            "about a tenth of their working time they help teams find practical ways to learn in "
            "the middle of everyday work."
        ),
    ),
    Entry(
        code="learning_trainer",
        fi="Oppimisvalmentaja",
        sv="Lärandetränare",
        en="Learning trainer",
        description_fi=(
            "Oppimisvalmentaja valmentaa tiimejä ottamaan käyttöön työtapoja, joissa oppiminen "
            "kuuluu tavalliseen työpäivään, kuten vertaisoppimista, lyhyitä oppimistuokioita ja "
            "pieniä kokeiluja. Hän kulkee tiimin rinnalla muutaman tapaamisen ajan, kunnes uusi "
            "tapa alkaa sujua ilman häntä."
        ),
        description_sv=(
            "En lärandetränare coachar team att ta i bruk arbetssätt där lärandet hör till en "
            "vanlig arbetsdag, till exempel kollegialt lärande, korta lärstunder och små försök. "
            "Hen följer teamet under några träffar tills det nya arbetssättet fungerar utan hen."
        ),
        description_en=(
            "A learning trainer coaches teams to adopt ways of working in which learning is part "
            "of an ordinary day, such as peer learning, short learning moments and small "
            "experiments. They stay alongside the team for a few meetings until the new habit runs "
            "without them."
        ),
    ),
    Entry(
        code="learning_designer",
        fi="Oppimismuotoilija",
        sv="Lärandedesigner",
        en="Learning designer",
        description_fi=(
            "Oppimismuotoilija suunnittelee yhdessä tiimin kanssa oppimiskokonaisuuksia, jotka "
            "sopivat työn rytmiin: perehdytyspolkuja, lyhyitä verkko-osioita ja käytännön "
            "harjoituksia. Hän lähtee liikkeelle oppijan arjesta eikä valmiista kurssipohjasta."
        ),
        description_sv=(
            "En lärandedesigner planerar tillsammans med teamet lärhelheter som passar arbetets "
            "rytm: introduktionsstigar, korta webbavsnitt och praktiska övningar. Hen utgår från "
            "den lärandes vardag och inte från en färdig kursmall."
        ),
        description_en=(
            "A learning designer works with the team to shape learning that fits the rhythm of the "
            "work: onboarding paths, short online pieces and hands-on exercises. They start from "
            "the learner's everyday work rather than from a ready-made course template."
        ),
    ),
    Entry(
        code="learning_coach",
        fi="Oppimiscoach",
        sv="Lärandecoach",
        en="Learning coach",
        description_fi=(
            "Oppimiscoach auttaa tiimejä ja yksittäisiä työntekijöitä pysähtymään oman oppimisensa "
            "äärelle: mitä haluamme oppia, miten, ja mistä huomaamme onnistuneemme. Hän kysyy "
            "enemmän kuin neuvoo ja tukee tiimiä laatimaan oman oppimissuunnitelmansa."
        ),
        description_sv=(
            "En lärandecoach hjälper team och enskilda medarbetare att stanna upp inför sitt eget "
            "lärande: vad vill vi lära oss, hur, och hur märker vi att vi har lyckats. Hen frågar "
            "mer än hen ger råd och stöder teamet i att göra upp en egen lärandeplan."
        ),
        description_en=(
            "A learning coach helps teams and individual employees pause over their own learning: "
            "what do we want to learn, how, and how will we notice that we have succeeded. They "
            "ask more than they advise, and support the team in drawing up its own learning plan."
        ),
    ),
    Entry(
        code="career_coach",
        fi="Sisäinen uracoach",
        sv="Intern karriärcoach",
        en="Internal career coach",
        description_fi=(
            "Sisäinen uracoach käy luottamuksellisia urakeskusteluja työntekijöiden kanssa ja "
            "auttaa hahmottamaan, millaisia polkuja organisaation sisällä on tarjolla. Hän ei "
            "päätä kenenkään urasta, vaan auttaa jäsentämään omia vahvuuksia, toiveita ja "
            "seuraavia askelia."
        ),
        description_sv=(
            "En intern karriärcoach för förtroliga karriärsamtal med medarbetare och hjälper dem "
            "att se vilka vägar som finns inom organisationen. Hen bestämmer inte över någons "
            "karriär utan hjälper till att reda ut egna styrkor, önskemål och nästa steg."
        ),
        description_en=(
            "An internal career coach holds confidential career conversations with employees and "
            "helps them see which paths exist inside the organisation. They decide nothing about "
            "anyone's career; they help people sort out their strengths, wishes and next steps."
        ),
    ),
    Entry(
        code="agile_coach",
        fi="Agile coach",
        sv="Agil coach",
        en="Agile coach",
        description_fi=(
            "Agile coach tukee tiimejä kokeilemaan ketteriä työtapoja, kuten lyhyitä "
            "suunnittelusyklejä, näkyvää työn ohjausta ja säännöllisiä retrospektiivejä. Hän "
            "sovittaa menetelmät tiimin todelliseen työhön, oli kyse sitten ICT-projektista tai "
            "hoitotyön kehittämisestä."
        ),
        description_sv=(
            "En agil coach stöder team i att pröva agila arbetssätt, såsom korta planeringscykler, "
            "synlig styrning av arbetet och regelbundna retrospektiv. Hen anpassar metoderna till "
            "teamets verkliga arbete, oavsett om det gäller ett IKT-projekt eller utveckling av "
            "vården."
        ),
        description_en=(
            "An agile coach supports teams in trying agile ways of working, such as short planning "
            "cycles, visible work boards and regular retrospectives. They fit the methods to the "
            "team's real work, whether that is an ICT project or improving care."
        ),
    ),
    Entry(
        code="lean_expert",
        fi="Lean-asiantuntija",
        sv="Lean-expert",
        en="Lean expert",
        description_fi=(
            "Lean-asiantuntija auttaa tiimiä näkemään, missä työ virtaa ja missä se jumittaa, ja "
            "ottamaan käyttöön jatkuvan parantamisen työkaluja, kuten arvovirtakuvauksen, "
            "tilannetaulun ja juurisyyanalyysin. Hän pitää huolen, että parannukset syntyvät "
            "tiimin omista havainnoista."
        ),
        description_sv=(
            "En Lean-expert hjälper teamet att se var arbetet flyter och var det fastnar, och att "
            "ta i bruk verktyg för ständiga förbättringar, såsom värdeflödeskartläggning, tavlor "
            "för daglig styrning och rotorsaksanalys. Hen ser till att förbättringarna bygger på "
            "teamets egna iakttagelser."
        ),
        description_en=(
            "A Lean expert helps the team see where work flows and where it gets stuck, and "
            "introduces continuous-improvement tools such as value stream mapping, daily status "
            "boards and root cause analysis. They make sure improvements grow from the team's own "
            "observations."
        ),
    ),
    Entry(
        code="change_agent",
        fi="Muutosagentti",
        sv="Förändringsagent",
        en="Change agent",
        description_fi=(
            "Muutosagentti eli keugentti auttaa tiimejä ja esihenkilöitä, kun toimintakulttuuri "
            "muuttuu: hän vetää työpajoja, tukee siirtymää yhteisöohjautuvaan työhön ja näyttää, "
            "miten Lean-työkaluilla pääsee alkuun. Tähän hän käyttää noin kymmenesosan työajastaan "
            "ja muun ajan omaan päätyöhönsä."
        ),
        description_sv=(
            "En förändringsagent, på finska även kallad keugentti, hjälper team och chefer när "
            "verksamhetskulturen förändras: hen leder workshoppar, stöder övergången till "
            "självorganiserande arbete och visar hur man kommer i gång med Lean-verktygen. Hen "
            "använder ungefär en tiondel av sin arbetstid till detta och resten till sitt "
            "huvudsakliga arbete."
        ),
        description_en=(
            "A change agent – also known by the Finnish nickname keugentti – helps teams and "
            "supervisors when the working culture changes: they run workshops, support the move to "
            "self-organising work and show how to get started with Lean tools. They spend about a "
            "tenth of their working time on this and the rest on their main job."
        ),
    ),
    Entry(
        code="learning_activist",
        fi="Oppimisaktivisti",
        sv="Lärandeaktivist",
        en="Learning activist",
        description_fi=(
            "Oppimisaktivisti kuuluu yksikkörajat ylittävään oppimisverkostoon, järjestää "
            "tapaamisia ja kuljettaa hyviä käytäntöjä tiimistä toiseen. Hän madaltaa kynnystä "
            "oppia toisilta: tietää, kuka talossa osaa mitäkin, ja kutsuu ihmiset saman pöydän "
            "ääreen."
        ),
        description_sv=(
            "En lärandeaktivist hör till ett lärandenätverk som går över enhetsgränserna, ordnar "
            "träffar och för god praxis från ett team till ett annat. Hen sänker tröskeln för att "
            "lära av andra: vet vem i huset som kan vad och samlar människor kring samma bord."
        ),
        description_en=(
            "A learning activist belongs to a learning network that crosses unit boundaries, "
            "organises meetings and carries good practices from one team to another. They make it "
            "easier to learn from others by knowing who in the house knows what and bringing "
            "people round the same table."
        ),
    ),
    Entry(
        code="work_culture_hacker",
        fi="Työkulttuurihakkeri",
        sv="Arbetskulturhackare",
        en="Work culture hacker",
        description_fi=(
            "Työkulttuurihakkeri fasilitoi keskusteluja, joissa tiimi pohtii omaa työkulttuuriaan "
            "ja sitä, mitä yhteiset arvot tarkoittavat tavallisena työpäivänä. Hän ammentaa "
            "verkoston yhdessä kokoamasta menetelmäpakista ja tuo mukaan leikkisyyttä ja rohkeutta "
            "kokeilla."
        ),
        description_sv=(
            "En arbetskulturhackare leder samtal där teamet funderar på sin egen arbetskultur och "
            "på vad de gemensamma värderingarna betyder en vanlig arbetsdag. Hen hämtar metoder ur "
            "nätverkets gemensamt uppbyggda verktygslåda och bjuder på lekfullhet och mod att "
            "pröva nytt."
        ),
        description_en=(
            "A work culture hacker facilitates conversations in which a team looks at its own "
            "working culture and at what the shared values mean on an ordinary working day. They "
            "draw on the network's co-created toolkit of methods and bring playfulness and the "
            "courage to experiment."
        ),
    ),
)


SKILLS: tuple[Entry, ...] = (
    Entry(
        code="facilitation",
        fi="Fasilitointi",
        sv="Facilitering",
        en="Facilitation",
        description_fi=(
            "Työpajojen ja keskustelujen suunnittelu ja vetäminen niin, että jokainen pääsee "
            "ääneen ja ryhmä päätyy yhteiseen lopputulokseen."
        ),
        description_sv=(
            "Att planera och leda workshoppar och samtal så att alla kommer till tals och gruppen "
            "når ett gemensamt resultat."
        ),
        description_en=(
            "Planning and leading workshops and conversations so that everyone is heard and the "
            "group reaches a shared outcome."
        ),
    ),
    Entry(
        code="lean_tools",
        fi="Lean-työkalut",
        sv="Lean-verktyg",
        en="Lean tools",
        description_fi=(
            "Jatkuvan parantamisen välineet, kuten arvovirtakuvaus, tilannetaulu, 5S ja "
            "juurisyyanalyysi, sekä taito opettaa niiden käyttöä tiimille."
        ),
        description_sv=(
            "Verktyg för ständiga förbättringar, såsom värdeflödeskartläggning, tavla för daglig "
            "styrning, 5S och rotorsaksanalys, samt förmågan att lära teamet använda dem."
        ),
        description_en=(
            "Continuous-improvement tools such as value stream mapping, status boards, 5S and root "
            "cause analysis, and the ability to teach a team to use them."
        ),
    ),
    Entry(
        code="self_organising",
        fi="Yhteisöohjautuvuus ja itseohjautuvat tiimit",
        sv="Självorganisering och självstyrande team",
        en="Self-organising teams",
        description_fi=(
            "Tiimin tukeminen, kun se ottaa itse vastuuta työnsä suunnittelusta, päätöksistä ja "
            "keskinäisistä sopimuksista, sekä esihenkilön roolin muuttuminen valmentavaksi."
        ),
        description_sv=(
            "Att stödja ett team som själv tar ansvar för planeringen av arbetet, besluten och de "
            "interna överenskommelserna, och att hjälpa chefens roll att bli mer coachande."
        ),
        description_en=(
            "Supporting a team as it takes responsibility for planning its work, making decisions "
            "and agreeing its own rules, and helping the supervisor's role turn into one of "
            "coaching."
        ),
    ),
    Entry(
        code="agile",
        fi="Ketterät työtavat",
        sv="Agila arbetssätt",
        en="Agile ways of working",
        description_fi=(
            "Lyhyet suunnittelu- ja palautesyklit, näkyvä työn ohjaus ja pienet kokeilut, jotka "
            "sovitetaan tiimin omaan työhön."
        ),
        description_sv=(
            "Korta planerings- och återkopplingscykler, synlig styrning av arbetet och små försök "
            "som anpassas till teamets eget arbete."
        ),
        description_en=(
            "Short planning and feedback cycles, visible management of work and small experiments, "
            "fitted to the team's own work."
        ),
    ),
    Entry(
        code="learning_design",
        fi="Oppimisen muotoilu",
        sv="Lärandedesign",
        en="Learning design",
        description_fi=(
            "Oppimiskokonaisuuksien suunnittelu oppijan arjesta lähtien: perehdytyspolut, lyhyet "
            "verkko-osiot, harjoitukset ja työssä oppimisen tehtävät."
        ),
        description_sv=(
            "Att utforma lärhelheter utifrån den lärandes vardag: introduktionsstigar, korta "
            "webbavsnitt, övningar och uppgifter för lärande i arbetet."
        ),
        description_en=(
            "Designing learning from the learner's everyday work: onboarding paths, short online "
            "pieces, exercises and on-the-job learning tasks."
        ),
    ),
    Entry(
        code="career_coaching",
        fi="Uraohjaus",
        sv="Karriärvägledning",
        en="Career coaching",
        description_fi=(
            "Luottamuksellisten urakeskustelujen käyminen sekä organisaation sisäisten "
            "urapolkujen, tehtäväkiertojen ja kouluttautumisvaihtoehtojen tunteminen."
        ),
        description_sv=(
            "Att föra förtroliga karriärsamtal och känna till organisationens interna "
            "karriärvägar, arbetsrotation och utbildningsmöjligheter."
        ),
        description_en=(
            "Holding confidential career conversations and knowing the organisation's internal "
            "career paths, job rotation and study options."
        ),
    ),
    Entry(
        code="values_work",
        fi="Arvotyö",
        sv="Värderingsarbete",
        en="Values work",
        description_fi=(
            "Keskustelujen fasilitointi siitä, mitä organisaation arvot tarkoittavat tiimin "
            "arjessa, ja arvojen muuttaminen konkreettisiksi sopimuksiksi."
        ),
        description_sv=(
            "Att leda samtal om vad organisationens värderingar betyder i teamets vardag och "
            "omsätta dem i konkreta överenskommelser."
        ),
        description_en=(
            "Facilitating conversations about what the organisation's values mean in the team's "
            "everyday work, and turning them into concrete agreements."
        ),
    ),
    Entry(
        code="competence_tailoring",
        fi="Osaamisen tiimikohtaistaminen",
        sv="Teamanpassning av kompetenser",
        en="Tailoring competences to the team",
        description_fi=(
            "Strategisten osaamisten kääntäminen tiimin omalle kielelle: mitä osaaminen tarkoittaa "
            "meillä, missä olemme nyt ja mitä teemme seuraavaksi."
        ),
        description_sv=(
            "Att översätta de strategiska kompetenserna till teamets eget språk: vad kompetensen "
            "betyder hos oss, var vi står nu och vad vi gör härnäst."
        ),
        description_en=(
            "Translating strategic competences into the team's own language: what the competence "
            "means for us, where we are now and what we do next."
        ),
    ),
    Entry(
        code="digital_learning",
        fi="Digitaalinen oppiminen",
        sv="Digitalt lärande",
        en="Digital learning",
        description_fi=(
            "Verkkokoulun, verkkokurssien ja digitaalisten oppimisvälineiden käytön opastaminen "
            "sekä verkko-opiskelun sovittaminen vuorotyöhön ja kiireiseen arkeen."
        ),
        description_sv=(
            "Att handleda i användningen av webbskolan, webbkurser och digitala lärverktyg och att "
            "få webbstudier att passa in i skiftarbete och en hektisk vardag."
        ),
        description_en=(
            "Guiding people in using the online school, online courses and digital learning tools, "
            "and fitting online study into shift work and busy days."
        ),
    ),
    Entry(
        code="retrospectives",
        fi="Retrospektiivit",
        sv="Retrospektiv",
        en="Retrospectives",
        description_fi=(
            "Säännöllisten taaksepäin katsovien tapaamisten vetäminen: tiimi tunnistaa, mikä toimi "
            "ja mikä ei, ja sopii yhdestä parannuksesta kerrallaan."
        ),
        description_sv=(
            "Att leda regelbundna tillbakablickande träffar där teamet ser vad som fungerade och "
            "vad som inte gjorde det, och kommer överens om en förbättring i taget."
        ),
        description_en=(
            "Running regular look-back meetings in which the team sees what worked and what did "
            "not, and agrees on one improvement at a time."
        ),
    ),
    Entry(
        code="learning_guidance",
        fi="Oppimisen ohjaus ja koulutusneuvonta",
        sv="Handledning i lärande och utbildningsrådgivning",
        en="Learning guidance and training advice",
        description_fi=(
            "Sopivien oppimissisältöjen, sisäisten koulutusten ja oppilaitosten kurssien "
            "löytäminen sekä käytännön vinkit opiskelun järjestämiseen työn ohessa."
        ),
        description_sv=(
            "Att hitta lämpligt lärinnehåll, interna utbildningar och kurser vid läroanstalter "
            "samt ge praktiska tips om hur studier kan ordnas vid sidan av arbetet."
        ),
        description_en=(
            "Finding suitable learning content, internal training and courses at educational "
            "institutions, and giving practical tips on organising study alongside work."
        ),
    ),
    Entry(
        code="change_support",
        fi="Muutoksen tuki",
        sv="Stöd i förändring",
        en="Change support",
        description_fi=(
            "Tiimin tukeminen organisaatio-, järjestelmä- tai toimintatapamuutoksessa niin, että "
            "epävarmuus saa tilaa ja uudet käytännöt sovitaan yhdessä."
        ),
        description_sv=(
            "Att stödja ett team i en organisations-, system- eller arbetssättsförändring så att "
            "osäkerheten får utrymme och de nya rutinerna avtalas tillsammans."
        ),
        description_en=(
            "Supporting a team through an organisational, system or working-practice change so "
            "that uncertainty is given room and new routines are agreed together."
        ),
    ),
)

ROLE_CODES: frozenset[str] = frozenset(entry.code for entry in SUPPORT_ROLES)
SKILL_CODES: frozenset[str] = frozenset(entry.code for entry in SKILLS)


def install_defaults(role_model, skill_model) -> int:
    """Create the default roles and skills that are missing; never overwrite an edited one.

    Takes the model classes, so the data migration can pass its historical models and the demo
    loader the real ones (a test database flushed between tests has lost the migration's rows).
    Returns how many rows were created.
    """
    created = 0
    for model, entries in ((role_model, SUPPORT_ROLES), (skill_model, SKILLS)):
        existing = set(model.objects.values_list("code", flat=True))
        missing = [
            model(
                code=entry.code,
                name_fi=entry.fi,
                name_sv=entry.sv,
                name_en=entry.en,
                description_fi=entry.description_fi,
                description_sv=entry.description_sv,
                description_en=entry.description_en,
                position=(index + 1) * 10,
            )
            for index, entry in enumerate(entries)
            if entry.code not in existing
        ]
        model.objects.bulk_create(missing)
        created += len(missing)
    return created
