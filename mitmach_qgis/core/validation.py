"""Validation of participants and ideas, shared by the officer's dialog and the import of online submissions.

Every check returns :class:`Problem` objects instead of raising, so a form can show all of them at once and
an import can list every reason a row was rejected. Messages are translated, name the field, and never
repeat what was typed into a personal field (name, address, e-mail, phone): they end up in reports and logs.

What counts as an *address*: street, house number, and a postcode or a city. That is the least that locates
a house (gazetteer or web geocoder) and tells the officer where to write to; without a house number the
owner/tenant and neighbour matching (DESIGN.md §3) cannot work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .i18n import tr
from .themes import ROLES

YEAR_MIN, YEAR_MAX = 2000, 2100  # the CHECK constraint of proposals.year_from / year_to
MAX_SPAN_YEARS = 30
PHONE_DIGITS = (6, 20)

MAX_LENGTHS: dict[str, int] = {
    "submission_id": 100,
    "name": 200,
    "given_name": 100,
    "family_name": 100,
    "street": 120,
    "house_number": 20,
    "postcode": 5,
    "city": 100,
    "email": 254,  # RFC 5321 path limit
    "phone": 40,
    "description": 4000,
    "notes": 4000,
    "officer_notes": 4000,
    "advice": 4000,
    "rejection_reason": 1000,
}
MULTILINE_FIELDS = frozenset({"description", "notes", "officer_notes", "advice", "rejection_reason"})
PARTICIPANT_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "street",
    "house_number",
    "postcode",
    "city",
    "email",
    "phone",
)

_LINE_ENDS = re.compile(r"\r\n|\r")
_POSTCODE = re.compile(r"^[0-9]{5}$")
# practical, not RFC 5322: one @, no spaces, a dotted domain of letters (umlauts allowed: IDN), digits, hyphens
_EMAIL = re.compile(
    r"^[^@\s\"(),:;<>\[\]\\]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)$",
    re.UNICODE,
)
_PHONE_CHARS = re.compile(r"^[0-9 +/\-()]+$")
_TRUE = frozenset({"1", "ja", "j", "yes", "y", "true", "wahr", "x", "on", "checked", "✓", "✔"})
_FALSE = frozenset({"0", "nein", "n", "no", "false", "falsch", "off", "-", "unchecked"})
_ROLE_WORDS = {
    "owner": "owner", "eigentuemer": "owner", "eigentuemerin": "owner", "eigentumer": "owner",
    "besitzer": "owner", "besitzerin": "owner", "hauseigentuemer": "owner", "vermieter": "owner",
    "vermieterin": "owner", "landlord": "owner",
    "tenant": "tenant", "mieter": "tenant", "mieterin": "tenant", "renter": "tenant",
    "other": "other", "sonstige": "other", "sonstiges": "other", "sonstiger": "other", "andere": "other",
    "anderes": "other",
}  # fmt: skip
_NAME_PARTICLES = frozenset({"von", "van", "de", "der", "den", "del", "da", "di", "zu", "zur", "zum", "vom",
                             "ten", "ter", "la", "le", "dos", "du"})  # fmt: skip
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field; ``code`` is stable (tests, forms), ``message`` is translated."""

    field: str
    code: str
    message: str


def field_label(name: str) -> str:
    """The translated name of a field, as used at the start of a sentence."""
    labels = {
        "given_name": tr("Given name"),
        "family_name": tr("Family name"),
        "name": tr("Name"),
        "submission_id": tr("Submission ID"),
        "submitted_at": tr("Submission date"),
        "street": tr("Street"),
        "house_number": tr("House number"),
        "postcode": tr("Postcode"),
        "city": tr("City"),
        "address": tr("Address"),
        "email": tr("E-mail address"),
        "phone": tr("Phone number"),
        "role": tr("Role"),
        "consent_contact": tr("Consent to contact exchange"),
        "consent_contact_date": tr("Date of the consent to contact exchange"),
        "consent_public_map": tr("Consent to the public map"),
        "consent_public_map_date": tr("Date of the consent to the public map"),
        "theme": tr("Theme"),
        "year_from": tr("Planned from (year)"),
        "year_to": tr("Planned until (year)"),
        "description": tr("Description"),
        "notes": tr("Notes"),
        "officer_notes": tr("Officer notes"),
        "advice": tr("Advice"),
        "rejection_reason": tr("Reason for rejection"),
    }
    return labels.get(name, name)


