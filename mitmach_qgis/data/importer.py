"""Import of the online form's submissions (CSV / GeoJSON) into a participation database.

Two phases, so that a slow web geocoder never holds the database's write lock:

1. read and check the file (:mod:`core.submissions`), drop duplicates known at that moment, and locate every
   remaining submission (its lat/lon, else the ``locate`` callable) without any lock held;
2. write everything in **one** transaction of ``store.transaction()``, checking duplicates again against the
   database as it is now. A cancel, a locked or read-only database or any failure rolls the whole import
   back: nothing is half-written.

One code path for both stores (GeoPackageStore, PostgisStore): sqlite3's ``?`` parameters, ``store.insert``
(points and booleans as each backend wants them), points and areas read through ``store.point_sql`` (the
GeoPackage's blob, PostGIS's WKB). Only the GeoPackage's file is checked for write permission beforehand; on
PostgreSQL privileges are the server's: a role that may not write gets the translated "not allowed" error
from the transaction, and nothing is written.

Duplicates (the same file imported twice adds nothing): a submission whose ``submission_id`` is already on
a proposal, or the same person — same normalised family name and the same e-mail or address — at the same
address with the same theme. Both forms require an address, so the rule amounts to family name + address +
theme; a submission that adds a new theme for a known person adds only that idea, to the known participant.

Values are only ever bound as SQL parameters; text that looks like SQL or a QGIS expression is stored
verbatim.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import sqlite3
import struct
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ..core.addresses import normalise_house_number, normalise_street
from ..core.i18n import tr
from ..core.submissions import SubmissionRecord, read_submissions
from ..core.themes import LOCATION_QUALITIES, LOCATION_SOURCES
from . import errors
from .geocode_store import geometry_polygons
from .gpkg_store import _sqlite_error_to_store, is_writable

if TYPE_CHECKING:
    from .gpkg_store import GeoPackageStore
    from .pg_store import PostgisStore

    Store = Union[GeoPackageStore, PostgisStore]

LOG = logging.getLogger("mitmach_qgis.import")

# participant dict (keys of the participants table) → (x, y, location_source, location_quality) in the
# database CRS, or None when the address is not found
Locate = Callable[[dict], Optional[tuple[float, float, str, str]]]
# (lon, lat) in WGS 84 → (x, y) in the database CRS
ToDbCrs = Callable[[float, float], tuple[float, float]]

IMPORTED, SKIPPED, DUPLICATE = "imported", "skipped", "duplicate"
Ring = Sequence[tuple[float, float]]


class ImportCancelledError(Exception):
    """The user cancelled; nothing was written. ``str(error)`` is the translated message."""


@dataclass(frozen=True)
class RowResult:
    row: int
    submission_id: str | None
    status: str  # imported / skipped / duplicate
    reasons: tuple[str, ...] = ()


@dataclass
class ImportReport:
    imported: int = 0  # submissions that added at least one proposal
    skipped: int = 0  # rows not imported because of a problem (see ``rejected``)
    duplicates: int = 0  # rows that added nothing new
    proposals: int = 0  # proposals written
    rejected: list[RowResult] = field(default_factory=list)  # the skipped rows with every reason
    rows: list[RowResult] = field(default_factory=list)  # every row of the file, in file order
    outside_area: int = 0  # imported submissions outside every participation area (in_area = 0)


# -- public -------------------------------------------------------------------------------------------------
def import_submissions(
    store: Store,
    path: str | Path,
    locate: Locate | None = None,
    to_db_crs: ToDbCrs | None = None,
    feedback=None,
    user: str = "import",
    current_year: int | None = None,
) -> ImportReport:
    """Import a CSV / GeoJSON file of online submissions; see the module docstring for the rules.

    Raises :class:`core.submissions.SubmissionFileError` for a file that cannot be imported at all,
    :class:`data.errors.StoreError` when the database cannot be written (locked, read-only) and
    :class:`ImportCancelledError` when ``feedback.isCanceled()``; in all three cases nothing is written.
    ``current_year`` (default: this year) judges planned years in the past.
    """
    if getattr(store, "backend", "gpkg") == "gpkg" and not is_writable(store.path):
        raise errors.not_writable(store.path)
    try:
        with store.reading() as conn:
            catalogue = [
                tuple(r)
                for r in conn.execute("SELECT code, label_de, label_en FROM themes WHERE active = ?", (True,))
            ]
            known = _Known.load(conn)
    except sqlite3.Error as exc:
        raise _sqlite_error_to_store(exc, store.where) from exc
    batch = read_submissions(path, catalogue, current_year)
    results: dict[int, RowResult] = {
        r.row: RowResult(r.row, r.submission_id, SKIPPED, tuple(r.reasons)) for r in batch.rejected
    }
    transform = to_db_crs

    # phase 1: duplicates as far as known now, and locations; no lock is held while a geocoder works
    located: list[tuple[SubmissionRecord, tuple[float, float, str, str]]] = []
    total = max(len(batch.records), 1)
    for number, record in enumerate(batch.records):
        _check_cancel(feedback)
        reason = known.duplicate(record)
        if reason:
            results[record.row] = RowResult(record.row, record.submission_id, DUPLICATE, (reason,))
            continue
        if record.lon is not None and transform is None:
            transform = wgs84_to_store(store)
        point = _locate(record, locate, transform)
        if isinstance(point, str):
            results[record.row] = RowResult(record.row, record.submission_id, SKIPPED, (point,))
        else:
            located.append((record, point))
            known.add(record, None)
        _progress(feedback, 80.0 * (number + 1) / total)

    # phase 2: one transaction for everything
    report = ImportReport()
    if located:
        with store.transaction() as conn:
            known = _Known.load(conn)
            areas = _load_areas(store, conn)
            for number, (record, point) in enumerate(located):
                _check_cancel(feedback)
                results[record.row] = _write(store, conn, record, point, known, areas, user, report)
                _progress(feedback, 80.0 + 20.0 * (number + 1) / len(located))
            if report.proposals:
                store.update_extent(conn, "proposals")
                conn.execute(
                    "INSERT INTO events (action, user_name, table_name, details) VALUES ('import', ?, ?, ?)",
                    (
                        user,
                        "proposals",
                        f"{Path(path).name}: {sum(r.status == IMPORTED for r in results.values())} submissions, "
                        f"{report.proposals} proposals",
                    ),
                )
            _check_cancel(feedback)
    _progress(feedback, 100.0)

    report.rows = [results[row] for row in sorted(results)]
    report.rejected = [r for r in report.rows if r.status == SKIPPED]
    report.skipped = len(report.rejected)
    report.duplicates = sum(r.status == DUPLICATE for r in report.rows)
    report.imported = sum(r.status == IMPORTED for r in report.rows)
    LOG.info(
        "import of %s: %s imported, %s proposals, %s duplicates, %s skipped",
        Path(path).name,
        report.imported,
        report.proposals,
        report.duplicates,
        report.skipped,
    )
    return report


def write_report(report: ImportReport, path: str | Path) -> Path:
    """The import report as CSV (UTF-8 with BOM and ";" so that spreadsheet programs in German open it
    right): row, submission ID, status, reasons. It holds no names, e-mail addresses or phone numbers."""
    path = Path(path)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow([tr("Row"), tr("Submission ID"), tr("Status"), tr("Reasons")])
            for result in report.rows:
                writer.writerow(
                    [result.row, _cell(result.submission_id), result.status, " | ".join(result.reasons)]
                )
    except OSError as exc:
        raise errors.not_writable(path, exc.strerror or str(exc)) from exc
    return path


def gazetteer_locate(store: Store) -> Locate:
    """An exact lookup in the ``addresses`` gazetteer (street key + house number, narrowed by postcode or
    city): the fallback when no web geocoder is configured. Ambiguous or unknown addresses give None."""
    index: dict[tuple[str, str], list[tuple[str | None, str, float, float]]] = {}
    try:
        with store.reading() as conn:
            rows = conn.execute(
                f"SELECT street, street_key, house_number, postcode, city, {store.point_sql('geom')} "
                "FROM addresses WHERE geom IS NOT NULL"
            ).fetchall()
    except sqlite3.Error as exc:
        raise _sqlite_error_to_store(exc, store.where) from exc
    for street, street_key, number, postcode, city, geom in rows:
        try:
            x, y = store.point_xy(bytes(geom))
        except (ValueError, struct.error, IndexError):
            continue
        if not _finite(x, y):  # an empty point
            continue
        entry = (postcode, _fold(city or ""), x, y)
        for key in {street_key, normalise_street(street)}:
            index.setdefault((key, normalise_house_number(number)), []).append(entry)

    def locate(participant: dict) -> tuple[float, float, str, str] | None:
        key = (
            normalise_street(participant.get("street") or ""),
            normalise_house_number(participant.get("house_number") or ""),
        )
        candidates = index.get(key, [])
        postcode, city = participant.get("postcode"), _fold(participant.get("city") or "")
        if postcode:
            candidates = [c for c in candidates if c[0] in (postcode, None)]
        elif city:
            candidates = [c for c in candidates if c[1] in (city, "")]
        points = {(c[2], c[3]) for c in candidates}
        if len(points) != 1:
            return None
        x, y = points.pop()
        return x, y, "geocoded", "address"

    return locate


def wgs84_to_store(store: Store, transform_context=None) -> ToDbCrs:
    """(lon, lat) in WGS 84 → the database CRS, through QGIS's transformation."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsPointXY,
    )

    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsCoordinateReferenceSystem(f"EPSG:{store.srs_id}"),
        transform_context or QgsCoordinateTransformContext(),
    )

    def to_db(lon: float, lat: float) -> tuple[float, float]:
        point = transform.transform(QgsPointXY(lon, lat))
        return point.x(), point.y()

    return to_db


