"""The contact text for a match group: German by default, English on request, complete and polite."""

from __future__ import annotations

import unicodedata

import pytest

from mitmach_qgis.core.contact_text import PHRASES, ContactDetails, contact_block, contact_text, phrases

MAX = ContactDetails("Max Mustermann", "max@example.org", "0201 123456")
JUERGEN = ContactDetails("Jürgen Größe-Weiß", "j.groesse@example.org", None)
PHONE_ONLY = ContactDetails("Ayşe Yılmaz", None, "+49 2041 70 00 11")
NOTHING = ContactDetails("Anna Schmidt", "", "  ")


def test_german_is_the_default_and_names_everyone_with_their_details():
    text = contact_text("Erika Musterfrau", [MAX], "Nahwärmenetz")
    assert text.startswith("Betreff: ")
    assert "Guten Tag Erika Musterfrau," in text
    assert "Sie haben sich beim NachbarschaftsWerk" in text and "gemeldet" in text
    assert "In Ihrer Nachbarschaft plant ein weiterer Haushalt" in text
    assert "Gemeinsam bietet sich an: Nahwärmenetz." in text
    assert "  • Max Mustermann\n    E-Mail: max@example.org\n    Telefon: 0201 123456\n" in text
    assert "zugestimmt" in text and "widerrufen" in text
    assert text.rstrip().endswith("Mit freundlichen Grüßen\n[Stadtverwaltung, Ansprechperson, Telefon]")
    assert text.endswith("\n") and "\n\n\n" not in text
    assert "{" not in text and "}" not in text, "every placeholder is filled"


def test_english_on_request():
    text = contact_text("Erika Musterfrau", [MAX, JUERGEN], "Local heat network", language="en")
    assert text.startswith("Subject: ") and "Dear Erika Musterfrau," in text
    assert "You contacted the NachbarschaftsWerk" in text
    assert "2 other households in your neighbourhood are planning work" in text
    assert "Together you could consider: Local heat network." in text
    assert "E-mail: max@example.org" in text and "Phone: 0201 123456" in text
    assert "Kind regards\n[Council, contact person, phone]" in text
    for german in ("Guten Tag", "Telefon", "Nachbarschaft plant", "Grüßen"):
        assert german not in text
    assert contact_text("A", [MAX], "x", language="en_GB") == contact_text("A", [MAX], "x", language="en")


def test_plural_in_german_and_order_kept():
    text = contact_text("Erika Musterfrau", [MAX, JUERGEN, PHONE_ONLY], "Nahwärmenetz")
    assert "planen 3 weitere Haushalte Vorhaben" in text
    assert text.index("Max Mustermann") < text.index("Jürgen") < text.index("Ayşe Yılmaz")


def test_umlauts_and_other_letters_survive_and_are_nfc():
    decomposed = unicodedata.normalize("NFD", "Jürgen Größe-Weiß")
    assert decomposed != "Jürgen Größe-Weiß"
    text = contact_text(
        unicodedata.normalize("NFD", "Björn Öztürk"), [ContactDetails(decomposed, "j@x.de")], "Ö"
    )
    assert "Guten Tag Björn Öztürk," in text and "• Jürgen Größe-Weiß\n" in text
    assert unicodedata.is_normalized("NFC", text)
    assert "Ayşe Yılmaz" in contact_text("X", [PHONE_ONLY], "y")


def test_missing_email_or_phone_leaves_the_line_out():
    text = contact_text("Erika Musterfrau", [JUERGEN, PHONE_ONLY], "Nahwärmenetz")
    juergen = text[text.index("Jürgen") : text.index("Ayşe")]
    assert "E-Mail: j.groesse@example.org" in juergen and "Telefon" not in juergen
    ayse = text[text.index("Ayşe") :].split("\n\n")[0]
    assert "Telefon: +49 2041 70 00 11" in ayse and "E-Mail" not in ayse
    assert "None" not in text


def test_neither_email_nor_phone_says_so():
    for language in ("de", "en"):
        lines = contact_block(NOTHING, language)
        assert lines[0] == "  • Anna Schmidt"
        assert lines[1].strip() == PHRASES[language]["no_contact"]
        assert len(lines) == 2


def test_line_breaks_in_a_name_cannot_break_the_layout():
    text = contact_text(
        "Erika\nMusterfrau", [ContactDetails("Max\r\n  Mustermann", " max@example.org ")], "N"
    )
    assert "Guten Tag Erika Musterfrau," in text and "• Max Mustermann\n    E-Mail: max@example.org\n" in text


def test_no_recipient_name_and_council_filled_in():
    text = contact_text("  ", [MAX], "Nahwärmenetz", council="Stadt Bottrop, Frau Beispiel, 02041 70-0")
    assert "Guten Tag,\n" in text and "Guten Tag ," not in text
    assert text.rstrip().endswith("Mit freundlichen Grüßen\nStadt Bottrop, Frau Beispiel, 02041 70-0")
    assert "[Stadtverwaltung" not in text
    english = contact_text(None, [MAX], "x", language="en", scheme="NeighbourhoodWorks")
    assert "Hello,\n" in english and "contacted the NeighbourhoodWorks" in english


def test_nobody_to_introduce_or_unknown_language_is_refused():
    with pytest.raises(ValueError):
        contact_text("Erika Musterfrau", [], "Nahwärmenetz")
    with pytest.raises(ValueError):
        contact_text("Erika Musterfrau", [ContactDetails("  ")], "Nahwärmenetz")
    with pytest.raises(ValueError, match="fr"):
        contact_text("Erika Musterfrau", [MAX], "x", language="fr")


def test_both_phrase_tables_have_the_same_keys_and_placeholders():
    import re

    assert set(PHRASES["de"]) == set(PHRASES["en"])
    for key in PHRASES["de"]:
        assert sorted(re.findall(r"\{\w+\}", PHRASES["de"][key])) == sorted(
            re.findall(r"\{\w+\}", PHRASES["en"][key])
        ), key
    assert phrases("DE") is PHRASES["de"]
