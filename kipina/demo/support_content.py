"""Texts for the demo's services and order history: what teams order, in their own words, and
what is said along the way – at assignment, after delivery, at closing and at the follow-up.

The needs are written as a team lead or an employee of the demo county (Järvilaakson
hyvinvointialue) would type them into the order form. Pure data: no Django imports.
"""

from dataclasses import dataclass

COORDINATOR = "coordinator"
CLAIM = "claim"
REQUESTER_PICKS = "requester_picks"
ASSIGNMENT_MODES = (COORDINATOR, CLAIM, REQUESTER_PICKS)


@dataclass(frozen=True, slots=True)
class ServiceText:
    code: str
    name_fi: str
    name_sv: str
    name_en: str
    description_fi: str  # what the team gets, how it usually goes, what it needs from the team
    description_sv: str
    description_en: str
    typical_hours: float  # the support person's hours, preparation included
    required_skills: tuple[str, ...]  # skill codes from kipina.agents.default_catalogue
    eligible_roles: tuple[str, ...]  # role codes; empty means any support role
    assignment_mode: str  # one of ASSIGNMENT_MODES
    needs: tuple[tuple[str, str], ...]  # (need in the orderer's own words, goal)


SERVICES: tuple[ServiceText, ...] = (
    ServiceText(
        code="workshop_facilitation",
        name_fi="Työpajan fasilitointi",
        name_sv="Facilitering av workshop",
        name_en="Workshop facilitation",
        description_fi=(
            "Tukihenkilö suunnittelee kanssanne työpajan ohjelman ja vetää sen, jotta koko tiimi "
            "voi keskittyä itse asiaan. Lyhyessä alkupalaverissa sovitaan tavoite ja osallistujat, "
            "minkä jälkeen tukihenkilö valitsee sopivat menetelmät ja kokoaa tulokset "
            "yhteenvedoksi. Teiltä tarvitaan selkeä kysymys, johon työpajassa haetaan vastausta, "
            "sekä aika ja tila, jossa suurin osa tiimistä pääsee paikalle."
        ),
        description_sv=(
            "Stödpersonen planerar workshoppens program tillsammans med er och leder den, så att "
            "hela teamet kan koncentrera sig på själva frågan. I ett kort förmöte kommer ni "
            "överens om mål och deltagare, och sedan väljer stödpersonen lämpliga metoder och "
            "sammanställer resultaten. Av er behövs en tydlig fråga som workshoppen ska besvara "
            "samt en tid och plats där största delen av teamet kan delta."
        ),
        description_en=(
            "The support person plans the workshop agenda with you and facilitates it, so that the "
            "whole team can focus on the matter itself. A short kick-off agrees the goal and the "
            "participants; the support person then picks suitable methods and writes up the "
            "results. You bring a clear question for the workshop to answer, and a time and place "
            "where most of the team can attend."
        ),
        typical_hours=6.0,
        required_skills=("facilitation",),
        eligible_roles=(),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Osastollamme on puhuttu jo pari vuotta siitä, että aamuraportti venyy ja vie "
                    "aikaa potilailta. Haluaisimme työpajan, jossa koko hoitohenkilökunta miettii "
                    "yhdessä uuden mallin."
                ),
                "Sovimme raportille uuden rakenteen, jota kokeilemme kuukauden ajan.",
            ),
            (
                (
                    "Palkkapalveluissa on tulossa uusi työnjako tiimien kesken, ja ihmiset ovat "
                    "huolissaan siitä, kuka hoitaa mitäkin. Tarvitsemme ulkopuolisen vetäjän, "
                    "jotta esihenkilökin voi osallistua keskusteluun tasavertaisena."
                ),
                "Jokainen tuntee uuden työnjaon ja pääsee vaikuttamaan siihen ennen käyttöönottoa.",
            ),
            (
                (
                    "Käyttäjätuen tiketit kasautuvat maanantaisin, ja ratkaisuideoita on paljon, "
                    "mutta ne jäävät käytäväpuheiksi. Kaipaamme ideointityöpajaa, jossa ideat "
                    "saadaan ylös ja järjestykseen."
                ),
                "Meillä on kolme priorisoitua kokeilua ja jokaiselle vastuuhenkilö.",
            ),
            (
                (
                    "Kotihoidon tiimimme yhdistettiin syksyllä naapuritiimin kanssa. Emme vielä "
                    "tunne toistemme tapoja toimia, ja se näkyy asiakaskäynneillä."
                ),
                "Laadimme yhteiset pelisäännöt ja tutustumme toistemme vahvuuksiin.",
            ),
            (
                (
                    "Puhtauspalveluiden poliklinikkatiimi haluaa suunnitella itse, miten "
                    "siivousreitit jaetaan, kun tilat muuttuvat remontin takia. Työpajan pitäisi "
                    "mahtua vuoronvaihdon yhteyteen."
                ),
                "Tiimi laatii itse uuden reittijaon, joka toimii koko remontin ajan.",
            ),
            (
                (
                    "Perhepalveluissa on ollut paljon sijaisia ja vaihtuvuutta. Haluaisimme "
                    "pysähtyä puoleksi päiväksi miettimään, mikä työssämme on tärkeintä ja mistä "
                    "voisimme luopua."
                ),
                "Tunnistamme yhdessä tärkeimmät tehtävät ja sovimme, mistä luovumme.",
            ),
            (
                (
                    "Ravintokeskuksessa valmistellaan ruokalistauudistusta, ja haluaisimme kuulla "
                    "myös ruoanjakelun ja osastojen näkemyksiä. Tarvitsemme vetäjän, joka saa "
                    "äänen kuuluviin myös hiljaisemmilta."
                ),
                "Eri ryhmien toiveet on koottu yhdeksi listaksi ruokalistatyön pohjaksi.",
            ),
            (
                (
                    "Paloasemalla on neljä vuoroa, ja jokainen tekee kalustohuollon vähän omalla "
                    "tavallaan. Haluaisimme yhteisen työpajan vuoroesihenkilöille ja parille "
                    "palomiehelle jokaisesta vuorosta."
                ),
                "Sovimme yhtenäisen kalustohuollon käytännön, joka kirjataan ylös.",
            ),
            (
                (
                    "Kuvantamiskeskuksen ajanvarauksessa on pullonkaula, josta kärsivät sekä "
                    "potilaat että henkilökunta. Haluaisimme työpajan, jossa röntgenhoitajat, "
                    "osastosihteerit ja radiologit ovat samassa huoneessa."
                ),
                "Löydämme yhdessä kaksi tai kolme muutosta, joilla jonoa saadaan lyhyemmäksi.",
            ),
            (
                (
                    "Hankintapalveluiden tiimi haluaa laatia ensi vuoden tavoitteet itse eikä "
                    "saada niitä valmiina. Kaipaamme apua siihen, miten kaikkien näkemykset "
                    "saadaan mukaan kahden tunnin tapaamisessa."
                ),
                "Tiimillä on yhdessä laaditut tavoitteet seuraavalle vuodelle.",
            ),
        ),
    ),
    ServiceText(
        code="self_organising_start",
        name_fi="Yhteisöohjautuvan työskentelyn käynnistäminen",
        name_sv="Kom i gång med självorganiserande arbete",
        name_en="Starting self-organising work",
        description_fi=(
            "Tukihenkilö auttaa tiimiä ottamaan ensimmäiset askeleet kohti yhteisöohjautuvaa "
            "työtä: mistä tiimi voi päättää itse, miten työt jaetaan ja miten esihenkilön rooli "
            "muuttuu. Tapaamisia on tavallisesti kolmesta neljään muutaman viikon välein, ja "
            "niiden välissä tiimi kokeilee sovittuja käytäntöjä. Tiimiltä tarvitaan esihenkilön "
            "tuki ja valmius sopia asioista yhdessä silloinkin, kun se on hankalaa."
        ),
        description_sv=(
            "Stödpersonen hjälper teamet att ta de första stegen mot självorganiserande arbete: "
            "vad teamet kan besluta om själv, hur arbetet fördelas och hur chefens roll förändras. "
            "Vanligen blir det tre till fyra träffar med några veckors mellanrum, och mellan "
            "träffarna prövar teamet det som överenskommits. Av teamet behövs chefens stöd och en "
            "vilja att komma överens tillsammans även när det är svårt."
        ),
        description_en=(
            "The support person helps the team take its first steps towards self-organising work: "
            "what the team can decide for itself, how work is shared and how the supervisor's role "
            "changes. There are usually three or four meetings a few weeks apart, and in between "
            "the team tries out what it agreed. The team needs its supervisor's backing and the "
            "willingness to agree things together even when that is hard."
        ),
        typical_hours=12.0,
        required_skills=("self_organising", "facilitation"),
        eligible_roles=("change_agent", "agile_coach", "learning_coach"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Osastonhoitajamme haluaa, että työvuorosuunnittelu siirtyy tiimille. Emme ole "
                    "koskaan tehneet listoja itse, ja moni pelkää, että siitä tulee riitaa."
                ),
                "Tiimi laatii ensimmäisen työvuorolistan itse yhdessä sovituilla pelisäännöillä.",
            ),
            (
                (
                    "Meidät on nimetty hyvinvointialueen yhteisöohjautuvuuden pilottitiimiksi, "
                    "mutta kukaan ei oikein tiedä, mistä aloittaa. Tarvitsemme jonkun, joka on "
                    "nähnyt tämän muualla."
                ),
                "Tiedämme, mitkä kolme asiaa siirrämme ensimmäisinä tiimin omaan päätösvaltaan.",
            ),
            (
                (
                    "Kotihoidossa asiakaskäyntien jako tehdään edelleen joka aamu esihenkilön "
                    "pöydän ääressä. Haluaisimme jakaa käynnit itse, jotta esihenkilö pääsee "
                    "keskittymään muuhun."
                ),
                "Aamun käyntijako hoituu tiimin kesken ilman esihenkilöä.",
            ),
            (
                (
                    "Integraatiotiimissä jokainen tekee omia projektejaan, eikä kukaan näe "
                    "kokonaisuutta. Haluaisimme kokeilla mallia, jossa tiimi priorisoi työnsä "
                    "yhdessä."
                ),
                "Meillä on yhteinen työjono ja viikoittainen priorisointihetki.",
            ),
            (
                (
                    "Esihenkilömme jää pitkälle vapaalle, eikä sijaista ole tulossa. Meidän "
                    "pitäisi sopia, miten pärjäämme itse ja kenelle mikäkin päätös kuuluu."
                ),
                "Tiimillä on selkeä päätöskartta siitä, kuka päättää mistäkin poissaolon aikana.",
            ),
            (
                (
                    "Asumisyksikössä kokeiltiin itseohjautuvuutta puoli vuotta, mutta käytännöt "
                    "ovat alkaneet lipsua ja vanhat tavat palanneet. Kaipaamme apua päästäksemme "
                    "uudelleen alkuun."
                ),
                "Käymme läpi, mikä kokeilussa toimi, ja sovimme uudet käytännöt tilalle.",
            ),
            (
                (
                    "Laboratorion näytteenottotiimi haluaisi sopia lomien ja koulutusten "
                    "vuorottelusta keskenään. Nyt kaikki kulkee esihenkilön kautta, ja vastauksia "
                    "saa odottaa viikkoja."
                ),
                "Tiimi sopii lomat ja koulutukset keskenään yhteisen taulun avulla.",
            ),
            (
                (
                    "Hammashoitolassa on päätetty siirtyä tiimimalliin, jossa hammaslääkäri, "
                    "hammashoitaja ja suuhygienisti vastaavat yhdessä omasta potilasryhmästään. "
                    "Tarvitsemme apua roolien ja vastuiden sopimiseen."
                ),
                "Jokainen tiimi tietää, mistä se vastaa ja miten se sopii asioista keskenään.",
            ),
            (
                (
                    "Tiimissämme on paljon kokemusta mutta vähän yhteistä keskustelua. Haluaisimme "
                    "opetella tekemään päätöksiä niin, että kaikki tulevat kuulluiksi eikä "
                    "äänekkäin aina voita."
                ),
                (
                    "Opettelemme yhden päätöksentekotavan ja käytämme sitä seuraavissa "
                    "tiimipalavereissa."
                ),
            ),
        ),
    ),
    ServiceText(
        code="lean_tools",
        name_fi="Lean-työkalujen käyttöönotto",
        name_sv="Införande av Lean-verktyg",
        name_en="Introducing Lean tools",
        description_fi=(
            "Tukihenkilö auttaa tiimiä valitsemaan yhden tai kaksi Lean-työkalua, joista on hyötyä "
            "juuri nyt, ja kokeilemaan niitä omassa työssä. Usein aloitetaan kävelemällä prosessi "
            "läpi paikan päällä tai kuvaamalla se seinälle, minkä jälkeen otetaan käyttöön "
            "esimerkiksi tilannetaulu tai juurisyyanalyysi. Tiimiltä tarvitaan muutama lyhyt "
            "yhteinen hetki viikossa ja halu katsoa omaa työtä rehellisesti."
        ),
        description_sv=(
            "Stödpersonen hjälper teamet att välja ett eller två Lean-verktyg som är till nytta "
            "just nu och att pröva dem i det egna arbetet. Ofta börjar man med att gå igenom "
            "processen på plats eller kartlägga den på väggen, och sedan tar man i bruk till "
            "exempel en tavla för daglig styrning eller en rotorsaksanalys. Av teamet behövs några "
            "korta gemensamma stunder i veckan och en vilja att granska det egna arbetet ärligt."
        ),
        description_en=(
            "The support person helps the team pick one or two Lean tools that are useful right "
            "now and try them in its own work. It often starts with walking through the process on "
            "site or mapping it on a wall, after which the team introduces, say, a daily status "
            "board or root cause analysis. The team needs a few short moments together each week "
            "and a willingness to look honestly at its own work."
        ),
        typical_hours=10.0,
        required_skills=("lean_tools",),
        eligible_roles=("lean_expert", "change_agent"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Yhteispäivystyksessä potilaat odottavat jatkohoitopaikkaa tuntikausia, ja "
                    "tuntuu, että samat asiat hidastavat joka päivä. Haluaisimme selvittää, mihin "
                    "aika oikeasti kuluu."
                ),
                (
                    "Potilaan polku päivystyksestä osastolle on kuvattu ja kolme suurinta viivettä "
                    "tunnistettu."
                ),
            ),
            (
                (
                    "Välinehuoltokeskuksessa instrumenttikorit palaavat leikkaussaleista sekaisin, "
                    "ja etsimiseen menee paljon aikaa. Olemme kuulleet 5S-menetelmästä ja "
                    "haluaisimme kokeilla sitä."
                ),
                (
                    "Pakkauspisteet on järjestetty 5S-periaatteella ja etsimiseen kuluva aika on "
                    "puolittunut."
                ),
            ),
            (
                (
                    "Palkkapalveluissa samat virheet toistuvat joka kuukausi lisien kirjauksessa. "
                    "Korjaamme niitä jälkikäteen, vaikka pitäisi päästä käsiksi syihin."
                ),
                "Löydämme yleisimmän virheen juurisyyn ja sovimme, miten se estetään jatkossa.",
            ),
            (
                (
                    "Osastolla ei ole yhteistä näkymää päivän tilanteeseen, vaan tieto on "
                    "hoitajien päässä ja lapuilla. Haluaisimme tilannetaulun, mutta emme tiedä, "
                    "mitä siihen kannattaisi laittaa."
                ),
                "Tiimillä on käytössä tilannetaulu ja sen ääressä kymmenen minuutin aamupalaveri.",
            ),
            (
                (
                    "Laskutuksessa osa laskuista kiertää monen ihmisen kautta ennen kuin ne "
                    "lähtevät asiakkaalle. Haluaisimme kuvata prosessin ja karsia turhat "
                    "välivaiheet."
                ),
                "Laskujen läpimenoaika lyhenee ja turhat käsittelykerrat jäävät pois.",
            ),
            (
                (
                    "Apuvälinekeskuksen varastossa on tavaraa, jota kukaan ei tarvitse, ja samaan "
                    "aikaan tarvittavat välineet ovat usein loppu. Kaipaamme apua "
                    "järjestelmälliseen siivoukseen ja täydentämiseen."
                ),
                "Varastossa on sovittu paikka ja täydennysraja jokaiselle tuoteryhmälle.",
            ),
            (
                (
                    "Ensihoidossa lääkelaukkujen tarkistus vie vuoronvaihdossa liikaa aikaa, ja "
                    "tarkistuslistat ovat eri asemilla erilaisia. Haluaisimme yhtenäistää ja "
                    "nopeuttaa tarkistuksen."
                ),
                "Kaikilla asemilla on käytössä sama, aiempaa nopeampi tarkistuslista.",
            ),
            (
                (
                    "Lähituessa työasemien vaihdot venyvät, koska laitteet ja käyttöoikeudet eivät "
                    "ole valmiina samaan aikaan. Arvovirtakuvaus voisi auttaa näkemään "
                    "kokonaisuuden."
                ),
                "Työaseman vaihdon vaiheet on kuvattu ja odotusajat tunnistettu.",
            ),
            (
                (
                    "Valmistuskeittiössä aamu- ja iltavuoro syyttävät toisiaan keskeneräisistä "
                    "töistä. Haluaisimme yhteisen tavan seurata, mitä on tehty ja mitä jää "
                    "seuraavalle vuorolle."
                ),
                "Vuorojen välillä on käytössä selkeä luovutustaulu.",
            ),
            (
                (
                    "Kävimme Lean-valmennuksen, mutta opit eivät ole siirtyneet arkeen. "
                    "Tarvitsemme jonkun, joka auttaa aloittamaan pienestä omassa tiimissä."
                ),
                "Otamme käyttöön yhden Lean-työkalun ja arvioimme sen hyötyä kuukauden päästä.",
            ),
        ),
    ),
    ServiceText(
        code="team_learning_plan",
        name_fi="Tiimin oppimissuunnitelma ja strategiset osaamiset",
        name_sv="Teamets lärandeplan och strategiska kompetenser",
        name_en="Team learning plan and strategic competences",
        description_fi=(
            "Tukihenkilö auttaa tiimiä pohtimaan, mitä organisaation strategiset osaamiset "
            "tarkoittavat juuri teidän työssänne, ja laatimaan niiden pohjalta tiimin oman "
            "oppimissuunnitelman. Yleensä tavataan kahdesti: ensin arvioidaan nykytila ja "
            "tunnistetaan tärkeimmät kehityskohteet, sitten sovitaan konkreettiset oppimisteot ja "
            "vastuut. Tiimiltä tarvitaan kummallakin kerralla noin kaksi tuntia yhteistä aikaa ja "
            "valmius katsoa omaa osaamista avoimesti."
        ),
        description_sv=(
            "Stödpersonen hjälper teamet att fundera på vad organisationens strategiska "
            "kompetenser betyder just i ert arbete och att utifrån det göra upp teamets egen "
            "lärandeplan. Vanligen träffas man två gånger: först bedömer man nuläget och "
            "identifierar de viktigaste utvecklingsområdena, sedan kommer man överens om konkreta "
            "läraktiviteter och ansvar. Av teamet behövs ungefär två timmar gemensam tid per gång "
            "och beredskap att se öppet på den egna kompetensen."
        ),
        description_en=(
            "The support person helps the team work out what the organisation's strategic "
            "competences mean in your own work, and draw up the team's own learning plan from "
            "them. You usually meet twice: first to assess where you are and find the most "
            "important areas to develop, then to agree concrete learning actions and who takes "
            "them forward. The team needs about two hours together each time and a readiness to "
            "look openly at its own skills."
        ),
        typical_hours=8.0,
        required_skills=("competence_tailoring", "learning_design"),
        eligible_roles=("learning_coach", "learning_agent", "learning_designer"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Strategiassa puhutaan digitaalisista palveluista, mutta kotihoidossa emme "
                    "tiedä, mitä se tarkoittaa meille käytännössä. Haluaisimme miettiä, mitä "
                    "meidän pitäisi oppia."
                ),
                (
                    "Tiimillä on oma kuvaus siitä, mitä digiosaaminen tarkoittaa kotihoidon "
                    "arjessa, ja kolme oppimistekoa sen pohjalta."
                ),
            ),
            (
                (
                    "Kehityskeskusteluissa jokainen kertoo omat koulutustoiveensa, mutta tiimin "
                    "yhteinen suunta puuttuu. Tarvitsemme apua tiimitason oppimissuunnitelman "
                    "tekemiseen."
                ),
                "Meillä on tiimin oppimissuunnitelma, jota päivitämme puolen vuoden välein.",
            ),
            (
                (
                    "Talouden suunnittelun tiimin tavoitteeksi on asetettu tiedolla johtamisen "
                    "tukeminen. Osa meistä hallitsee raportointityökalut hyvin, osa ei ole "
                    "käyttänyt niitä lainkaan."
                ),
                "Tunnistamme osaamiserot ja sovimme, miten opimme toisiltamme.",
            ),
            (
                (
                    "Lastensuojelun avohuollossa moni työntekijä on uusi, ja kokeneet ovat "
                    "kuormittuneita. Haluaisimme suunnitella, miten osaaminen jaetaan tiimissä "
                    "hallitusti."
                ),
                "Suunnitelmassa jokaisella uudella on nimetty tukija ja selkeät oppimistavoitteet.",
            ),
            (
                (
                    "Neurologiselle osastolle on tulossa uusi hoitoketju "
                    "aivoverenkiertohäiriöpotilaille. Meidän pitäisi tietää, mitä osaamista se "
                    "vaatii, ja varmistaa, että kaikki ovat valmiita."
                ),
                (
                    "Tiimillä on lista tarvittavista osaamisista ja aikataulu niiden hankkimiseen "
                    "ennen muutosta."
                ),
            ),
            (
                (
                    "Esihenkilö pyysi meitä arvioimaan itse, missä olemme asiakaslähtöisyydessä. "
                    "En tiedä, miten arvioinnin voisi tehdä niin, ettei siitä tule tylsää "
                    "lomakkeen täyttämistä."
                ),
                "Teemme tiimin oman itsearvioinnin ja valitsemme yhden kehityskohteen.",
            ),
            (
                (
                    "Tietoturvatiimin pitää opetella jatkuvasti uutta, mutta oppiminen jää aina "
                    "kiireellisten töiden jalkoihin. Haluaisimme sopia, miten oppimiselle varataan "
                    "aikaa."
                ),
                (
                    "Jokaisen kalenterissa on säännöllinen oppimisaika, ja sen annista kerrotaan "
                    "tiimille."
                ),
            ),
            (
                (
                    "Terveysaseman hoitajavastaanotolla hoitajien tehtäviä laajennetaan, ja "
                    "jokaisella on erilainen pohja. Tarvitsemme kokonaiskuvan siitä, kuka osaa "
                    "mitäkin ja mitä pitää vielä opetella."
                ),
                "Tiimillä on osaamiskartta ja sen pohjalta priorisoitu oppimissuunnitelma.",
            ),
            (
                (
                    "Palotarkastuksesta jää lähivuosina eläkkeelle useampi kokenut tarkastaja, ja "
                    "hiljainen tieto uhkaa kadota. Haluaisimme suunnitella, miten osaaminen "
                    "siirtyy ajoissa."
                ),
                (
                    "Kriittisin hiljainen tieto on tunnistettu ja sen siirtämiselle on sovittu "
                    "tavat ja aikataulu."
                ),
            ),
        ),
    ),
    ServiceText(
        code="learning_guidance",
        name_fi="Oppimisvinkit ja ohjaus koulutuksiin",
        name_sv="Lärtips och vägledning till utbildningar",
        name_en="Learning tips and guidance to training",
        description_fi=(
            "Tukihenkilö auttaa löytämään tarpeeseenne sopivat oppimissisällöt: verkkokoulun "
            "kurssit, sisäiset koulutukset, oppilaitosten opinnot tai lyhyet materiaalit. Usein "
            "yksi keskustelu ja sen jälkeen lähetetty vinkkilista riittävät, ja tarvittaessa "
            "sovitaan lyhyt jatkokeskustelu. Teiltä tarvitaan kuvaus siitä, mitä haluatte oppia ja "
            "paljonko aikaa opiskeluun on käytettävissä."
        ),
        description_sv=(
            "Stödpersonen hjälper er att hitta lärinnehåll som passar just ert behov: kurser i "
            "webbskolan, interna utbildningar, studier vid läroanstalter eller korta material. "
            "Ofta räcker ett samtal och en tipslista efteråt, och vid behov bokar man ett kort "
            "uppföljningssamtal. Av er behövs en beskrivning av vad ni vill lära er och hur mycket "
            "tid ni har för studier."
        ),
        description_en=(
            "The support person helps you find learning content that fits your need: online school "
            "courses, internal training, studies at educational institutions or short materials. "
            "Often one conversation and a list of tips afterwards is enough, with a short "
            "follow-up if needed. You describe what you want to learn and how much time you have "
            "for study."
        ),
        typical_hours=2.0,
        required_skills=("learning_guidance",),
        eligible_roles=("learning_agent", "learning_coach", "learning_activist"),
        assignment_mode=CLAIM,
        needs=(
            (
                (
                    "Olen lähihoitaja ja haluaisin kouluttautua sairaanhoitajaksi työn ohessa. En "
                    "tiedä, mitkä oppilaitokset tarjoavat monimuotokoulutusta ja voiko opintoihin "
                    "saada työnantajan tukea."
                ),
                "Tiedän vaihtoehdot ja seuraavat askeleet hakemista varten.",
            ),
            (
                (
                    "Tiimimme tarvitsee taulukkolaskennan kertausta, koska raportit siirtyvät "
                    "meille keskushallinnosta. Mistä löytyisi lyhyt ja käytännönläheinen kurssi?"
                ),
                "Jokainen tiimiläinen löytää omaan tasoonsa sopivan kurssin.",
            ),
            (
                (
                    "Kirurgisella osastolla tarvitaan lisää haavanhoidon osaamista. Onko talossa "
                    "omaa koulutusta, vai pitäisikö etsiä ulkopuolinen?"
                ),
                "Saamme listan sopivista koulutuksista ja ohjeet niihin ilmoittautumiseen.",
            ),
            (
                (
                    "Olen palkkasihteeri ja kiinnostunut HR-analytiikasta. Haluaisin vinkkejä, "
                    "miten pääsisin alkuun ilman pitkiä opintoja."
                ),
                "Minulla on oppimispolku, jonka voin aloittaa tässä kuussa.",
            ),
            (
                (
                    "Puhtauspalveluissa monen äidinkieli on jokin muu kuin suomi. Etsimme "
                    "selkokielisiä tai kuvitettuja materiaaleja hygieniaohjeista."
                ),
                "Löydämme materiaalit, joita voimme käyttää perehdytyksessä ja kertauksessa.",
            ),
            (
                (
                    "Tiimillä on koulutusbudjetti, mutta kukaan ei ehdi selvittää vaihtoehtoja. "
                    "Voisiko joku koota meille muutaman hyvän ehdotuksen vuorovaikutustaitojen "
                    "koulutuksista?"
                ),
                "Päätämme tiimissä, mihin koulutukseen budjetti käytetään.",
            ),
            (
                (
                    "Ensihoidossa pitää ylläpitää hoitotason osaamista, mutta vuorotyössä "
                    "koulutuksiin on vaikea päästä. Etsimme joustavia tapoja opiskella."
                ),
                "Tiedämme, mitkä koulutukset voi suorittaa verkossa omaan tahtiin.",
            ),
            (
                (
                    "Aloitin juuri esihenkilönä sovelluspalveluissa ja haluaisin oppia valmentavaa "
                    "johtamista. Mitä talo tarjoaa uusille esihenkilöille?"
                ),
                "Ilmoittaudun sopivaan valmennukseen ja löydän lisäksi luettavaa.",
            ),
            (
                (
                    "Hoivakodissa kiinnostaisi muistisairaiden kuntouttava hoito, mutta emme "
                    "tiedä, millaisia koulutuksia siihen on. Toivoisimme vinkkejä, jotka sopivat "
                    "koko tiimille."
                ),
                (
                    "Löydämme koulutuksen tai materiaalin, jota voimme käydä läpi yhdessä "
                    "tiimipalavereissa."
                ),
            ),
        ),
    ),
    ServiceText(
        code="values_discussion",
        name_fi="Arvokeskustelu",
        name_sv="Samtal om värderingar",
        name_en="Values discussion",
        description_fi=(
            "Tukihenkilö fasilitoi keskustelun, jossa tiimi pohtii, mitä organisaation arvot "
            "tarkoittavat tavallisena työpäivänä ja missä ne näkyvät tai jäävät näkymättä. "
            "Keskustelu kestää yleensä puolitoista–kaksi tuntia, ja siinä käytetään toiminnallisia "
            "menetelmiä, jotta jokainen pääsee mukaan. Lopuksi sovitaan yksi tai kaksi "
            "konkreettista tekoa. Tiimiltä tarvitaan avoin mieli ja rauhallinen tila, jossa voi "
            "puhua ilman kiirettä."
        ),
        description_sv=(
            "Stödpersonen leder ett samtal där teamet funderar på vad organisationens värderingar "
            "betyder under en vanlig arbetsdag och var de syns eller inte syns. Samtalet tar "
            "vanligen en och en halv till två timmar, och man använder aktiverande metoder så att "
            "alla kan delta. Till sist kommer man överens om en eller två konkreta handlingar. Av "
            "teamet behövs ett öppet sinne och ett lugnt utrymme där man kan tala utan brådska."
        ),
        description_en=(
            "The support person facilitates a conversation in which the team considers what the "
            "organisation's values mean on an ordinary working day, and where they show or do not. "
            "It usually takes one and a half to two hours and uses participatory methods so that "
            "everyone can join in. You finish by agreeing one or two concrete actions. The team "
            "needs an open mind and a quiet space where people can talk without hurry."
        ),
        typical_hours=5.0,
        required_skills=("values_work", "facilitation"),
        eligible_roles=("work_culture_hacker", "change_agent", "learning_activist"),
        assignment_mode=REQUESTER_PICKS,
        needs=(
            (
                (
                    "Arvot on kirjoitettu käytävän seinälle, mutta harva osaa sanoa, mitä ne "
                    "tarkoittavat hoivakodin arjessa. Haluaisimme keskustella niistä käytännön "
                    "esimerkkien kautta."
                ),
                "Jokaiselle arvolle löytyy tiimin oma, arjesta poimittu esimerkki.",
            ),
            (
                (
                    "Tiimissä on ollut erimielisyyttä siitä, miten asiakkaita kohdellaan kiireen "
                    "keskellä. Tarvitsisimme turvallisen tavan puhua asiasta ilman syyllistämistä."
                ),
                "Sovimme yhteisen tavan toimia kiireisinä päivinä.",
            ),
            (
                (
                    "Hyvinvointialue toi yhteen kolmen kunnan työkulttuurit. Sosiaalipalveluissa "
                    "puhutaan yhä 'meistä' ja 'niistä'."
                ),
                "Löydämme yhteisen pohjan ja sanoitamme, mitä arvostamme toistemme työssä.",
            ),
            (
                (
                    "ICT-palvelukeskuksessa arvot tuntuvat kaukaisilta, koska emme tapaa potilaita "
                    "emmekä asiakkaita. Haluaisimme miettiä, miten arvot näkyvät meidän työssämme."
                ),
                "Tiimi muotoilee arvoista oman versionsa, joka kuvaa tukipalvelun työtä.",
            ),
            (
                (
                    "Lääkäreiden ja hoitajien välillä on jännitettä siitä, kenen näkemys "
                    "ratkaisee. Toivomme arvokeskustelua, jossa molemmat ammattiryhmät ovat "
                    "mukana."
                ),
                (
                    "Ymmärrämme paremmin toistemme näkökulmia ja sovimme, miten erimielisyydet "
                    "käsitellään."
                ),
            ),
            (
                (
                    "Ajanvaraukseen on tullut asiakaspalautetta töykeästä puhelinpalvelusta. "
                    "Haluaisimme käsitellä palautteen arvojen kautta emmekä syyllisiä etsimällä."
                ),
                "Sovimme kolme asiaa, joilla asiakkaan kohtaaminen puhelimessa paranee.",
            ),
            (
                (
                    "Paloasemalla on vahva oma kulttuuri, mikä on hieno asia, mutta uusien on "
                    "vaikea päästä porukkaan sisään. Haluaisimme pohtia, millainen yhteisö "
                    "haluamme olla."
                ),
                "Tunnistamme tavat, joilla otamme uudet paremmin mukaan.",
            ),
            (
                (
                    "Asumisyksikössä puhutaan paljon itsemääräämisoikeudesta, mutta arjessa teemme "
                    "päätöksiä asukkaiden puolesta. Tarvitsemme keskustelun, jossa katsomme omia "
                    "käytäntöjämme rehellisesti."
                ),
                (
                    "Valitsemme yhden arjen käytännön, jonka muutamme asukkaan itsemääräämistä "
                    "tukevaksi."
                ),
            ),
            (
                (
                    "Työhyvinvointikyselyssä saimme heikot tulokset kohdasta 'kohtelemme toisiamme "
                    "arvostavasti'. Haluaisimme käsitellä tuloksen ulkopuolisen vetäjän kanssa."
                ),
                "Ymmärrämme, mistä tulos johtuu, ja sovimme ensimmäisen korjaavan teon.",
            ),
        ),
    ),
    ServiceText(
        code="retrospective",
        name_fi="Retrospektiivi",
        name_sv="Retrospektiv",
        name_en="Retrospective",
        description_fi=(
            "Tukihenkilö vetää tiimille retrospektiivin eli lyhyen pysähdyksen, jossa katsotaan "
            "taaksepäin: mikä meni hyvin, mikä takkusi ja mitä kokeilemme seuraavaksi. Tapaaminen "
            "kestää tunnista puoleentoista, ja se sopii esimerkiksi projektin, kiireisen kauden "
            "tai muutoksen jälkeen. Tiimiltä tarvitaan aika, jolloin mahdollisimman moni pääsee "
            "paikalle, ja halu kokeilla yhtä parannusta. Halutessanne tukihenkilö näyttää samalla, "
            "miten voitte jatkossa vetää retrot itse."
        ),
        description_sv=(
            "Stödpersonen leder en retrospektiv för teamet, det vill säga en kort paus där man ser "
            "bakåt: vad gick bra, vad var trögt och vad prövar vi härnäst. Träffen tar en till en "
            "och en halv timme och passar till exempel efter ett projekt, en hektisk period eller "
            "en förändring. Av teamet behövs en tid då så många som möjligt kan delta och en vilja "
            "att pröva en förbättring. Om ni vill visar stödpersonen också hur ni i fortsättningen "
            "kan leda retrospektiven själva."
        ),
        description_en=(
            "The support person runs a retrospective for the team: a short pause to look back at "
            "what went well, what was hard and what to try next. It takes one to one and a half "
            "hours and suits the end of a project, a busy season or a change. The team needs a "
            "time when as many people as possible can attend, and the will to try one improvement. "
            "If you wish, the support person also shows you how to run retrospectives yourselves."
        ),
        typical_hours=3.0,
        required_skills=("retrospectives",),
        eligible_roles=(),
        assignment_mode=CLAIM,
        needs=(
            (
                (
                    "Saimme juuri päätökseen uuden potilastietojärjestelmän käyttöönoton "
                    "osastolla. Haluaisimme katsoa taaksepäin ja oppia, ennen kuin seuraava "
                    "järjestelmämuutos alkaa."
                ),
                "Kirjaamme opit, joita hyödynnämme seuraavassa käyttöönotossa.",
            ),
            (
                (
                    "Kesä oli rankka: paljon sijaisia ja suljettuja sairaansijoja. Haluaisimme "
                    "käsitellä sen yhdessä, ettemme kanna sitä mukanamme syksyyn."
                ),
                (
                    "Tiimi saa purettua kesän kokemukset ja valitsee yhden asian, jonka teemme "
                    "ensi kesänä toisin."
                ),
            ),
            (
                (
                    "Digipalveluiden tiimi on tehnyt kahden viikon sprinttejä, mutta retroista on "
                    "tullut tylsiä ja samat asiat toistuvat. Kaipaamme uutta vetäjää ja uusia "
                    "menetelmiä."
                ),
                "Retro tuottaa taas konkreettisia kokeiluja, ja opimme kaksi uutta tapaa vetää se.",
            ),
            (
                (
                    "Palkkapalvelut selvisivät vuodenvaihteen ruuhkasta, mutta moni oli aivan "
                    "lopussa. Haluaisimme miettiä, mitä voisi ensi kerralla tehdä aikaisemmin."
                ),
                "Meillä on lista asioista, jotka siirrämme syksylle ennen vuodenvaihteen ruuhkaa.",
            ),
            (
                (
                    "Ensihoitoasemalla kokeiltiin kolme kuukautta uutta vuorojärjestelyä. Nyt "
                    "pitäisi päättää, jatketaanko sitä, ja haluamme kuulla kaikkien kokemukset."
                ),
                "Päätös jatkosta tehdään koko työyhteisön kokemusten pohjalta.",
            ),
            (
                (
                    "Neuvola järjesti influenssarokotukset yhdessä terveysaseman kanssa. "
                    "Yhteistyössä oli sekä hyvää että hankalaa, ja haluaisimme käydä sen läpi "
                    "yhdessä."
                ),
                "Sovimme, miten yhteistyö järjestetään ensi syksyn rokotuskampanjassa.",
            ),
            (
                (
                    "Olemme pitäneet retrot itse, mutta esihenkilö vetää ne aina ja keskustelu "
                    "pyörii hänen ympärillään. Haluaisimme kerran ulkopuolisen vetäjän ja vinkkejä "
                    "vetovuoron kierrättämiseen."
                ),
                "Vetovuoro kiertää tiimissä, ja jokainen uskaltaa vetää retron.",
            ),
            (
                (
                    "Keittiön remontti kesti puoli vuotta, ja toimimme väistötiloissa. Nyt olemme "
                    "palanneet ja haluaisimme miettiä, mitä väliaikaisista käytännöistä kannattaa "
                    "säilyttää."
                ),
                (
                    "Tunnistamme väistöajan hyvät käytännöt ja päätämme, mitkä niistä jäävät "
                    "pysyviksi."
                ),
            ),
            (
                (
                    "Rekrytointitiimi hoiti ison kesätyöntekijähaun uudella järjestelmällä. "
                    "Palautetta tuli paljon, ja haluaisimme käsitellä sen rauhassa."
                ),
                "Valitsemme kolme parannusta ensi vuoden hakuun.",
            ),
        ),
    ),
    ServiceText(
        code="career_conversation",
        name_fi="Urakeskustelu sisäisen uracoachin kanssa",
        name_sv="Karriärsamtal med en intern karriärcoach",
        name_en="Career conversation with an internal career coach",
        description_fi=(
            "Voit varata luottamuksellisen keskustelun sisäisen uracoachin kanssa, kun mietit omaa "
            "suuntaasi: uutta tehtävää, kouluttautumista, tehtäväkiertoa tai sitä, miten "
            "nykyisestä työstä saisi enemmän irti. Ensimmäinen keskustelu kestää noin tunnin, ja "
            "usein sovitaan yksi jatkokeskustelu muutaman viikon päähän. Voit valita uracoachin "
            "itse esittelyjen perusteella. Keskustelun sisältö jää teidän kahden väliseksi, eikä "
            "siitä raportoida esihenkilölle."
        ),
        description_sv=(
            "Du kan boka ett förtroligt samtal med en intern karriärcoach när du funderar på din "
            "egen riktning: en ny uppgift, utbildning, arbetsrotation eller hur du kan få ut mer "
            "av ditt nuvarande arbete. Det första samtalet tar ungefär en timme, och ofta bokar "
            "man ett uppföljningssamtal några veckor senare. Du kan själv välja karriärcoach "
            "utifrån presentationerna. Det ni talar om stannar mellan er två och rapporteras inte "
            "till din chef."
        ),
        description_en=(
            "You can book a confidential conversation with an internal career coach when you are "
            "thinking about your direction: a new role, further study, job rotation or how to get "
            "more out of your current work. The first conversation takes about an hour, and a "
            "follow-up is often agreed a few weeks later. You can choose the career coach yourself "
            "from their introductions. What you discuss stays between the two of you and is not "
            "reported to your supervisor."
        ),
        typical_hours=2.5,
        required_skills=("career_coaching",),
        eligible_roles=("career_coach",),
        assignment_mode=REQUESTER_PICKS,
        needs=(
            (
                (
                    "Olen ollut sairaanhoitajana samalla osastolla kaksitoista vuotta ja kaipaan "
                    "jotain uutta. En tiedä, pitäisikö hakea toiselle osastolle vai kokonaan "
                    "muihin tehtäviin."
                ),
                "Saan selkeyttä siihen, mihin suuntaan haluan edetä.",
            ),
            (
                (
                    "Selkäni ei enää kestä laitoshuoltajan työtä, ja mietin, mitä muuta voisin "
                    "tehdä talon sisällä. Kaipaan jotakuta, jonka kanssa käydä vaihtoehtoja läpi."
                ),
                "Tunnistan kaksi tai kolme realistista vaihtoehtoa ja tiedän, miten niihin pääsee.",
            ),
            (
                (
                    "Minua on pyydetty hakemaan esihenkilötehtävään, mutta en ole varma, haluanko "
                    "sitä. Haluaisin puhua asiasta jonkun ulkopuolisen kanssa."
                ),
                "Teen päätöksen hakemisesta omien arvojeni ja vahvuuksieni pohjalta.",
            ),
            (
                (
                    "Olen palkanlaskija ja kiinnostunut ICT-tehtävistä. Onko talossa "
                    "mahdollisuutta tehtäväkiertoon tai työssä oppimiseen toisessa yksikössä?"
                ),
                "Tiedän, miten tehtäväkiertoon haetaan ja kenen kanssa asiasta kannattaa puhua.",
            ),
            (
                (
                    "Palasin juuri perhevapaalta, ja työ on muuttunut paljon. Haluaisin miettiä, "
                    "mitä haluan jatkossa ja miten sovitan työn ja perheen yhteen."
                ),
                (
                    "Minulla on suunnitelma seuraavalle vuodelle ja rohkeutta ottaa asia puheeksi "
                    "esihenkilön kanssa."
                ),
            ),
            (
                (
                    "Olen ollut kymmenen vuotta ensihoitajana ja mietin, kestääkö kroppa tätä "
                    "työtä eläkeikään asti. Missä muualla osaamistani voisi käyttää?"
                ),
                "Tunnistan, mihin muihin tehtäviin ensihoidon osaamiseni sopii.",
            ),
            (
                (
                    "Valmistuin sosionomiksi ja olen tehnyt ensimmäisen vuoden perhetyössä. "
                    "Haluaisin jutella siitä, miten kehitän osaamistani ja mihin kannattaa "
                    "suunnata."
                ),
                "Saan kuvan mahdollisista urapoluista ja valitsen ensimmäisen askeleen.",
            ),
            (
                (
                    "Olen pitkään harkinnut erikoistumiskoulutusta, mutta en tiedä, onko siitä "
                    "hyötyä nykyisessä työssäni. Kaipaan sparrausta päätöksen tueksi."
                ),
                "Selvitän, mitä hyötyä opinnoista olisi ja miten ne järjestyisivät työn ohessa.",
            ),
            (
                (
                    "Tuntuu, että osaamiseni ei näy nykyisessä roolissani. Haluaisin tunnistaa "
                    "vahvuuteni paremmin ja osata kertoa niistä."
                ),
                "Osaan kuvata vahvuuteni ja tiedän, missä voisin hyödyntää niitä enemmän.",
            ),
        ),
    ),
    ServiceText(
        code="change_support",
        name_fi="Muutoksen tukeminen tiimissä",
        name_sv="Stöd för teamet i en förändring",
        name_en="Supporting a team through change",
        description_fi=(
            "Kun tiimiä odottaa tai koskettaa iso muutos – yhdistyminen, uusi järjestelmä, muutto "
            "tai uudet tehtävät – tukihenkilö auttaa käsittelemään sen yhdessä. Aluksi "
            "kartoitetaan, mitä muutos tarkoittaa eri ihmisille ja mikä huolettaa, ja sitten "
            "sovitaan, mitä tiimi voi itse tehdä ja mitä tietoa se vielä tarvitsee. Tyypillisesti "
            "tapaamisia on kahdesta neljään muutoksen eri vaiheissa. Esihenkilön toivotaan olevan "
            "mukana ainakin ensimmäisellä kerralla."
        ),
        description_sv=(
            "När en stor förändring väntar eller berör teamet – en sammanslagning, ett nytt "
            "system, en flytt eller nya uppgifter – hjälper stödpersonen er att bearbeta den "
            "tillsammans. Först kartlägger man vad förändringen betyder för olika personer och vad "
            "som oroar, och sedan kommer man överens om vad teamet själv kan göra och vilken "
            "information det ännu behöver. Vanligen blir det två till fyra träffar i förändringens "
            "olika skeden. Chefen bör delta åtminstone första gången."
        ),
        description_en=(
            "When a big change is coming or under way – a merger, a new system, a move or new "
            "tasks – the support person helps the team work through it together. First you map "
            "what the change means to different people and what worries them, then agree what the "
            "team can do itself and what information it still needs. There are typically two to "
            "four meetings at different stages of the change. The supervisor should take part at "
            "least the first time."
        ),
        typical_hours=10.0,
        required_skills=("change_support", "facilitation"),
        eligible_roles=("change_agent", "learning_coach", "agile_coach"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Kaksi terveysasemaa yhdistyy keväällä, ja henkilökunta on huolissaan "
                    "työmatkoista ja siitä, miten tiimit muodostetaan. Huhuja liikkuu enemmän kuin "
                    "tietoa."
                ),
                "Työntekijät tietävät, mihin voivat vaikuttaa, ja huolet on käsitelty yhdessä.",
            ),
            (
                (
                    "Meille tulee uusi asiakastietojärjestelmä, ja osa pitkään talossa olleista on "
                    "epävarmoja omista taidoistaan. Haluaisimme tukea muutokseen muutenkin kuin "
                    "järjestelmäkoulutuksella."
                ),
                "Tiimissä on sovittu, miten tuemme toisiamme käyttöönoton aikana.",
            ),
            (
                (
                    "Osastomme muuttaa uuteen sairaalarakennukseen, jossa on vain yhden hengen "
                    "huoneita, ja kaikki toimintatavat pitää miettiä uudelleen. Tarvitsemme apua "
                    "muutoksen suunnitteluun yhdessä henkilöstön kanssa."
                ),
                "Henkilöstö osallistuu uusien toimintatapojen suunnitteluun jo ennen muuttoa.",
            ),
            (
                (
                    "Palkkapalveluiden tehtäviä siirtyy ulkoiselle palveluntuottajalle, ja tiimin "
                    "jäljelle jäävät tehtävät muuttuvat. Tunnelma on raskas, ja moni miettii omaa "
                    "tulevaisuuttaan."
                ),
                "Tiimi saa käsitellä muutoksen herättämät tunteet ja hahmottaa uudet tehtävänsä.",
            ),
            (
                (
                    "Kotihoitoon tulevat etäkäynnit, ja osa hoitajista kokee, että hoitotyön ydin "
                    "katoaa. Haluaisimme käydä keskustelun, jossa myös kriittiset äänet kuullaan."
                ),
                "Löydämme tavan toteuttaa etäkäynnit niin, että hoitajat kokevat ne mielekkäiksi.",
            ),
            (
                (
                    "Yksikkömme siirtyy organisaatiouudistuksessa toiselle toimialalle, ja "
                    "esihenkilö vaihtuu. Emme tiedä, säilyvätkö hyväksi havaitut käytäntömme."
                ),
                (
                    "Tunnistamme käytännöt, jotka haluamme säilyttää, ja esittelemme ne uudelle "
                    "esihenkilölle."
                ),
            ),
            (
                (
                    "Ravintopalveluissa siirrytään keskitettyyn valmistukseen, ja kahden keittiön "
                    "henkilökunta yhdistetään. Tarvitsemme tukea siihen, että uusi porukka lähtee "
                    "liikkeelle hyvässä hengessä."
                ),
                "Uusi työyhteisö sopii yhteiset pelisäännöt ensimmäisen kuukauden aikana.",
            ),
            (
                (
                    "Päivystyksen toimintamalli muuttuu kesällä, ja jokaisella on siitä eri tieto. "
                    "Haluaisimme yhteisen tilaisuuden, jossa muutos käydään läpi ja kysymykset "
                    "saadaan esiin."
                ),
                (
                    "Kaikilla on sama kuva muutoksesta, ja avoimet kysymykset on kirjattu "
                    "vastattaviksi."
                ),
            ),
            (
                (
                    "Lastensuojeluun on tulossa uusi työparimalli, ja moni on tehnyt työtä yksin "
                    "vuosia. Tarvitsemme apua siihen, miten parityöhön totutaan."
                ),
                (
                    "Työparit sopivat toimintatavoistaan ja palaavat arvioimaan niitä kuukauden "
                    "päästä."
                ),
            ),
        ),
    ),
    ServiceText(
        code="digital_learning_intro",
        name_fi="Verkko-oppimisen aloitus ja verkkokoulun käyttö",
        name_sv="Kom i gång med webbstudier och webbskolan",
        name_en="Getting started with online learning and the online school",
        description_fi=(
            "Tukihenkilö näyttää, miten organisaation verkkokoulu toimii, mistä kurssit löytyvät "
            "ja miten suoritukset kirjautuvat. Samalla mietitään, miten verkko-opiskelun saa "
            "mahtumaan työvuoroihin ja missä sitä voi tehdä rauhassa. Opastus annetaan "
            "pienryhmälle tai tiimipalaverin yhteydessä, ja se kestää noin tunnin. Osallistujilta "
            "tarvitaan toimivat tunnukset ja mielellään oma laite mukaan."
        ),
        description_sv=(
            "Stödpersonen visar hur organisationens webbskola fungerar, var kurserna finns och hur "
            "prestationerna registreras. Samtidigt funderar man på hur webbstudierna kan rymmas i "
            "arbetsturerna och var man kan studera i lugn och ro. Handledningen ges till en liten "
            "grupp eller i samband med ett teammöte och tar ungefär en timme. Deltagarna behöver "
            "fungerande användarkonton och gärna en egen enhet med sig."
        ),
        description_en=(
            "The support person shows how the organisation's online school works, where to find "
            "courses and how completions are recorded. You also think about how online study can "
            "fit into shifts and where it can be done in peace. The guidance is given to a small "
            "group or as part of a team meeting and takes about an hour. Participants need working "
            "user accounts and preferably their own device."
        ),
        typical_hours=3.0,
        required_skills=("digital_learning",),
        eligible_roles=(),
        assignment_mode=CLAIM,
        needs=(
            (
                (
                    "Meidän pitäisi suorittaa lääkehoidon verkkotentti, mutta monella on "
                    "vaikeuksia jo kirjautumisessa. Tarvitsemme jonkun näyttämään alusta asti."
                ),
                "Jokainen pääsee kirjautumaan verkkokouluun ja aloittamaan kurssin.",
            ),
            (
                (
                    "Puhtauspalveluiden työntekijöillä ei ole omaa tietokonetta, ja verkkokurssit "
                    "pitäisi tehdä työaikana. Miten tämä käytännössä järjestetään?"
                ),
                "Sovimme ajan ja paikan, jossa verkkokursseja voi tehdä työvuoron aikana.",
            ),
            (
                (
                    "Esihenkilönä en näe, kuka tiimistä on suorittanut pakolliset "
                    "tietosuojakurssit. Haluaisin opastusta raporttien käyttöön."
                ),
                "Osaan itse tarkistaa tiimin suoritukset verkkokoulusta.",
            ),
            (
                (
                    "Kotihoidossa on tabletit, mutta niitä käytetään vain kirjaamiseen. Voisiko "
                    "niillä tehdä myös lyhyitä verkkokursseja käyntien välissä?"
                ),
                "Tiedämme, mitkä kurssit toimivat tabletilla ja miten niitä voi tehdä pätkissä.",
            ),
            (
                (
                    "Verkkokoulussa on valtavasti sisältöä, emmekä tiedä, mistä aloittaa. "
                    "Haluaisimme esittelyn siitä, mitä siellä on juuri meidän työhömme liittyen."
                ),
                "Jokainen on löytänyt vähintään yhden oman työnsä kannalta kiinnostavan kurssin.",
            ),
            (
                (
                    "Haluaisimme tehdä osastolle oman lyhyen perehdytysvideon ja julkaista sen "
                    "verkkokoulussa. Onko se mahdollista, ja keneltä saisi apua?"
                ),
                (
                    "Tiedämme, miten oma materiaali julkaistaan ja kuka auttaa teknisessä "
                    "toteutuksessa."
                ),
            ),
            (
                (
                    "Osa tiimiläisistä on aloittanut verkkokursseja mutta jättänyt ne kesken. "
                    "Kaipaamme ideoita siihen, miten opiskelu pysyisi käynnissä."
                ),
                "Otamme käyttöön opiskelukaverit ja yhteiset opiskeluhetket.",
            ),
            (
                (
                    "Paloasemalla pitäisi siirtyä paperisista harjoituspäiväkirjoista "
                    "verkkokouluun. Osa kokeneemmista epäilee, ja tarvitsemme kärsivällisen "
                    "opastajan."
                ),
                "Koko vuoro osaa kirjata harjoitukset verkkokouluun.",
            ),
            (
                (
                    "Tiimissämme on ruotsinkielisiä työntekijöitä, mutta he eivät löydä "
                    "verkkokoulusta ruotsinkielisiä kursseja. Miten ne löytää, ja voiko kielen "
                    "vaihtaa kesken kurssin?"
                ),
                (
                    "Ruotsinkieliset tiimiläiset löytävät omankieliset sisällöt ja osaavat vaihtaa "
                    "käyttökieltä."
                ),
            ),
        ),
    ),
    ServiceText(
        code="onboarding_design",
        name_fi="Perehdytyksen kehittäminen",
        name_sv="Utveckling av introduktionen",
        name_en="Improving onboarding",
        description_fi=(
            "Tukihenkilö auttaa tiimiä muotoilemaan perehdytyksen, joka kantaa uutta työntekijää "
            "ensimmäisistä päivistä siihen asti, kun hän pärjää itsenäisesti. Aluksi haastatellaan "
            "muutamaa hiljattain aloittanutta ja kootaan heidän kokemuksensa, sitten tiimi "
            "rakentaa perehdytyspolun ja sopii, kuka vastaa mistäkin. Tiimiltä tarvitaan nykyiset "
            "perehdytysmateriaalit ja kaksi tai kolme yhteistä työskentelyhetkeä."
        ),
        description_sv=(
            "Stödpersonen hjälper teamet att utforma en introduktion som bär den nya medarbetaren "
            "från de första dagarna tills hen klarar sig självständigt. Först intervjuar man några "
            "som nyligen har börjat och samlar deras erfarenheter, sedan bygger teamet en "
            "introduktionsstig och kommer överens om vem som ansvarar för vad. Av teamet behövs "
            "det nuvarande introduktionsmaterialet och två eller tre gemensamma arbetspass."
        ),
        description_en=(
            "The support person helps the team design onboarding that carries a new employee from "
            "the first days to the point where they manage on their own. You start by interviewing "
            "a few recent starters and gathering their experiences; the team then builds an "
            "onboarding path and agrees who is responsible for what. The team needs its current "
            "onboarding materials and two or three working sessions together."
        ),
        typical_hours=8.0,
        required_skills=("learning_design",),
        eligible_roles=("learning_designer", "learning_trainer", "learning_agent"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Kesäsijaiset saavat meillä kahden päivän perehdytyksen, ja sen jälkeen he "
                    "ovat aivan yksin. Moni on sanonut, että ensimmäinen viikko oli kaaos."
                ),
                (
                    "Sijaisilla on selkeä perehdytyspolku ja nimetty tukija ensimmäisten viikkojen "
                    "ajan."
                ),
            ),
            (
                (
                    "Perehdytyskansio on sadan sivun paperipino, jota kukaan ei lue. Haluaisimme "
                    "tilalle jotain, mikä oikeasti auttaa."
                ),
                (
                    "Korvaamme kansion lyhyillä, työtehtäviin sidotuilla ohjeilla ja "
                    "tarkistuslistalla."
                ),
            ),
            (
                (
                    "Käyttäjätukeen tulee uusia työntekijöitä puolen vuoden välein, ja jokainen "
                    "perehdyttää heitä omalla tavallaan. Tarvitsemme yhteisen rungon."
                ),
                "Tiimillä on yhteinen perehdytysrunko, jota kaikki käyttävät.",
            ),
            (
                (
                    "Kotihoidossa uusi työntekijä kiertää ensimmäisen viikon eri hoitajien mukana "
                    "ja kuulee viisi erilaista tapaa tehdä sama asia. Haluaisimme yhtenäistää "
                    "ainakin tärkeimmät."
                ),
                "Olemme sopineet, mitkä asiat opetetaan kaikille samalla tavalla.",
            ),
            (
                (
                    "Lastensuojelun avohuoltoon tulee vastavalmistuneita sosiaalityöntekijöitä, "
                    "joille työ on raskasta. Perehdytyksessä pitäisi huomioida myös jaksaminen."
                ),
                (
                    "Perehdytyspolkuun on lisätty säännölliset purkukeskustelut ensimmäisiksi "
                    "kuukausiksi."
                ),
            ),
            (
                (
                    "Kirjanpitoon palkattiin kaksi ulkomailla koulutettua ekonomia, joille "
                    "suomalainen julkishallinto on uusi. Tarvitsemme perehdytyksen, joka ottaa "
                    "kielen ja taustan huomioon."
                ),
                (
                    "Uudet kollegat pääsevät sisään työhön selkokielisten materiaalien ja kummin "
                    "tuella."
                ),
            ),
            (
                (
                    "Leikkausosaston perehdytys kestää kuukausia, eikä kukaan tiedä, missä "
                    "vaiheessa uusi työntekijä on. Haluaisimme näkyvän tavan seurata edistymistä."
                ),
                (
                    "Käytössä on osaamislista, josta sekä uusi työntekijä että perehdyttäjä "
                    "näkevät edistymisen."
                ),
            ),
            (
                (
                    "Hoivakodissa on paljon opiskelijoita, ja ohjaajat vaihtuvat vuorojen mukaan. "
                    "Opiskelijat kertovat palautteessa, etteivät tiedä, keneltä kysyä."
                ),
                "Jokaisella opiskelijalla on vastuuohjaaja ja viikoittainen palautehetki.",
            ),
            (
                (
                    "Rekrytoinnissa pohdimme, voisiko osan perehdytyksestä tehdä verkossa jo ennen "
                    "ensimmäistä työpäivää. Emme tiedä, mitkä osat kannattaisi siirtää."
                ),
                "Tunnistamme perehdytyksen osat, jotka toimivat verkossa ennen aloitusta.",
            ),
        ),
    ),
    ServiceText(
        code="peer_learning",
        name_fi="Vertaisoppimisen käynnistäminen",
        name_sv="Kom i gång med kollegialt lärande",
        name_en="Starting peer learning",
        description_fi=(
            "Tukihenkilö auttaa tiimiä löytämään tavan jakaa osaamista toisilleen, esimerkiksi "
            "lyhyet oppimistuokiot tiimipalaverissa, osaajakartan tai pariopiskelun. Ensimmäisellä "
            "kerralla selvitetään, kuka osaa mitäkin ja mitä halutaan oppia, ja sovitaan "
            "ensimmäiset tuokiot. Noin kuukauden päästä tavataan uudelleen ja katsotaan, miten "
            "käytäntö on lähtenyt liikkeelle. Tiimiltä tarvitaan säännöllisesti vartti tai kaksi "
            "palaverien yhteydessä."
        ),
        description_sv=(
            "Stödpersonen hjälper teamet att hitta ett sätt att dela kunnande med varandra, till "
            "exempel korta lärstunder på teammötet, en karta över vem som kan vad eller studier i "
            "par. Första gången reder man ut vem som kan vad och vad man vill lära sig, och kommer "
            "överens om de första lärstunderna. Efter ungefär en månad träffas man igen och ser "
            "hur det nya arbetssättet har kommit igång. Av teamet behövs regelbundet en kvart "
            "eller två i samband med mötena."
        ),
        description_en=(
            "The support person helps the team find a way to share know-how with each other, such "
            "as short learning moments in team meetings, a map of who knows what, or learning in "
            "pairs. The first meeting finds out who knows what and what people want to learn, and "
            "agrees the first sessions. About a month later you meet again to see how the practice "
            "has taken off. The team needs a regular fifteen or thirty minutes alongside its "
            "meetings."
        ),
        typical_hours=4.0,
        required_skills=("facilitation",),
        eligible_roles=("learning_activist", "learning_trainer", "learning_coach"),
        assignment_mode=COORDINATOR,
        needs=(
            (
                (
                    "Tiimissämme on yksi hoitaja, joka osaa hengityslaitteiden käytön todella "
                    "hyvin, ja kaikki kysyvät häneltä. Haluaisimme, että osaaminen leviäisi "
                    "laajemmalle."
                ),
                (
                    "Vähintään neljä hoitajaa osaa ohjata laitteen käyttöä, ja osaaminen on jaettu "
                    "tuokioissa."
                ),
            ),
            (
                (
                    "Käymme paljon koulutuksissa, mutta opit jäävät koulutuksessa käyneelle. "
                    "Haluaisimme tavan jakaa ne muille."
                ),
                (
                    "Jokaisesta koulutuksesta kerrotaan tiimille viiden minuutin tiivistelmä "
                    "seuraavassa palaverissa."
                ),
            ),
            (
                (
                    "Sovelluspalveluissa eri järjestelmien osaaminen on yksittäisten ihmisten "
                    "varassa. Jos joku sairastuu, kukaan muu ei osaa hoitaa hänen järjestelmäänsä."
                ),
                "Jokaisella järjestelmällä on vähintään kaksi osaajaa.",
            ),
            (
                (
                    "Haluaisimme aloittaa perjantaisin lyhyet oppimisvartit, mutta emme tiedä, "
                    "miten ne kannattaisi järjestää, ettei niistä tule yhden ihmisen esitelmiä."
                ),
                "Oppimisvartit pyörivät vuorovedolla ja osallistavilla menetelmillä.",
            ),
            (
                (
                    "Keskuslaboratorioon tulee uusia analysaattoreita, ja laitetoimittajan "
                    "koulutukseen pääsee vain kaksi meistä. Miten he saisivat opetettua muut "
                    "parhaiten?"
                ),
                "Koulutuksessa käyneet opettavat muut sovitussa ajassa tukimateriaalin avulla.",
            ),
            (
                (
                    "Kotihoidon eri tiimit ratkaisevat samoja ongelmia toisistaan tietämättä. "
                    "Haluaisimme tavan jakaa hyviä käytäntöjä tiimien kesken."
                ),
                "Tiimit tapaavat kerran kuussa, ja kukin tuo mukanaan yhden hyvän käytännön.",
            ),
            (
                (
                    "Meillä on paljon kokeneita lähihoitajia ja vasta valmistuneita "
                    "sairaanhoitajia, ja molemmilla olisi opittavaa toisiltaan. Voisiko "
                    "pariopiskelu toimia meillä?"
                ),
                "Kokeilemme kolmen kuukauden ajan sekapareja, jotka oppivat toisiltaan.",
            ),
            (
                (
                    "Taloushallinnossa osa osaa raportointityökalun läpikotaisin ja osa ei ole "
                    "avannut sitä koskaan. Toivoisimme vertaistukea virallisen kurssin sijaan."
                ),
                (
                    "Kokeneemmat pitävät kolme lyhyttä työpajaa ja auttavat kysymyksissä niiden "
                    "jälkeenkin."
                ),
            ),
            (
                (
                    "Fysioterapiassa on paljon hiljaista tietoa hyvistä harjoitteista, mutta sitä "
                    "ei ole kirjattu mihinkään. Haluaisimme jakaa sitä järjestelmällisemmin."
                ),
                "Kokoamme yhteisen harjoitepankin, jota jokainen täydentää.",
            ),
        ),
    ),
)


