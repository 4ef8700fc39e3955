from __future__ import annotations

import pytest

from mitmach_qgis.core.log import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail from erika.musterfrau@example.org failed", "mail from <e-mail> failed"),
        ("call 0201 123456-78 now", "call <phone> now"),
        ("call +49 201 1234567", "call <phone>"),
    ],
)
def test_personal_data_is_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "proposal 3f2a9c1e-0b7d-4e8a-9a51-2c4d6e8f0a1b saved",
        "planned 2026-2027, 48 m apart",
        "updated at 2026-11-25 15:56:53",
        "schema version 1, 12 rows",
    ],
)
def test_uuids_years_and_counts_are_kept(text):
    assert redact(text) == text
