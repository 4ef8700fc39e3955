from __future__ import annotations

import pytest

from mitmach_qgis.core.addresses import normalise_house_number, normalise_street, split_house_number


@pytest.mark.parametrize(
    "variant",
    [
        "Große Büttenstraße",
        "grosse buettenstr.",
        "GROSSE BÜTTENSTR",
        "Grosse-Büttenstrasse",
        "große  büttenstraße ",
    ],
)
def test_street_variants_share_a_key(variant):
    assert normalise_street(variant) == normalise_street("Große Büttenstraße") == "grossebuettenstr"


def test_different_streets_differ():
    assert normalise_street("Schäferweg") != normalise_street("Schäferstraße")
    assert normalise_street("Am Lindenhof") == "amlindenhof"


def test_decomposed_umlauts_fold_like_composed_ones():
    decomposed = "Scha\u0308ferweg"  # "ä" typed as a + combining diaeresis
    assert normalise_street(decomposed) == normalise_street("Schäferweg")


@pytest.mark.parametrize(
    ("raw", "expected"), [("12a", "12a"), ("12 A", "12a"), ("012", "12"), ("12-14", "12-14")]
)
def test_house_numbers(raw, expected):
    assert normalise_house_number(raw) == expected


def test_split_house_number():
    assert split_house_number("12a") == (12, "a")
    assert split_house_number("7") == (7, "")
    assert split_house_number("x") == (None, "")