FEEDBACK_HELPED: tuple[str, ...] = (
    "Vetäjä piti keskustelun aiheessa, mutta kaikki saivat sanoa sanottavansa.",
    (
        "Kun jokainen kirjoitti ensin ajatuksensa lapulle, myös hiljaisempien näkemykset tulivat "
        "esiin."
    ),
    "Vetäjä tuli talon sisältä ja tunsi meidän arkemme, ei tarvinnut selittää perusasioita.",
    "Konkreettinen lopputulos: lähdimme huoneesta kolmen sovitun kokeilun kanssa.",
    "Ulkopuolinen vetäjä, jolloin esihenkilö pääsi osallistumaan tasavertaisena.",
    "Selkeä aikataulu ja tauot – mikään ei venynyt.",
    (
        "Kun prosessi piirrettiin seinälle, näimme, kuinka monta turhaa välivaihetta meillä "
        "oikeasti on."
    ),
    "Yhteenveto tuli sähköpostiin jo samana iltapäivänä.",
    "Saimme puhua myös huolista, eikä niitä sivuutettu.",
    "Tukihenkilö kysyi hyviä kysymyksiä eikä tarjonnut valmiita vastauksia.",
    "Lyhyt ennakkotehtävä auttoi miettimään asiaa jo etukäteen.",
    "Pienryhmät sekoitettiin niin, että eri vuorot ja ammattiryhmät olivat samassa ryhmässä.",
    "Esimerkit muista tiimeistä – huomasimme, ettemme ole ongelmamme kanssa yksin.",
    "Tapaaminen pidettiin vuoronvaihdon aikaan, joten melkein kaikki pääsivät paikalle.",
    "Kurssivinkit osuivat juuri meidän tasollemme, eivät olleet liian perusjuttuja.",
    "Rauhallinen tunnelma ja lupa sanoa keskeneräisiäkin ajatuksia.",
    "Pisteäänestys auttoi päättämään nopeasti, mistä aloitetaan.",
    (
        "Tukihenkilö näytti verkkokoulun käytön kohta kohdalta, ja kokeilimme samalla omilla "
        "tunnuksilla."
    ),
    "Urakeskustelussa sain sanoiksi asioita, joita olin pyöritellyt yksin pitkään.",
    "Selkeä jako siihen, mistä tiimi voi päättää itse ja mikä kuuluu esihenkilölle.",
    "Tilannetaulun mallipohja, jota pystyi muokkaamaan omaan käyttöön.",
    "Hetki, jossa jokainen kertoi, mikä omassa työssä on tärkeintä.",
    "Vetäjä osasi kääntää keskustelun rakentavaksi, kun tunteet kuumenivat.",
    "Näimme tiimin osaamiskartan ensimmäistä kertaa yhtenä kuvana.",
    "Juurisyyanalyysi paljasti, että virhe syntyy jo ennen kuin lomake tulee meille.",
    "Tukihenkilö palasi asiaan viikon päästä ja kysyi, miten kokeilu on lähtenyt käyntiin.",
    "Menetelmät olivat toiminnallisia – ei pelkkää istumista ja puhumista.",
    "Arvoista puhuttiin oikeiden tilanteiden kautta eikä juhlapuheena.",
    "Saimme tehdä suunnitelman itse, tukihenkilö vain piti langat käsissä.",
)

