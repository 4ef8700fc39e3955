"""Address → point: offline from the database's address gazetteer, optionally from a Nominatim-compatible
web geocoder, and a chain of both that flags places outside the participation area.

Results are :class:`GeocodeResult` values, never exceptions: every failure (no network, a slow or broken
server, a refusal, an answer of the wrong shape) becomes a result with status ``"error"`` and a translated
message for the officer. Messages may name the street; they never carry anything about a participant
beyond the address the officer typed, and no e-mail address or phone number.

Status and quality
    ``found``: one place; ``ambiguous``: the officer must choose (several places, or places found only
    under a similar street name); ``not_found``: nothing; ``error``: the geocoder could not answer.
    ``quality`` says how precise a candidate is: ``address`` (the house), ``street`` (an approximation on
    the right street), ``postcode`` (only the postcode area). A ``found`` result may be of quality
    ``street``: the proposal then records ``location_quality = 'street'`` and the message says so.

Gazetteer decisions
    - Street names compare by :func:`~.addresses.normalise_street` (case, umlauts, ß, NFD input,
      "Straße"/"Str."), house numbers by :func:`~.addresses.normalise_house_number` ("12 A" = "12a").
    - "12a" missing but "12" present → ``found`` (quality ``address``) at 12, with a message saying that
      another house number was used: letter suffixes split a plot, so 12 stands metres away.
      "12" missing but "12a" present → the same the other way round; "12a" and "12b" → ``ambiguous``.
      A range "12-14" missing falls back to its first number.
    - Street known, house number missing → ``found`` with quality ``street`` at the gazetteer address on
      that street with the nearest house number (same side of the street on a tie), not at the street's
      centroid, which can lie far off on a long or curved street. (Only when the number cannot be read
      at all is the mean of the street's addresses used.) :class:`ChainGeocoder` then still asks the web
      geocoder for the house and keeps this approximation only when the web has nothing better.
    - The same street and number in two postcode areas → ``ambiguous`` unless the query's postcode (or
      town) decides. A postcode that matches none is ignored, with a warning in the message.
    - Street unknown but a similar name known (a typo such as "Hauptstrase" → "Hauptstraße" is already
      folded by the normalisation; this catches e.g. "Hauptstrsse") → ``ambiguous``, never chosen
      silently.

Web geocoder (the usage policy of nominatim.openstreetmap.org, and good manners towards any other)
    A User-Agent naming the plugin and version, the configured e-mail as ``email``, at most one request per
    ``min_interval`` seconds process-wide (:data:`PROCESS_LIMITER`), a Retry-After honoured before the
    next request, and every answer other than an error cached, so the same address is never asked twice.
"""

from __future__ import annotations

import configparser
import difflib
import email.utils
import functools
import json
import logging
import math
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import requests

from .addresses import normalise_house_number, normalise_street, split_house_number
from .i18n import tr

LOG = logging.getLogger("mitmach_qgis.geocoding")
PLUGIN_DIR = Path(__file__).resolve().parent.parent

FOUND, AMBIGUOUS, NOT_FOUND, ERROR = "found", "ambiguous", "not_found", "error"
STATUSES = (FOUND, AMBIGUOUS, NOT_FOUND, ERROR)
ADDRESS, STREET, POSTCODE = "address", "street", "postcode"
GAZETTEER, WEB = "gazetteer", "web"
CACHE_FORMAT = 1
DUPLICATE_DISTANCE_M = 25.0  # Nominatim may list one house twice (address node and building outline)
TYPO_CUTOFF = 0.85


# -- records ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AddressQuery:
    street: str
    house_number: str
    postcode: str = ""
    city: str = ""

    def key(self) -> str:
        """Cache key: the normalised parts, so "Große Str. 12 A" and "grosse strasse 12a" share one."""
        return "|".join(
            (
                normalise_street(self.street),
                normalise_house_number(self.house_number),
                _postcode(self.postcode),
                _fold(self.city),
            )
        )


@dataclass(frozen=True)
class Candidate:
    x: float
    y: float
    label: str
    quality: str  # 'address' | 'street' | 'postcode'
    source: str  # 'gazetteer' | 'web'
    in_area: bool | None = None
    building_ref: str | None = None


@dataclass(frozen=True)
class GeocodeResult:
    status: str  # 'found' | 'ambiguous' | 'not_found' | 'error'
    candidates: tuple[Candidate, ...]
    message: str
    retry_after: float | None = None

    @property
    def best(self) -> Candidate | None:
        """The place to use without asking: the only candidate of a 'found' result."""
        return self.candidates[0] if self.status == FOUND and self.candidates else None