# -- text ----------------------------------------------------------------------------------------------------
def _as_text(value: object) -> str | None:
    """NFC text with line ends unified to \\n, not yet stripped; None for missing values."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return _LINE_ENDS.sub("\n", unicodedata.normalize("NFC", text))


def clean_text(value: object) -> str | None:
    """NFC-normalised, stripped text; ``''`` becomes None.

    Umlauts, ß and anything that looks like SQL or a QGIS expression are kept verbatim: values are only ever
    bound as parameters, never pasted into SQL or expressions. \\r\\n and \\r become \\n.
    """
    text = _as_text(value)
    if text is None:
        return None
    text = text.strip()
    return text or None


def has_control_characters(text: str, multiline: bool = False) -> bool:
    """NUL and other C0/C1 controls; tab and newline are allowed in multi-line fields only."""
    allowed = {"\n", "\t"} if multiline else set()
    return any(
        (unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029") and ch not in allowed for ch in text
    )


def check_text(field: str, value: object, problems: list[Problem], required: bool = False) -> str | None:
    """Control characters and length of one text field; the cleaned value (None when empty)."""
    raw = _as_text(value)
    text = clean_text(value)
    # a stray line break or tab at either end is whitespace and stripped; anything else is refused
    if raw is not None and has_control_characters(raw.strip(" \t\n"), field in MULTILINE_FIELDS):
        problems.append(
            Problem(
                field,
                "control_characters",
                tr("{field} contains control characters (such as NUL); remove them.").format(
                    field=field_label(field)
                ),
            )
        )
    if text is None:
        if required:
            problems.append(
                Problem(field, "required", tr("{field} is missing.").format(field=field_label(field)))
            )
        return None
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit and field != "postcode":
        problems.append(
            Problem(
                field,
                "too_long",
                tr("{field} is too long ({length} characters; at most {limit} are allowed).").format(
                    field=field_label(field), length=len(text), limit=limit
                ),
            )
        )
    return text


# -- single values -------------------------------------------------------------------------------------------
def parse_bool(value: object) -> bool | None:
    """Yes/no as people type it ("ja", "nein", "x", "1", "true" …); None when empty or not a yes/no word."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value) if value in (0, 1) else None
    text = (clean_text(value) or "").casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def normalise_role(value: object) -> str | None:
    """owner / tenant / other from the English code or the German words ("Eigentümer(in)", "Mieterin",
    "Sonstige" …); None when empty or unknown."""
    text = (clean_text(value) or "").casefold().translate(_FOLD)
    if not text or has_control_characters(text):
        return None
    text = re.sub(r"\(in\)|/-?in|\*in|:in|_in|\(r\)", "", text)
    text = re.sub(r"[^a-z]", "", text)
    return _ROLE_WORDS.get(text) if text not in ROLES else text


def is_valid_email(text: str) -> bool:
    return len(text) <= MAX_LENGTHS["email"] and bool(_EMAIL.match(text))


def is_valid_phone(text: str) -> bool:
    """German numbers as written: digits, spaces, + / - ( ); 6–20 digits; starts with 0 or + (a leading
    bracket as in "(0201) 123456" is allowed); a + only at the very start."""
    if not _PHONE_CHARS.match(text) or "+" in text[1:]:
        return False
    digits = sum(ch.isdigit() for ch in text)
    first = text.lstrip("( ")[:1]
    return PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1] and first in ("0", "+")


