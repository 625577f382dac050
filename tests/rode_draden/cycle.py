"""A generated, labelled cycle: 28 fictional visitations whose findings paraphrase the
Rode draden rapportage 2022-2024, with the report's rode draden planted at known counts.

Every visitation is a real Visitation exported with export_central (the path of
``visitor-app export-central``). Each TOPIC is one rode draad: a theme, subtheme and kind of
the standard framework (forms/; on another framework they are mapped by position), the
number of diensten that carry it (from the seed where it gives one: "een kleine
meerderheid" 15 of 28 for the innovation budget, "enkele" 4 for the missing view of data
quality, 11 for the shortage of BOA's, ...) and several wordings, expanded with synonyms,
another word order and extra clauses so that no two findings of a topic read the same.
Some theme x subtheme x kind cells hold two or three topics (MIXED_CELLS). Noise findings
belong to no draad. The LABELS say, per finding (visitation id, position in the package),
its planted topic or None.

    cycle = make_cycle(folder, framework)        # packages on disk, ~6 s
    cycle.paths, cycle.labels, cycle.topics, cycle.diensten
    plan = plan_cycle(seed=..., repeat=10)        # the same in memory only (for benches)
    plan.findings()                               # dicts as suggest.propose takes them

Fictional diensten only; no real people. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# -- the standard framework's ids the topics are written in (tests/ data may name them) ------
_STANDARD_THEMES = [
    ("bestuurlijk_ambtelijk_samenspel", ["werkrelatie_bestuur_directie", "eigenaar_opdrachtgever",
                                         "onafhankelijkheid", "informatie_agendering",
                                         "accounthouderschap"]),
    ("toekomst_in_het_vizier", ["toekomstvisie", "regionale_risicoanalyse", "big8",
                                "knelpunten_regelgeving"]),
    ("ketensamenwerking", ["strafrechtketen", "ketentoezicht", "ggd", "arbeidsinspectie",
                           "waterschappen", "veiligheidsregios", "informatie_uitwisseling_keten"]),
    ("uitvoering_basistaken_mandaat", ["basistakenpakket", "mandaat", "lhso", "seveso",
                                       "breedte_takenpakket", "complexe_cases"]),
    ("professionaliteit", ["kwaliteitscriteria", "capaciteit_continuiteit", "werkcultuur"]),
    ("organisatieontwikkeling_bedrijfsvoering", ["robuustheid", "financiering", "innovatie",
                                                 "informatiegestuurd_werken", "outcome_sturing",
                                                 "piofach"]),
]
_STANDARD_KINDS = ["bevinding", "sterk_punt", "verbeterpunt", "aanbeveling"]

N_DIENSTEN = 28


@dataclass(frozen=True)
class Topic:
    id: str
    theme: str  # standard id
    subtheme: str | None
    kind: str
    diensten: int  # of 28
    source: str  # what the seed says
    wordings: tuple[str, ...]


# fmt: off
TOPICS: tuple[Topic, ...] = (
    # -- h. 2 Bestuurlijk-ambtelijk samenspel ------------------------------------------------
    Topic("deskundigheid", "bestuurlijk_ambtelijk_samenspel", "werkrelatie_bestuur_directie", "sterk_punt", 25,
          "op enkele uitzonderingen na positief over de deskundigheid", (
        "[Het bestuur en de ambtelijk opdrachtgevers|De besturen en ambtelijk opdrachtgevers|De deelnemers] [zijn|tonen zich] [positief|lovend|tevreden] over de [deskundigheid|vakkennis|expertise] van de dienst als [uitvoerder|uitvoerende organisatie] van de VTH-taken.",
        "De [deskundigheid|vakinhoudelijke kennis] van de [omgevingsdienst|dienst] bij de uitvoering van de VTH-taken wordt door [bestuur en opdrachtgevers|de deelnemers|het bestuur] [hoog gewaardeerd|zeer gewaardeerd|positief beoordeeld].",
        "[Deelnemers|Bestuurders] [noemen|zien] de dienst een [deskundige|kundige] [uitvoerder|partner] van [vergunningverlening, toezicht en handhaving|de VTH-taken].",
    )),
    Topic("werkrelatie_open", "bestuurlijk_ambtelijk_samenspel", "werkrelatie_bestuur_directie", "sterk_punt", 20,
          "werkrelatie bij de meeste diensten open en constructief", (
        "De werkrelatie tussen [bestuur|het bestuur] en [directie|de directeur] is [open en constructief|constructief en open|open en gebaseerd op vertrouwen].",
        "[Bestuur en directie|Het dagelijks bestuur en de directie] werken [open|in een open sfeer] en constructief samen[; er is onderling vertrouwen|].",
        "Er is sprake van een [open|goede], constructieve [verhouding|werkrelatie] tussen [de directie|directeur] en [het bestuur|de bestuurders][, ook als het spannend wordt|].",
    )),
    Topic("geen_werkbare_relatie", "bestuurlijk_ambtelijk_samenspel", "werkrelatie_bestuur_directie", "verbeterpunt", 3,
          "in enkele gevallen geen werkbare relatie bestuur-directie", (
        "Bestuur en directie zijn er [nog niet|niet] in geslaagd [om tot een werkbare relatie te komen|een werkbare verhouding op te bouwen].",
        "De relatie tussen [het bestuur|bestuurders] en [de directie|directeur] is [niet werkbaar|onwerkbaar geworden|ernstig verstoord][, wat de ontwikkeling van de dienst remt|].",
    )),
    Topic("geen_collectieve_visie", "bestuurlijk_ambtelijk_samenspel", "eigenaar_opdrachtgever", "verbeterpunt", 4,
          "enkele diensten: existentiële discussies, geen collectieve visie", (
        "Er [lopen|spelen] nog [existentiële discussies|discussies over het bestaansrecht] en een collectieve visie van [bestuur en deelnemers|de deelnemers] ontbreekt.",
        "Het ontbreken van een [collectieve|gezamenlijke] visie [vanuit het bestuur|van de deelnemers] [belemmert|remt] de ontwikkeling van de dienst[; er wordt nog gediscussieerd over het voortbestaan|].",
    )),
    Topic("geen_draagvlak", "bestuurlijk_ambtelijk_samenspel", "eigenaar_opdrachtgever", "verbeterpunt", 6,
          "in een aantal besturen geen draagvlak voor een volwaardige omgevingsdienst", (
        "In het bestuur [bestaat|is] (nog) geen draagvlak voor een ontwikkeling naar een volwaardige omgevingsdienst [in de zin van de Omgevingswet|zoals het IBP-VTH beoogt].",
        "[Het draagvlak|Steun] [in het bestuur|bij de deelnemers] om door te groeien naar een volwaardige [omgevingsdienst|dienst] [ontbreekt|is er nog niet].",
    )),
    Topic("tijdig_in_positie", "bestuurlijk_ambtelijk_samenspel", "informatie_agendering", "aanbeveling", 8,
          "een aantal: elkaar tijdig in positie brengen, agendering", (
        "Breng [dienst en ambtelijk opdrachtgevers|elkaar als dienst en opdrachtgevers] tijdig in positie door [vroege informatie-uitwisseling|tijdige uitwisseling van informatie] en [betere agendering|een goede voorbereiding] van de bestuursvergaderingen.",
        "[Zorg|Zorg als dienst en ambtelijk opdrachtgever] voor tijdige informatie-uitwisseling en [agendering|voorbereiding] van onderwerpen voor het bestuur, [zodat men elkaar in positie brengt|om elkaar in positie te brengen].",
        "[Bereid|Bereid samen] bestuursvergaderingen [eerder|tijdiger] voor en deel informatie op tijd, zodat [dienst en opdrachtgevers|de ambtelijk opdrachtgevers en de dienst] elkaar in positie brengen.",
    )),
    Topic("overleg_weinig_strategisch", "bestuurlijk_ambtelijk_samenspel", "informatie_agendering", "verbeterpunt", 17,
          "overleggen in de meeste gevallen weinig gericht op regionale risico's en toekomst", (
        "Het bestuurlijk overleg [gaat vooral over|richt zich vooral op] [uitvoering en geld|geld en productie] en [weinig|nauwelijks] over regionale risico's [en|of] toekomstig beleid.",
        "[In het bestuur|In de bestuursvergaderingen] is [weinig|te weinig] ruimte voor het [inhoudelijke|strategische] gesprek over regionale risico's en de toekomst[; financiën domineren de agenda|].",
        "De overleggen [met het bestuur|in het algemeen bestuur] zijn [nauwelijks|weinig] gericht op [toekomstverkenningen|de toekomst] en regionale risico's.",
    )),
    # -- h. 3 De toekomst in het vizier --------------------------------------------------
    Topic("herijking_rol", "toekomst_in_het_vizier", "toekomstvisie", "bevinding", 19,
          "de meeste diensten in gesprek over herijken van rol en toekomstvisie", (
        "De dienst is met [bestuur, deelnemers en ketenpartners|het bestuur en de deelnemers] in gesprek over het herijken van [zijn rol|haar rol], de toekomstvisie en strategische prioriteiten.",
        "[Er loopt|Er is] een [gesprek|traject] met [bestuur en deelnemers|de deelnemers] over [een nieuwe toekomstvisie|de toekomstvisie], [ambities|de ambities] en de [rol|positie] van de dienst.",
        "[Samen met|Met] [het bestuur|de deelnemers] werkt de dienst aan een [herijking|herbezinning] van zijn rol en [een nieuwe koers|de strategische prioriteiten].",
    )),
    Topic("strategisch_vermogen", "toekomst_in_het_vizier", "toekomstvisie", "verbeterpunt", 7,
          "strategisch vermogen bij een aantal diensten een aandachtspunt", (
        "Het strategisch vermogen van de dienst is [beperkt|nog onvoldoende ontwikkeld] om [het gesprek over een toekomstvisie|gesprekken over de toekomst] goed in te vullen.",
        "[Versterking|Ontwikkeling] van het strategisch vermogen is [een aandachtspunt|nodig] [voor een goede invulling van|om richting te geven aan] de [toekomstige visie|toekomstvisie].",
    )),
    Topic("cultuurverandering", "toekomst_in_het_vizier", "toekomstvisie", "verbeterpunt", 6,
          "een aantal worstelt met organisatie- en cultuurverandering", (
        "De dienst worstelt met [organisatie- en cultuurverandering|de cultuurverandering] en de [vormgeving|inrichting] van verbeterprocessen.",
        "[Organisatieverandering|De verandering van organisatie] en cultuur [verloopt moeizaam|komt moeizaam op gang]; [verbeterprocessen|het verbeterproces] [zijn|is] nog niet goed vormgegeven.",
    )),
    Topic("lokaal_boven_risico", "toekomst_in_het_vizier", "regionale_risicoanalyse", "verbeterpunt", 9,
          "in een aantal gevallen lokale afwegingen bepalender dan de regionale risicoanalyse", (
        "[Lokale|Individuele lokale] afwegingen en [beschikbare middelen|de beschikbaarheid van middelen] bepalen het uitvoeringsprogramma meer dan de regionale risicoanalyse.",
        "Het uitvoeringsprogramma [is|wordt] [vooral|eerder] gebaseerd op lokale prioriteiten [dan|en minder] op de regionale risicoanalyse.",
        "De regionale risicoanalyse [is nog niet leidend|stuurt nog onvoldoende] bij het opstellen van [uitvoeringsprogramma's|het uitvoeringsprogramma]; lokale [wensen|afwegingen] winnen het.",
    )),
    Topic("basisbestanden", "toekomst_in_het_vizier", "regionale_risicoanalyse", "bevinding", 5,
          "een aantal diensten brengt samen met deelnemers de basisbestanden op orde", (
        "De dienst brengt samen met de deelnemers de basisbestanden [op orde|in orde].",
        "[Samen met de deelnemers|Met de gemeenten] wordt [gewerkt aan|gewerkt aan het op orde brengen van] de basisbestanden[ als grondslag voor de risicoanalyse|].",
    )),
    Topic("big8_niet_gesloten", "toekomst_in_het_vizier", "big8", "verbeterpunt", 10,
          "bij een aantal diensten beleidscyclus onvoldoende verbonden met uitvoeringscyclus", (
        "[In de Big 8|Binnen de Big 8] is de beleidscyclus [onvoldoende|niet goed] verbonden met de uitvoeringscyclus.",
        "De beleidscyclus [met het bestuur|van de deelnemers] sluit [niet|onvoldoende] aan op de [interne|eigen] uitvoeringscyclus[ (Big 8 niet gesloten)|; de Big 8 is niet rond].",
        "De Big 8 is [op hoofdlijn|nog] niet gesloten: beleid en uitvoering [zijn onvoldoende verbonden|staan los van elkaar].",
    )),
    # -- h. 4 Ketensamenwerking -----------------------------------------------------------
    Topic("visie_ketenpartners", "ketensamenwerking", None, "aanbeveling", 26,
          "bij bijna alle diensten ontbreekt een visie en strategie op ketenpartners", (
        "Ontwikkel een onderbouwde visie en strategie [op de ketenpartners|op ketensamenwerking]: hoe [hun belangen te duiden|hun belangen te wegen], hen te betrekken en in te zetten in toekomstig beleid.",
        "[Formuleer|Stel op] een [visie|strategie] op [de samenwerking met ketenpartners|ketenpartners] en [hoe de dienst hen betrekt|de wijze waarop de dienst hen betrekt] bij [toekomstig beleid|het beleid].",
        "Een onderbouwde [visie|strategie] [hoe de ketenpartners te betrekken|op het betrekken van ketenpartners] ontbreekt nog; [werk die uit|leg die vast].",
    )),
    Topic("accounthouder_keten", "ketensamenwerking", None, "aanbeveling", 8,
          "raadzaam accounthouderschap voor ketenpartners te ontwikkelen", (
        "Ontwikkel [een vorm van|] accounthouderschap voor ketenpartners, zoals [dat er voor de deelnemers al is|de dienst dat voor deelnemers al kent].",
        "[Richt|Stel] accounthouders [in|aan] voor [de ketenpartners|ketenpartners] naar het voorbeeld van het accounthouderschap voor [deelnemers|gemeenten].",
    )),
    Topic("boa_tekort", "ketensamenwerking", "strafrechtketen", "verbeterpunt", 11,
          "capaciteit en kwaliteit van grijze BOA's niet bij alle diensten aanwezig", (
        "De [benodigde|vereiste] capaciteit en kwaliteit van [grijze BOA's|BOA's] is [niet aanwezig|onvoldoende], [waardoor de prioriteiten niet aansluiten|zodat de prioriteitstelling met OM en politie niet aansluit].",
        "Er [zijn|is] [te weinig|onvoldoende] [BOA's|buitengewoon opsporingsambtenaren] om te [kunnen escaleren in de strafrechtketen|escaleren naar het strafrecht].",
        "[Het tekort aan|Gebrek aan] [grijze BOA's|BOA-capaciteit] maakt [dat strafrechtelijke handhaving achterblijft|strafrechtelijk optreden lastig].",
    )),
    Topic("goedwillende_personen", "ketensamenwerking", "strafrechtketen", "verbeterpunt", 8,
          "structurele samenwerking hangt te vaak af van enkele goedwillende personen", (
        "De samenwerking in de strafrechtketen [hangt te vaak af van|is te afhankelijk van] [enkele|een paar] goedwillende personen.",
        "[Structurele samenwerking|Een structurele samenwerking] met OM en politie [ontbreekt|is er niet]; [het|alles] [draait op|steunt op] [enkele|een paar] [goedwillende|betrokken] personen.",
    )),
    Topic("om_politie_capaciteit", "ketensamenwerking", "strafrechtketen", "bevinding", 12,
          "capaciteitsproblemen bij politie en OM vaak genoemd als belemmering", (
        "Capaciteitsproblemen bij [politie en OM|politie en het Openbaar Ministerie] worden genoemd als [belemmering|belangrijkste belemmering] voor [strafrechtelijke handhaving|de handhaving].",
        "[Politie en OM|Het OM en de politie] hebben [te weinig capaciteit|onvoldoende capaciteit] om [processen-verbaal|zaken van de dienst] op te volgen.",
    )),
    Topic("arbeidsinspectie", "ketensamenwerking", "arbeidsinspectie", "sterk_punt", 28,
          "samenwerking Arbeidsinspectie ontwikkelt zich bij alle diensten positief", (
        "De samenwerking met de Arbeidsinspectie [ontwikkelt zich positief|verbetert zichtbaar|is de laatste jaren gegroeid].",
        "[Met de Arbeidsinspectie|Met de Nederlandse Arbeidsinspectie] [wordt goed|wordt steeds beter] samengewerkt[, vooral bij Seveso-bedrijven|].",
        "[Goede|Groeiende] samenwerking met de Arbeidsinspectie[ bij de Seveso-taken|].",
    )),
    Topic("veiligheidsregio", "ketensamenwerking", "veiligheidsregios", "sterk_punt", 28,
          "samenwerking met de Veiligheidsregio's door alle diensten positief beschreven", (
        "De samenwerking met de veiligheidsregio [is goed|verloopt goed|wordt als positief ervaren].",
        "[Met de veiligheidsregio|Met de Veiligheidsregio] [bestaan|zijn er] [goede|heldere] [afspraken|werkafspraken] en [korte lijnen|een prettige samenwerking].",
        "[Positieve|Goede] samenwerking met de veiligheidsregio[, onder meer bij incidenten|].",
    )),
    Topic("convenant_keten", "ketensamenwerking", "informatie_uitwisseling_keten", "sterk_punt", 7,
          "in een aantal gevallen convenant om informatie uit te wisselen", (
        "Met ketenpartners is een convenant gesloten [dat informatie-uitwisseling mogelijk maakt|om informatie uit te wisselen] [binnen de AVG|met respect voor de AVG].",
        "[Een convenant|Het convenant] met [de ketenpartners|ketenpartners] regelt de uitwisseling van informatie[ binnen de grenzen van de AVG|].",
    )),
    # -- h. 5 Uitvoering (basis)taken en mandaat -------------------------------------------
    Topic("basistaken_niet_ingebracht", "uitvoering_basistaken_mandaat", "basistakenpakket", "verbeterpunt", 7,
          "basistakenpakket in een aantal gevallen nog niet volledig ingebracht", (
        "Het basistakenpakket is [nog niet volledig|niet volledig] ingebracht door de deelnemers; [delen van basistaken|een deel van de basistaken] [worden|wordt] nog door de deelnemers zelf uitgevoerd.",
        "[Niet alle|Nog niet alle] [inrichtingen|bedrijven] van het basistakenpakket zijn overgedragen aan de dienst.",
        "Deelnemers voeren [nog|zelf nog] [delen van de basistaken|basistaken] uit in plaats van [ze volledig in te brengen|die bij de dienst te beleggen].",
    )),
    Topic("distantie_bestuurders", "uitvoering_basistaken_mandaat", "mandaat", "verbeterpunt", 6,
          "ondanks mandaat moeite van lokale bestuurders met distantie", (
        "Ondanks [formele mandaten|het mandaat] vinden lokale bestuurders het moeilijk [om distantie te houden tot de uitvoering|afstand te houden van de uitvoering], wat het gezag van de dienst [aantast|kan aantasten].",
        "Lokale bestuurders [bemoeien zich|mengen zich] [met de uitvoering|met individuele zaken] ondanks [het mandaat|de mandaatafspraken][; dat tast het gezag van de dienst aan|].",
    )),
    Topic("lhso_toepassing", "uitvoering_basistaken_mandaat", "lhso", "verbeterpunt", 9,
          "niet bij alle diensten voldoende invulling aan LHS/LHSO", (
        "Aan [de toepassing van de LHSO|toepassing van de LHS of LHSO] wordt [onvoldoende|niet voldoende] invulling gegeven.",
        "De [LHSO|landelijke handhavingsstrategie] [wordt niet uniform|wordt niet consequent] toegepast[, ook niet het vier-ogenprincipe|; afwijkingen worden niet geregistreerd].",
    )),
    Topic("seveso_niet_op_maat", "uitvoering_basistaken_mandaat", "seveso", "verbeterpunt", 3,
          "van de zes Seveso-diensten de helft niet aan de maat", (
        "De uitvoering van de Seveso-taken is [niet aan de maat|onder de maat]; de condities [ervoor|voor een hoogwaardige uitvoering] zijn [onvoldoende ingevuld|niet op orde].",
        "[Het toezicht op|Toezicht en handhaving bij] Seveso-bedrijven [haalt niet het vereiste niveau|is niet van voldoende kwaliteit].",
    )),
    Topic("kalibreren", "uitvoering_basistaken_mandaat", "complexe_cases", "verbeterpunt", 18,
          "de meeste diensten weinig tot geen tijd voor kalibreersessies", (
        "Er is [weinig tot geen|nauwelijks] tijd voor kalibreersessies [of|en] reflectie op complexe casuïstiek.",
        "[Kalibreersessies|Sessies om vergelijkbare zaken gelijk te behandelen] en reflectie op complexe [casuïstiek|zaken] [komen er niet van|schieten erbij in] door [gebrek aan tijd|tijdgebrek].",
        "Medewerkers [zouden graag|willen wel] [kalibreren|kalibreersessies houden] en [reflecteren op complexe zaken|complexe casuïstiek bespreken], maar [er is geen tijd|de tijd ontbreekt].",
    )),
    # -- h. 6 Professionaliteit ----------------------------------------------------------
    Topic("kwaliteitscriteria", "professionaliteit", "kwaliteitscriteria", "sterk_punt", 21,
          "de meeste diensten voldoen nagenoeg - grotendeels aan de kwaliteitscriteria", (
        "De dienst voldoet [nagenoeg|grotendeels] aan de kwaliteitscriteria[ 2.2|].",
        "[Aan de kwaliteitscriteria|Aan de Kwaliteitscriteria 2.2] wordt [grotendeels|voor het overgrote deel] voldaan.",
        "[De kwaliteitscriteria worden|De dienst heeft de kwaliteitscriteria] [op de meeste onderdelen|grotendeels] [gehaald|op orde].",
    )),
    Topic("werving_vast", "professionaliteit", "capaciteit_continuiteit", "aanbeveling", 14,
          "investeer in werving van personele capaciteit, bij voorkeur in vaste dienst", (
        "Investeer in het werven van personele capaciteit, bij voorkeur in vaste dienst[, en in de ontwikkeling van medewerkers|].",
        "[Werf|Trek] [meer|voldoende] eigen personeel [aan|] in vaste dienst [en verminder de afhankelijkheid van inhuur|in plaats van inhuur].",
        "[Verminder|Beperk] de inhuur door [te investeren in|te werven voor] [vaste formatie|vaste medewerkers].",
    )),
    Topic("continuiteit_leiding", "professionaliteit", "capaciteit_continuiteit", "verbeterpunt", 5,
          "continuïteit in directie en managementfuncties bewaken", (
        "[Er is weinig|De] continuïteit in [directie en management|directie- en managementfuncties] [is een risico|staat onder druk][ door veel wisselingen|].",
        "[Veel wisselingen|Frequente wisselingen] in [het management|directie en management] [hinderen|belemmeren] de [continuïteit|doorontwikkeling] van de dienst.",
    )),
    Topic("samenwerking_mt", "professionaliteit", "werkcultuur", "verbeterpunt", 6,
          "bij enkele diensten beter professioneel samenwerken in MT's, tussen teams", (
        "De [professionele|onderlinge] samenwerking binnen het managementteam en tussen [teams en afdelingen|afdelingen] kan beter.",
        "[Teams en afdelingen|Afdelingen] werken [verkokerd|langs elkaar heen]; ook in het managementteam [is de samenwerking niet optimaal|kan de samenwerking professioneler].",
    )),
    # -- h. 7 Organisatieontwikkeling en bedrijfsvoering ------------------------------------
    Topic("budget_actualisering", "organisatieontwikkeling_bedrijfsvoering", "financiering", "verbeterpunt", 25,
          "bij nagenoeg alle diensten budgetten onvoldoende voor actualisering vergunningen", (
        "De verstrekte budgetten zijn onvoldoende [om taken als actualisering van vergunningen uit te voeren|voor taken als het actualiseren van vergunningen].",
        "[Er is geen|Er is onvoldoende] budget voor het actualiseren van vergunningen[ en andere niet-geprogrammeerde taken|].",
        "Het [actualiseren van vergunningen|actualiseren van verouderde vergunningen] [blijft liggen|schiet erbij in] [door onvoldoende budget|omdat de budgetten ontoereikend zijn].",
    )),
    Topic("outputfinanciering", "organisatieontwikkeling_bedrijfsvoering", "financiering", "bevinding", 17,
          "in de meeste diensten afspraken waarbij output wordt gefinancierd", (
        "[Na|Als reactie op] [lump sum financiering|de lumpsum] zijn afspraken gemaakt waarbij [output|de geleverde output] wordt gefinancierd.",
        "De [financiering|bekostiging] is gebaseerd op output: [uren en producten|producten en uren] per deelnemer.",
        "De deelnemers [financieren|betalen] de dienst [op basis van|naar] [output|geleverde producten][ in plaats van een lump sum|].",
    )),
    Topic("innovatiebudget", "organisatieontwikkeling_bedrijfsvoering", "innovatie", "sterk_punt", 15,
          "bij een kleine meerderheid een structureel innovatiebudget", (
        "Er is een structureel [innovatiebudget|budget voor innovatie|budget voor ontwikkeling en innovatie] beschikbaar.",
        "De dienst beschikt over een [structureel|vast] [innovatiebudget|budget voor innovatie][ in de begroting|].",
        "[Innovatie|Ontwikkeling en innovatie] [wordt|worden] structureel gefinancierd uit een [eigen|vast] [budget|innovatiebudget].",
    )),
    Topic("innovatie_bestuur", "organisatieontwikkeling_bedrijfsvoering", "innovatie", "sterk_punt", 6,
          "diensten met budget spreken met het bestuur expliciet over welke innovatie nodig is", (
        "[Met het bestuur|Met de besturen] wordt expliciet gesproken over [welke innovatie nodig is|de benodigde innovatie] en wat [die moet opleveren|de opbrengsten moeten zijn].",
        "[Het bestuur|Het dagelijks bestuur] [bespreekt|bepaalt] met de dienst [welke innovaties nodig zijn|de innovatieagenda] en [de beoogde opbrengsten|wat die moeten opbrengen].",
    )),
    Topic("innovatie_subsidies", "organisatieontwikkeling_bedrijfsvoering", "innovatie", "verbeterpunt", 7,
          "in een aantal gevallen enkel geoormerkte subsidies of SPUK-gelden voor innovatie", (
        "[Innovatie|Innovatie en ontwikkeling] [draait|hangt] [enkel|alleen] op geoormerkte subsidies of SPUK-gelden[; capaciteit moet bevochten worden op de dagelijkse operatie|].",
        "[Er is geen structureel innovatiebudget|Structurele financiering van innovatie ontbreekt]: [alleen|enkel] [SPUK-gelden|subsidies] [jagen innovatie aan|zijn beschikbaar].",
    )),
    Topic("datakwaliteit_onbekend", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "verbeterpunt", 4,
          "bij enkele diensten ontbreekt zelfs het beeld van de huidige datakwaliteit", (
        "[Er is geen beeld|Het beeld ontbreekt] [van|wat] de huidige datakwaliteit [is|].",
        "De dienst [weet niet|heeft geen zicht op] hoe [goed de data zijn|het met de kwaliteit van de data gesteld is].",
        "[Zicht op|Inzicht in] de [kwaliteit van de data|datakwaliteit] ontbreekt[, terwijl betrouwbare data het fundament zijn|].",
    )),
    Topic("visie_data", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "verbeterpunt", 12,
          "lang niet altijd een uitgewerkte visie op datagericht werken", (
        "Een uitgewerkte visie op [datagericht|informatiegestuurd] werken ontbreekt, [met het risico van|waardoor er] losstaande initiatieven [zonder samenhang|ontstaan].",
        "[Er wordt geïnvesteerd|De dienst investeert] in losse initiatieven [voor informatiegestuurd werken|rond data] zonder [samenhangende visie|een samenhangend beleid].",
    )),
    Topic("werkafspraken", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "verbeterpunt", 9,
          "niet alle werkafspraken goed vastgelegd of centraal vindbaar", (
        "Werkafspraken [zijn niet goed vastgelegd|zijn niet altijd vastgelegd] [en niet centraal vindbaar|of centraal opgeslagen].",
        "[Leg|Een betere vastlegging van] werkinstructies en [processen|afspraken] [beter vast|] [ontbreekt|is nodig]; ze zijn [lastig te vinden|niet centraal vindbaar].",
    )),
    Topic("zaaksysteem", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "bevinding", 18,
          "de meeste diensten verbeteren of vervangen hun zaaksysteem", (
        "De dienst [werkt aan het verbeteren|is bezig met het verbeteren] van het zaaksysteem[ of vervangt het|].",
        "Het zaaksysteem wordt [vervangen|vernieuwd][; de inrichting wordt minder vrijblijvend|].",
        "[Er loopt|Er is] een [traject|project] om het [functioneren van het zaaksysteem|zaaksysteem] te verbeteren[ of te vervangen|].",
    )),
    Topic("inspectieview", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "bevinding", 10,
          "landelijke informatiesystemen (Inspectieview Milieu) wisselend gebruikt", (
        "[Landelijke informatiesystemen|Inspectieview Milieu] [wordt|worden] wisselend gebruikt, [omdat medewerkers weinig voordeel zien|want het voordeel is nog beperkt].",
        "[Het gebruik van|Medewerkers gebruiken] Inspectieview Milieu [is beperkt|nauwelijks][; men ziet weinig nut in de uitkomsten|].",
    )),
    Topic("dashboards", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "sterk_punt", 4,
          "enkele diensten ontwikkelen dashboards voor sturing", (
        "De dienst [ontwikkelt|heeft] dashboards voor [sturing|sturing op de uitvoering][ en experimenteert met narratieve verantwoording|].",
        "[Sturing|De sturing] [gebeurt|verloopt] met [goede|actuele] dashboards[ die verder worden ontwikkeld|].",
    )),
    Topic("bovenregionaal_data", "organisatieontwikkeling_bedrijfsvoering", "informatiegestuurd_werken", "sterk_punt", 5,
          "in een aantal gevallen bovenregionaal samengewerkt aan digitalisering en datakwaliteit", (
        "Er wordt bovenregionaal samengewerkt aan digitalisering en het verbeteren van [datakwaliteit|de kwaliteit van data].",
        "[Met andere omgevingsdiensten|Met buurdiensten] [werkt de dienst samen|wordt samengewerkt] aan [digitalisering|het digitaliseren] en [betere data|datakwaliteit].",
    )),
    Topic("outcome_kinderschoenen", "organisatieontwikkeling_bedrijfsvoering", "outcome_sturing", "verbeterpunt", 20,
          "outcome-sturing staat nog in de kinderschoenen", (
        "Outcome-sturing staat nog in de kinderschoenen[; de dienst verantwoordt vooral output|].",
        "[Sturing op outcome|Sturen op maatschappelijk effect] is [nog nauwelijks ontwikkeld|pas in de beginfase]; [deelnemers vragen vooral om uren en output|verantwoording gaat over uren en middelen].",
        "De [verantwoording|monitoring] is [financieel gedreven|outputgericht] en [nog niet|niet] gericht op outcome[ of maatschappelijke effecten|].",
    )),
    Topic("naleefgedrag", "organisatieontwikkeling_bedrijfsvoering", "outcome_sturing", "sterk_punt", 4,
          "enkele diensten noemen naleefgedrag of CO2-reductie als outcome", (
        "De dienst stuurt op [naleefgedrag|het naleefgedrag van bedrijven] als [voorbeeld van outcome|maat voor outcome][ en op CO2-reductie|].",
        "[Naleefgedrag en CO2-besparing|Naleefgedrag] [worden|wordt] [gemeten|gevolgd] als outcome van het toezicht.",
    )),
    Topic("piofach", "organisatieontwikkeling_bedrijfsvoering", "piofach", "verbeterpunt", 7,
          "uitbesteding van PIOFACH aan een gemeente werkt in de meeste gevallen niet", (
        "De uitbesteding van [PIOFACH-taken|de bedrijfsvoering] aan [de gemeente|een grote gemeente] werkt niet naar tevredenheid: [gemeentelijke taken gaan voor|de dienstverlening laat te wensen over].",
        "[De gemeente die de PIOFACH-taken uitvoert|De centrumgemeente] geeft [voorrang aan eigen taken|haar eigen taken voorrang], [waardoor de dienst|zodat de dienst] [tekortkomt|te weinig ondersteuning krijgt].",
    )),
)
# fmt: on

# Cells (theme, subtheme, kind) that hold more than one topic: a count per cell is wrong here.
MIXED_CELLS = {}
for _t in TOPICS:
    MIXED_CELLS.setdefault((_t.theme, _t.subtheme, _t.kind), []).append(_t.id)
MIXED_CELLS = {cell: ids for cell, ids in MIXED_CELLS.items() if len(ids) > 1}

# Extra clauses: before, after; the same for every topic, so they add words, not meaning.
_PREFIXES = ("", "", "", "Een opvallend punt. ", "Uit de gesprekken komt het volgende naar voren. ",
             "De commissie merkt het volgende op. ", "Volgens gesprekspartners geldt het volgende. ")
_SUFFIXES = ("", "", "", " Dit kwam in meerdere gesprekken naar voren.",
             " Dat bleek ook uit de zaakdossiers.", " Zo blijkt uit de documenten.",
             " Dit is ook in de zelfevaluatie benoemd.")

# Noise: findings that belong to no draad: sentences of the seed far from every topic (each
# used once a cycle; noise_nl.txt says how they were chosen).
def noise_sentences() -> list[str]:
    text = Path(__file__).with_name("noise_nl.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


DIENSTEN = (
    "Omgevingsdienst Heidewaard", "Omgevingsdienst Kreekland", "Regionale Uitvoeringsdienst Veenhorst",
    "Omgevingsdienst Duinrand", "Omgevingsdienst Beekdal", "Omgevingsdienst Polderzoom",
    "Omgevingsdienst Lindeoord", "Regionale Uitvoeringsdienst Zandvoorde", "Omgevingsdienst Wadwijk",
    "Omgevingsdienst Eemvliet", "Omgevingsdienst Bosrijk", "Omgevingsdienst Maasvenne",
    "Omgevingsdienst Kempenrand", "Regionale Uitvoeringsdienst Dijkhoven", "Omgevingsdienst Rietveen",
    "Omgevingsdienst Vlietmond", "Omgevingsdienst Hoogeland Oost", "Omgevingsdienst Zwingelo",
    "Omgevingsdienst Brakelveld", "Milieudienst Havenstroom", "Omgevingsdienst Lingezijde",
    "Omgevingsdienst Heuvelzoom", "Omgevingsdienst Kustvenen", "Omgevingsdienst Aa en Dommelrand",
    "Omgevingsdienst Grienduiterwaard", "Omgevingsdienst Sallandsrand", "Omgevingsdienst Moerdal",
    "Omgevingsdienst Noorderveld")

# Robuustheid (seed h. 7, TwynstraGudde 2024): 2 robuust, 10 hard op weg, 9 twijfel, 8 niet
# aannemelijk over 29 (two Utrecht diensten counted as one); here 2/10/8/8 of 28, by the
# position of the value on the first assessment item's scale.
ROBUSTNESS = (2, 10, 8, 8)


def expand(template: str, rnd: random.Random) -> str:
    """One reading of a template: every "[a|b|c]" replaced by one of its options."""
    return re.sub(r"\[([^\[\]]*)\]", lambda m: rnd.choice(m.group(1).split("|")), template)


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:]


def wording(topic: Topic, rnd: random.Random) -> str:
    """A paraphrase of a topic: one of its wordings with synonyms, maybe an extra clause."""
    base = expand(rnd.choice(topic.wordings), rnd)
    prefix = rnd.choice(_PREFIXES) if topic.kind != "aanbeveling" else ""
    if prefix:  # a sentence of its own: "stelt vast: ..." would read as a quote to the scrubber
        base = prefix + base[0].upper() + base[1:]
    return _sentence(base + rnd.choice(_SUFFIXES))


@dataclass
class PlannedFinding:
    topic: str | None
    theme: str  # standard ids
    subtheme: str | None
    kind: str
    text: str


@dataclass
class PlannedVisitation:
    dienst: str
    start: str
    end: str
    findings: list[PlannedFinding]
    robustness: int  # position on the first item's scale
    basis: list[int]  # per further item: position of the value (0 best)
    follow_up: list[int] | None  # positions of statuses of the previous recommendations


@dataclass
class Plan:
    visitations: list[PlannedVisitation]
    topics: dict[str, Topic]

    def counts(self) -> dict[str, int]:
        """Planted: per topic the number of distinct diensten."""
        out: dict[str, set] = {t: set() for t in self.topics}
        for v in self.visitations:
            for f in v.findings:
                if f.topic:
                    out[f.topic].add(v.dienst)
        return {t: len(s) for t, s in out.items()}

    def findings(self) -> list[dict]:
        """The findings as suggest.propose takes them: id, visitation_id (the dienst here),
        dienst, theme, subtheme, kind, text and the planted "topic" (None for noise)."""
        return [{"id": f"{n:03d}-{i:03d}", "visitation_id": f"v{n:03d}", "dienst": v.dienst,
                 "theme": f.theme, "subtheme": f.subtheme, "kind": f.kind, "text": f.text,
                 "topic": f.topic}
                for n, v in enumerate(self.visitations) for i, f in enumerate(v.findings, start=1)]


def _visit_dates(n: int, rnd: random.Random) -> list[tuple[str, str]]:
    """n two-day visits, Tuesday and Wednesday, spread from October 2022 to December 2024."""
    first, last = date(2022, 10, 18), date(2024, 12, 17)
    span = (last - first).days
    out = []
    for i in range(n):
        day = first + timedelta(days=span * i // max(n - 1, 1) + rnd.randint(-3, 3) if 0 < i < n - 1
                                else span * i // max(n - 1, 1))
        day -= timedelta(days=(day.weekday() - 1) % 7)  # the Tuesday of that week or before
        out.append((day.isoformat(), (day + timedelta(days=1)).isoformat()))
    return sorted(out)


def plan_cycle(seed: int = 2024, repeat: int = 1, noise: int | None = None,
               duplicates: int = 20) -> Plan:
    """The cycle in memory: 28 x ``repeat`` diensten (``repeat`` > 1: the same cycle again with
    other diensten and wordings, for benches), each topic at its planted count x ``repeat``,
    ``noise`` noise findings per 28 diensten (default: every sentence of noise_nl.txt once), and ``duplicates`` diensten that state one
    of their topics twice (k still counts the dienst once)."""
    rnd = random.Random(seed)
    n = N_DIENSTEN * repeat
    sentences = noise_sentences()
    noise = len(sentences) if noise is None else noise  # in all, per 28 diensten
    names = [DIENSTEN[i % N_DIENSTEN] + (f" {i // N_DIENSTEN + 1}" if repeat > 1 else "")
             for i in range(n)]
    dates = _visit_dates(N_DIENSTEN, rnd) * repeat
    per: list[list[PlannedFinding]] = [[] for _ in range(n)]
    for topic in TOPICS:
        for d in rnd.sample(range(n), topic.diensten * repeat):
            per[d].append(PlannedFinding(topic.id, topic.theme, topic.subtheme, topic.kind,
                                         wording(topic, rnd)))
    by_id = {t.id: t for t in TOPICS}
    for d in rnd.sample(range(n), duplicates * repeat):
        topic = by_id[rnd.choice([f.topic for f in per[d]])]
        per[d].append(PlannedFinding(topic.id, topic.theme, topic.subtheme, topic.kind,
                                     wording(topic, rnd)))
    pool: list[str] = []
    counts = [noise * repeat // n + (1 if d < noise * repeat % n else 0) for d in range(n)]
    rnd.shuffle(counts)
    for d in range(n):
        for _ in range(counts[d]):
            if not pool:
                pool = list(sentences)
                rnd.shuffle(pool)
            theme, subs = rnd.choice(_STANDARD_THEMES)
            per[d].append(PlannedFinding(None, theme, rnd.choice(subs + [None]),
                                         rnd.choice(_STANDARD_KINDS), pool.pop()))
        rnd.shuffle(per[d])
    # robustness by position, planted counts; basis op orde missing for the weakest group
    robust = [pos for pos, count in enumerate(ROBUSTNESS) for _ in range(count)] * repeat
    rnd.shuffle(robust)
    visits = []
    for d in range(n):
        weak = robust[d] == len(ROBUSTNESS) - 1
        basis = [rnd.choice((1, 2)) if weak and i % 2 == 0 else rnd.choice((0, 0, 0, 1))
                 for i in range(6)]
        follow = [rnd.choice((0, 0, 1, 2)) for _ in range(rnd.randint(3, 6))] if d % 4 == 1 else None
        visits.append(PlannedVisitation(names[d], *dates[d], per[d], robust[d], basis, follow))
    return Plan(visits, by_id)


# -- the packages, through the app's own path -------------------------------------------------
class Mapping:
    """The standard ids of the topics in another framework's ids, by position (identity on
    the standard framework)."""

    def __init__(self, framework):
        themes = framework.themes
        kinds = [k["id"] for k in framework.finding_kinds]
        self.theme: dict[str, str] = {}
        self.subtheme: dict[tuple[str, str], str | None] = {}
        for i, (tid, subs) in enumerate(_STANDARD_THEMES):
            own = themes[i % len(themes)]
            self.theme[tid] = own["id"]
            for j, sid in enumerate(subs):
                self.subtheme[(tid, sid)] = (own["subthemes"][j % len(own["subthemes"])]["id"]
                                             if own["subthemes"] else None)
        self.kind = {k: kinds[i % len(kinds)] for i, k in enumerate(_STANDARD_KINDS)}

    def cell(self, theme: str, subtheme: str | None, kind: str) -> tuple[str, str | None, str]:
        return (self.theme[theme], self.subtheme[(theme, subtheme)] if subtheme else None,
                self.kind[kind])


@dataclass
class Cycle:
    paths: list[Path]
    # (visitation_id, position in the package, 1-based) -> planted topic id or None
    labels: dict[tuple[str, int], str | None]
    topics: dict[str, Topic]
    counts: dict[str, int]  # planted: distinct diensten per topic
    # per visitation: {"visitation_id", "dienst", "start", "end", "robuustheid" (value id),
    # "basis": {item: value id}, "follow_up": {status id: n} or None}
    diensten: list[dict] = field(default_factory=list)
    mapping: Mapping | None = None
    plan: Plan | None = None
    texts: dict[tuple[str, int], str] = field(default_factory=dict)  # as written, same keys
    _by_text: dict | None = field(default=None, repr=False)

    def label(self, visitation_id: str, text: str) -> str | None:
        """The planted topic of a finding found by its visitation and text (KeyError when the
        cycle has no such finding)."""
        if self._by_text is None:
            self._by_text = {(vid, self.texts[(vid, pos)]): topic
                             for (vid, pos), topic in self.labels.items()}
        return self._by_text[(visitation_id, text)]

    def cell_of(self, topic: str) -> tuple[str, str | None, str]:
        """A topic's theme, subtheme and kind in the framework of the packages."""
        t = self.topics[topic]
        return self.mapping.cell(t.theme, t.subtheme, t.kind)


