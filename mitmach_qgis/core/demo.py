"""A seeded, synthetic Bottrop-like pilot area: streets, buildings, addresses, participants and their ideas.

Why: ``make demo``, the benchmarks and many tests need a participation database that looks and behaves
like a real pilot area, yet holds no real person, no real contact and no real house. Everything here is
invented and deterministic: the same ``seed`` (and ``participants``) gives the identical town, record
uuids included, so screenshots, benchmark runs and bug reports can be reproduced.

The town lies in EPSG:25832 (metres) with its south-west corner at x=357000, y=5711000 in Bottrop and
covers about 1.2 km × 0.9 km: a street grid with uneven block sizes, side streets that are slightly
tilted, change their name at a crossing or are missing (so some blocks are deeper), a few main roads,
and an old country road (``Kirchhellener Weg``) that cuts diagonally across the grid. Every street has a
vertex at each junction, so a street network can be built from the polylines. Blocks hold rows of terraced
miners' houses (Zechensiedlung colonies), semi-detached pairs, detached houses and apartment blocks,
each an axis-parallel rectangle set back from its street, numbered odd on the left and even on the right
of the street's direction (ascending along it), with the odd "12a".

Participants and their ideas are drawn with fixed shares (roles, consents, themes, statuses), so the
shares hold for every seed. A few streets of terraced houses get many neighbours who want to replace
their heating at the same time: the planted local-heat-network clusters of the demo (DBSCAN with
eps 125 m and 3 points finds them).

Most participants live in a house of their own; an apartment block holds at most one participant per
four flats, and a few buildings hold a planted owner/tenant pair. Up to ``PARTICIPANTS_PER_BASE_AREA``
participants the town keeps its default size; beyond that it grows in proportion: the grid is laid out
over a larger area (more blocks, streets, colonies and heating clumps), never crowding more people into
the same houses. 5000 participants give a town of about 4.2 km × 3.2 km with some 12 000 buildings.

Heat-demand assumptions (``HEAT_DEMAND_ASSUMPTIONS``)
-----------------------------------------------------
Orders of magnitude after the German residential building typology of the IWU (Institut Wohnen und
Umwelt, "Deutsche Wohngebäudetypologie", TABULA/EPISCOPE, 2nd ed. 2015) for heating plus hot water of
unrenovated to new buildings, and Destatis' average living area per dwelling (about 92 m² overall,
smaller in flats). They are **assumptions for a demo**, rounded and simplified, not data for planning.

================  ==========================  ==================  ==================================
kind              dwellings (typ. / min–max)  heated m²/dwelling  specific demand kWh/(m²·a) min–max
================  ==========================  ==================  ==================================
detached          1 / 1–2                     140                 55–240
semi_detached     1 / 1–2                     120                 50–220
terraced          1 / 1–1                     90                  45–200
apartment         8 / 6–24                    65                  40–180
================  ==========================  ==================  ==================================

Within a kind's range the specific demand falls with the year of construction (``AGE_CLASS_FACTORS``:
1.0 = the upper end for pre-war and early post-war houses, 0.0 = the lower end for houses of 2016 and
later, roughly following the typology's age classes and the successive German thermal regulations:
WSchVO 1977/1984/1995, EnEV 2002/2009, GEG). A third of the buildings from before 1979 count as
partly renovated (×0.7 on the factor), and every building scatters ±8 %, clamped to the range.
``heat_demand_mwh_a = heated_area_m2 × specific_demand_kwh_m2a / 1000``, rounded to 0.1 MWh/a.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

ORIGIN: tuple[float, float] = (357000.0, 5711000.0)  # south-west corner of the default town, EPSG:25832
BASE_WIDTH_M = 1200.0
BASE_HEIGHT_M = 900.0
PARTICIPANTS_PER_BASE_AREA = 400  # beyond this the town grows in proportion instead of crowding its houses
CITY = "Bottrop"
POSTCODES: tuple[str, ...] = ("46238", "46236", "46240")  # west, centre, east of the town
KINDS: tuple[str, ...] = ("detached", "semi_detached", "terraced", "apartment")

HEAT_DEMAND_ASSUMPTIONS: dict[str, dict[str, float]] = {
    "detached": {
        "dwellings_typical": 1, "dwellings_min": 1, "dwellings_max": 2, "area_per_dwelling_m2": 140.0,
        "specific_demand_min_kwh_m2a": 55.0, "specific_demand_max_kwh_m2a": 240.0,
    },
    "semi_detached": {
        "dwellings_typical": 1, "dwellings_min": 1, "dwellings_max": 2, "area_per_dwelling_m2": 120.0,
        "specific_demand_min_kwh_m2a": 50.0, "specific_demand_max_kwh_m2a": 220.0,
    },
    "terraced": {
        "dwellings_typical": 1, "dwellings_min": 1, "dwellings_max": 1, "area_per_dwelling_m2": 90.0,
        "specific_demand_min_kwh_m2a": 45.0, "specific_demand_max_kwh_m2a": 200.0,
    },
    "apartment": {
        "dwellings_typical": 8, "dwellings_min": 6, "dwellings_max": 24, "area_per_dwelling_m2": 65.0,
        "specific_demand_min_kwh_m2a": 40.0, "specific_demand_max_kwh_m2a": 180.0,
    },
}  # fmt: skip

# (last year of the age class, position within the kind's specific-demand range: 1 = max, 0 = min)
AGE_CLASS_FACTORS: tuple[tuple[int, float], ...] = (
    (1918, 1.0), (1948, 0.95), (1957, 1.0), (1968, 0.9), (1978, 0.8), (1983, 0.62),
    (1994, 0.5), (2001, 0.38), (2009, 0.25), (2015, 0.12), (9999, 0.0),
)  # fmt: skip

# Shares of the generated records; quotas, so that they hold exactly (±1) for every seed.
ROLE_SHARES: dict[str, float] = {"owner": 0.70, "tenant": 0.25, "other": 0.05}
THEME_SHARES: dict[str, float] = {
    "heating": 0.30, "pv": 0.18, "windows": 0.14, "facade": 0.10, "roof_insulation": 0.09,
    "heat_pump": 0.07, "roof": 0.05, "heat_network": 0.04, "other": 0.03,
}  # fmt: skip
STATUS_SHARES: dict[str, float] = {
    "checked": 0.70, "submitted": 0.12, "matched": 0.06, "withdrawn": 0.05, "rejected": 0.04, "implemented": 0.03,
}  # fmt: skip
CONSENT_CONTACT_SHARE = 0.80
CONSENT_PUBLIC_MAP_SHARE = 0.75
EMAIL_DOMAINS: tuple[str, ...] = ("example.org", "example.com")  # reserved for examples (RFC 2606)

# Bundesnetzagentur, Mitteilung 148/2021 (Amtsblatt 7/2021): numbers reserved for films, books and other
# media ("Drama Numbers"), never assigned to anyone. Cologne's block first, it is the nearest to Bottrop.
DRAMA_NUMBER_BLOCKS: tuple[tuple[str, str], ...] = (
    ("0221", "4710"), ("030", "23125"), ("040", "66969"), ("069", "90009"), ("089", "99998"),
)  # fmt: skip

_HEAT_THEMES = frozenset(("heating", "heat_network"))  # what forms a local heat network (DESIGN.md §3)
_CLUMP_SIZE = 12  # participants per planted heating clump
_CLUMP_WINDOW_M = 150.0  # length of street along which a clump lives
_CLUMP_SEPARATION_M = 350.0  # clumps further apart than this stay separate DBSCAN clusters (eps 125 m)

_MAIN_HALF_WIDTH = 10.0
_SIDE_HALF_WIDTH = 6.0
_DIAGONAL_HALF_WIDTH = 8.0
# setback + depth at most, per kind: how far a row of houses reaches into its block
_ROW_REACH = {"terraced": 16.0, "semi_detached": 18.5, "detached": 21.0, "apartment": 20.0}

_MAIN_NAMES = ("Zechenstraße", "Große Büttenstraße", "Hüttenstraße", "Schachtstraße", "Kokereiring")
_DIAGONAL_NAME = "Kirchhellener Weg"
_SIDE_NAMES = (
    "Am Lindenhof", "Schäferweg", "Amselweg", "Fliederstraße", "Knappenweg", "Steigerstraße", "Hauerstraße",
    "Lerchenweg", "Drosselweg", "Birkenring", "Im Wiesengrund", "An der Halde", "Auf dem Kamp", "Mühlenweg",
    "Brunnenstraße", "Grubenweg", "Am Förderturm", "Glückaufstraße", "Rosenweg", "Tulpenweg", "Ahornstraße",
    "Buchenweg", "Kastanienallee", "Sonnenring", "Falkenweg", "Meisenstraße", "Fasanenweg", "Heideweg",
    "Kampstraße", "Hoher Weg", "Weidenstraße", "Gärtnerstraße", "Rübenkamp", "Schlägelweg", "Eisenring",
    "Kohlenpfad", "Lohstraße", "Am Bruchgraben", "Wacholderweg", "Krähenbüschken",
)  # fmt: skip
_PLATZ_NAMES = ("Knappenplatz", "Lindenplatz", "Marktplatz am Eigen", "Kolonieplatz", "Schulplatz", "Bürgerplatz")  # fmt: skip
_NAME_STEMS = (
    "Linden", "Eichen", "Birken", "Ahorn", "Buchen", "Erlen", "Eschen", "Ulmen", "Pappel", "Holunder",
    "Nelken", "Astern", "Veilchen", "Lilien", "Mohn", "Finken", "Stieglitz", "Schwalben", "Kiebitz", "Reiher",
    "Dohlen", "Spatzen", "Wachtel", "Bussard", "Habicht", "Sperber", "Kranich", "Stollen", "Flöz", "Seilscheiben",
    "Kauen", "Lampen", "Schlägel", "Bergmanns", "Kumpel", "Zechen", "Halden", "Emscher", "Bruch", "Wiesen",
    "Feld", "Acker", "Gärten", "Teich", "Quellen", "Mühlen", "Brücken", "Kapellen", "Pfarr", "Schul",
    "Sonnen", "Mond", "Stern", "Regenbogen", "Fuchs", "Dachs", "Hasen", "Igel", "Biber", "Otter",
)  # fmt: skip
_NAME_FORMS = ("{}straße", "{}weg", "{}ring", "{}pfad", "{}kamp", "Am {}hof", "Im {}winkel")
_GIVEN_NAMES = (
    "Anna", "Maria", "Ursula", "Monika", "Petra", "Sabine", "Andrea", "Claudia", "Julia", "Laura", "Lena",
    "Sophie", "Emma", "Hannah", "Katharina", "Stefanie", "Birgit", "Renate", "Gabriele", "Elif", "Marta",
    "Thomas", "Michael", "Andreas", "Stefan", "Frank", "Klaus", "Jürgen", "Peter", "Wolfgang", "Uwe",
    "Markus", "Christian", "Tobias", "Jan", "Lukas", "Felix", "Jonas", "Paul", "Leon", "Dieter", "Horst",
    "Günter", "Heinz", "Emre", "Piotr", "Jörg", "Björn", "Karin", "Doris",
)  # fmt: skip
_FAMILY_NAMES = (
    "Mustermann", "Musterfrau", "Beispiel", "Platzhalter", "Probe", "Fiktiv", "Testweg", "Exempel",
    "Mustermeier", "Testermann", "Demofeld", "Beispielkamp", "Probeschulte", "Testkötter", "Fiktivski",
    "Demowski", "Musterhaus", "Erfunden", "Ausgedacht", "Vorlage",
)  # fmt: skip
_REJECTION_REASONS = (
    "Doppelte Einreichung, die Idee ist bereits erfasst",
    "Die Maßnahme ist bereits abgeschlossen",
    "Kein Bezug zu einem Wohngebäude im Quartier",
    "Angaben unvollständig, Rückfrage blieb unbeantwortet",
    "Teilnahme vom Eigentümer nicht bestätigt",
)


@dataclass(frozen=True)
class DemoStreet:
    uuid: str
    name: str
    coords: tuple[tuple[float, float], ...]  # polyline, EPSG:25832, in the direction of ascending numbers


@dataclass(frozen=True)
class DemoBuilding:
    uuid: str
    kind: str  # one of KINDS
    ring: tuple[tuple[float, float], ...]  # closed exterior ring, counter-clockwise
    street: str
    house_number: str
    postcode: str
    city: str
    dwellings: int
    heated_area_m2: float
    year_built: int
    specific_demand_kwh_m2a: float
    heat_demand_mwh_a: float


@dataclass(frozen=True)
class DemoAddress:
    uuid: str
    x: float
    y: float
    street: str
    house_number: str
    postcode: str
    city: str
    building_uuid: str


@dataclass(frozen=True)
class DemoParticipant:
    uuid: str
    given_name: str
    family_name: str
    street: str
    house_number: str
    postcode: str
    city: str
    email: str
    phone: str
    role: str  # 'owner' | 'tenant' | 'other'
    consent_contact: bool
    consent_contact_date: str | None  # 'YYYY-MM-DD' when consented, else None
    consent_public_map: bool
    consent_public_map_date: str | None
    building_uuid: str


@dataclass(frozen=True)
class DemoProposal:
    uuid: str
    participant_uuid: str
    x: float
    y: float
    theme: str
    year_from: int
    year_to: int
    description: str
    status: str
    rejection_reason: str | None
    location_source: str  # 'geocoded' (at the address point) | 'clicked' (on the map, near it)
    location_quality: str  # 'address' | 'manual'
    source: str  # 'officer' | 'web' | 'import'
    building_ref: str
    created_at: str  # 'YYYY-MM-DDTHH:MM:SSZ'


@dataclass(frozen=True)
class DemoTown:
    seed: int
    area_ring: tuple[tuple[float, float], ...]  # the participation area, closed, counter-clockwise
    streets: tuple[DemoStreet, ...]
    buildings: tuple[DemoBuilding, ...]
    addresses: tuple[DemoAddress, ...]
    participants: tuple[DemoParticipant, ...]
    proposals: tuple[DemoProposal, ...]


def typical_specific_demand(kind: str, year_built: int) -> float:
    """The unrenovated specific heat demand of a kind and year, kWh/(m²·a); a documented default."""
    spec = HEAT_DEMAND_ASSUMPTIONS[kind]
    low, high = spec["specific_demand_min_kwh_m2a"], spec["specific_demand_max_kwh_m2a"]
    return low + (high - low) * _age_factor(year_built)


def generate_demo_town(seed: int = 2026, participants: int = 300) -> DemoTown:
    """Build the whole synthetic town; the same arguments always give an equal ``DemoTown``."""
    if participants < 0:
        raise ValueError("participants must not be negative")
    scale = math.sqrt(max(1.0, participants / PARTICIPANTS_PER_BASE_AREA))
    width, height = BASE_WIDTH_M * scale, BASE_HEIGHT_M * scale
    while True:
        layout = _Layout(_rng(seed, f"layout:{width:.0f}x{height:.0f}"), width, height)
        if participants <= sum(_slots(lot) for lot in layout.lots) // 2:
            break
        width, height = width * 1.2, height * 1.2  # a seed with unusually many parks: a little more town
    return _Population(seed, layout, participants).town()


# ---- layout ---------------------------------------------------------------------------------------------


def _rng(seed: int, stream: str) -> random.Random:
    """An independent, reproducible random stream per concern (str seeds hash stably, unlike hash())."""
    return random.Random(f"mitmach-demo/{seed}/{stream}")


def _age_factor(year: int) -> float:
    return next(factor for last_year, factor in AGE_CLASS_FACTORS if year <= last_year)


def _slots(lot: _Lot) -> int:
    """How many participants (besides a planted owner/tenant pair) a building may hold.

    One per house; an apartment block one per four flats, since tenants of flats take part far less
    often than owners of houses (they are not the ones who decide on a new heating).
    """
    return max(1, lot.dwellings // 4) if lot.kind == "apartment" else 1


@dataclass
class _Street:
    name: str
    points: list[tuple[float, float]]
    main: bool


@dataclass
class _Piece:
    """A straight stretch of a grid line between two columns (or rows): one named street."""

    first: int  # first column (row) covered
    last: int  # one past the last
    a: float  # along-axis start coordinate
    b: float  # along-axis end coordinate
    offset_a: float  # perpendicular offset of the line at a, m (side streets are slightly tilted)
    offset_b: float
    base: float  # the grid line's coordinate
    half_width: float
    street: int = -1

    def at(self, t: float) -> float:
        return self.base + self.offset_a + (self.offset_b - self.offset_a) * (t - self.a) / (self.b - self.a)


@dataclass
class _Lot:
    kind: str
    x0: float
    y0: float
    x1: float
    y1: float
    street: int
    side: int  # +1 left of the street's direction (odd numbers), -1 right (even numbers)
    chainage: float
    ax: float  # address point
    ay: float
    year: int
    dwellings: int
    pair_second: bool = False
    number: str = ""
    postcode: str = ""


class _Layout:
    """Streets and building lots in local metres (0, 0 = ORIGIN)."""

    def __init__(self, rng: random.Random, width: float, height: float) -> None:
        self.rng, self.width, self.height = rng, width, height
        self.names = _NameSource(rng)
        self.streets: list[_Street] = []
        self.lots: list[_Lot] = []
        self.xs = _grid_lines(rng, width, 160.0, 240.0)
        self.ys = _grid_lines(rng, height, 90.0, 135.0)
        ncols, nrows = len(self.xs) - 1, len(self.ys) - 1
        self.main_x = {i for i in range(1, ncols) if (i - ncols // 2) % 5 == 0}
        self.main_y = {j for j in range(1, nrows) if (j - nrows // 3) % 5 == 0}
        self.colonies = self._colonies()
        self.h_pieces = [self._h_line(j) for j in range(nrows + 1)]
        self.v_pieces = [self._v_line(i) for i in range(ncols + 1)]
        self._name_and_draw()
        for col in range(ncols):
            self._fill_column(col)
        self._diagonal()
        self._number()
        self.area_ring = self._area()

    # -- grid --------------------------------------------------------------------------------------------

    def _colonies(self) -> list[tuple[float, float, float, int]]:
        """Centres of miners' colonies (terraced rows built together), radius and era."""
        count = max(3, round(3 * self.width * self.height / (BASE_WIDTH_M * BASE_HEIGHT_M)))
        rng, out = self.rng, []
        for _ in range(count * 20):
            x, y = rng.uniform(0.1, 0.9) * self.width, rng.uniform(0.1, 0.9) * self.height
            if all(math.hypot(x - cx, y - cy) > 450.0 for cx, cy, _r, _e in out):
                out.append((x, y, rng.uniform(140.0, 175.0), rng.randint(1905, 1935)))
            if len(out) == count:
                break
        return out

    def _h_line(self, j: int) -> list[_Piece | None]:
        """The pieces of horizontal grid line j, split at the vertical main roads; None = no street."""
        ncols, rng = len(self.xs) - 1, self.rng
        main = j in self.main_y
        outer = j in (0, len(self.ys) - 1)
        cuts = [0, ncols] if main else [0, *sorted(self.main_x), ncols]
        if not (main or outer):  # now and then a side street changes its name at a crossing
            cuts += [
                rng.randint(a + 1, b - 1)
                for a, b in zip(cuts, cuts[1:])
                if b - a >= 3 and rng.random() < 0.35
            ]
            cuts.sort()
        pieces: list[_Piece | None] = []
        for first, last in zip(cuts, cuts[1:]):
            present = main or outer or rng.random() < 0.85
            tilt = (0.0, 0.0) if main or outer else (rng.uniform(-5, 5), rng.uniform(-5, 5))
            if pieces and pieces[-1] is not None and not (main or outer):
                tilt = (pieces[-1].offset_b, tilt[1])  # a straight crossroads, not a kink
            piece = _Piece(first, last, self.xs[first], self.xs[last], *tilt, self.ys[j],
                           _MAIN_HALF_WIDTH if main else _SIDE_HALF_WIDTH)  # fmt: skip
            pieces.extend([piece if present else None] * (last - first))
        return pieces  # one entry per column

    def _v_line(self, i: int) -> list[_Piece]:
        """The pieces of vertical grid line i, split at the horizontal main roads; always present."""
        nrows = len(self.ys) - 1
        main = i in self.main_x
        cuts = [0, nrows] if main else [0, *sorted(self.main_y), nrows]
        pieces: list[_Piece] = []
        for first, last in zip(cuts, cuts[1:]):
            piece = _Piece(first, last, self.ys[first], self.ys[last], 0.0, 0.0, self.xs[i],
                           _MAIN_HALF_WIDTH if main else _SIDE_HALF_WIDTH)  # fmt: skip
            pieces.extend([piece] * (last - first))
        return pieces  # one entry per row

    def _name_and_draw(self) -> None:
        """Name every piece and draw its polyline with a vertex at every junction (for street networks)."""
        rng = self.rng
        seen: set[int] = set()
        h_pieces = []
        for j, line in enumerate(self.h_pieces):
            for piece in line:
                if piece is not None and id(piece) not in seen:
                    seen.add(id(piece))
                    h_pieces.append((j, piece))
        # the shortest side streets, one per default-sized area, are squares ("…platz")
        inner = [(p.last - p.first, rng.random(), id(p)) for j, p in h_pieces if 0 < j < len(self.ys) - 1]
        count = max(1, round(self.width * self.height / (BASE_WIDTH_M * BASE_HEIGHT_M)))
        squares = {key for span, _r, key in sorted(inner)[:count] if span <= 2}
        for j, piece in h_pieces:
            main = j in self.main_y
            name = self.names.main() if main else self.names.side(platz=id(piece) in squares)
            points = [(self.xs[k], piece.at(self.xs[k])) for k in range(piece.first, piece.last + 1)]
            piece.street = self._add_street(name, points, main)
        for i, line in enumerate(self.v_pieces):
            for piece in line:
                if id(piece) in seen:
                    continue
                seen.add(id(piece))
                main = i in self.main_x
                x = self.xs[i]
                crossings = set()
                for j in range(piece.first, piece.last + 1):
                    for col in (i - 1, i):
                        if 0 <= col < len(self.xs) - 1 and self.h_pieces[j][col] is not None:
                            crossings.add(round(self.h_pieces[j][col].at(x), 6))
                points = [(x, y) for y in sorted(crossings)]
                piece.street = self._add_street(
                    self.names.main() if main else self.names.side(), points, main
                )

    def _add_street(self, name: str, points: list[tuple[float, float]], main: bool) -> int:
        self.streets.append(_Street(name, points, main))
        return len(self.streets) - 1

    # -- blocks and lots ---------------------------------------------------------------------------------

    def _fill_column(self, col: int) -> None:
        present = [(j, line[col]) for j, line in enumerate(self.h_pieces) if line[col] is not None]
        for (j_low, low), (j_high, high) in zip(present, present[1:]):
            self._fill_block(col, j_low, low, j_high, high)

    def _fill_block(self, col: int, j_low: int, low: _Piece, j_high: int, high: _Piece) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            return  # a park, a school, a church or a sports ground
        west, east = self.v_pieces[col][j_low], self.v_pieces[col + 1][j_low]
        xa, xb = self.xs[col] + west.half_width, self.xs[col + 1] - east.half_width
        ya = max(low.at(self.xs[col]), low.at(self.xs[col + 1])) + low.half_width
        yb = min(high.at(self.xs[col]), high.at(self.xs[col + 1])) - high.half_width
        cx, cy = (xa + xb) / 2, (ya + yb) / 2
        kind_s = self._kind(cx, ya, low.half_width == _MAIN_HALF_WIDTH)
        kind_n = self._kind(cx, yb, high.half_width == _MAIN_HALF_WIDTH)
        reach_s, reach_n = _ROW_REACH[kind_s], _ROW_REACH[kind_n]
        rows = []
        if yb - ya >= reach_s + reach_n + 8.0:
            rows = ["s", "n"]
        elif yb - ya >= max(reach_s, reach_n) + 2.0:
            rows = ["s"] if low.half_width > high.half_width or rng.random() < 0.5 else ["n"]
        for row in rows:
            kind = kind_s if row == "s" else kind_n
            for unit in _row_units(rng, kind, xb - xa, self._era(kind, cx, cy)):
                x0, x1, g0, g1 = xa + unit.start, xa + unit.end, xa + unit.group_start, xa + unit.group_end
                if row == "s":  # a terraced row or a pair keeps one front line, whatever the street's tilt
                    front = max(low.at(g0), low.at(g1)) + low.half_width + unit.setback
                    box, address = (x0, front, x1, front + unit.depth), ((x0 + x1) / 2, front + 1.5)
                    self._add_lot(kind, unit, box, low.street, +1, (x0 + x1) / 2, address)
                else:
                    front = min(high.at(g0), high.at(g1)) - high.half_width - unit.setback
                    box, address = (x0, front - unit.depth, x1, front), ((x0 + x1) / 2, front - 1.5)
                    self._add_lot(kind, unit, box, high.street, -1, (x0 + x1) / 2, address)
        # the short sides, between the two rows, face the vertical streets
        y_lo = ya + (reach_s if "s" in rows else 0.0) + 6.0
        y_hi = yb - (reach_n if "n" in rows else 0.0) - 6.0
        if y_hi - y_lo < 15.0 or rng.random() < 0.4:
            return  # gardens or garages
        for piece, face in ((west, "w"), (east, "e")):
            kind = self._kind(xa if face == "w" else xb, cy, piece.half_width == _MAIN_HALF_WIDTH)
            for unit in _row_units(rng, kind, y_hi - y_lo, self._era(kind, cx, cy)):
                y0, y1 = y_lo + unit.start, y_lo + unit.end
                if face == "w":  # east of the street: on the right when walking north
                    x0 = xa + unit.setback
                    box, address = (x0, y0, x0 + unit.depth, y1), (x0 + 1.5, (y0 + y1) / 2)
                    self._add_lot(kind, unit, box, piece.street, -1, (y0 + y1) / 2, address)
                else:
                    x1 = xb - unit.setback
                    box, address = (x1 - unit.depth, y0, x1, y1), (x1 - 1.5, (y0 + y1) / 2)
                    self._add_lot(kind, unit, box, piece.street, +1, (y0 + y1) / 2, address)

    def _add_lot(
        self,
        kind: str,
        unit: _Unit,
        box: tuple[float, float, float, float],
        street: int,
        side: int,
        chainage: float,
        address: tuple[float, float],
    ) -> None:
        self.lots.append(
            _Lot(kind, *box, street, side, chainage, *address, unit.year, unit.dwellings, unit.second)
        )

    def _kind(self, x: float, y: float, faces_main: bool) -> str:
        """Building kind of a row: colonies are terraced, main roads have flats, the rest is suburban."""
        in_colony = any(math.hypot(x - cx, y - cy) <= r for cx, cy, r, _era in self.colonies)
        if in_colony:
            weights = (0.0, 0.1, 0.5, 0.4) if faces_main else (0.05, 0.15, 0.75, 0.05)
        elif faces_main:
            weights = (0.15, 0.2, 0.15, 0.5)
        else:
            weights = (0.5, 0.3, 0.1, 0.1)
        return self.rng.choices(KINDS, weights)[0]

    def _era(self, kind: str, x: float, y: float) -> int:
        """The base year of a row: a colony's own era for its terraced rows, else by kind."""
        rng = self.rng
        if kind == "terraced":
            for cx, cy, r, era in self.colonies:
                if math.hypot(x - cx, y - cy) <= r:
                    return era + rng.randint(-3, 3)
            return rng.randint(1952, 1975) if rng.random() < 0.7 else rng.randint(1985, 2010)
        if kind == "semi_detached":
            return rng.randint(1950, 1995)
        return 0  # detached houses and apartment blocks get a year each

    def _diagonal(self) -> None:
        """The old road to Kirchhellen: from the first main crossing north-east to the edge of the town."""
        if not self.main_x or not self.main_y:
            return
        rng = self.rng
        x0, y0 = self.xs[min(self.main_x)], self.ys[min(self.main_y)]
        x2 = min(x0 + 0.5 * (self.height - y0), self.width - 40.0)
        mx, my = (x0 + x2) / 2, (y0 + self.height) / 2
        length = math.hypot(x2 - x0, self.height - y0)
        bend = rng.uniform(-40.0, 40.0)
        x1, y1 = mx - bend * (self.height - y0) / length, my + bend * (x2 - x0) / length
        diagonal = [(x0, y0), (x1, y1), (x2, self.height)]
        clearance = _DIAGONAL_HALF_WIDTH + 3.0
        self.lots = [
            lot
            for lot in self.lots
            if all(
                _rect_segment_distance(lot.x0, lot.y0, lot.x1, lot.y1, p, q) > clearance
                for p, q in zip(diagonal, diagonal[1:])
            )
        ]
        # junction vertices where it crosses or meets other streets, in both polylines
        added: list[tuple[int, float, tuple[float, float]]] = []
        for street in self.streets:
            inserts: list[tuple[int, float, tuple[float, float]]] = []
            for k, (a, b) in enumerate(zip(street.points, street.points[1:])):
                for d, (p, q) in enumerate(zip(diagonal, diagonal[1:])):
                    hit = _intersection(a, b, p, q)
                    if hit is not None:
                        inserts.append((k, hit[0], hit[2]))
                        added.append((d, hit[1], hit[2]))
            street.points = _insert_vertices(street.points, inserts)
        points = _insert_vertices(diagonal, added)
        self.streets.append(_Street(_DIAGONAL_NAME, points, True))

    # -- numbering, postcodes and the area ---------------------------------------------------------------

    def _number(self) -> None:
        """House numbers ascend along each street: odd on the left, even on the right, the odd "12a"."""
        rng = self.rng
        by_side: dict[tuple[int, int], list[_Lot]] = {}
        for lot in self.lots:
            by_side.setdefault((lot.street, lot.side), []).append(lot)
        for (street, side), lots in sorted(by_side.items()):
            lots.sort(key=lambda lot: lot.chainage)
            number, suffix = (1 if side > 0 else 2), ""
            for k, lot in enumerate(lots):
                if k > 0:
                    if (lot.pair_second and rng.random() < 0.25) or rng.random() < 0.04:
                        suffix = chr(ord(suffix) + 1) if suffix else "a"
                    else:
                        number += 4 if rng.random() < 0.05 else 2  # now and then a gap: a lost house
                        suffix = ""
                lot.number = f"{number}{suffix}"
            main = self.streets[street].main
            points = self.streets[street].points
            mid = points[len(points) // 2]
            for lot in lots:
                lot.postcode = self._postcode(*((lot.ax, lot.ay) if main else mid))

    def _postcode(self, x: float, y: float) -> str:
        position = x / self.width + 0.15 * (y / self.height - 0.5)
        return POSTCODES[0 if position < 0.34 else 1 if position < 0.68 else 2]

    def _area(self) -> list[tuple[float, float]]:
        """The participation area: a ring around the town, bulging outwards in places (never inwards)."""
        rng, m, w, h = self.rng, 25.0, self.width, self.height

        def edge(n: int) -> list[float]:
            return sorted(rng.uniform(0.08, 0.92) for _ in range(n))

        ring = [(-m, -m)]
        ring += [(-m + t * (w + 2 * m), -m - rng.uniform(0, 60)) for t in edge(3)]
        ring.append((w + m, -m))
        ring += [(w + m + rng.uniform(0, 60), -m + t * (h + 2 * m)) for t in edge(3)]
        ring.append((w + m, h + m))
        ring += [(w + m - t * (w + 2 * m), h + m + rng.uniform(0, 60)) for t in edge(3)]
        ring.append((-m, h + m))
        ring += [(-m - rng.uniform(0, 60), h + m - t * (h + 2 * m)) for t in edge(3)]
        ring.append(ring[0])
        return ring


def _grid_lines(rng: random.Random, length: float, low: float, high: float) -> list[float]:
    """Uneven spacing of grid lines from 0 to ``length``, so blocks differ in size."""
    count = max(1, round(length / ((low + high) / 2)))
    gaps = [rng.uniform(low, high) for _ in range(count)]
    scale = length / sum(gaps)
    lines, position = [0.0], 0.0
    for gap in gaps[:-1]:
        position += gap * scale
        lines.append(position)
    lines.append(length)
    return lines


@dataclass
class _Unit:
    """One house along a block side, in metres along that side."""

    start: float
    end: float
    depth: float
    setback: float
    year: int
    dwellings: int
    second: bool  # the second half of a semi-detached pair
    group_start: float  # the terraced row or pair it belongs to (itself for other kinds)
    group_end: float


def _row_units(rng: random.Random, kind: str, length: float, era: int) -> list[_Unit]:
    """Houses along one side of a block, from 0 to ``length``.

    Terraced houses of a row and the halves of a semi-detached pair share their walls exactly (the same
    float for both), so they touch and never overlap.
    """
    units: list[_Unit] = []
    position = rng.uniform(4.0, 10.0)
    end = length - rng.uniform(4.0, 10.0)
    while True:
        if kind == "terraced":
            count, width = rng.randint(3, 6), rng.uniform(5.5, 7.0)
            count = min(count, int((end - position) // width))
            if count < 2:
                break
            depth, setback, year = rng.uniform(9.0, 11.0), rng.uniform(3.0, 5.0), era + rng.randint(-1, 1)
            edges = [position + k * width for k in range(count + 1)]
            units += [_Unit(edges[k], edges[k + 1], depth, setback, year, 1, False, edges[0], edges[-1])
                      for k in range(count)]  # fmt: skip
            position = edges[-1] + rng.uniform(6.0, 14.0)
        elif kind == "semi_detached":
            width = rng.uniform(7.0, 9.0)
            if position + 2 * width > end:
                break
            depth, setback, year = rng.uniform(9.0, 11.5), rng.uniform(4.0, 7.0), era + rng.randint(-3, 3)
            edges = (position, position + width, position + 2 * width)
            for k in range(2):
                dwellings = 2 if rng.random() < 0.1 else 1
                units.append(
                    _Unit(edges[k], edges[k + 1], depth, setback, year, dwellings, k == 1, edges[0], edges[2])
                )
            position = edges[-1] + rng.uniform(6.0, 12.0)
        elif kind == "detached":
            width = rng.uniform(9.0, 13.0)
            if position + width > end:
                break
            if rng.random() >= 0.12:  # else an empty plot
                year = rng.choices((rng.randint(1950, 1969), rng.randint(1970, 1994), rng.randint(1995, 2023)),
                                   (0.35, 0.4, 0.25))[0]  # fmt: skip
                dwellings = 2 if rng.random() < 0.15 else 1
                depth, setback = rng.uniform(9.0, 12.0), rng.uniform(4.0, 9.0)
                units.append(_Unit(position, position + width, depth, setback, year, dwellings, False, position,
                                   position + width))  # fmt: skip
            position += width + rng.uniform(5.0, 10.0)
        else:  # apartment
            width = rng.uniform(18.0, 32.0)
            if position + width > end:
                break
            depth, floors = rng.uniform(11.0, 14.0), rng.randint(3, 5)
            dwellings = min(24, max(6, round(width * depth * floors * 0.75 / 65.0)))
            year = rng.choices((rng.randint(1955, 1979), rng.randint(1980, 1999), rng.randint(2000, 2023)),
                               (0.7, 0.2, 0.1))[0]  # fmt: skip
            units.append(_Unit(position, position + width, depth, rng.uniform(3.0, 6.0), year, dwellings, False,
                               position, position + width))  # fmt: skip
            position += width + rng.uniform(8.0, 16.0)
    return units


def _rect_segment_distance(
    x0: float, y0: float, x1: float, y1: float, p: tuple[float, float], q: tuple[float, float]
) -> float:
    """Shortest distance between an axis-parallel rectangle and a segment (0 when they meet)."""
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    if any(x0 <= px <= x1 and y0 <= py <= y1 for px, py in (p, q)):
        return 0.0
    if any(_intersection(p, q, a, b) for a, b in zip(corners, (*corners[1:], corners[0]))):
        return 0.0
    to_segment = min(_point_segment_distance(c, p, q) for c in corners)
    to_rect = min(math.hypot(max(x0 - px, 0.0, px - x1), max(y0 - py, 0.0, py - y1)) for px, py in (p, q))
    return min(to_segment, to_rect)


def _point_segment_distance(c: tuple[float, float], p: tuple[float, float], q: tuple[float, float]) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    t = max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(c[0] - p[0] - t * dx, c[1] - p[1] - t * dy)


def _intersection(
    a: tuple[float, float], b: tuple[float, float], p: tuple[float, float], q: tuple[float, float]
) -> tuple[float, float, tuple[float, float]] | None:
    """Where segments a–b and p–q meet: (t on a–b, u on p–q, point), ends included; None if apart."""
    rx, ry, sx, sy = b[0] - a[0], b[1] - a[1], q[0] - p[0], q[1] - p[1]
    denominator = rx * sy - ry * sx
    if abs(denominator) < 1e-12:
        return None
    t = ((p[0] - a[0]) * sy - (p[1] - a[1]) * sx) / denominator
    u = ((p[0] - a[0]) * ry - (p[1] - a[1]) * rx) / denominator
    eps = 1e-9
    if -eps <= t <= 1 + eps and -eps <= u <= 1 + eps:
        return t, u, (a[0] + t * rx, a[1] + t * ry)
    return None


def _insert_vertices(
    points: list[tuple[float, float]], inserts: list[tuple[int, float, tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Add junction vertices (segment index, position on it, point), skipping ones already there."""
    out = [points[0]]
    for k in range(len(points) - 1):
        for _k, _t, point in sorted(i for i in inserts if i[0] == k):
            if math.hypot(point[0] - out[-1][0], point[1] - out[-1][1]) > 0.01 and (
                math.hypot(point[0] - points[k + 1][0], point[1] - points[k + 1][1]) > 0.01
            ):
                out.append(point)
        out.append(points[k + 1])
    return out


def _fold(name: str) -> str:
    """A comparison key, so that no two streets differ only in spelling ("ß"/"ss", case, spaces)."""
    name = name.casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return "".join(ch for ch in name if ch.isalnum())


class _NameSource:
    """Unique invented German street names: hand-picked ones first, then stem + form combinations."""

    def __init__(self, rng: random.Random) -> None:
        self.used: set[str] = set()
        side = list(_SIDE_NAMES[2:])
        rng.shuffle(side)
        self.side_names = [*_SIDE_NAMES[:2], *side]  # the two named in the design always appear
        self.platz_names = list(_PLATZ_NAMES)
        rng.shuffle(self.platz_names)
        generated = [form.format(stem) for form in _NAME_FORMS for stem in _NAME_STEMS]
        rng.shuffle(generated)
        self.generated = generated
        self.main_names = list(_MAIN_NAMES)
        self.counter = 1

    def _take(self, *pools: list[str]) -> str:
        for pool in pools:
            while pool:
                name = pool.pop(0)
                if _fold(name) not in self.used:
                    self.used.add(_fold(name))
                    return name
        # only in towns far beyond the benchmarks: numbered streets, still unique
        self.counter += 1
        name = f"Neue Straße {self.counter}"
        self.used.add(_fold(name))
        return name

    def main(self) -> str:
        return self._take(self.main_names, [n for n in self.generated if n.endswith("straße")])

    def side(self, platz: bool = False) -> str:
        return (
            self._take(self.platz_names, self.side_names, self.generated)
            if platz
            else self._take(self.side_names, self.generated)
        )


# ---- people and their ideas ------------------------------------------------------------------------------


def _quota(shares: dict[str, float], total: int) -> dict[str, int]:
    """Split ``total`` by shares, largest remainder first, so the counts add up exactly."""
    raw = {key: share * total / sum(shares.values()) for key, share in shares.items()}
    counts = {key: int(value) for key, value in raw.items()}
    rest = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:rest]:
        counts[key] += 1
    return counts


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))


@dataclass
class _Person:
    lot: int
    clump: bool = False
    role: str = ""
    given: str = ""
    family: str = ""
    registered: date = date(2026, 1, 1)
    ideas: int = 1


class _Population:
    """Participants and proposals on top of a layout; random streams separate from the layout's."""

    def __init__(self, seed: int, layout: _Layout, participants: int) -> None:
        self.seed, self.layout, self.count = seed, layout, participants
        self.rng = _rng(seed, "people")
        self.ids = _rng(seed, "uuid")
        self.lots = sorted(layout.lots, key=lambda lot: (lot.street, lot.chainage, lot.side))

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4))

    def town(self) -> DemoTown:
        x0, y0 = ORIGIN

        def pt(x: float, y: float) -> tuple[float, float]:
            return (round(x0 + x, 2), round(y0 + y, 2))

        def line(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
            rounded = [pt(*p) for p in points]
            return tuple(p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1])

        layout = self.layout
        streets = tuple(DemoStreet(self._uuid(), s.name, line(s.points)) for s in layout.streets)
        names = [s.name for s in layout.streets]
        buildings, addresses = [], []
        for lot in self.lots:
            ring = (pt(lot.x0, lot.y0), pt(lot.x1, lot.y0), pt(lot.x1, lot.y1), pt(lot.x0, lot.y1))
            buildings.append(self._building(lot, (*ring, ring[0]), names[lot.street]))
        for lot, building in zip(self.lots, buildings):
            ax, ay = pt(lot.ax, lot.ay)
            addresses.append(DemoAddress(self._uuid(), ax, ay, building.street, building.house_number,
                                         building.postcode, CITY, building.uuid))  # fmt: skip
        people, proposals = self._people(buildings, addresses)
        return DemoTown(self.seed, tuple(pt(*p) for p in layout.area_ring), streets, tuple(buildings),
                        tuple(addresses), people, proposals)  # fmt: skip

    def _building(self, lot: _Lot, ring: tuple[tuple[float, float], ...], street: str) -> DemoBuilding:
        rng, spec = self.rng, HEAT_DEMAND_ASSUMPTIONS[lot.kind]
        low, high = spec["specific_demand_min_kwh_m2a"], spec["specific_demand_max_kwh_m2a"]
        factor = _age_factor(lot.year)
        if lot.year <= 1978 and rng.random() < 1 / 3:
            factor *= 0.7  # partly renovated: new windows, an insulated attic
        specific = (low + (high - low) * factor) * rng.uniform(0.92, 1.08)
        specific = round(min(high, max(low, specific)), 1)
        area = round(lot.dwellings * spec["area_per_dwelling_m2"] * rng.uniform(0.85, 1.15), 1)
        return DemoBuilding(self._uuid(), lot.kind, ring, street, lot.number, lot.postcode, CITY, lot.dwellings,
                            area, lot.year, specific, round(area * specific / 1000.0, 1))  # fmt: skip

    # -- who takes part ----------------------------------------------------------------------------------

    def _clump_sites(self) -> list[list[int]]:
        """Stretches of street, far apart, with many (preferably terraced) houses: heating clumps."""
        by_street: dict[int, list[int]] = {}
        for k, lot in enumerate(self.lots):
            by_street.setdefault(lot.street, []).append(k)
        candidates = []
        for members in by_street.values():
            end = 0
            for start in range(len(members)):
                while end < len(members) and (
                    self.lots[members[end]].chainage - self.lots[members[start]].chainage <= _CLUMP_WINDOW_M
                ):
                    end += 1
                window = members[start:end]
                terraced = sum(self.lots[k].kind == "terraced" for k in window)
                if len(window) >= _CLUMP_SIZE + 2:
                    candidates.append((terraced >= _CLUMP_SIZE + 2, len(window), self.rng.random(), window))
        candidates.sort(key=lambda c: c[:3], reverse=True)
        sites: list[list[int]] = []
        centres: list[tuple[float, float]] = []
        for *_score, window in candidates:
            cx = sum(self.lots[k].ax for k in window) / len(window)
            cy = sum(self.lots[k].ay for k in window) / len(window)
            if all(math.hypot(cx - x, cy - y) > _CLUMP_SEPARATION_M for x, y in centres):
                sites.append(window)
                centres.append((cx, cy))
        return sites

    def _choose_homes(self) -> tuple[list[_Person], list[tuple[int, int]]]:
        """Clump neighbours first, then owner/tenant pairs, then everyone else by free flats and houses."""
        rng, lots, count = self.rng, self.lots, self.count
        used = [0] * len(lots)
        people: list[_Person] = []
        area_ratio = self.layout.width * self.layout.height / (BASE_WIDTH_M * BASE_HEIGHT_M)
        clumps = min(count // 100, 3 * math.ceil(area_ratio - 1e-9))
        for window in self._clump_sites()[:clumps]:
            pool = [k for k in window if lots[k].kind == "terraced"]
            pool = pool if len(pool) >= _CLUMP_SIZE else window
            for k in rng.sample(pool, _CLUMP_SIZE):
                used[k] += 1
                people.append(_Person(k, clump=True))
        pairs: list[tuple[int, int]] = []
        n_pairs = max(1, round(0.04 * count)) if count >= 2 else 0
        n_pairs = min(n_pairs, (count - len(people)) // 2)
        shared = [k for k, lot in enumerate(lots) if lot.dwellings >= 2 and not used[k]]
        for k in rng.sample(shared, min(n_pairs, len(shared))):
            used[k] += 2
            pairs.append((len(people), len(people) + 1))
            people += [_Person(k), _Person(k)]
        slots = [k for k, lot in enumerate(lots) for _ in range(max(0, _slots(lot) - used[k]))]
        people += [_Person(k) for k in rng.sample(slots, count - len(people))]
        return people, pairs

    def _people(
        self, buildings: list[DemoBuilding], addresses: list[DemoAddress]
    ) -> tuple[tuple[DemoParticipant, ...], tuple[DemoProposal, ...]]:
        rng, count = self.rng, self.count
        people, pairs = self._choose_homes()
        # roles: pairs are an owner and a tenant; the rest by quota, flats more often let than houses
        roles = _quota(ROLE_SHARES, count)
        paired = {i for pair in pairs for i in pair}
        for owner, tenant in pairs:
            people[owner].role, people[tenant].role = "owner", "tenant"
        roles["owner"] -= len(pairs)
        roles["tenant"] -= len(pairs)
        for role in ("tenant", "other"):  # tiny towns: never below zero
            if roles[role] < 0:
                roles["owner"] += roles[role]
                roles[role] = 0
        rest = [i for i in range(count) if i not in paired]
        keys = {
            i: rng.random() * (0.5 if self.lots[people[i].lot].kind == "apartment" else 1.0) for i in rest
        }
        rest.sort(key=keys.__getitem__)
        order = ["tenant"] * roles["tenant"] + ["other"] * roles["other"]
        for position, i in enumerate(rest):
            people[i].role = order[position] if position < len(order) else "owner"
        self._name(people)
        for person in people:
            person.registered = date(2026, 1, 12) + timedelta(days=rng.randint(0, 313))
            person.ideas = rng.choices((1, 2, 3), (0.72, 0.20, 0.08))[0]
        people.sort(key=lambda p: (p.registered, p.lot, p.family, p.given))
        contact = self._flags(count, CONSENT_CONTACT_SHARE)
        public = self._flags(count, CONSENT_PUBLIC_MAP_SHARE)
        phones = self._phones(count)
        emails: set[str] = set()
        participants = []
        for i, person in enumerate(people):
            b = buildings[person.lot]
            participants.append(DemoParticipant(
                self._uuid(), person.given, person.family, b.street, b.house_number, b.postcode, CITY,
                self._email(person, emails), phones[i], person.role,
                contact[i], self._consent_date(person) if contact[i] else None,
                public[i], self._consent_date(person) if public[i] else None, b.uuid,
            ))  # fmt: skip
        proposals = self._proposals(people, participants, buildings, addresses)
        return tuple(participants), proposals

    def _name(self, people: list[_Person]) -> None:
        """Obviously invented names, never the same full name twice in one building."""
        rng = self.rng
        taken: dict[int, set[tuple[str, str]]] = {}
        for person in people:
            names = taken.setdefault(person.lot, set())
            families = {family for _given, family in names}
            while True:
                given, family = rng.choice(_GIVEN_NAMES), rng.choice(_FAMILY_NAMES)
                # a second household in the house (owner and tenant) has another family name
                if (given, family) not in names and (
                    family not in families or len(names) >= len(_FAMILY_NAMES)
                ):
                    break
            names.add((given, family))
            person.given, person.family = given, family

    def _flags(self, count: int, share: float) -> list[bool]:
        flags = [True] * _quota({"yes": share, "no": 1 - share}, count)["yes"]
        flags += [False] * (count - len(flags))
        self.rng.shuffle(flags)
        return flags

    def _phones(self, count: int) -> list[str]:
        """Drama numbers only (see DRAMA_NUMBER_BLOCKS); beyond 5000 people, numbers repeat."""
        pool = [f"{area} {block}{n:03d}" for area, block in DRAMA_NUMBER_BLOCKS for n in range(1000)]
        picked = self.rng.sample(pool, min(count, len(pool)))
        return picked + [self.rng.choice(pool) for _ in range(count - len(picked))]

    def _email(self, person: _Person, taken: set[str]) -> str:
        given, family = _ascii(person.given), _ascii(person.family)
        form = self.rng.choice(("{g}.{f}", "{g0}.{f}", "{f}.{g}", "{g}{f}"))
        local = form.format(g=given, g0=given[0], f=family)
        domain = self.rng.choice(EMAIL_DOMAINS)
        address, n = f"{local}@{domain}", 1
        while address in taken:
            n += 1
            address = f"{local}{n}@{domain}"
        taken.add(address)
        return address

    def _consent_date(self, person: _Person) -> str:
        later = 0 if self.rng.random() < 0.85 else self.rng.randint(1, 30)
        return min(person.registered + timedelta(days=later), date(2026, 12, 31)).isoformat()

    # -- what they propose -------------------------------------------------------------------------------

    def _proposals(
        self,
        people: list[_Person],
        participants: list[DemoParticipant],
        buildings: list[DemoBuilding],
        addresses: list[DemoAddress],
    ) -> tuple[DemoProposal, ...]:
        rng = self.rng
        total = sum(p.ideas for p in people)
        themes_left = _quota(THEME_SHARES, total)
        themes: list[list[str]] = [[] for _ in people]
        # the clumps: neighbours who want to replace their heating, some would rather join a heat network
        for i, person in enumerate(people):
            if person.clump:
                wanted = "heat_network" if rng.random() < 0.2 else "heating"
                for theme in (wanted, "heating", "heat_network"):
                    if themes_left[theme] > 0:
                        themes_left[theme] -= 1
                        themes[i].append(theme)
                        break
        pool = [theme for theme, n in themes_left.items() for _ in range(n)]
        rng.shuffle(pool)
        # people with several ideas first, while every theme is still in the pool: no theme twice
        for i in sorted(range(len(people)), key=lambda i: -people[i].ideas):
            while len(themes[i]) < people[i].ideas:
                pick = next((k for k in range(len(pool) - 1, -1, -1) if pool[k] not in themes[i]), None)
                if pick is None:
                    themes[i].append(next(t for t in THEME_SHARES if t not in themes[i]))
                else:
                    themes[i].append(pool.pop(pick))
        self._keep_clumps_apart(people, themes)
        drafts = []
        for i, person in enumerate(people):
            day = person.registered
            for n, theme in enumerate(themes[i]):
                if n:
                    day = min(day + timedelta(days=rng.randint(0, 30)), date(2026, 12, 30))
                key = rng.random() * (0.6 if person.clump and n == 0 else 1.0)
                drafts.append((key, i, theme, day, person.clump and n == 0))
        statuses = [status for status, n in _quota(STATUS_SHARES, len(drafts)).items() for _ in range(n)]
        drafts.sort(key=lambda d: d[0])
        proposals = []
        for status, (_key, i, theme, day, clump) in zip(statuses, drafts):
            proposals.append(self._proposal(people[i], participants[i], buildings[people[i].lot],
                                            addresses[people[i].lot], theme, status, day, clump))  # fmt: skip
        proposals.sort(key=lambda p: (p.created_at, p.uuid))
        return tuple(proposals)

    def _keep_clumps_apart(self, people: list[_Person], themes: list[list[str]]) -> None:
        """Trade chance heating ideas near a planted clump for other ideas further away.

        Without this, heating ideas scattered by chance link the clumps to their surroundings and DBSCAN
        (eps 125 m) sees one sprawling cluster instead of distinct candidates. A swap of themes between
        two participants: the theme shares stay exactly as they are.
        """
        reach = 135.0  # eps and a little more
        cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for person in people:
            if person.clump:
                lot = self.lots[person.lot]
                cells.setdefault((int(lot.ax // reach), int(lot.ay // reach)), []).append((lot.ax, lot.ay))

        def near(lot: _Lot) -> bool:
            cx, cy = int(lot.ax // reach), int(lot.ay // reach)
            return any(
                math.hypot(lot.ax - x, lot.ay - y) <= reach
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for x, y in cells.get((cx + dx, cy + dy), ())
            )

        close = [bool(cells) and not p.clump and near(self.lots[p.lot]) for p in people]
        partners = [j for j, p in enumerate(people) if not p.clump and not close[j]]
        partners = [j for j in partners if not _HEAT_THEMES.intersection(themes[j])]
        self.rng.shuffle(partners)
        for i in (i for i, c in enumerate(close) if c):
            for n, theme in enumerate(themes[i]):
                if theme not in _HEAT_THEMES:
                    continue
                for k, j in enumerate(partners):
                    other = next((m for m, t in enumerate(themes[j]) if t not in themes[i]), None)
                    if other is not None:
                        themes[i][n], themes[j][other] = themes[j][other], theme
                        del partners[k]  # now holds a heating idea itself
                        break

    def _proposal(
        self,
        person: _Person,
        participant: DemoParticipant,
        building: DemoBuilding,
        address: DemoAddress,
        theme: str,
        status: str,
        day: date,
        clump: bool,
    ) -> DemoProposal:
        rng = self.rng
        if status == "implemented":
            year_from = year_to = 2026
        else:
            if clump:
                year_from, span = rng.choice((2026, 2027)), rng.choice((1, 1, 2))
            else:
                year_from = rng.choices((2026, 2027, 2028, 2029, 2030), (0.3, 0.3, 0.2, 0.12, 0.08))[0]
                span = rng.choices((0, 1, 2), (0.4, 0.45, 0.15))[0]
            year_to = min(2030, year_from + span)
        source = rng.choices(("officer", "web", "import"), (0.45, 0.45, 0.10))[0]
        x, y = address.x, address.y
        if source == "officer" and rng.random() < 0.3:  # the officer clicked the house on the map
            location, quality = "clicked", "manual"
            radius, angle = 2.0 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            x, y = round(x + radius * math.cos(angle), 2), round(y + radius * math.sin(angle), 2)
        else:
            location, quality = "geocoded", "address"
        if source == "officer":
            hour = rng.randint(8, 15)
        elif source == "import":
            hour = 6  # the nightly import of the online form
        else:
            hour = rng.randint(7, 22)
        created = f"{day.isoformat()}T{hour:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
        return DemoProposal(
            self._uuid(), participant.uuid, x, y, theme, year_from, year_to,
            _describe(rng, theme, building, year_from), status,
            rng.choice(_REJECTION_REASONS) if status == "rejected" else None,
            location, quality, source, building.uuid, created,
        )  # fmt: skip


def _describe(rng: random.Random, theme: str, building: DemoBuilding, year_from: int) -> str:
    """A short German description in the participant's own words, varied and fitting the building."""
    boiler = min(2012, max(building.year_built, rng.randint(1982, 2006)))
    decade = max(building.year_built, rng.choice((1970, 1980, 1990))) // 10 % 10 * 10
    texts = {
        "heating": [
            f"Alte Gasheizung (Bj. {boiler}) ersetzen",
            f"Ölheizung von {boiler} austauschen, gern gemeinsam mit Nachbarn",
            f"Heizkessel (Bj. {boiler}) ist am Ende, Ersatz ab {year_from} geplant",
            "Nachtspeicheröfen durch eine neue Heizung ersetzen",
            "Gastherme ist störanfällig und soll raus",
        ],
        "heat_network": [
            "Anschluss an ein Nahwärmenetz, falls es in der Straße kommt",
            "Interesse an einer gemeinsamen Wärmeversorgung mit den Nachbarn",
            "Fernwärmeanschluss prüfen lassen",
            f"Lieber Nahwärme als eine neue Gastherme, ab {year_from}",
        ],
        "windows": [
            f"Fenster aus den {decade:02d}er-Jahren gegen Dreifachverglasung tauschen",
            f"{rng.randint(4, 14)} Fenster und die Haustür erneuern",
            "Undichte Holzfenster ersetzen",
            "Rollladenkästen dämmen und Fenster tauschen",
        ],
        "roof": [
            "Dach neu eindecken, die Ziegel sind undicht",
            "Dachsanierung mit neuer Lattung und Dachrinnen",
            "Dach erneuern, gern abgestimmt mit dem Nachbarhaus",
        ],
        "roof_insulation": [
            "Oberste Geschossdecke dämmen",
            "Zwischensparrendämmung im ausgebauten Dachgeschoss",
            f"Dachboden dämmen ({rng.choice((16, 20, 24))} cm Mineralwolle)",
        ],
        "facade": [
            f"Fassade dämmen (WDVS, {rng.choice((12, 14, 16, 18))} cm)",
            "Kerndämmung der zweischaligen Klinkerfassade",
            "Innendämmung, die Fassade soll erhalten bleiben",
        ],
        "pv": [
            f"PV-Anlage mit ca. {rng.randint(4, 12)} kWp auf das Dach",
            "Solarthermie für das Warmwasser",
            f"PV-Anlage mit Speicher ({rng.choice((5, 8, 10))} kWh)",
            "Erst ein Balkonkraftwerk, später das ganze Dach belegen",
        ],
        "heat_pump": [
            "Luft-Wasser-Wärmepumpe statt Gastherme",
            "Eignung des Hauses für eine Wärmepumpe prüfen lassen",
            "Wärmepumpe mit Fußbodenheizung im Erdgeschoss",
            "Erdwärmesonde gemeinsam mit den Nachbarn bohren lassen",
        ],
        "other": [
            "Energieberatung mit Sanierungsfahrplan gewünscht",
            "Kellerdecke dämmen",
            "Hydraulischer Abgleich und neue Heizkörper",
            "Barrierefreier Umbau zusammen mit der Sanierung",
        ],
    }
    if building.kind == "terraced":
        texts["facade"].append("Fassade gemeinsam mit der ganzen Häuserzeile dämmen")
    if building.kind == "apartment":
        texts["heating"].append("Gasetagenheizungen im Haus durch eine zentrale Heizung ersetzen")
    return rng.choice(texts[theme])