def is_valid_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(text))


def parse_date(value: object) -> date | None:
    """A date from a date/datetime or an ISO ("2026-03-01", "2026-03-01T10:00:00Z") or German ("01.03.2026")
    string; None when empty; ValueError when not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    if text is None:
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$", text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,].*)?$", text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    raise ValueError(text)


def parse_year(value: object) -> int | None:
    """A whole year; None when empty; ValueError otherwise ("2026.5", "soon", True)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = clean_text(value)
    if text is None:
        return None
    if re.fullmatch(r"[0-9]{1,4}(\.0+)?", text):
        return int(text.split(".")[0])
    raise ValueError(text)


def split_name(full: str) -> tuple[str | None, str]:
    """(given name, family name) of a name typed into one field.

    "Erika Musterfrau" → ("Erika", "Musterfrau"); "Musterfrau, Erika" → ("Erika", "Musterfrau");
    "Hans von der Heide" → ("Hans", "von der Heide"); a single word is the family name.
    """
    text = re.sub(r"\s+", " ", clean_text(full) or "")
    if not text:
        return None, ""
    if "," in text:
        family, _, given = text.partition(",")
        family, given = family.strip(), given.strip()
        if family:
            return (given or None), family
        text = given
    words = text.split(" ")
    if len(words) == 1:
        return None, words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


# -- records -------------------------------------------------------------------------------------------------
def validate_participant(values: Mapping[str, object], require_address: bool = True) -> list[Problem]:
    """Every problem of a participant (keys as in the ``participants`` table); [] when it can be saved."""
    problems: list[Problem] = []
    text = {
        f: check_text(f, values.get(f), problems, required=(f == "family_name"))
        for f in PARTICIPANT_TEXT_FIELDS
    }

    if text["postcode"] is not None and not is_valid_postcode(text["postcode"]):
        problems.append(
            Problem("postcode", "postcode", tr("The postcode must be exactly 5 digits (for example 01067)."))
        )
    if require_address and not (
        text["street"] and text["house_number"] and (text["postcode"] or text["city"])
    ):
        problems.append(
            Problem(
                "address",
                "address",
                tr("The address is incomplete: street, house number and a postcode or city are needed."),
            )
        )
    if text["email"] is not None and not is_valid_email(text["email"]):
        problems.append(
            Problem(
                "email", "email", tr("The e-mail address is not valid (expected name@domain.de, no spaces).")
            )
        )
    if text["phone"] is not None and not is_valid_phone(text["phone"]):
        problems.append(
            Problem(
                "phone",
                "phone",
                tr(
                    "The phone number is not valid: it must start with 0 or +, have 6 to 20 digits and contain "
                    "only digits, spaces and + / - ( )."
                ),
            )
        )

    role = values.get("role")
    if clean_text(role) is None:
        problems.append(
            Problem("role", "required", tr("{field} is missing.").format(field=field_label("role")))
        )
    elif normalise_role(role) is None:
        problems.append(
            Problem(
                "role",
                "role",
                tr("The role is not known: use owner, tenant or other (Eigentümer, Mieter, Sonstige)."),
            )
        )

    for consent in ("consent_contact", "consent_public_map"):
        raw = values.get(consent)
        given = parse_bool(raw)
        if given is None and clean_text(raw) is not None and not isinstance(raw, bool):
            problems.append(
                Problem(
                    consent,
                    "boolean",
                    tr("{field} is not a yes/no value (use ja/nein, yes/no or 1/0).").format(
                        field=field_label(consent)
                    ),
                )
            )
        date_field = f"{consent}_date"
        try:
            when = parse_date(values.get(date_field))
        except ValueError:
            problems.append(
                Problem(
                    date_field,
                    "date",
                    tr("{field} is not a valid date (use YYYY-MM-DD).").format(field=field_label(date_field)),
                )
            )
            continue
        if given and when is None:
            problems.append(
                Problem(
                    date_field,
                    "consent_date",
                    tr("{field} was given but has no date.").format(field=field_label(consent)),
                )
            )
    return problems