# -- locating -----------------------------------------------------------------------------------------------
def _locate(
    record: SubmissionRecord, locate: Locate | None, to_db_crs: ToDbCrs | None
) -> tuple[float, float, str, str] | str:
    """(x, y, source, quality), or the reason why the submission cannot be placed."""
    if record.lon is not None and record.lat is not None and to_db_crs is not None:
        try:
            x, y = to_db_crs(record.lon, record.lat)
        except Exception:  # noqa: BLE001 - QgsCsException or a caller's own transform
            return tr(
                "The coordinates (lat/lon) cannot be transformed into the database's coordinate system."
            )
        if _finite(x, y):
            return x, y, "imported", "manual"
        return tr("The coordinates (lat/lon) cannot be transformed into the database's coordinate system.")
    if locate is None:
        return _not_found()
    try:
        found = locate(dict(record.participant))
    except Exception as exc:  # noqa: BLE001 - a geocoder failing (network …) must not stop the import
        LOG.warning("row %s: locating the address failed (%s)", record.row, type(exc).__name__)
        return tr("The address could not be looked up (geocoder error); import the file again later.")
    if found is None:
        return _not_found()
    x, y, source, quality = found
    if not _finite(x, y):
        return _not_found()
    return (
        float(x),
        float(y),
        source if source in LOCATION_SOURCES else "geocoded",
        quality if quality in LOCATION_QUALITIES else "unknown",
    )