FEEDBACK_KEEP_DOING: tuple[str, ...] = (
    "Pidämme tilannetaulupalaverin joka aamu kello 8.15, enintään kymmenen minuuttia.",
    "Retro kerran kuussa, ja vetovuoro kiertää.",
    "Koulutuksesta palannut kertoo muille viiden minuutin tiivistelmän.",
    "Työvuorotoiveet kirjataan yhteiselle taululle, ja vaihdoista sovitaan keskenään.",
    "Perjantain oppimisvartti kahvin kera.",
    "Käymme kerran viikossa läpi yhden poikkeaman ja sen syyt.",
    "Päätökset tehdään palaverissa sovitulla tavalla, ei käytävällä.",
    "Uudelle työntekijälle nimetään aina kummi ensimmäiseksi kuukaudeksi.",
    "Päivitämme osaamiskarttaa puolen vuoden välein kehityskeskustelujen jälkeen.",
    "Palaverin lopuksi jokainen sanoo yhdellä sanalla, miltä nyt tuntuu.",
    "Jatkamme 5S-kierrosta varastossa kerran kuussa.",
    "Otamme arvokortit esiin aina, kun käsittelemme asiakaspalautetta.",
    "Uudet ideat kirjataan ideataululle, ja kerran kuussa valitsemme niistä yhden kokeiltavaksi.",
    "Varaamme kalenterista tunnin viikossa omaan oppimiseen ja pidämme siitä kiinni.",
    "Pariopiskelu jatkuu, ja parit vaihtuvat kolmen kuukauden välein.",
    "Vuoronvaihdon luovutus tehdään taulun ääressä sovitun rungon mukaan.",
    "Tiimit kokoontuvat kerran kuussa jakamaan kukin yhden hyvän käytännön.",
    "Aamun käynnit jaetaan tiimin kesken, esihenkilö tulee mukaan vain tarvittaessa.",
    "Tiimipalaverin asialistaa voi täydentää kuka tahansa etukäteen.",
    "Kokeilut kestävät kuukauden, ja sen jälkeen päätämme jatkosta yhdessä.",
    "Kiitämme toisiamme ääneen viikkopalaverin alussa.",
    "Verkkokurssien opiskeluhetki kahdesti kuussa taukotilan koneella.",
    "Hankalat asiakastilanteet puretaan samana päivänä työparin kanssa.",
    "Oppimissuunnitelman tilanne tarkistetaan joka toisessa tiimipalaverissa.",
    "Päätöskartta pysyy taukotilan seinällä, ja päivitämme sitä tarvittaessa.",
    "Ennen isoja muutoksia kysymme koko tiimin näkemyksen, emme vain vuorovastaavien.",
    "Jokainen vetää vuorollaan palaverin alun lämmittelyn.",
)

