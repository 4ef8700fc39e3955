"""Reading the online form's files: CSV dialects, GeoJSON, broken rows and files, and what ends up in a record."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest

from mitmach_qgis.core.submissions import (
    SubmissionFileError,
    column_for_header,
    read_submissions,
    theme_lookup,
)
from mitmach_qgis.core.themes import THEMES
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data" / "submissions"
YEAR = 2026
HEADER = (
    "submission_id,submitted_at,name,street,house_number,postcode,city,email,phone,role,themes,planned_from,"
    "planned_to,description,consent_contact,consent_map,lat,lon"
)
GOOD = "S-1,2026-03-02,Erika Musterfrau,Zechenstraße,12a,46236,Bottrop,erika@example.org,0201 5550123,owner,heating,2026,2027,Text,ja,nein,,"


def read(path):
    return read_submissions(path, current_year=YEAR)


def write(tmp_path, text: str, name: str = "form.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def by_id(batch):
    return {r.submission_id: r for r in batch.records}, {r.submission_id: r for r in batch.rejected}


# -- the sample files ---------------------------------------------------------------------------------------
def test_english_csv_gives_records_with_table_keys():
    batch = read(DATA / "online_form.csv")
    assert batch.format == "csv" and not batch.rejected
    records, _ = by_id(batch)
    assert list(records) == ["W-1001", "W-1002", "W-1003", "W-1004", "W-1005", "W-1006", "W-1007"]
    erika = records["W-1001"]
    assert erika.row == 2 and erika.submitted_at == "2026-03-02T09:15:00Z"
    assert erika.participant == {
        "given_name": "Erika", "family_name": "Musterfrau", "street": "Zechenstraße", "house_number": "12a",
        "postcode": "46236", "city": "Bottrop", "email": "erika.musterfrau@example.org", "phone": "0201 5550123",
        "role": "owner", "consent_contact": 1, "consent_contact_date": "2026-03-02", "consent_public_map": 0,
        "consent_public_map_date": None,
    }  # fmt: skip
    assert erika.ideas == [
        {
            "theme": "heating",
            "year_from": 2026,
            "year_to": 2027,
            "description": "Alte Ölheizung von 1991 ersetzen",
        },
        {
            "theme": "pv",
            "year_from": 2026,
            "year_to": 2027,
            "description": "Alte Ölheizung von 1991 ersetzen",
        },
    ]
    assert erika.lon is None and erika.lat is None


def test_names_labels_roles_and_multiline_descriptions():
    records, _ = by_id(read(DATA / "online_form.csv"))
    mueller = records["W-1002"]
    assert (mueller.participant["given_name"], mueller.participant["family_name"]) == ("Jürgen", "Müller")
    assert mueller.participant["role"] == "tenant"  # "Mieter(in)"
    assert [i["theme"] for i in mueller.ideas] == ["windows", "roof"]  # German labels, "," separated
    assert mueller.ideas[0]["description"] == "Mehrzeilige Beschreibung:\nFenster im Erdgeschoß, Dach 2028"
    assert mueller.participant["consent_public_map"] == 1
    assert records["W-1003"].row == 5, "the multi-line record took lines 3 and 4"
    assert records["W-1003"].participant["role"] == "owner"  # "Eigentümerin"
    assert [i["theme"] for i in records["W-1003"].ideas] == ["heat_pump"]  # English label
    assert (records["W-1003"].lat, records["W-1003"].lon) == (51.53617, 6.946779)
    assert records["W-1007"].participant["postcode"] == "01067"


def test_sql_and_expression_looking_text_is_kept_verbatim():
    records, _ = by_id(read(DATA / "online_form.csv"))
    dora = records["W-1006"]
    assert dora.participant["family_name"] == "Test'); DROP TABLE participants; --"
    assert dora.ideas[0]["description"] == "'); DROP TABLE proposals; -- \" OR 1=1 [% @user_full_name %]"


def test_german_csv_with_bom_semicolons_and_mixed_line_endings():
    raw = (DATA / "online_form_de.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" in raw.replace(b"\r\n", b"")
    batch = read(DATA / "online_form_de.csv")
    assert not batch.rejected
    records, _ = by_id(batch)
    assert [r.row for r in batch.records] == [2, 3, 4]
    juergen = records["D-2001"].participant
    assert (juergen["given_name"], juergen["family_name"]) == ("Jürgen", "Größe-Weißmüller")
    assert juergen["street"] == "Große Büttenstraße" and juergen["email"] == "jürgen@größe-weißmüller.de"
    assert juergen["role"] == "owner" and juergen["consent_contact_date"] == "2026-03-01"  # German date
    assert [i["theme"] for i in records["D-2001"].ideas] == ["heating", "heat_pump"]
    assert records["D-2001"].ideas[0]["description"].endswith("Außengerät hinterm Haus")
    assert records["D-2002"].participant["family_name"] == "Äßler"
    assert (
        records["D-2002"].participant["role"] == "tenant" and records["D-2002"].ideas[0]["theme"] == "facade"
    )
    assert (
        records["D-2003"].participant["postcode"] is None and records["D-2003"].participant["role"] == "other"
    )
    assert records["D-2003"].ideas[0]["theme"] == "pv"  # "Photovoltaik / Solarthermie"
    for record in batch.records:
        for value in record.participant.values():
            assert not isinstance(value, str) or unicodedata.is_normalized("NFC", value)


def test_broken_quote_rejects_that_row_only_and_merges_nothing():
    batch = read(DATA / "broken_quote.csv")
    records, rejected = by_id(batch)
    assert list(records) == ["B-1", "B-3", "B-4"]
    assert sorted((r.row, r.submission_id) for r in batch.rejected) == [(3, "B-2"), (7, "B-5")]
    assert "quotation mark" in rejected["B-2"].reasons[0]
    assert "columns" in rejected["B-5"].reasons[0] and "18" in rejected["B-5"].reasons[0]
    assert records["B-3"].participant["family_name"] == "Schmidt"
    assert records["B-4"].ideas[0]["description"] == "Erste Zeile\nzweite Zeile, mit Komma"
    for record in batch.records:
        assert "B-2" not in str(record) and "Kaputt" not in str(record)


BAD_ROWS = {
    "X-01": ["e-mail"],
    "X-02": ["phone"],
    "X-03": ["postcode"],
    "X-04": ["Name is missing"],
    "X-05": ["address is incomplete"],
    "X-06": ["reversed"],
    "X-07": ["between 2000 and 2100", "past"],
    "X-08": ["jacuzzi"],
    "X-09": ["too long"],
    "X-10": ["e-mail", "phone", "reversed", "jacuzzi"],
    "X-11": ["role"],
    "X-12": ["Consent to contact exchange was given but has no date"],
}


def test_every_bad_row_is_rejected_with_every_reason_and_no_personal_value():
    batch = read(DATA / "bad_rows.csv")
    assert not batch.records
    _, rejected = by_id(batch)
    assert set(rejected) == set(BAD_ROWS)
    for sid, words in BAD_ROWS.items():
        reasons = rejected[sid].reasons
        assert len(reasons) == len(words), (sid, reasons)
        for word in words:
            assert any(word in reason for reason in reasons), (sid, word, reasons)
        text = " ".join(reasons)
        for personal in (
            "Zelda",
            "Geheimnis",
            "zelda",
            "geheim",
            "12345",
            "4623,",
            "999888777",
            "Zechenstraße",
        ):
            assert personal not in text


def test_geojson_feature_collection():
    batch = read(DATA / "online_form.geojson")
    assert batch.format == "geojson"
    records, rejected = by_id(batch)
    grete = records["G-3001"]
    assert (grete.row, grete.lon, grete.lat) == (1, 6.94956, 51.538467)
    assert [i["theme"] for i in grete.ideas] == ["roof", "pv"]  # a JSON list of a code and an English label
    assert grete.ideas[0]["year_to"] == 2028 and grete.participant["consent_contact"] == 1
    hans = records["G-3002"]  # German property names, no geometry
    assert (hans.participant["given_name"], hans.participant["family_name"]) == ("Hans", "von der Heide")
    assert hans.lon is None and hans.participant["role"] == "tenant"
    assert rejected["G-3003"].row == 3 and "point" in rejected["G-3003"].reasons[0]


# -- generated CSV variants ---------------------------------------------------------------------------------
def test_nul_and_control_characters_are_rejected_with_a_message(tmp_path):
    rows = [
        GOOD.replace("S-1", "S-1").replace("Erika Musterfrau", "Erika\x00 Musterfrau"),
        GOOD.replace("S-1", "S-2").replace("Zechenstraße", "Zechen\x07straße"),
        GOOD.replace("S-1", "S-3").replace(",Text,", ",Te\x00xt,"),
        GOOD.replace("S-1", "S-4").replace(",Text,", ',"Zeile 1\n\tZeile 2",'),
    ]
    batch = read(write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n"))
    records, rejected = by_id(batch)
    assert set(rejected) == {"S-1", "S-2", "S-3"} and set(records) == {"S-4"}
    assert "Name contains control characters" in rejected["S-1"].reasons[0]
    assert "Street contains control characters" in rejected["S-2"].reasons[0]
    assert "Description contains control characters" in rejected["S-3"].reasons[0]
    assert records["S-4"].ideas[0]["description"] == "Zeile 1\n\tZeile 2"


def test_carriage_return_only_line_ends_and_decomposed_umlauts(tmp_path):
    decomposed = unicodedata.normalize("NFD", GOOD.replace("Erika Musterfrau", "Jörg Weißmüller"))
    batch = read(write(tmp_path, HEADER + "\r" + decomposed + "\r" + GOOD.replace("S-1", "S-2") + "\r"))
    assert [r.row for r in batch.records] == [2, 3] and not batch.rejected
    assert batch.records[0].participant["family_name"] == "Weißmüller"
    assert batch.records[0].participant["street"] == "Zechenstraße"


def test_semicolon_file_with_decimal_comma_coordinates(tmp_path):
    header = HEADER.replace(",", ";")
    row = "S-1;2026-03-02;Erika Musterfrau;Zechenstraße;12a;01067;Dresden;;;owner;heating, pv;2026;2027;;;;51,5361;6,9467"
    records, _ = by_id(read(write(tmp_path, header + "\n" + row + "\n")))
    assert (records["S-1"].lat, records["S-1"].lon) == (51.5361, 6.9467)
    assert records["S-1"].participant["postcode"] == "01067"
    assert [i["theme"] for i in records["S-1"].ideas] == ["heating", "pv"]


@pytest.mark.parametrize(
    ("lat", "lon", "reason"),
    [("51.5", "", "together"), ("", "6.9", "together"), ("north", "6.9", "degrees"), ("95", "6.9", "degrees"),
     ("51.5", "200", "degrees"), ("nan", "6.9", "degrees")],
)  # fmt: skip
def test_bad_coordinates(tmp_path, lat, lon, reason):
    row = GOOD[: -len(",,")] + f",{lat},{lon}"
    batch = read(write(tmp_path, HEADER + "\n" + row + "\n"))
    assert not batch.records and reason in batch.rejected[0].reasons[0]


def test_blank_lines_trailing_empty_columns_and_header_only(tmp_path):
    batch = read(write(tmp_path, HEADER + ",,\n\n" + GOOD + ",,\n ,\n" + GOOD.replace("S-1", "S-2") + "\n\n"))
    assert [r.submission_id for r in batch.records] == ["S-1", "S-2"]
    assert [r.row for r in batch.records] == [3, 5] and not batch.rejected
    assert read(write(tmp_path, HEADER + "\n", "only.csv")).rows == 0


def test_too_many_or_too_few_columns(tmp_path):
    batch = read(
        write(tmp_path, HEADER + "\n" + GOOD + ",surplus\n" + GOOD.replace("S-1", "S-2")[:40] + "\n")
    )
    assert not batch.records and [r.row for r in batch.rejected] == [2, 3]
    assert all("Wrong number of columns" in r.reasons[0] for r in batch.rejected)


def test_an_unclosed_quote_never_merges_the_next_row_even_when_the_columns_add_up(tmp_path):
    # an open quote in row 2 closed by a stray quote in row 3: joined, they would have exactly 18 columns
    first = GOOD.split(",Text,")[0] + ',"Anfang'
    second = GOOD.replace("S-1", "S-2").replace(",Text,", ',Ende",')
    assert [len(r) for r in csv.reader(io.StringIO(first + "\n" + second))] == [18]
    batch = read(write(tmp_path, HEADER + "\n" + first + "\n" + second + "\n"))
    records, rejected = by_id(batch)
    assert set(rejected) == {"S-1"} and "quotation mark" in rejected["S-1"].reasons[0]
    assert set(records) == {"S-2"} and "S-1" not in str(records["S-2"])


def test_a_quote_never_closed_until_the_end_of_the_file(tmp_path):
    broken = GOOD.replace(",Text,", ',"offen,')
    rows = [broken] + [GOOD.replace("S-1", f"S-{n}") for n in range(2, 6)]
    batch = read(write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n"))
    assert [r.submission_id for r in batch.rejected] == ["S-1"]
    assert [r.submission_id for r in batch.records] == ["S-2", "S-3", "S-4", "S-5"]


def test_the_same_theme_twice_gives_one_idea_and_no_theme_is_a_problem(tmp_path):
    rows = [
        GOOD.replace("heating", '"heating; Heizungstausch, HEATING"'),
        GOOD.replace("S-1", "S-2").replace("heating", ""),
    ]
    records, rejected = by_id(read(write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")))
    assert [i["theme"] for i in records["S-1"].ideas] == ["heating"]
    assert rejected["S-2"].reasons == ["Theme is missing."]


def test_a_submission_date_that_is_no_date(tmp_path):
    batch = read(write(tmp_path, HEADER + "\n" + GOOD.replace("2026-03-02", "gestern") + "\n"))
    assert "submission date" in " ".join(batch.rejected[0].reasons)


def test_separate_given_and_family_name_columns(tmp_path):
    header = HEADER.replace("name,", "Vorname,Nachname,")
    row = GOOD.replace("Erika Musterfrau", "Erika,Musterfrau-Schulz")
    records, _ = by_id(read(write(tmp_path, header + "\n" + row + "\n")))
    assert records["S-1"].participant["family_name"] == "Musterfrau-Schulz"


# -- headers and themes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "column"),
    [("Straße", "street"), ("strasse", "street"), ("STRASSE", "street"), ("Strasse ", "street"),
     ("E-Mail", "email"), ("email", "email"), ("PLZ", "postcode"), ("Geplant von", "planned_from"),
     ("geplant bis", "planned_to"), ("Einwilligung Karte", "consent_map"), ("Einwilligung Kontakt", "consent_contact"),
     ("\ufeffsubmission_id", "submission_id"), ("Hausnummer", "house_number"), ("house_number", "house_number"),
     ("Beschreibung", "description"), ("Themen", "themes"), ("Rolle", "role"), ("Ort", "city"),
     ("Telefon", "phone"), ("Farbe", None)],
)  # fmt: skip
def test_headers(header, column):
    assert column_for_header(header) == column


def test_theme_lookup_knows_codes_and_both_labels():
    lookup = theme_lookup((t.code, t.label_de, t.label_en) for t in THEMES)
    assert lookup["heatpump"] == "heat_pump" and lookup["wärmepumpe"] == "heat_pump"
    assert lookup["dach-/dachbodendämmung"] == "roof_insulation"


# -- files that cannot be imported at all -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.csv", "is empty"),
        (b"  \n\r\n ", "blank.csv", "is empty"),
        (("\ufeff" + HEADER + "\nS-1,Jörg").encode("latin-1", "replace"), "latin1.csv", "UTF-8"),
        (HEADER.encode("utf-16"), "utf16.csv", "UTF-8"),
        (b"name,street\nErika,Zechenstr\n", "few.csv", "house_number, postcode/city, role, themes"),
        (b"just one column\nvalue\n", "one.csv", "required columns"),
        ((HEADER + ",Name\n").encode(), "twice.csv", "more than once"),
        (b'{"type": "Feature", "properties": {}}', "feature.geojson", "FeatureCollection"),
        (b'[1, 2, 3]', "list.json", "FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": [', "cut.geojson", "not valid JSON"),
        (json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:25832"}},
                     "features": []}).encode(), "utm.geojson", "WGS 84"),
        (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                     "properties": {"name": "Erika"}}]}).encode(), "few.geojson", "required columns"),
    ],
)  # fmt: skip
def test_fatal_file_problems_name_the_file(tmp_path, content, name, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SubmissionFileError) as err:
        read(path)
    assert name in str(err.value) and words in str(err.value)
    assert err.value.path == str(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(SubmissionFileError, match="does not exist"):
        read(tmp_path / "nope.csv")
    with pytest.raises(SubmissionFileError, match="cannot be read"):
        read(tmp_path)


def test_an_empty_feature_collection_and_bad_features(tmp_path):
    assert read(write(tmp_path, '{"type": "FeatureCollection", "features": []}', "none.geojson")).rows == 0
    good = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [6.9, 51.5]},
            "properties": {"submission_id": "J-1", "name": "Erika Musterfrau", "street": "Zechenstraße",
                           "house_number": "12a", "postcode": "46236", "role": "owner", "themes": "roof",
                           "submitted_at": "2026-03-02"}}  # fmt: skip
    features = [good, "not a feature", {"type": "Feature", "geometry": None, "properties": [1]},
                {**good, "geometry": {"type": "Point", "coordinates": [200, 51.5]}},
                {**good, "properties": {**good["properties"], "postcode": 1067}}]  # fmt: skip
    path = write(tmp_path, json.dumps({"type": "FeatureCollection", "features": features}), "mixed.geojson")
    batch = read(path)
    assert [r.row for r in batch.records] == [1]
    reasons = {r.row: " ".join(r.reasons) for r in batch.rejected}
    assert "not a GeoJSON feature" in reasons[2] and "not a JSON object" in reasons[3]
    assert "degrees" in reasons[4] and "5 digits" in reasons[5]