def make_cycle(folder: Path, framework, seed: int = 2024, **plan_options) -> Cycle:
    """The planned cycle as real rode-dradenpakketten in FOLDER, made by Visitation and
    export_central on ``framework``; returns paths, labels and what was planted."""
    from visitor_app.rode_draden.package import export_central
    from visitor_app.services import Visitation
    from visitor_app.services.previous import PreviousSource

    plan = plan_cycle(seed, **plan_options)
    mapping = Mapping(framework)
    items = framework.assessment_items
    follow_kinds = framework.follow_up_kinds()
    statuses = [s["id"] for s in framework.follow_up_statuses()]
    folder.mkdir(parents=True, exist_ok=True)
    cycle = Cycle([], {}, plan.topics, plan.counts(), mapping=mapping, plan=plan)
    for n, pv in enumerate(plan.visitations):
        slug = f"{n + 1:02d}-" + re.sub(r"[^a-z0-9]+", "-", pv.dienst.lower()).strip("-")
        visit = Visitation.create(folder / f"{slug}.visitatie", pv.dienst, pv.start, pv.end,
                                  framework=framework, with_programme=False)
        with visit:
            rows = []
            for f in pv.findings:
                theme, subtheme, kind = mapping.cell(f.theme, f.subtheme, f.kind)
                rows.append({"theme": theme, "kind": kind, "text": f.text, "subtheme": subtheme})
            visit.findings.add_many(rows)
            entry = {"visitation_id": visit.details()["id"], "dienst": pv.dienst,
                     "start": pv.start, "end": pv.end, "basis": {}, "follow_up": None}
            for i, item in enumerate(items):
                values = [v["id"] for v in framework.scale_values(item["id"])]
                pos = pv.robustness if i == 0 else pv.basis[(i - 1) % len(pv.basis)]
                value = values[min(pos, len(values) - 1)]
                note = (None if pos == 0 else
                        f"Toelichting bij {item['name'].lower()}: nog niet op orde bij {pv.dienst}.")
                visit.assessments.set(item["id"], value, toelichting=note)
                if i == 0:
                    entry["robuustheid"] = value
                else:
                    entry["basis"][item["id"]] = value
            if pv.follow_up and follow_kinds and statuses:
                source = PreviousSource(
                    key=f"vorige-{n}", label=f"vorige visitatie {pv.dienst}", dienst=pv.dienst,
                    items=[{"theme": framework.themes[k % len(framework.themes)]["id"],
                            "kind": follow_kinds[0],
                            "text": f"Aanbeveling {k + 1} van de vorige visitatie."}
                           for k in range(len(pv.follow_up))])
                visit.previous.import_source(source)
                recs = visit.previous.list()
                for rec, pos in zip(recs, pv.follow_up):
                    visit.previous.set_opvolging(rec["id"], statuses[pos % len(statuses)])
                entry["follow_up"] = {s: 0 for s in statuses}
                for rec in visit.previous.list():
                    entry["follow_up"][rec["status"]] = entry["follow_up"].get(rec["status"], 0) + 1
            out = folder / f"{slug}.rodedraden"
            export_central(visit, out)
        for i, f in enumerate(pv.findings, start=1):
            cycle.labels[(entry["visitation_id"], i)] = f.topic
            cycle.texts[(entry["visitation_id"], i)] = f.text
        cycle.paths.append(out)
        cycle.diensten.append(entry)
    return cycle