REFLECTIONS: tuple[str, ...] = (
    (
        "Tiimi oli alussa varautunut, mutta lämpeni, kun pääsi puhumaan omista esimerkeistään. "
        "Ensi kerralla aloitan suoraan käytännön tapauksista."
    ),
    (
        "Kolmelle aiheelle oli liian vähän aikaa. Olisi pitänyt rajata aihetta tiukemmin jo "
        "alkupalaverissa."
    ),
    (
        "Esihenkilön läsnäolo vaikutti keskusteluun enemmän kuin odotin. Jatkossa sovin etukäteen, "
        "missä osuudessa hän on mukana."
    ),
    (
        "Pienryhmätyö sujui hyvin, mutta purku venyi. Seuraavalla kerralla pyydän ryhmiltä vain "
        "kaksi tärkeintä havaintoa."
    ),
    (
        "Moni tuli suoraan yövuorosta ja oli väsynyt. Aamupäivä ei ollut tälle tiimille hyvä "
        "ajankohta."
    ),
    (
        "Lean-termit tuntuivat osasta vierailta, joten puhuin hukan sijaan turhasta odottelusta. "
        "Se auttoi."
    ),
    (
        "Yllätyin, kuinka valmis tiimi oli ottamaan vastuun työvuorosuunnittelusta. Muutosta "
        "jännitti lähinnä esihenkilö."
    ),
    "Opin itsekin paljon palkkahallinnon prosesseista, mistä on hyötyä myös omassa päätyössäni.",
    (
        "Kokeilin ensimmäistä kertaa kalamaljamenetelmää, ja se toimi isossa ryhmässä yllättävän "
        "hyvin. Kirjaan kokemukset menetelmäpakkiin."
    ),
    (
        "Keskustelu ajautui välillä työnjakokiistaan, joka ei ole minun ratkaistavissani. Ohjasin "
        "asian esihenkilölle ja palasimme sovittuun aiheeseen."
    ),
    (
        "Etänä osallistuneet jäivät vähän sivuun. Hybriditilaisuuksiin otan jatkossa parin, joka "
        "seuraa chattia."
    ),
    "Urakeskustelussa tärkeintä oli kuunnella. Varoin antamasta omia neuvojani liian aikaisin.",
    (
        "Verkkokoulun opastus vei odotettua kauemmin, koska puolella ei ollut voimassa olevia "
        "tunnuksia. Tarkistan ne jatkossa etukäteen."
    ),
    (
        "Tiimi teki itse suurimman osan työstä, minä lähinnä pidin aikaa ja kysyin kysymyksiä. "
        "Juuri niin kuin pitääkin."
    ),
    (
        "Arvokeskustelussa nousi esiin vanha ristiriita, jota ei ollut käsitelty. Suosittelin "
        "työnohjausta, koska asia ylittää minun roolini."
    ),
    (
        "Valmisteluun meni arvioitua enemmän aikaa, koska muokkasin menetelmät vuorotyöhön "
        "sopiviksi. Seuraavalla kerralla pohja on valmiina."
    ),
    (
        "Retrosta syntyi vain yksi kokeilu, mutta se oli koko tiimin yhteinen. Pidän sitä "
        "onnistumisena."
    ),
    (
        "Kysyin ennen työpajaa neuvoa verkoston tapaamisessa, ja se kannatti: toisen tukihenkilön "
        "vinkkaama lämmittely pelasti alun."
    ),
    (
        "Kymmenen prosentin osuus tuntui tässä kuussa tiukalta, kun päätyössä oli samaan aikaan "
        "kiire. Otan asian puheeksi esihenkilöni kanssa."
    ),
    (
        "Teen itse samantyyppistä työtä, joten tiimin kieli oli minulle tuttua. Se madalsi "
        "kynnystä selvästi."
    ),
    "Annoin tiimille liikaa vaihtoehtoja. Jatkossa ehdotan yhtä tai kahta työkalua kerrallaan.",
    (
        "Osastonhoitaja odotti valmista ratkaisua, tiimi taas halusi keskustella. Löysimme "
        "välimuodon, mutta odotuksista olisi pitänyt sopia tarkemmin alussa."
    ),
    "Sovimme lopuksi seurantapäivän, mikä tuntui sitouttavan tiimiä enemmän kuin mikään muu.",
)