def _not_found() -> str:
    return tr("Address not found: the submission has no coordinates and its address could not be located.")


def _finite(x: object, y: object) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in (x, y))


# -- duplicates ---------------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    """Comparison key of a name or city: case, umlauts, ß, accents and punctuation folded."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def _duplicate_message(kind: str) -> str:
    if kind == "stored_id":
        return tr("Already imported: a proposal with this submission ID is in the database.")
    if kind == "file_id":
        return tr("The same submission ID appears earlier in this file.")
    return tr("Already in the database: the same person at the same address with the same themes.")


@dataclass
class _Person:
    uuid: str | None
    email: str
    street: str
    number: str
    postcode: str
    city: str
    themes: set = field(default_factory=set)

    @classmethod
    def of(cls, values: dict, person_uuid: str | None) -> _Person:
        return cls(
            person_uuid,
            (values.get("email") or "").casefold(),
            normalise_street(values.get("street") or ""),
            normalise_house_number(values.get("house_number") or ""),
            values.get("postcode") or "",
            _fold(values.get("city") or ""),
        )

    def same_address(self, other: _Person) -> bool:
        if not self.street or (self.street, self.number) != (other.street, other.number):
            return False
        if self.postcode and other.postcode:
            return self.postcode == other.postcode
        return bool(self.city and other.city and self.city == other.city)

    def same_person(self, other: _Person) -> bool:
        """Family names were compared already; the same e-mail or address makes it the same person."""
        return bool(self.email and self.email == other.email) or self.same_address(other)


class _Known:
    """Submission IDs and people with their themes: in the database, and added by this import."""

    def __init__(self) -> None:
        self.stored_ids: set[str] = set()
        self.file_ids: set[str] = set()
        self.people: dict[str, list[_Person]] = {}

    @classmethod
    def load(cls, conn) -> _Known:
        known = cls()
        known.stored_ids = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT submission_id FROM proposals WHERE submission_id IS NOT NULL"
            )
        }
        themes: dict[str, set] = {}
        for person_uuid, theme in conn.execute(
            "SELECT participant_uuid, theme FROM proposals WHERE participant_uuid IS NOT NULL"
        ):
            themes.setdefault(person_uuid, set()).add(theme)
        for row in conn.execute(
            "SELECT uuid, family_name, email, street, house_number, postcode, city FROM participants"
        ):
            person = _Person.of(dict(row), row["uuid"])
            person.themes = themes.get(row["uuid"], set())
            known.people.setdefault(_fold(row["family_name"] or ""), []).append(person)
        return known

    def find(self, record: SubmissionRecord) -> _Person | None:
        """The known participant this submission comes from: same person at the same address."""
        me = _Person.of(record.participant, None)
        for person in self.people.get(_fold(record.participant.get("family_name") or ""), []):
            if person.same_person(me) and person.same_address(me):
                return person
        return None

    def duplicate(self, record: SubmissionRecord) -> str | None:
        """Why the whole submission is a duplicate, or None when it adds something."""
        if record.submission_id in self.stored_ids:
            return _duplicate_message("stored_id")
        if record.submission_id in self.file_ids:
            return _duplicate_message("file_id")
        person = self.find(record)
        if person is not None and all(idea["theme"] in person.themes for idea in record.ideas):
            return _duplicate_message("same_person")
        return None

    def add(self, record: SubmissionRecord, person_uuid: str | None) -> _Person:
        if record.submission_id:
            self.file_ids.add(record.submission_id)
        person = self.find(record)
        if person is None:
            person = _Person.of(record.participant, person_uuid)
            self.people.setdefault(_fold(record.participant.get("family_name") or ""), []).append(person)
        person.themes |= {idea["theme"] for idea in record.ideas}
        return person


