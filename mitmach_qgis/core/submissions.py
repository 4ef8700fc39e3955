"""Reading the submissions of the online form: CSV or GeoJSON, into checked records and rejected rows.

A bad row never stops the file: it becomes a :class:`RejectedRow` with every reason. Only a problem with the
whole file (unreadable, not UTF-8, empty, required columns missing, not a FeatureCollection) raises
:class:`SubmissionFileError`.

Row numbers: in a CSV file the line on which the record starts (the header is line 1), so the officer finds
it in a text editor; in a GeoJSON file the position of the feature in ``features`` (from 1).

A CSV record may span several lines only inside a quoted *description*. A quotation mark that is never
closed would otherwise swallow the following rows into one field; such a row is rejected on its own
("broken quote") and reading resumes on the next line, so rows are never silently merged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from .i18n import tr
from .themes import THEMES
from .validation import (
    Problem,
    check_text,
    clean_idea,
    clean_participant,
    clean_text,
    messages,
    parse_date,
    split_name,
    validate_idea,
    validate_participant,
)

COLUMNS = (
    "submission_id", "submitted_at", "name", "street", "house_number", "postcode", "city", "email", "phone",
    "role", "themes", "planned_from", "planned_to", "description", "consent_contact", "consent_map", "lat", "lon",
)  # fmt: skip
# header spellings, compared after _header_key() (case, spaces, "-", "_", ".", umlauts and ß folded)
_ALIASES: dict[str, tuple[str, ...]] = {
    "submission_id": ("submissionid", "id", "einreichungsid", "eingangsnummer", "eingangsnr"),
    "submitted_at": ("submittedat", "eingereichtam", "eingangsdatum", "eingereicht"),
    "name": ("name",),
    "given_name": ("givenname", "firstname", "vorname"),
    "family_name": ("familyname", "lastname", "surname", "nachname"),
    "street": ("street", "strasse"),
    "house_number": ("housenumber", "hausnummer", "hausnr"),
    "postcode": ("postcode", "plz", "postleitzahl", "zip", "zipcode", "postalcode"),
    "city": ("city", "ort", "stadt", "wohnort"),
    "email": ("email", "emailadresse", "mail"),
    "phone": ("phone", "telefon", "telefonnummer", "tel"),
    "role": ("role", "rolle"),
    "themes": ("themes", "theme", "themen", "thema"),
    "planned_from": ("plannedfrom", "geplantvon"),
    "planned_to": ("plannedto", "geplantbis"),
    "description": ("description", "beschreibung"),
    "consent_contact": ("consentcontact", "einwilligungkontakt"),
    "consent_map": ("consentmap", "einwilligungkarte"),
    "lat": ("lat", "latitude", "breite"),
    "lon": ("lon", "lng", "longitude", "laenge"),
}
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAX_CONTINUATION_LINES = 200
_DELIMITERS = (",", ";", "\t")


class SubmissionFileError(Exception):
    """The whole file cannot be imported; ``str(error)`` is the translated message naming the file."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


@dataclass(frozen=True)
class SubmissionRecord:
    """One valid submission: a participant (keys of ``participants``) and one idea per theme (keys of
    ``proposals``: theme, year_from, year_to, description)."""

    row: int
    submission_id: str | None
    participant: dict
    ideas: list
    lon: float | None = None
    lat: float | None = None
    submitted_at: str | None = None


@dataclass(frozen=True)
class RejectedRow:
    row: int
    submission_id: str | None
    reasons: list  # translated sentences without personal values


@dataclass
class SubmissionBatch:
    path: str
    format: str  # "csv" or "geojson"
    records: list[SubmissionRecord] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.records) + len(self.rejected)


# -- public -------------------------------------------------------------------------------------------------
def read_submissions(
    path: str | Path,
    themes: Iterable[tuple[str, str, str]] | None = None,
    current_year: int | None = None,
) -> SubmissionBatch:
    """Read a CSV or GeoJSON file of submissions.

    ``themes``: (code, German label, English label) of the catalogue in use (default: the built-in one);
    the ``themes`` column may name them by any of the three. ``current_year`` (default: this year) judges
    planned years that lie in the past.
    """
    path = Path(path)
    text = _read_text(path)
    catalogue = list(themes) if themes is not None else [(t.code, t.label_de, t.label_en) for t in THEMES]
    builder = _RecordBuilder(catalogue, current_year or date.today().year)
    if _is_json(path, text):
        batch = SubmissionBatch(str(path), "geojson")
        rows = _geojson_rows(path, text)
    else:
        batch = SubmissionBatch(str(path), "csv")
        rows = _csv_rows(path, text)
    for row, values, coords, reasons in rows:
        result = builder.build(row, values, coords, reasons)
        if isinstance(result, RejectedRow):
            batch.rejected.append(result)
        else:
            batch.records.append(result)
    return batch