FOLLOW_UP_STUCK: tuple[str, ...] = (
    (
        "Kyllä, aamun tilannetaulupalaveri pidetään edelleen joka päivä, ja raportti on lyhentynyt "
        "noin vartilla."
    ),
    (
        "Kyllä, retrot jatkuvat kerran kuussa ja vetovuoro kiertää. Kolme eri ihmistä on jo "
        "vetänyt ne."
    ),
    (
        "Kyllä, tiimi tekee työvuorolistat nyt itse. Ensimmäinen kierros oli työläs, toinen sujui "
        "jo hyvin."
    ),
    "Kyllä, perjantain oppimisvartit ovat vakiintuneet, ja aiheista on jo jonoa.",
    (
        "Kyllä, varasto on pysynyt järjestyksessä ja täydennysrajat toimivat. Etsimiseen ei kulu "
        "enää aikaa."
    ),
    "Kyllä, päätöskartta on taukotilan seinällä, ja siihen viitataan palavereissa.",
    (
        "Kyllä, uusi perehdytyspolku on ollut käytössä kahden uuden työntekijän kanssa, ja palaute "
        "on ollut hyvää."
    ),
    (
        "Kyllä, lisien kirjausvirheet ovat vähentyneet selvästi sen jälkeen, kun lomakkeeseen "
        "lisättiin tarkistus."
    ),
    (
        "Kyllä, oppimissuunnitelma käydään läpi joka toisessa tiimipalaverissa, ja kaksi "
        "koulutusta on jo suoritettu."
    ),
    "Kyllä, aamun käyntijako hoituu tiimin kesken, ja esihenkilö osallistuu enää tarvittaessa.",
    (
        "Kyllä, lähes kaikki ovat suorittaneet lääkehoidon verkkotentin, ja yhteiset "
        "opiskeluhetket jatkuvat."
    ),
    (
        "Kyllä, käsittelemme asiakaspalautteet nyt arvokorttien avulla, ja keskustelu on "
        "rauhallisempaa kuin ennen."
    ),
    (
        "Kyllä, vuoronvaihdon luovutustaulu on käytössä, ja keskeneräisistä töistä kiistellään "
        "selvästi vähemmän."
    ),
    (
        "Kyllä, pariopiskelu jatkuu ja parit on jo vaihdettu kerran. Moni sanoo oppineensa enemmän "
        "kuin kursseilla."
    ),
)