def validate_years(values: Mapping[str, object], current_year: int) -> list[Problem]:
    """Planned period: whole years in 2000–2100, not reversed, at most 30 years, not long past."""
    problems: list[Problem] = []
    years: dict[str, int | None] = {}
    for field in ("year_from", "year_to"):
        try:
            years[field] = parse_year(values.get(field))
        except ValueError:
            years[field] = None
            problems.append(
                Problem(
                    field,
                    "year",
                    tr("{field} must be a whole year such as 2027.").format(field=field_label(field)),
                )
            )
            continue
        year = years[field]
        if year is None:
            continue
        if not YEAR_MIN <= year <= YEAR_MAX:
            years[field] = None  # order and span of an impossible year say nothing more
            problems.append(
                Problem(
                    field,
                    "year_range",
                    tr("{field} must lie between {min} and {max}.").format(
                        field=field_label(field), min=YEAR_MIN, max=YEAR_MAX
                    ),
                )
            )
        elif year < current_year - 1:
            problems.append(
                Problem(
                    field,
                    "year_past",
                    tr("{field}: {year} lies in the past; plans from {earliest} on are accepted.").format(
                        field=field_label(field), year=year, earliest=current_year - 1
                    ),
                )
            )
    start, end = years.get("year_from"), years.get("year_to")
    if start is not None and end is not None:
        if end < start:
            problems.append(
                Problem(
                    "year_to",
                    "year_order",
                    tr("The planned period is reversed: it ends ({end}) before it starts ({start}).").format(
                        start=start, end=end
                    ),
                )
            )
        elif end - start > MAX_SPAN_YEARS:
            problems.append(
                Problem(
                    "year_to",
                    "year_span",
                    tr("The planned period is longer than {years} years.").format(years=MAX_SPAN_YEARS),
                )
            )
    return problems


def validate_idea(values: Mapping[str, object], themes: Collection[str], current_year: int) -> list[Problem]:
    """Every problem of one idea (keys as in the ``proposals`` table); ``themes`` are the known codes."""
    problems: list[Problem] = []
    theme = clean_text(values.get("theme"))
    if theme is None:
        problems.append(
            Problem("theme", "required", tr("{field} is missing.").format(field=field_label("theme")))
        )
    elif theme not in themes:
        shown = theme if not has_control_characters(theme) else theme.encode("unicode_escape").decode("ascii")
        problems.append(
            Problem("theme", "theme", tr('The theme "{theme}" is not known.').format(theme=shown[:60]))
        )
    problems += validate_years(values, current_year)
    for field in ("description", "officer_notes", "advice"):
        if field in values:
            check_text(field, values.get(field), problems)
    return problems


def clean_participant(values: Mapping[str, object]) -> dict[str, object]:
    """The values of a valid participant as the ``participants`` table stores them."""
    row: dict[str, object] = {f: clean_text(values.get(f)) for f in PARTICIPANT_TEXT_FIELDS}
    row["role"] = normalise_role(values.get("role"))
    for consent in ("consent_contact", "consent_public_map"):
        given = bool(parse_bool(values.get(consent)))
        row[consent] = int(given)
        when = parse_date(values.get(f"{consent}_date")) if given else None
        row[f"{consent}_date"] = when.isoformat() if when else None
    return row


def clean_idea(values: Mapping[str, object]) -> dict[str, object]:
    """The values of a valid idea as the ``proposals`` table stores them."""
    return {
        "theme": clean_text(values.get("theme")),
        "year_from": parse_year(values.get("year_from")),
        "year_to": parse_year(values.get("year_to")),
        "description": clean_text(values.get("description")),
    }


def messages(problems: list[Problem]) -> list[str]:
    """The distinct messages, in order (one row can repeat a problem for each of its ideas)."""
    return list(dict.fromkeys(p.message for p in problems))