class GeocodeCache(Protocol):
    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, provider: str, status: str, result: dict) -> None: ...


# -- normalisation helpers ----------------------------------------------------------------------------------
def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def _postcode(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _label(street: str, number: str, postcode: str, city: str) -> str:
    head = _join(street, number)
    tail = _join(postcode, city)
    return f"{head}, {tail}" if head and tail else head or tail


# -- user-visible messages (module level, so pylupdate5 files them under @default) ---------------------------
def _msg_enter_street() -> str:
    return tr("Enter a street and a house number.")


def _msg_gazetteer_empty() -> str:
    return tr("The address gazetteer of this database is empty.")


def _msg_street_unknown(street: str) -> str:
    return tr("{street} is not in the address gazetteer.").format(street=street)


def _msg_similar_street(street: str) -> str:
    return tr(
        "{street} is not in the address gazetteer, but similar street names are: choose the right address."
    ).format(street=street)


def _msg_gazetteer_found(label: str) -> str:
    return tr("Found in the address gazetteer: {label}.").format(label=label)


def _msg_other_number_used(used: str) -> str:
    return tr(
        "This house number is not in the gazetteer; house number {used} was used instead: check the location."
    ).format(used=used)


def _msg_other_numbers(count: int) -> str:
    return tr(
        "This house number is not in the gazetteer; {count} similar house numbers are: choose one."
    ).format(count=count)


def _msg_nearest_number(street: str, used: str) -> str:
    return tr(
        "This house number of {street} is not in the gazetteer; the location of the nearest known house "
        "number, {used}, is given as an approximation."
    ).format(street=street, used=used)


def _msg_nearest_numbers(street: str) -> str:
    return tr(
        "This house number of {street} is not in the gazetteer; the locations of the nearest known house "
        "numbers are given as approximations."
    ).format(street=street)


def _msg_street_middle(street: str) -> str:
    return tr(
        "This house number of {street} is not in the gazetteer; the middle of the street's known addresses "
        "is given as an approximation."
    ).format(street=street)


def _msg_postcode_mismatch(postcode: str) -> str:
    return tr("The postcode {postcode} does not match the gazetteer: check it.").format(postcode=postcode)


def _msg_ambiguous_postcodes(count: int) -> str:
    return tr("The address exists in {count} postcode areas: choose one or enter the postcode.").format(
        count=count
    )


def _msg_ambiguous(count: int) -> str:
    return tr("{count} addresses in the gazetteer match: choose one.").format(count=count)


def _msg_enter_address() -> str:
    return tr("Enter a street, a postcode or a town.")


def _msg_bad_url() -> str:
    return tr("The address of the web geocoder is not a valid http(s) URL: check the settings.")


def _msg_web_found(label: str) -> str:
    return tr("Found by the web geocoder: {label}.").format(label=label)


def _msg_web_street_only() -> str:
    return tr("The web geocoder found only the street, not the house number: check the location.")


def _msg_web_postcode_only() -> str:
    return tr("The web geocoder found only the postcode area, not the address: check the location.")


def _msg_web_ambiguous(count: int) -> str:
    return tr("The web geocoder found {count} places: choose one.").format(count=count)


def _msg_web_not_found() -> str:
    return tr("The web geocoder did not find the address.")


def _msg_rate_limited(seconds: float | None) -> str:
    if seconds is None:
        return tr("The web geocoder is receiving too many requests. Try again later.")
    return tr("The web geocoder is receiving too many requests. Try again in {seconds} s.").format(
        seconds=max(1, math.ceil(seconds))
    )


def _msg_server_error(host: str, code: int) -> str:
    return tr("The web geocoder at {host} has a server problem (HTTP {code}). Try again later.").format(
        host=host, code=code
    )


def _msg_refused(host: str, code: int) -> str:
    return tr(
        "The web geocoder at {host} refused the request (HTTP {code}): check its URL in the settings."
    ).format(host=host, code=code)


def _msg_unexpected_status(host: str, code: int) -> str:
    return tr("The web geocoder at {host} gave an unexpected answer (HTTP {code}).").format(
        host=host, code=code
    )


def _msg_not_json(host: str) -> str:
    return tr(
        "The web geocoder at {host} did not answer in JSON: is the URL a Nominatim search endpoint?"
    ).format(host=host)


def _msg_wrong_shape(host: str) -> str:
    return tr(
        "The answer of the web geocoder at {host} is not in the Nominatim format: "
        "is the URL a Nominatim search endpoint?"
    ).format(host=host)


def _msg_service_error(host: str) -> str:
    return tr("The web geocoder at {host} reported an error and found nothing.").format(host=host)


def _msg_timeout(host: str, seconds: float) -> str:
    return tr("The web geocoder at {host} did not answer within {seconds} s. Try again later.").format(
        host=host, seconds=f"{seconds:g}"
    )


def _msg_unreachable(host: str) -> str:
    return tr("The web geocoder at {host} cannot be reached: check the network connection.").format(host=host)


def _msg_proxy() -> str:
    return tr(
        "The proxy server did not pass the request on to the web geocoder: check QGIS's proxy settings."
    )


def _msg_ssl(host: str) -> str:
    return tr("The secure connection to the web geocoder at {host} failed (certificate problem).").format(
        host=host
    )


def _msg_transform() -> str:
    return tr("The web geocoder's coordinates cannot be converted into the database's coordinate system.")


def _msg_unexpected() -> str:
    return tr("The web geocoder failed unexpectedly; details are in the MitMach message log.")


def _msg_no_geocoder() -> str:
    return tr("Neither an address gazetteer nor a web geocoder is available: place the proposal on the map.")


def _msg_found_nowhere() -> str:
    return tr(
        "The address was found neither in the address gazetteer nor by the web geocoder: "
        "place the proposal on the map."
    )


def _msg_web_nothing_better() -> str:
    return tr("The web geocoder found nothing more precise.")


def _msg_outside_one() -> str:
    return tr("The place lies outside the participation area: check it before saving.")


def _msg_outside_some(outside: int, count: int) -> str:
    return tr("{outside} of {count} places lie outside the participation area.").format(
        outside=outside, count=count
    )


# -- gazetteer ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    street: str
    house_number: str
    postcode: str
    city: str
    city_key: str
    number: int | None
    x: float
    y: float
    building_ref: str | None

    def candidate(self, quality: str = ADDRESS) -> Candidate:
        return Candidate(
            self.x,
            self.y,
            _label(self.street, self.house_number, self.postcode, self.city),
            quality,
            GAZETTEER,
            None,
            self.building_ref,
        )


def _text(row: Mapping, name: str) -> str:
    value = row.get(name)
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


class GazetteerGeocoder:
    """Offline geocoding from the ``addresses`` rows (street, house_number, postcode, city, x, y,
    building_ref), indexed once by normalised street and house number; see the module notes."""

    def __init__(self, rows: Iterable[Mapping]) -> None:
        self._numbers: dict[str, dict[str, list[_Entry]]] = {}  # street key → number key → entries
        self._by_int: dict[str, dict[int, list[_Entry]]] = {}  # street key → leading number → entries
        self._names: dict[str, str] = {}
        self.size = 0
        for row in rows:
            entry = self._entry(row)
            if entry is None:
                continue
            street_key = normalise_street(entry.street)
            self._names.setdefault(street_key, entry.street)
            self._numbers.setdefault(street_key, {}).setdefault(
                normalise_house_number(entry.house_number), []
            ).append(entry)
            for number in self._covered_numbers(entry.house_number):
                self._by_int.setdefault(street_key, {}).setdefault(number, []).append(entry)
            self.size += 1
        self._street_keys = sorted(self._numbers)

    @staticmethod
    def _entry(row: Mapping) -> _Entry | None:
        street = _text(row, "street")
        house_number = _text(row, "house_number")
        try:
            x, y = float(row.get("x")), float(row.get("y"))
        except (TypeError, ValueError):
            return None
        if not normalise_street(street) or not math.isfinite(x) or not math.isfinite(y):
            return None
        city = _text(row, "city")
        ref = row.get("building_ref")
        return _Entry(
            street,
            house_number,
            _postcode(_text(row, "postcode")),
            city,
            _fold(city),
            split_house_number(house_number)[0],
            x,
            y,
            str(ref) if ref not in (None, "") else None,
        )

    @staticmethod
    def _covered_numbers(house_number: str) -> list[int]:
        """Leading numbers an entry stands for: 12 for "12a", 12 to 16 for a range "12-16"."""
        first, _ = split_house_number(house_number)
        if first is None:
            return []
        match = re.match(r"^\s*\d+\s*[a-zA-Z]?\s*[-/]\s*(\d+)", house_number)
        last = int(match.group(1)) if match else first
        if last <= first or last - first > 20:
            return [first]
        return list(range(first, last + 1))

    def geocode(self, query: AddressQuery) -> GeocodeResult:
        street_key = normalise_street(query.street)
        if not street_key:
            return GeocodeResult(NOT_FOUND, (), _msg_enter_street())
        if not self.size:
            return GeocodeResult(NOT_FOUND, (), _msg_gazetteer_empty())
        number = normalise_house_number(query.house_number)
        if street_key not in self._numbers:
            return self._similar_streets(street_key, number, query)
        street = self._names[street_key]
        entries = self._numbers[street_key].get(number) if number else None
        if entries:
            return self._result(entries, query, ADDRESS)
        entries = self._other_numbers(street_key, number)
        if entries:
            return self._result(entries, query, ADDRESS, fallback=True)
        return self._approximate(street_key, street, query)

    def _similar_streets(self, street_key: str, number: str, query: AddressQuery) -> GeocodeResult:
        found: list[_Entry] = []
        for key in difflib.get_close_matches(street_key, self._street_keys, n=3, cutoff=TYPO_CUTOFF):
            found.extend(self._numbers[key].get(number, []) if number else [])
        selected, _ = self._filter(found, query)
        if not selected:
            return GeocodeResult(NOT_FOUND, (), _msg_street_unknown(query.street.strip()))
        candidates = tuple(e.candidate() for e in self._sorted(selected))
        return GeocodeResult(AMBIGUOUS, candidates, _msg_similar_street(query.street.strip()))

    def _other_numbers(self, street_key: str, number: str) -> list[_Entry]:
        """Entries of a nearby form of the number: 12 for 12a, 12a/12b for 12, a range holding it."""
        first, suffix = split_house_number(number)
        if first is None:
            return []
        numbers = self._numbers[street_key]
        for variant in (f"{first}{suffix}", str(first)):
            if variant != number and numbers.get(variant):
                return numbers[variant]
        return [
            e
            for e in self._by_int.get(street_key, {}).get(first, [])
            if normalise_house_number(e.house_number) != number
        ]

    def _approximate(self, street_key: str, street: str, query: AddressQuery) -> GeocodeResult:
        """Quality 'street': the nearest known number, or the middle of the street's addresses; one per
        postcode area the street runs through (a street of that name in two areas is two places)."""
        entries = [e for group in self._numbers[street_key].values() for e in group]
        selected, notes = self._filter(entries, query)
        first, _ = split_house_number(normalise_house_number(query.house_number))
        areas: dict[str, list[_Entry]] = {}
        for entry in selected:
            areas.setdefault(entry.postcode, []).append(entry)
        candidates = []
        used = ""
        for postcode in sorted(areas):
            group = areas[postcode]
            numbered = [e for e in group if e.number is not None]
            if first is not None and numbered:
                nearest = min(
                    numbered,
                    key=lambda e: (abs(e.number - first), (e.number - first) % 2, e.number, e.house_number),
                )
                candidates.append(nearest.candidate(STREET))
                used = nearest.house_number
            else:
                cities = {e.city for e in group}
                label = _label(street, "", postcode, next(iter(cities)) if len(cities) == 1 else "")
                x = sum(e.x for e in group) / len(group)
                y = sum(e.y for e in group) / len(group)
                candidates.append(Candidate(x, y, label, STREET, GAZETTEER))
        nearest_kind = first is not None and any(e.number is not None for e in selected)
        if len(candidates) == 1:
            first_note = _msg_nearest_number(street, used) if nearest_kind else _msg_street_middle(street)
            return GeocodeResult(FOUND, tuple(candidates), _join(first_note, *notes))
        first_note = _msg_nearest_numbers(street) if nearest_kind else _msg_street_middle(street)
        message = _join(first_note, _msg_ambiguous_postcodes(len(candidates)), *notes)
        return GeocodeResult(AMBIGUOUS, tuple(candidates), message)

    @staticmethod
    def _filter(entries: Sequence[_Entry], query: AddressQuery) -> tuple[list[_Entry], list[str]]:
        """Narrow by the query's postcode and town; a postcode matching none is ignored, with a note."""
        selected = list(entries)
        notes: list[str] = []
        postcode = _postcode(query.postcode)
        if postcode and selected:
            matching = [e for e in selected if e.postcode == postcode]
            if matching:
                selected = matching
            elif any(e.postcode for e in selected):
                notes.append(_msg_postcode_mismatch(query.postcode.strip()))
        city = _fold(query.city)
        if city and len(selected) > 1:
            matching = [e for e in selected if e.city_key == city]
            if matching:
                selected = matching
        unique: dict[tuple, _Entry] = {}
        for entry in selected:  # the same address listed twice at the same spot is one address
            unique.setdefault((round(entry.x, 2), round(entry.y, 2), entry.postcode), entry)
        return list(unique.values()), notes

    @staticmethod
    def _sorted(entries: Iterable[_Entry]) -> list[_Entry]:
        return sorted(entries, key=lambda e: (e.postcode, e.number or 0, e.house_number, e.street, e.x, e.y))

    def _result(
        self, entries: Sequence[_Entry], query: AddressQuery, quality: str, fallback: bool = False
    ) -> GeocodeResult:
        selected, notes = self._filter(entries, query)
        selected = self._sorted(selected)
        candidates = tuple(e.candidate(quality) for e in selected)
        if len(selected) == 1:
            entry = selected[0]
            first = _msg_other_number_used(entry.house_number) if fallback else ""
            return GeocodeResult(
                FOUND,
                candidates,
                _join(first, _msg_gazetteer_found(candidates[0].label), *notes),
            )
        if fallback:
            message = _msg_other_numbers(len(selected))
        elif len({e.postcode for e in selected}) > 1:
            message = _msg_ambiguous_postcodes(len({e.postcode for e in selected}))
        else:
            message = _msg_ambiguous(len(selected))
        return GeocodeResult(AMBIGUOUS, candidates, _join(message, *notes))


# -- web geocoder -------------------------------------------------------------------------------------------
class RateLimiter:
    """At most one request per interval, across threads; also remembers a server's Retry-After.

    ``clock`` and ``sleep`` are injectable so tests can check the spacing without waiting.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last: float | None = None
        self._blocked_until: float | None = None

    def blocked_for(self) -> float:
        """Seconds until the server said it will take requests again (0 when it will now)."""
        with self._lock:
            if self._blocked_until is None:
                return 0.0
            return max(0.0, self._blocked_until - self._clock())

    def block(self, seconds: float) -> None:
        with self._lock:
            self._blocked_until = self._clock() + max(0.0, seconds)

    def wait(self, min_interval: float) -> float:
        """Sleep until ``min_interval`` has passed since the last request, then count this one; returns
        the seconds slept. The lock is held while sleeping, so concurrent callers queue up."""
        with self._lock:
            now = self._clock()
            slept = 0.0
            if self._last is not None and now - self._last < min_interval:
                slept = min_interval - (now - self._last)
                self._sleep(slept)
                now = self._clock()
            self._last = now
            return slept


PROCESS_LIMITER = RateLimiter()


@functools.lru_cache(maxsize=1)
def user_agent() -> str:
    """ "MitMach-QGIS/<version> (+<repository>)" from metadata.txt, read once."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
        general = parser["general"]
        version = general.get("version", "").strip() or "unknown"
        home = general.get("repository", "").strip() or general.get("homepage", "").strip()
    except (OSError, KeyError, configparser.Error):
        version, home = "unknown", ""
    return f"MitMach-QGIS/{version} (+{home})" if home else f"MitMach-QGIS/{version}"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; None when unreadable."""
    text = (value or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _host_matches(host: str, patterns: str) -> bool:
    """Whether ``host`` is named by a comma-separated no-proxy list (exact, or as a subdomain)."""
    host = host.lower().rstrip(".")
    for raw in patterns.split(","):
        pattern = raw.strip().lower().lstrip("*").lstrip(".")
        if pattern and (host == pattern or host.endswith("." + pattern)):
            return True
    return False


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


_COARSE_TYPES = {"city", "town", "village", "hamlet", "municipality", "county", "state", "country", "region"}


def _place(item: Any) -> dict | None:
    """One Nominatim search result (format jsonv2 or json) as a plain dict, or None when unusable."""
    if not isinstance(item, dict):
        return None
    lat, lon = _number(item.get("lat")), _number(item.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    address = item.get("address") if isinstance(item.get("address"), dict) else {}
    kind = str(item.get("type") or "")
    address_type = str(item.get("addresstype") or "")
    category = str(item.get("category") or item.get("class") or "")
    rank = _number(item.get("place_rank"))
    if kind == "postcode" or address_type == "postcode":
        quality = POSTCODE
    elif address.get("house_number"):
        quality = ADDRESS
    elif not address and (kind in ("house", "building") or category == "building" or (rank or 0) >= 30):
        quality = ADDRESS  # no address details: trust the object type
    elif (rank is not None and rank < 21) or address_type in _COARSE_TYPES or kind in _COARSE_TYPES:
        return None  # a town or region is no location for a proposal
    else:
        quality = STREET
    label = item.get("display_name")
    return {
        "lon": lon,
        "lat": lat,
        "label": str(label) if label else f"{lat:.6f}, {lon:.6f}",
        "quality": quality,
        "house_number": str(address.get("house_number") or ""),
    }


def _distance_m(a: dict, b: dict) -> float:
    dy = (a["lat"] - b["lat"]) * 111_320.0
    dx = (a["lon"] - b["lon"]) * 111_320.0 * math.cos(math.radians((a["lat"] + b["lat"]) / 2))
    return math.hypot(dx, dy)


def _deduplicate(places: list[dict]) -> list[dict]:
    kept: list[dict] = []
    for place in places:
        if not any(
            k["quality"] == place["quality"]
            and k["house_number"] == place["house_number"]
            and _distance_m(k, place) < DUPLICATE_DISTANCE_M
            for k in kept
        ):
            kept.append(place)
    return kept


class NominatimGeocoder:
    """An optional Nominatim-compatible HTTP search endpoint (``…/search``); see the module notes."""

    provider = "nominatim"

    def __init__(
        self,
        url: str,
        to_db_crs: Callable[[float, float], tuple[float, float]],
        cache: GeocodeCache | None = None,
        timeout: float = 10.0,
        session: requests.Session | None = None,
        proxies: dict | None = None,
        email: str = "",
        min_interval: float = 1.0,
        country_codes: str = "de",
        limiter: RateLimiter | None = None,
    ) -> None:
        self.url = (url or "").strip()
        self.to_db_crs = to_db_crs
        self.cache = cache
        self.timeout = float(timeout) if timeout and timeout > 0 else 10.0
        self.session = session if session is not None else requests.Session()
        self.proxies = dict(proxies) if proxies else None
        self.email = (email or "").strip()
        self.min_interval = max(0.0, float(min_interval))
        self.country_codes = country_codes
        self.limiter = limiter if limiter is not None else PROCESS_LIMITER
        parts = urlsplit(self.url)
        self.host = parts.hostname or self.url
        self._url_ok = parts.scheme in ("http", "https") and bool(parts.hostname)

    @property
    def timeouts(self) -> tuple[float, float]:
        """(connect, read) seconds: requests waits forever unless told otherwise."""
        return (min(self.timeout, 5.0), self.timeout)

    def params(self, query: AddressQuery) -> dict[str, str]:
        params = {"format": "jsonv2", "addressdetails": "1", "limit": "5"}
        street = _join(query.house_number, query.street) if query.street.strip() else ""
        for name, value in (
            ("street", street),
            ("postalcode", query.postcode.strip()),
            ("city", query.city.strip()),
        ):
            if value:
                params[name] = value
        if self.country_codes:
            params["countrycodes"] = self.country_codes
        if self.email:
            params["email"] = self.email
        return params

    def headers(self) -> dict[str, str]:
        return {"User-Agent": user_agent(), "Accept": "application/json"}

    def request_proxies(self) -> dict | None:
        """The proxies for this URL: None (requests' own environment rules), or an explicit mapping."""
        if self.proxies is None:
            return None
        proxies = dict(self.proxies)
        no_proxy = proxies.pop("no_proxy", "") or ""
        if no_proxy and _host_matches(self.host, str(no_proxy)):
            return {"http": None, "https": None}
        return proxies

    def geocode(self, query: AddressQuery) -> GeocodeResult:
        try:
            return self._geocode(query)
        except Exception as exc:  # noqa: BLE001 - a geocoder answers, it does not raise
            LOG.error("web geocoder failed: %s", type(exc).__name__)  # no text: it may hold the address
            return GeocodeResult(ERROR, (), _msg_unexpected())

    def _geocode(self, query: AddressQuery) -> GeocodeResult:
        if not (query.street.strip() or query.postcode.strip() or query.city.strip()):
            return GeocodeResult(NOT_FOUND, (), _msg_enter_address())
        if not self._url_ok:
            return GeocodeResult(ERROR, (), _msg_bad_url())
        key = query.key()
        cached = self._cache_get(key)
        if cached is not None:
            return self._result(cached)
        blocked = self.limiter.blocked_for()
        if blocked > 0:
            return GeocodeResult(ERROR, (), _msg_rate_limited(blocked), retry_after=blocked)
        answer = self._fetch(query)
        if isinstance(answer, GeocodeResult):
            return answer
        status = NOT_FOUND if not answer else FOUND if len(answer) == 1 else AMBIGUOUS
        self._cache_put(key, status, answer)
        return self._result(answer)

    def _fetch(self, query: AddressQuery) -> list[dict] | GeocodeResult:
        self.limiter.wait(self.min_interval)
        proxies = self.request_proxies()
        try:
            response = self.session.get(
                self.url,
                params=self.params(query),
                headers=self.headers(),
                timeout=self.timeouts,
                proxies=proxies,
            )
            try:
                code, body = response.status_code, response.content
                retry_header = response.headers.get("Retry-After")
            finally:
                response.close()
        except requests.exceptions.ProxyError:
            return GeocodeResult(ERROR, (), _msg_proxy())
        except requests.exceptions.SSLError:
            return GeocodeResult(ERROR, (), _msg_ssl(self.host))
        except requests.exceptions.Timeout:  # before ConnectionError: ConnectTimeout is both
            return GeocodeResult(ERROR, (), _msg_timeout(self.host, self.timeout))
        except requests.exceptions.ConnectionError:
            return GeocodeResult(ERROR, (), _msg_unreachable(self.host))
        except requests.exceptions.InvalidSchema:
            socks = any(str(v or "").startswith("socks") for v in (proxies or {}).values())
            return GeocodeResult(ERROR, (), _msg_proxy() if socks else _msg_bad_url())
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema):
            return GeocodeResult(ERROR, (), _msg_bad_url())
        except requests.exceptions.RequestException as exc:
            LOG.warning("web geocoder request failed: %s", type(exc).__name__)
            return GeocodeResult(ERROR, (), _msg_unreachable(self.host))
        if code == 429:
            retry_after = parse_retry_after(retry_header)
            if retry_after is not None:
                self.limiter.block(retry_after)
            return GeocodeResult(ERROR, (), _msg_rate_limited(retry_after), retry_after=retry_after)
        if code >= 500:
            return GeocodeResult(ERROR, (), _msg_server_error(self.host, code))
        if 400 <= code < 500:
            return GeocodeResult(ERROR, (), _msg_refused(self.host, code))
        if code != 200:
            return GeocodeResult(ERROR, (), _msg_unexpected_status(self.host, code))
        return self._parse(body)

    def _parse(self, body: bytes) -> list[dict] | GeocodeResult:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return GeocodeResult(ERROR, (), _msg_not_json(self.host))
        if isinstance(data, dict) and "error" in data:
            return GeocodeResult(ERROR, (), _msg_service_error(self.host))
        if not isinstance(data, list):
            return GeocodeResult(ERROR, (), _msg_wrong_shape(self.host))
        places = [p for p in (_place(item) for item in data) if p is not None]
        if data and not places and not all(self._coarse(item) for item in data):
            return GeocodeResult(ERROR, (), _msg_wrong_shape(self.host))
        return _deduplicate(places)

    @staticmethod
    def _coarse(item: Any) -> bool:
        """A well-formed result dropped only for being a town or region (so: not found, not malformed)."""
        return (
            isinstance(item, dict)
            and _number(item.get("lat")) is not None
            and _number(item.get("lon")) is not None
        )

    def _result(self, places: list[dict]) -> GeocodeResult:
        candidates = []
        for place in places:
            try:
                x, y = self.to_db_crs(place["lon"], place["lat"])
                x, y = float(x), float(y)
            except Exception as exc:  # noqa: BLE001 - the caller's transform (QgsCsException and others)
                LOG.warning("web geocoder: coordinate transform failed: %s", type(exc).__name__)
                return GeocodeResult(ERROR, (), _msg_transform())
            if not (math.isfinite(x) and math.isfinite(y)):
                return GeocodeResult(ERROR, (), _msg_transform())
            candidates.append(Candidate(x, y, place["label"], place["quality"], WEB))
        if not candidates:
            return GeocodeResult(NOT_FOUND, (), _msg_web_not_found())
        if len(candidates) > 1:
            return GeocodeResult(AMBIGUOUS, tuple(candidates), _msg_web_ambiguous(len(candidates)))
        only = candidates[0]
        message = {
            ADDRESS: _msg_web_found(only.label),
            STREET: _join(_msg_web_street_only(), _msg_web_found(only.label)),
            POSTCODE: _join(_msg_web_postcode_only(), _msg_web_found(only.label)),
        }[only.quality]
        return GeocodeResult(FOUND, (only,), message)

    # cache: failures of the cache never stop geocoding
    def _cache_get(self, key: str) -> list[dict] | None:
        if self.cache is None:
            return None
        try:
            stored = self.cache.get(key)
        except Exception as exc:  # noqa: BLE001
            LOG.warning("geocode cache unreadable: %s", type(exc).__name__)
            return None
        if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT:
            return None
        places = stored.get("places")
        if not isinstance(places, list):
            return None
        checked = []
        for place in places:
            if not isinstance(place, dict) or place.get("quality") not in (ADDRESS, STREET, POSTCODE):
                return None
            lon, lat = _number(place.get("lon")), _number(place.get("lat"))
            if lon is None or lat is None:
                return None
            checked.append(
                {
                    "lon": lon,
                    "lat": lat,
                    "label": str(place.get("label") or ""),
                    "quality": place["quality"],
                    "house_number": str(place.get("house_number") or ""),
                }
            )
        return checked

    def _cache_put(self, key: str, status: str, places: list[dict]) -> None:
        if self.cache is None:
            return
        provider = f"{self.provider} {self.host}"
        try:
            self.cache.put(
                key, provider, status, {"format": CACHE_FORMAT, "provider": provider, "places": places}
            )
        except Exception as exc:  # noqa: BLE001
            LOG.warning("geocode cache not written: %s", type(exc).__name__)

    def close(self) -> None:
        self.session.close()


# -- chain --------------------------------------------------------------------------------------------------
def _address_level(result: GeocodeResult | None) -> bool:
    return (
        result is not None
        and result.status in (FOUND, AMBIGUOUS)
        and bool(result.candidates)
        and all(c.quality == ADDRESS for c in result.candidates)
    )


class ChainGeocoder:
    """The gazetteer first; the web geocoder (when given) when the gazetteer has no house-exact answer.

    ``in_area`` (x, y in the database CRS → inside?) sets :attr:`Candidate.in_area` on every candidate and
    adds a warning for places outside the participation area; they are kept: the officer decides.
    """

    def __init__(
        self,
        gazetteer: GazetteerGeocoder | None = None,
        web: NominatimGeocoder | None = None,
        in_area: Callable[[float, float], bool] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.web = web
        self.in_area = in_area

    def geocode(self, query: AddressQuery) -> GeocodeResult:
        return flag_area(self._resolve(query), self.in_area)

    def _resolve(self, query: AddressQuery) -> GeocodeResult:
        local = self.gazetteer.geocode(query) if self.gazetteer is not None else None
        if _address_level(local):
            return local
        if self.web is None:
            return local if local is not None else GeocodeResult(NOT_FOUND, (), _msg_no_geocoder())
        web = self.web.geocode(query)
        if local is None:
            return web
        if local.candidates:  # an approximation from the gazetteer: the web may know the house
            if web.status in (FOUND, AMBIGUOUS) and any(c.quality == ADDRESS for c in web.candidates):
                return web
            extra = web.message if web.status == ERROR else _msg_web_nothing_better()
            return replace(local, message=_join(local.message, extra), retry_after=web.retry_after)
        if web.status == NOT_FOUND:
            return GeocodeResult(NOT_FOUND, (), _join(local.message, _msg_found_nowhere()))
        if web.status == ERROR:
            return replace(web, message=_join(local.message, web.message))
        return web


def flag_area(result: GeocodeResult, in_area: Callable[[float, float], bool] | None) -> GeocodeResult:
    """Set ``in_area`` on every candidate and warn about those outside; keeps them all."""
    if in_area is None or not result.candidates:
        return result
    flagged = []
    for candidate in result.candidates:
        try:
            inside: bool | None = bool(in_area(candidate.x, candidate.y))
        except Exception as exc:  # noqa: BLE001 - an area test that fails leaves the flag unknown
            LOG.warning("area test failed: %s", type(exc).__name__)
            inside = None
        flagged.append(replace(candidate, in_area=inside))
    outside = sum(1 for c in flagged if c.in_area is False)
    message = result.message
    if outside and len(flagged) == 1:
        message = _join(message, _msg_outside_one())
    elif outside:
        message = _join(message, _msg_outside_some(outside, len(flagged)))
    return replace(result, candidates=tuple(flagged), message=message)


def proxies_description(proxies: Mapping | None) -> str:
    """The proxies for a log line, with any password masked."""
    if not proxies:
        return "none"
    parts = []
    for scheme, url in sorted(proxies.items()):
        text = str(url)
        split = urlsplit(text) if "://" in text else None
        if split is not None and split.password:
            user = quote(split.username or "", safe="")
            netloc = f"{user}:***@{split.hostname}" + (f":{split.port}" if split.port else "")
            text = split._replace(netloc=netloc).geturl()
        parts.append(f"{scheme}={text}")
    return ", ".join(parts)