FOLLOW_UP_NOT_STUCK: tuple[str, ...] = (
    "Osittain: tilannetaulu on käytössä arkisin, mutta viikonloppuisin se unohtuu.",
    "Ei vielä: kesälomat keskeyttivät kokeilun, ja aloitamme uudelleen syyskuussa.",
    (
        "Osittain: retroja on pidetty kaksi, mutta kolmas peruttiin kiireen takia, eikä uutta "
        "aikaa ole sovittu."
    ),
    (
        "Ei vielä: esihenkilö vaihtui, ja uuden kanssa pitää ensin sopia, mistä tiimi saa päättää "
        "itse."
    ),
    "Osittain: osa käyttää uutta perehdytyslistaa, osa perehdyttää edelleen vanhaan tapaan.",
    "Ei vielä: verkkokursseille ei ole löytynyt aikaa työvuoroista, vaikka halua olisi.",
    "Osittain: oppimisvartteja on pidetty, mutta aina samat kaksi ihmistä vetävät ne.",
    (
        "Ei vielä: järjestelmämuutos vei kaiken huomion. Palaamme sovittuihin asioihin, kun "
        "käyttöönotto on ohi."
    ),
    (
        "Osittain: sovituista kolmesta kokeilusta yksi on käynnissä. Kahdelle muulle ei ole "
        "löytynyt vastuuhenkilöä."
    ),
    "Ei vielä: tarvitsisimme tukihenkilön vielä yhteen tapaamiseen, jotta pääsemme alkuun.",
)