def column_for_header(header: str) -> str | None:
    """The canonical column a header names ("Straße", "strasse", "E-Mail" …), or None."""
    return _BY_ALIAS.get(_header_key(header))


def theme_lookup(themes: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Lookup key → theme code for codes and both labels."""
    lookup: dict[str, str] = {}
    for code, label_de, label_en in themes:
        for name in (code, label_de, label_en):
            if name:
                lookup.setdefault(_theme_key(name), code)
    return lookup


# -- file level ---------------------------------------------------------------------------------------------
def _read_text(path: Path) -> str:
    if not path.exists():
        raise SubmissionFileError(tr("The file {path} does not exist.").format(path=path), path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SubmissionFileError(
            tr("The file {path} cannot be read: {error}").format(path=path, error=exc.strerror or exc), path
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionFileError(
            tr('{path} is not UTF-8 text; save it as UTF-8 ("CSV UTF-8") and try again.').format(path=path),
            path,
        ) from exc
    if not text.strip():
        raise SubmissionFileError(tr("{path} is empty.").format(path=path), path)
    return text


def _is_json(path: Path, text: str) -> bool:
    suffix = path.suffix.casefold()
    if suffix in (".geojson", ".json"):
        return True
    if suffix == ".csv":
        return False
    return text.lstrip().startswith("{")


def _header_key(text: object) -> str:
    key = unicodedata.normalize("NFC", str(text or "")).replace("\ufeff", "").casefold().translate(_FOLD)
    return re.sub(r"[\s\-_./()]+", "", key)


def _map_headers(path: Path, headers: list[str]) -> dict[int, str]:
    """Column index → canonical name; SubmissionFileError on a repeated or missing required column."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = column_for_header(header)
        if name is None:
            continue
        if name in mapping.values():
            raise SubmissionFileError(
                tr("{path}: the column {column} appears more than once.").format(path=path, column=name), path
            )
        mapping[index] = name
    _require_columns(path, set(mapping.values()))
    return mapping


def _require_columns(path: Path, present: set[str]) -> None:
    missing = []
    if not present & {"name", "family_name"}:
        missing.append("name")
    missing += [c for c in ("street", "house_number") if c not in present]
    if not present & {"postcode", "city"}:
        missing.append("postcode/city")
    missing += [c for c in ("role", "themes") if c not in present]
    if missing:
        raise SubmissionFileError(
            tr("{path} lacks the required columns: {columns}.").format(path=path, columns=", ".join(missing)),
            path,
        )


# -- CSV ----------------------------------------------------------------------------------------------------
Row = tuple[int, dict, Optional[tuple[float, float]], list]  # row, values, (lon, lat), file-level reasons


def _sniff_delimiter(header: str) -> str:
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse_record(text: str, delimiter: str) -> list[str] | None:
    """The fields of exactly one CSV record, or None when the quoting is broken or it holds several."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _csv_rows(path: Path, text: str) -> Iterator[Row]:
    lines = _LINE_BREAK.split(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise SubmissionFileError(tr("{path} is empty.").format(path=path), path)
    delimiter = _sniff_delimiter(lines[start])
    headers = _parse_record(lines[start], delimiter)
    if headers is None:
        raise SubmissionFileError(
            tr("{path}: the header line cannot be read (broken quote).").format(path=path), path
        )
    mapping = _map_headers(path, headers)
    # spreadsheet programs add unnamed empty columns at the end of the header; rows need not have them
    width = max((i + 1 for i, h in enumerate(headers) if h.strip()), default=0)
    description = next((i for i, name in mapping.items() if name == "description"), None)

    def fits(fields: list[str]) -> bool:
        return len(fields) >= width and not any(f.strip() for f in fields[width:])

    def multiline_ok(fields: list[str], first: int, last: int) -> bool:
        if not fits(fields) or any("\n" in f for i, f in enumerate(fields) if i != description):
            return False
        # a continuation line that has a whole row's columns is the next row, not part of a description
        return all(len(lines[k].split(delimiter)) < width for k in range(first + 1, last + 1))

    i = start + 1
    while i < len(lines):
        line = lines[i]
        row = i + 1
        if not line.strip():
            i += 1
            continue
        if line.count('"') % 2:
            quotes, end = line.count('"'), None
            for j in range(i + 1, min(len(lines), i + 1 + _MAX_CONTINUATION_LINES)):
                quotes += lines[j].count('"')
                if quotes % 2 == 0:
                    end = j
                    break
            if end is not None and description is not None:
                fields = _parse_record("\n".join(lines[i : end + 1]), delimiter)
                if fields is not None and multiline_ok(fields, i, end):
                    yield row, _values(fields, mapping), None, []
                    i = end + 1
                    continue
        fields = _parse_record(line, delimiter)
        i += 1
        if fields is None:
            yield row, _id_only(line, delimiter, mapping), None, [_broken_quote()]
        elif not any(f.strip() for f in fields):
            continue  # only delimiters: nothing was submitted
        elif not fits(fields):
            yield (
                row,
                _id_only(line, delimiter, mapping),
                None,
                [
                    tr("Wrong number of columns: {found} instead of {expected}.").format(
                        found=len(fields), expected=width
                    )
                ],
            )
        else:
            yield row, _values(fields, mapping), None, []


def _broken_quote() -> str:
    return tr(
        "Broken quote: a quotation mark is not closed, so the row cannot be split into columns safely. "
        "Correct the row in the file and import it again."
    )


def _id_only(line: str, delimiter: str, mapping: Mapping[int, str]) -> dict:
    """The submission ID of a row that cannot be split, when a naive split still finds it: the report can
    then name the submission."""
    index = next((i for i, name in mapping.items() if name == "submission_id"), None)
    parts = line.split(delimiter)
    if index is None or index >= len(parts) or '"' in parts[index]:
        return {}
    return {"submission_id": parts[index]}


def _values(fields: list[str], mapping: Mapping[int, str]) -> dict:
    return {name: fields[index] for index, name in mapping.items() if index < len(fields)}


# -- GeoJSON ------------------------------------------------------------------------------------------------
def _geojson_rows(path: Path, text: str) -> Iterator[Row]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SubmissionFileError(
            tr("{path} is not valid JSON: {error}").format(path=path, error=getattr(exc, "msg", exc)), path
        ) from exc
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise SubmissionFileError(tr("{path} is not a GeoJSON FeatureCollection.").format(path=path), path)
    crs = data.get("crs")
    if crs is not None:
        name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if not re.search(r"(CRS84|EPSG::?4326)$", name):
            raise SubmissionFileError(
                tr("{path} is not in WGS 84 longitude/latitude (GeoJSON requires it).").format(path=path),
                path,
            )
    features = data["features"]
    present: set[str] = set()
    for feature in features:
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            present |= {n for n in map(column_for_header, feature["properties"]) if n}
    if features:
        _require_columns(path, present)
    for number, feature in enumerate(features, start=1):
        yield _feature_row(number, feature)


def _feature_row(number: int, feature: object) -> Row:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return number, {}, None, [tr("The entry is not a GeoJSON feature.")]
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return number, {}, None, [tr("The feature's properties are not a JSON object.")]
    values: dict = {}
    for key, value in properties.items():
        name = column_for_header(key)
        if name is not None and values.get(name) in (None, ""):
            values[name] = value
    geometry = feature.get("geometry")
    if geometry is None:
        return number, values, None, []
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (
        not isinstance(geometry, dict)
        or geometry.get("type") != "Point"
        or not isinstance(coords, list)
        or len(coords) < 2
    ):
        return number, values, None, [tr("The geometry is not a point.")]
    lon, lat = coords[0], coords[1]
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in (lon, lat)) or not _in_range(
        float(lon), float(lat)
    ):
        return number, values, None, [_bad_coordinates()]
    return number, values, (float(lon), float(lat)), []


def _bad_submission_date() -> str:
    return tr("The submission date is not a valid date.")


def _lat_lon_apart() -> str:
    return tr("Latitude and longitude must be given together.")


def _in_range(lon: float, lat: float) -> bool:
    return -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0


def _bad_coordinates() -> str:
    return tr(
        "The coordinates (lat/lon) are not numbers in degrees (latitude -90 to 90, longitude -180 to 180)."
    )


# -- one row ------------------------------------------------------------------------------------------------
def _theme_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text).casefold())


def _split_themes(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[;,]", str(value))
    tokens = (clean_text(item) for item in items)
    return [t for t in tokens if t]


def _parse_coordinate(value: object) -> float | None:
    """None when empty; ValueError when not a number ("51,52" with a decimal comma is a number)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = clean_text(value)
    if text is None:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number


class _RecordBuilder:
    """Turns the raw values of one row into a record or a rejected row."""

    def __init__(self, catalogue: list[tuple[str, str, str]], current_year: int) -> None:
        self.lookup = theme_lookup(catalogue)
        self.codes = {code for code, _, _ in catalogue}
        self.current_year = current_year

    def build(
        self, row: int, values: dict, coords: tuple[float, float] | None, reasons: list[str]
    ) -> SubmissionRecord | RejectedRow:
        problems: list[Problem] = []
        sid_problems: list[Problem] = []
        submission_id = check_text("submission_id", values.get("submission_id"), sid_problems)
        problems += sid_problems
        shown_id = submission_id if not sid_problems else None
        if reasons and set(values) <= {"submission_id"}:
            return RejectedRow(row, shown_id, list(reasons))  # the row could not be split into columns

        submitted = None
        try:
            submitted = parse_date(values.get("submitted_at"))
        except ValueError:
            problems.append(Problem("submitted_at", "date", _bad_submission_date()))
        participant = self._participant(values, submitted, problems)
        ideas = self._ideas(values, problems)

        if coords is None:
            coords = self._coordinates(values, problems)
        all_reasons = list(reasons) + messages(problems)
        if all_reasons:
            return RejectedRow(row, shown_id, list(dict.fromkeys(all_reasons)))
        return SubmissionRecord(
            row=row,
            submission_id=submission_id,
            participant=clean_participant(participant),
            ideas=[clean_idea(idea) for idea in ideas],
            lon=coords[0] if coords else None,
            lat=coords[1] if coords else None,
            submitted_at=clean_text(values.get("submitted_at")),
        )

    def _participant(self, values: dict, submitted: date | None, problems: list[Problem]) -> dict:
        given, family = values.get("given_name"), values.get("family_name")
        one_field = clean_text(given) is None and clean_text(family) is None
        if one_field:
            # a name typed into one field: checked as a whole ("Name is missing."), then split
            check_text("name", values.get("name"), problems, required=True)
            given, family = split_name("" if values.get("name") is None else str(values.get("name")))
        participant = {
            "given_name": given,
            "family_name": family,
            **{
                k: values.get(k)
                for k in ("street", "house_number", "postcode", "city", "email", "phone", "role")
            },
            "consent_contact": values.get("consent_contact"),
            "consent_public_map": values.get("consent_map"),
        }
        # the consent is dated by the submission: that is when the person ticked the box
        participant["consent_contact_date"] = submitted
        participant["consent_public_map_date"] = submitted
        found = validate_participant(participant)
        if one_field:
            covered = ("required", "control_characters")
            found = [p for p in found if not (p.field in ("given_name", "family_name") and p.code in covered)]
        problems += found
        return participant

    def _ideas(self, values: dict, problems: list[Problem]) -> list[dict]:
        tokens = _split_themes(values.get("themes"))
        common = {
            "year_from": values.get("planned_from"),
            "year_to": values.get("planned_to"),
            "description": values.get("description"),
        }
        if not tokens:
            problems += validate_idea({"theme": None, **common}, self.codes, self.current_year)
            return []
        ideas: list[dict] = []
        for token in tokens:
            code = self.lookup.get(_theme_key(token), token)
            if any(idea["theme"] == code for idea in ideas):
                continue
            idea = {"theme": code, **common}
            problems += validate_idea(idea, self.codes, self.current_year)
            ideas.append(idea)
        return ideas

    @staticmethod
    def _coordinates(values: dict, problems: list[Problem]) -> tuple[float, float] | None:
        try:
            lat = _parse_coordinate(values.get("lat"))
            lon = _parse_coordinate(values.get("lon"))
        except ValueError:
            problems.append(Problem("lat", "coordinates", _bad_coordinates()))
            return None
        if lat is None and lon is None:
            return None
        if lat is None or lon is None:
            problems.append(Problem("lat", "coordinates", _lat_lon_apart()))
            return None
        if not _in_range(lon, lat):
            problems.append(Problem("lat", "coordinates", _bad_coordinates()))
            return None
        return lon, lat
