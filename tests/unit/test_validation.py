"""Validation shared by the officer's dialog and the import: every rule, and messages without personal data."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from mitmach_qgis.core.themes import THEME_CODES
from mitmach_qgis.core.validation import (
    MAX_LENGTHS,
    Problem,
    clean_idea,
    clean_participant,
    clean_text,
    normalise_role,
    parse_bool,
    split_name,
    validate_idea,
    validate_participant,
)

YEAR = 2026
PERSON = {
    "given_name": "Erika",
    "family_name": "Musterfrau",
    "street": "Zechenstraße",
    "house_number": "12a",
    "postcode": "46236",
    "city": "Bottrop",
    "email": "erika.musterfrau@example.org",
    "phone": "0201 5550123",
    "role": "owner",
    "consent_contact": "ja",
    "consent_contact_date": "2026-03-02",
    "consent_public_map": "nein",
}
IDEA = {"theme": "heating", "year_from": 2026, "year_to": 2027, "description": "Ölheizung ersetzen"}


def codes(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in problems}


def person(**changes) -> dict:
    return {**PERSON, **changes}


# -- clean_text ---------------------------------------------------------------------------------------------
def test_clean_text_normalises_and_strips_but_keeps_content():
    decomposed = unicodedata.normalize("NFD", "  Große Büttenstraße  ")
    assert clean_text(decomposed) == "Große Büttenstraße"
    assert clean_text("") is None and clean_text("   ") is None and clean_text(None) is None
    assert clean_text("'); DROP TABLE proposals; --") == "'); DROP TABLE proposals; --"
    assert clean_text('" OR 1=1 [% @user %]') == '" OR 1=1 [% @user %]'
    assert clean_text("Zeile 1\r\nZeile 2\rZeile 3") == "Zeile 1\nZeile 2\nZeile 3"
    assert clean_text(2026) == "2026" and clean_text(2026.0) == "2026"


# -- split_name, parse_bool, normalise_role -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Erika Musterfrau", ("Erika", "Musterfrau")),
        ("Musterfrau, Erika", ("Erika", "Musterfrau")),
        ("  Erika   Maria  Musterfrau ", ("Erika Maria", "Musterfrau")),
        ("Musterfrau", (None, "Musterfrau")),
        ("Musterfrau,", (None, "Musterfrau")),
        ("Hans von der Heide", ("Hans", "von der Heide")),
        ("Jürgen Größe-Weißmüller", ("Jürgen", "Größe-Weißmüller")),
        ("", (None, "")),
    ],
)
def test_split_name(full, expected):
    assert split_name(full) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ja", True), ("Ja", True), ("yes", True), ("1", True), ("true", True), ("x", True), ("X", True),
        (True, True), (1, True), ("nein", False), ("NEIN", False), ("no", False), ("0", False),
        ("false", False), (False, False), (0, False), ("", None), (None, None), ("vielleicht", None), (2, None),
    ],
)  # fmt: skip
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("owner", "owner"), ("Owner", "owner"), ("tenant", "tenant"), ("other", "other"),
        ("Eigentümer", "owner"), ("Eigentümer(in)", "owner"), ("Eigentümerin", "owner"),
        ("Eigentuemer/in", "owner"), ("Mieter(in)", "tenant"), ("Mieterin", "tenant"), ("MIETER", "tenant"),
        ("Sonstige", "other"), ("Sonstiges", "other"),
        ("Hausmeister", None), ("", None), (None, None), ("own\x00er", None),
    ],
)  # fmt: skip
def test_normalise_role(value, expected):
    assert normalise_role(value) == expected


# -- participants -------------------------------------------------------------------------------------------
def test_a_complete_participant_has_no_problem():
    assert validate_participant(PERSON) == []
    row = clean_participant(PERSON)
    assert row["postcode"] == "46236" and row["role"] == "owner"
    assert row["consent_contact"] == 1 and row["consent_contact_date"] == "2026-03-02"
    assert row["consent_public_map"] == 0 and row["consent_public_map_date"] is None


@pytest.mark.parametrize(
    "email",
    ["erika.musterfrau@example.org", "erika+mitmach@example.org", "jürgen@müller-bottrop.de", "a@b.co",
     "x@xn--mller-kva.de", "info@sub.domain.example.com"],
)  # fmt: skip
def test_good_emails(email):
    assert validate_participant(person(email=email)) == []


@pytest.mark.parametrize(
    "email",
    ["erika", "erika@", "@example.org", "erika@example", "erika@@example.org", "er ika@example.org",
     "erika@exa mple.org", "erika@example..org", "erika@-example.org", "erika@example.o", "a@b@c.de"],
)  # fmt: skip
def test_bad_emails(email):
    problems = validate_participant(person(email=email))
    assert codes(problems) == {("email", "email")}
    assert email not in problems[0].message and "e-mail" in problems[0].message.lower()


@pytest.mark.parametrize(
    "phone",
    ["0201 5550123", "+49 201 5550123", "(02041) 123456", "0201/555-0199", "+49 (0)201 555-0123", "012345"],
)
def test_good_phones(phone):
    assert validate_participant(person(phone=phone)) == []


@pytest.mark.parametrize(
    "phone",
    [
        "12345",
        "201 5550123",
        "0201 555 x123",
        "+49 +201 555",
        "01234",
        "0" * 21,
        "0201_5550123",
        "0201.555.0123",
    ],
)
def test_bad_phones(phone):
    problems = validate_participant(person(phone=phone))
    assert codes(problems) == {("phone", "phone")}
    assert phone not in problems[0].message


@pytest.mark.parametrize("postcode", ["4623", "462360", "ABCDE", "4623 6", 1067, "46-236"])
def test_bad_postcodes(postcode):
    assert codes(validate_participant(person(postcode=postcode))) == {("postcode", "postcode")}


def test_postcode_keeps_its_leading_zero():
    values = person(postcode="01067", city="Dresden")
    assert validate_participant(values) == []
    assert clean_participant(values)["postcode"] == "01067"


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_family_name_is_required(missing):
    problems = validate_participant(person(family_name=missing))
    assert codes(problems) == {("family_name", "required")}
    assert "Family name" in problems[0].message


def test_given_name_is_optional():
    assert validate_participant(person(given_name=None)) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"street": None},
        {"house_number": ""},
        {"postcode": None, "city": None},
        {"street": " ", "house_number": None},
    ],
)
def test_address_needs_street_house_number_and_postcode_or_city(changes):
    assert ("address", "address") in codes(validate_participant(person(**changes)))


@pytest.mark.parametrize("changes", [{"postcode": None}, {"city": None}])
def test_postcode_or_city_is_enough(changes):
    assert validate_participant(person(**changes)) == []


def test_address_can_be_optional_for_callers_that_place_by_click():
    values = person(street=None, house_number=None, postcode=None, city=None)
    assert validate_participant(values, require_address=False) == []


@pytest.mark.parametrize(
    "field", ["family_name", "given_name", "street", "house_number", "city", "email", "phone"]
)
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\n", "\t", "\x7f", "\x85"])
def test_control_characters_are_rejected_in_single_line_fields(field, control):
    value = f"{PERSON[field][:1]}{control}{PERSON[field][1:]}"
    problems = validate_participant(person(**{field: value}))
    assert (field, "control_characters") in codes(problems)
    message = next(p.message for p in problems if p.code == "control_characters")
    assert "control characters" in message and value not in message


def test_line_breaks_at_either_end_are_whitespace():
    assert validate_participant(person(family_name="\tMusterfrau\r\n", street="Zechenstraße\n")) == []
    assert clean_participant(person(family_name="\tMusterfrau\r\n"))["family_name"] == "Musterfrau"
    assert validate_participant(person(family_name="Musterfrau\x00\n"))[0].code == "control_characters"


def test_description_allows_newline_and_tab_but_not_nul():
    assert validate_idea({**IDEA, "description": "Zeile 1\n\tZeile 2\r\n"}, THEME_CODES, YEAR) == []
    problems = validate_idea({**IDEA, "description": "Zeile 1\x00Zeile 2"}, THEME_CODES, YEAR)
    assert codes(problems) == {("description", "control_characters")}


@pytest.mark.parametrize("field", ["family_name", "given_name", "street", "city"])
def test_very_long_text_is_rejected_not_truncated(field):
    limit = MAX_LENGTHS[field]
    assert validate_participant(person(**{field: "ä" * limit})) == []
    problems = validate_participant(person(**{field: "ä" * (limit + 1)}))
    assert codes(problems) == {(field, "too_long")}
    assert str(limit + 1) in problems[0].message and str(limit) in problems[0].message


def test_very_long_description_is_rejected():
    assert validate_idea({**IDEA, "description": "x" * 4000}, THEME_CODES, YEAR) == []
    problems = validate_idea({**IDEA, "description": "x" * 4001}, THEME_CODES, YEAR)
    assert codes(problems) == {("description", "too_long")}


@pytest.mark.parametrize("role", [None, ""])
def test_role_is_required(role):
    assert codes(validate_participant(person(role=role))) == {("role", "required")}


@pytest.mark.parametrize("role", ["Eigentümer(in)", "Mieter(in)", "Sonstige", "tenant"])
def test_german_roles_are_accepted(role):
    assert validate_participant(person(role=role)) == []


def test_unknown_role():
    assert codes(validate_participant(person(role="Hausmeister"))) == {("role", "role")}


def test_consent_needs_a_date():
    problems = validate_participant(person(consent_contact="ja", consent_contact_date=None))
    assert codes(problems) == {("consent_contact_date", "consent_date")}
    problems = validate_participant(person(consent_public_map=True))
    assert codes(problems) == {("consent_public_map_date", "consent_date")}
    assert validate_participant(person(consent_public_map="x", consent_public_map_date="02.03.2026")) == []


def test_consent_not_yes_or_no_and_bad_dates():
    problems = validate_participant(person(consent_contact="vielleicht"))
    assert ("consent_contact", "boolean") in codes(problems)
    problems = validate_participant(person(consent_contact_date="gestern"))
    assert codes(problems) == {("consent_contact_date", "date")}


def test_no_consent_given_needs_no_date_and_stores_none():
    values = person(consent_contact=None, consent_contact_date=None)
    assert validate_participant(values) == []
    assert clean_participant(values)["consent_contact"] == 0


def test_umlauts_and_sql_looking_text_are_valid_and_kept():
    values = person(
        given_name="Jürgen",
        family_name="Größe-Weißmüller",
        street="Große Büttenstraße",
        city="Bottrop-Kirchhellen",
        email="jürgen@größe.de",
    )
    assert validate_participant(values) == []
    assert clean_participant(values)["family_name"] == "Größe-Weißmüller"
    sql = person(family_name="'); DROP TABLE participants; --", given_name='" OR 1=1')
    assert validate_participant(sql) == []
    assert clean_participant(sql)["family_name"] == "'); DROP TABLE participants; --"


def test_messages_never_repeat_personal_values():
    secret = {
        "given_name": "Zelda\x00",
        "family_name": "Geheimnis" * 20,
        "street": "Verborgener Weg\x07",
        "house_number": None,
        "postcode": "9999",
        "city": "Nirgendwo",
        "email": "zelda@@geheim.example",
        "phone": "99 88 77",
        "role": "Spionin",
    }
    problems = validate_participant(secret)
    assert len(problems) >= 7
    text = " ".join(p.message for p in problems)
    for value in ("Zelda", "Geheimnis", "Verborgener", "9999", "zelda", "geheim", "99 88 77", "Spionin"):
        assert value not in text


def test_problem_is_a_frozen_record():
    problem = validate_participant(person(family_name=None))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.code = "other"  # type: ignore[misc]


# -- ideas --------------------------------------------------------------------------------------------------
def test_a_good_idea_has_no_problem():
    assert validate_idea(IDEA, THEME_CODES, YEAR) == []
    assert validate_idea({"theme": "pv"}, THEME_CODES, YEAR) == []
    assert clean_idea({**IDEA, "year_from": "2026", "year_to": 2027.0}) == {**IDEA}


def test_unknown_or_missing_theme():
    problems = validate_idea({**IDEA, "theme": "jacuzzi"}, THEME_CODES, YEAR)
    assert codes(problems) == {("theme", "theme")} and "jacuzzi" in problems[0].message
    assert codes(validate_idea({**IDEA, "theme": None}, THEME_CODES, YEAR)) == {("theme", "required")}


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ((2028, 2026), {("year_to", "year_order")}),
        ((2026, 2057), {("year_to", "year_span")}),
        ((1999, 2026), {("year_from", "year_range")}),
        ((2026, 2101), {("year_to", "year_range")}),
        ((2010, 2012), {("year_from", "year_past"), ("year_to", "year_past")}),
        ((YEAR - 2, YEAR), {("year_from", "year_past")}),
        (("bald", 2027), {("year_from", "year")}),
        ((2026, "2027.5"), {("year_to", "year")}),
        ((True, 2027), {("year_from", "year")}),
    ],
)
def test_reversed_or_absurd_years(years, expected):
    problems = validate_idea({**IDEA, "year_from": years[0], "year_to": years[1]}, THEME_CODES, YEAR)
    assert codes(problems) == expected


@pytest.mark.parametrize(
    "years", [(YEAR - 1, YEAR), (2026, 2056), ("2026", "2027"), (2026.0, None), (None, None), (None, 2030)]
)
def test_acceptable_years(years):
    assert validate_idea({**IDEA, "year_from": years[0], "year_to": years[1]}, THEME_CODES, YEAR) == []


def test_reversed_years_message_names_the_years():
    message = validate_idea({**IDEA, "year_from": 2028, "year_to": 2026}, THEME_CODES, YEAR)[0].message
    assert "2028" in message and "2026" in message and "reversed" in message