DECLINE_REASONS_COORDINATOR: tuple[str, ...] = (
    (
        "Kiitos tilauksesta! Kuvaamanne tilanne kuulostaa työyhteisön ristiriidalta, johon sopii "
        "paremmin työnohjaus tai työterveyshuollon työyhteisöpalvelu. Työhyvinvointitiimi auttaa "
        "teitä eteenpäin."
    ),
    (
        "Tilaamanne järjestelmäkoulutus kuuluu ICT-palvelukeskuksen käyttöönottotiimille, joka "
        "järjestää sen kaikille yksiköille. Välitin pyyntönne heille ja laitoin teidät tiedoksi."
    ),
    (
        "Aihe on tärkeä, mutta kyse on koko palvelualueen strategiatyöstä, joka tarvitsee "
        "kehittämispalveluiden projektitukea. Palataan asiaan, kun työlle on nimetty "
        "vastuuhenkilö."
    ),
    (
        "Toivomallenne ajankohdalle ei valitettavasti löydy vapaata tukihenkilöä, koska tämän "
        "kauden työaikaosuudet on jo varattu. Tehkää uusi tilaus tammikuulle, niin se on jonon "
        "kärjessä."
    ),
    (
        "Tilauksenne on lähes sama kuin toisen tiiminne viime viikolla tekemä tilaus. Yhdistin ne, "
        "jotta sama tukihenkilö voi vetää yhteisen työpajan molemmille tiimeille."
    ),
    (
        "Kyse vaikuttaa olevan yksittäisen työntekijän tehtävänkuvasta, josta sovitaan esihenkilön "
        "ja työntekijän kesken. Jos taustalla on oman urasuunnan pohdintaa, työntekijä voi varata "
        "keskustelun sisäisen uracoachin kanssa."
    ),
    (
        "Kiitos hyvästä ideasta! Tarpeeseenne sopii parhaiten valmis verkkokurssi, jonka linkin "
        "lähetin viestillä. Jos kurssin jälkeen jää kysyttävää, tehkää uusi tilaus "
        "oppimisvinkeistä."
    ),
    (
        "Tilauksessa pyydetään arvioimaan yksittäisten työntekijöiden osaamista esihenkilön "
        "puolesta, mikä ei kuulu tukihenkilöiden tehtäviin. Voimme kyllä auttaa tiimiä tekemään "
        "yhteisen itsearvioinnin – muokatkaa tilausta, niin otan sen käsittelyyn."
    ),
)

