"""Address normalisation for the gazetteer: "Große Büttenstraße 12a" and "grosse buettenstr. 12 A" agree."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STREET_SUFFIX = re.compile(r"(strasse|str\.?|strase)$")
_HOUSE_NUMBER = re.compile(r"^\s*(\d+)\s*([a-zA-Z]?)\s*(?:[-/]\s*(\d+)\s*([a-zA-Z]?))?\s*$")


def normalise_street(street: str) -> str:
    """Comparison key of a street name: case, umlauts, ß, "Straße"/"Str." and separators folded."""
    text = unicodedata.normalize("NFC", street or "").casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\s\-]+", "", text.strip())
    text = _STREET_SUFFIX.sub("str", text)
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_house_number(number: str) -> str:
    """ "12 a", "12A" and "12a" → "12a"; ranges such as "12-14" keep their form ("12-14")."""
    match = _HOUSE_NUMBER.match(number or "")
    if not match:
        return re.sub(r"\s+", "", (number or "").casefold())
    first = match.group(1).lstrip("0") + match.group(2).lower()
    if match.group(3):
        return f"{first}-{match.group(3).lstrip('0')}{match.group(4).lower()}"
    return first


def split_house_number(number: str) -> tuple[int | None, str]:
    """(number, suffix): "12a" → (12, "a"); lets geocoding fall back from 12a to 12."""
    match = _HOUSE_NUMBER.match(number or "")
    if not match:
        return None, ""
    return int(match.group(1)), match.group(2).lower()