# -- writing ------------------------------------------------------------------------------------------------
def _write(store, conn, record, point, known: _Known, areas, user: str, report: ImportReport) -> RowResult:
    reason = known.duplicate(record)
    if reason:
        return RowResult(record.row, record.submission_id, DUPLICATE, (reason,))
    person = known.find(record)
    reasons: list[str] = []
    if person is not None and person.uuid is not None:
        person_uuid = person.uuid
        ideas = [idea for idea in record.ideas if idea["theme"] not in person.themes]
        reasons = [
            tr("Theme {theme} was already in the database for this person and was not added again.").format(
                theme=idea["theme"]
            )
            for idea in record.ideas
            if idea["theme"] in person.themes
        ]
    else:
        person_uuid = str(uuid.uuid4())
        ideas = list(record.ideas)
        store.insert(
            conn,
            "participants",
            [{**record.participant, "uuid": person_uuid, "created_by": user, "updated_by": user}],
        )
    x, y, source, quality = point
    inside = _in_areas(x, y, areas)
    store.insert(
        conn,
        "proposals",
        [
            {
                **idea,
                "uuid": str(uuid.uuid4()),
                "participant_uuid": person_uuid,
                "status": "submitted",
                "source": "web",
                "submission_id": record.submission_id,
                "location_source": source,
                "location_quality": quality,
                "in_area": inside,
                "geom": ("point", x, y),
                "created_by": user,
                "updated_by": user,
            }
            for idea in ideas
        ],
    )
    known.add(record, person_uuid)
    report.proposals += len(ideas)
    if inside == 0:
        report.outside_area += 1
        reasons.append(
            tr("Outside the participation area: imported and flagged for the officer (in_area = 0).")
        )
    return RowResult(record.row, record.submission_id, IMPORTED, tuple(reasons))


def _check_cancel(feedback) -> None:
    if feedback is not None and feedback.isCanceled():
        raise ImportCancelledError(tr("The import was cancelled; nothing was written."))


def _progress(feedback, value: float) -> None:
    if feedback is not None:
        feedback.setProgress(value)


def _cell(text: str | None) -> str:
    """A spreadsheet must not run a submitted ID as a formula."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# -- participation areas: a tiny point-in-polygon on the GeoPackage blobs or WKB -----------------------------------
def _load_areas(store, conn) -> list[list[list[tuple[float, float]]]]:
    """Every polygon (a list of rings) of the ``areas`` table (``point_sql`` reads any geometry column: the
    GeoPackage's blob, PostGIS's WKB)."""
    polygons: list[list[list[tuple[float, float]]]] = []
    for (blob,) in conn.execute(f"SELECT {store.point_sql('geom')} FROM areas WHERE geom IS NOT NULL"):
        try:
            polygons += geometry_polygons(bytes(blob))
        except (ValueError, struct.error, IndexError):
            LOG.warning("an area geometry cannot be read; it is ignored")
    return polygons


def _in_areas(x: float, y: float, polygons: Iterable[list[Ring]]) -> int | None:
    """1 inside (or on the edge of) any area, 0 outside all of them, None when there is no area."""
    polygons = list(polygons)
    if not polygons:
        return None
    return int(any(_in_polygon(x, y, rings) for rings in polygons))


def _in_polygon(x: float, y: float, rings: Sequence[Ring]) -> bool:
    """Even-odd rule over all rings, so holes are outside; a point on an edge counts as inside."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if _on_segment(x, y, x1, y1, x2, y2):
                return True
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _on_segment(x: float, y: float, x1: float, y1: float, x2: float, y2: float) -> bool:
    cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    if abs(cross) > 1e-9 * max(1.0, abs(x2 - x1) + abs(y2 - y1)):
        return False
    return min(x1, x2) - 1e-9 <= x <= max(x1, x2) + 1e-9 and min(y1, y2) - 1e-9 <= y <= max(y1, y2) + 1e-9
