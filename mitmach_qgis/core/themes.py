"""The built-in theme catalogue and compatibility matrix (DESIGN.md §3).

Codes are stable: files, the CLI and other tools use them. Labels exist in German and English; the
database holds a copy that a council may edit, this module only seeds it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    code: str
    label_de: str
    label_en: str
    colour: str
    description_de: str
    description_en: str


@dataclass(frozen=True)
class Synergy:
    code: str
    label_de: str
    label_en: str


@dataclass(frozen=True)
class Compatibility:
    """Two themes that go together; ``theme_a <= theme_b`` so every pair is stored once."""

    theme_a: str
    theme_b: str
    weight: float
    max_distance_m: float
    synergy: str
    year_tolerance: int = 1
    same_building_only: bool = False
    role_pair: str | None = None  # "owner_tenant": one side a tenant, the other the owner


THEMES: tuple[Theme, ...] = (
    Theme("heating", "Heizungstausch", "Heating replacement", "#d7301f",
          "Alte Heizung ersetzen, z. B. Öl- oder Gaskessel", "Replace an old boiler or heating system"),
    Theme("heat_network", "Anschluss an ein Wärmenetz", "Heat-network connection", "#fc8d59",
          "Anschluss an ein bestehendes oder neues Wärmenetz", "Connect to an existing or new heat network"),
    Theme("windows", "Fenstertausch", "Windows", "#4575b4",
          "Neue Fenster mit Wärmeschutzverglasung", "New energy-efficient windows"),
    Theme("roof", "Dachsanierung", "Roof renovation", "#8c510a",
          "Dach neu eindecken oder sanieren", "Re-roof or renovate the roof"),
    Theme("roof_insulation", "Dach-/Dachbodendämmung", "Roof / attic insulation", "#dfc27d",
          "Dach oder oberste Geschossdecke dämmen", "Insulate the roof or the top floor ceiling"),
    Theme("facade", "Fassadendämmung", "Facade insulation", "#35978f",
          "Außenwände dämmen", "Insulate the outer walls"),
    Theme("pv", "Photovoltaik / Solarthermie", "PV / solar thermal", "#f1b80e",
          "Strom oder Wärme von der Sonne", "Solar power or solar heat"),
    Theme("heat_pump", "Wärmepumpe", "Heat pump", "#762a83",
          "Heizen mit einer Wärmepumpe", "Heat with a heat pump"),
    Theme("other", "Sonstiges", "Other", "#878787",
          "Andere Ideen zur energetischen Sanierung", "Other energy-renovation ideas"),
)  # fmt: skip

SYNERGIES: tuple[Synergy, ...] = (
    Synergy("local_heat_network", "Nahwärmenetz", "Local heat network"),
    Synergy("joint_tender", "Gemeinsame Ausschreibung / Sammelbestellung", "Joint tender / group purchase"),
    Synergy("combined_works", "Arbeiten bündeln", "Combined works"),
    Synergy("owner_tenant", "Eigentümer einbeziehen", "Owner involvement"),
)

_PAIRS: tuple[Compatibility, ...] = (
    # neighbours replacing their heating → candidate local heat network (the NachbarschaftsWerk's core case)
    Compatibility("heating", "heating", 1.0, 150.0, "local_heat_network"),
    Compatibility("heat_network", "heating", 1.0, 150.0, "local_heat_network"),
    Compatibility("heat_network", "heat_network", 1.0, 150.0, "local_heat_network"),
    # the same work nearby → joint tender / group purchase
    Compatibility("windows", "windows", 0.8, 200.0, "joint_tender"),
    Compatibility("roof", "roof", 0.8, 200.0, "joint_tender"),
    Compatibility("roof_insulation", "roof_insulation", 0.7, 200.0, "joint_tender"),
    Compatibility("facade", "facade", 0.9, 100.0, "joint_tender"),  # terraced rows: one consistent facade
    Compatibility("pv", "pv", 0.7, 250.0, "joint_tender"),
    Compatibility("heat_pump", "heat_pump", 0.6, 200.0, "joint_tender"),
    # different works on the same or the adjacent building → combine them
    Compatibility("pv", "roof", 0.9, 30.0, "combined_works"),
    Compatibility("roof", "roof_insulation", 0.9, 30.0, "combined_works"),
    Compatibility("facade", "windows", 0.8, 30.0, "combined_works"),
    Compatibility("heat_pump", "pv", 0.6, 30.0, "combined_works"),
)

# a tenant's idea and the owner of the same building, whatever the theme
_OWNER_TENANT = tuple(
    Compatibility(t.code, t.code, 1.0, 25.0, "owner_tenant", year_tolerance=2, same_building_only=True,
                  role_pair="owner_tenant")
    for t in THEMES
)  # fmt: skip

COMPATIBILITY: tuple[Compatibility, ...] = _PAIRS + _OWNER_TENANT

THEME_CODES = tuple(t.code for t in THEMES)
SYNERGY_CODES = tuple(s.code for s in SYNERGIES)
ROLES = ("owner", "tenant", "other")
STATUSES = ("submitted", "checked", "rejected", "matched", "implemented", "withdrawn")
# DESIGN.md §2: submitted → checked | rejected, checked → matched → implemented, any → withdrawn
STATUS_TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("submitted", "checked"),
    ("submitted", "rejected"),
    ("checked", "matched"),
    ("matched", "implemented"),
    *((s, "withdrawn") for s in STATUSES if s != "withdrawn"),
)
MATCH_STATUSES = ("proposed", "contacted", "active", "implemented", "closed")
LOCATION_SOURCES = ("geocoded", "clicked", "imported", "moved")
LOCATION_QUALITIES = ("address", "street", "postcode", "manual", "unknown")
PROPOSAL_SOURCES = ("officer", "web", "import")


def theme(code: str) -> Theme:
    return next(t for t in THEMES if t.code == code)


def is_allowed_transition(old: str, new: str) -> bool:
    return old == new or (old, new) in STATUS_TRANSITIONS