CANCEL_REASONS: tuple[str, ...] = (
    "Tiimien yhdistyminen siirtyi syksyyn, joten työpaja ei ole nyt ajankohtainen.",
    "Saimme asian ratkaistua tiimipalaverissa keskenämme. Kiitos silti!",
    (
        "Osastolla on influenssaepidemia ja henkilöstöpula, emmekä pysty irrottamaan ketään. "
        "Tilaamme uudelleen, kun tilanne rauhoittuu."
    ),
    (
        "Esihenkilömme vaihtui, ja uusi esihenkilö haluaa ensin tutustua tiimiin ennen "
        "kehittämistyötä."
    ),
    "Tein tilauksen vahingossa väärälle tiimille. Teen uuden oikealle tiimille.",
    "Löysin itse sopivan kurssin ja ilmoittauduin jo.",
    "Kehittämispäivä peruttiin budjettisyistä, joten emme tarvitse vetäjää tällä kertaa.",
    "Sain sisäisen siirron toiseen yksikköön, joten urakeskustelu ei ole juuri nyt tarpeen.",
)

SUPPORT_DECLINE_REASONS: tuple[str, ...] = (
    (
        "Päätyössäni alkoi kiireellinen järjestelmäpäivitys, enkä ehdi valmistella työpajaa ennen "
        "sovittua päivää. Palautan tilauksen jonoon, jotta joku muu ehtii ajoissa."
    ),
    (
        "Tilaava tiimi on oma lähityöyhteisöni, ja esihenkilöni on osallistujana. Ulkopuolinen "
        "vetäjä sopii tähän paremmin."
    ),
    (
        "Tilaus edellyttää Lean-osaamista, jota minulla ei vielä ole. Joku Lean-asiantuntijoista "
        "sopii tähän paremmin."
    ),
    "Tämän kauden työaikaosuuteni on käytetty, eikä esihenkilöni voinut hyväksyä lisätunteja.",
    (
        "Jään kahdeksi viikoksi sairauslomalle, joten en pysty hoitamaan tilausta sovitussa "
        "aikataulussa."
    ),
    (
        "Tiimi toivoo toteutusta ruotsiksi, enkä koe kielitaitoani riittäväksi fasilitointiin. "
        "Ruotsinkielinen tukihenkilö sopisi paremmin."
    ),
    (
        "Tunnen tilaajan pitkältä ajalta henkilökohtaisesti, joten urakeskustelu kannattaa käydä "
        "toisen uracoachin kanssa."
    ),
    (
        "Alkupalaverissa aihe osoittautui paljon laajemmaksi kuin tilauksesta näkyi. Palautan "
        "tilauksen koordinaattorin arvioitavaksi."
    ),
)

SESSION_PLACES: tuple[str, ...] = (
    "Neuvotteluhuone Kuikka, A-siipi 3. krs",
    "Osasto 4B:n taukotila",
    "Terveysaseman henkilökunnan kahvihuone",
    "Kokoushuone Kaisla, hallintotalo 1. krs",
    "Teams-etäyhteys",
    "Paloaseman luokkahuone",
    "Henkilöstöravintolan kabinetti",
    "Kotihoidon toimisto, Asemakatu 12, neuvotteluhuone",
    "Oppimiskeskus Virta, ryhmätila 3",
    "Neuvotteluhuone Ahven, C-rakennus, pohjakerros",
    "Simulaatiotila, keskussairaalan koulutuskeskus",
    "Palkkapalveluiden projektihuone, 5. krs",
    "Neuvotteluhuone Lokki ja Teams (hybridi)",
    "Palvelukodin päiväsali",
    "Ensihoitoaseman kalustohalli",
    "Keskussairaalan kirjaston ryhmätyötila",
)

SESSION_NOTES: tuple[str, ...] = (
    "Alkupalaveri tilaajan kanssa",
    "Valmistelu ja materiaalit",
    "Menetelmien valinta ja ohjelman suunnittelu",
    "Työpaja 1/2",
    "Työpaja 2/2",
    "Yhteenvedon kirjoittaminen",
    "Seurantatapaaminen",
    "Retrospektiivi",
    "Urakeskustelu",
    "Jatkokeskustelu",
    "Verkkokoulun opastus pienryhmälle",
    "Prosessikävely osastolla",
    "Tilannetaulun rakentaminen tiimin kanssa",
    "Haastattelut hiljattain aloittaneille",
    "Sparraus verkoston tapaamisessa",
)