# -- scoring proposals against the labels ---------------------------------------------------
def _comb2(n: int) -> int:
    return n * (n - 1) // 2


def adjusted_rand_index(truth: list, predicted: list) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items (1: the
    same partition; about 0: as good as chance)."""
    from collections import Counter
    pairs = Counter(zip(truth, predicted))
    index = sum(_comb2(n) for n in pairs.values())
    a = sum(_comb2(n) for n in Counter(truth).values())
    b = sum(_comb2(n) for n in Counter(predicted).values())
    total = _comb2(len(truth))
    expected = a * b / total if total else 0.0
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def score(findings: list[dict], proposals: list[dict]) -> dict:
    """How close proposals come to the planted topics of ``findings`` (each with "id" and
    "topic"): ARI over every finding (noise and unproposed findings each their own group),
    purity (share of the proposed findings that belong to their group's majority topic,
    noise never counting as a majority), coverage (share of topical findings in some
    proposal), and per topic the dienst count of its best group against the planted one."""
    topic = {f["id"]: f["topic"] for f in findings}
    group_of = {}
    for n, p in enumerate(proposals):
        for fid in p["findings"]:
            group_of[fid] = n
    ids = [f["id"] for f in findings]
    truth = [topic[i] if topic[i] else f"noise:{i}" for i in ids]
    predicted = [group_of.get(i, f"single:{i}") for i in ids]
    majority = 0
    proposed = 0
    best: dict[str, tuple[int, int]] = {}  # topic -> (findings of it in the group, diensten)
    for p in proposals:
        from collections import Counter
        tally = Counter(topic[i] for i in p["findings"] if topic[i])
        proposed += len(p["findings"])
        if tally:
            t, n = max(sorted(tally.items()), key=lambda kv: kv[1])
            majority += n
            for t2, n2 in tally.items():
                if n2 > best.get(t2, (0, 0))[0]:
                    best[t2] = (n2, p["diensten"])
    topical = [i for i in ids if topic[i]]
    covered = sum(1 for i in topical if i in group_of)
    planted: dict[str, set] = {}
    for f in findings:
        if f["topic"]:
            planted.setdefault(f["topic"], set()).add(f.get("dienst") or f["visitation_id"])
    errors = {t: best.get(t, (0, 0))[1] - len(d) for t, d in planted.items()}
    return {"ari": adjusted_rand_index(truth, predicted),
            "purity": majority / proposed if proposed else 1.0,
            "coverage": covered / len(topical) if topical else 1.0,
            "proposals": len(proposals),
            "exact_counts": sum(1 for e in errors.values() if e == 0),
            "topics": len(planted),
            "mean_abs_count_error": sum(abs(e) for e in errors.values()) / len(errors) if errors else 0.0,
            "count_errors": errors}


__all__ = ["TOPICS", "MIXED_CELLS", "DIENSTEN", "ROBUSTNESS", "Topic", "Plan", "Cycle",
           "Mapping", "plan_cycle", "make_cycle", "expand", "wording", "adjusted_rand_index", "score"]
