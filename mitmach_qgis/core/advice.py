"""Built-in advice templates per theme (seeded into ``advice_templates``; councils edit them there)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdviceTemplate:
    theme: str | None  # None: for every theme
    language: str
    title: str
    body: str


ADVICE_TEMPLATES: tuple[AdviceTemplate, ...] = (
    AdviceTemplate(None, "de", "Energieberatung", "Wir empfehlen vorab eine Energieberatung (z. B. iSFP), sie wird gefördert und klärt die Reihenfolge der Maßnahmen."),
    AdviceTemplate(None, "en", "Energy advice", "We recommend an energy consultation first (e.g. an individual renovation roadmap); it is subsidised and sets the order of the works."),
    AdviceTemplate("heating", "de", "Wärmenetz prüfen", "In Ihrer Nachbarschaft planen mehrere Haushalte einen Heizungstausch. Wir prüfen, ob ein gemeinsames Nahwärmenetz in Frage kommt, bevor Sie einen neuen Kessel bestellen."),
    AdviceTemplate("heating", "en", "Check for a heat network", "Several households nearby plan to replace their heating. We are checking whether a shared local heat network is possible before you order a new boiler."),
    AdviceTemplate("heat_network", "de", "Anschluss vormerken", "Wir haben Ihr Interesse an einem Wärmenetzanschluss vorgemerkt und melden uns, sobald die Machbarkeit geklärt ist."),
    AdviceTemplate("heat_network", "en", "Connection noted", "We have noted your interest in a heat-network connection and will get back to you once feasibility is clear."),
    AdviceTemplate("windows", "de", "Sammelausschreibung Fenster", "Mehrere Nachbarn planen neue Fenster. Eine gemeinsame Ausschreibung kann Preise senken; wir stellen auf Wunsch den Kontakt her."),
    AdviceTemplate("windows", "en", "Joint tender for windows", "Several neighbours plan new windows. A joint tender can lower prices; we can put you in touch if you wish."),
    AdviceTemplate("roof", "de", "Dach und PV bündeln", "Wenn das Dach neu gedeckt wird, lohnt es sich, Dämmung und Photovoltaik gleich mit zu planen."),
    AdviceTemplate("roof", "en", "Combine roof and PV", "When the roof is renewed, plan insulation and photovoltaics at the same time."),
    AdviceTemplate("roof_insulation", "de", "Oberste Geschossdecke", "Die Dämmung der obersten Geschossdecke ist oft die günstigste Maßnahme mit großer Wirkung."),
    AdviceTemplate("roof_insulation", "en", "Top floor ceiling", "Insulating the top floor ceiling is often the cheapest measure with a large effect."),
    AdviceTemplate("facade", "de", "Einheitliche Fassade", "Bei Reihenhäusern empfehlen wir, die Fassadendämmung mit den Nachbarn abzustimmen (Gestaltung, Denkmalschutz, Kosten)."),
    AdviceTemplate("facade", "en", "One consistent facade", "For terraced houses we recommend agreeing the facade insulation with the neighbours (design, heritage protection, costs)."),
    AdviceTemplate("pv", "de", "Sammelbestellung PV", "Für Photovoltaik gibt es in Ihrem Viertel eine Sammelbestellung; wir leiten Ihr Interesse gern weiter."),
    AdviceTemplate("pv", "en", "Group purchase of PV", "There is a group purchase of photovoltaics in your neighbourhood; we can pass your interest on."),
    AdviceTemplate("heat_pump", "de", "Eignung Wärmepumpe", "Vor dem Einbau einer Wärmepumpe sollten Heizlast und Vorlauftemperatur geprüft werden; die Energieberatung hilft dabei."),
    AdviceTemplate("heat_pump", "en", "Heat-pump suitability", "Before installing a heat pump, check the heating load and flow temperature; the energy advice helps with that."),
)  # fmt: skip
