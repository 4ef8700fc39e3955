"""Writes tests/data/mitmach-v1.gpkg: a schema-version-1 database with a little data, for the migration test.

Run once per schema version bump (with /usr/bin/python3 from the repository root) and commit the file;
the test then proves that a real old file upgrades, not only a freshly built one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mitmach_qgis.data.gpkg_store import GeoPackageStore

TARGET = Path(__file__).resolve().parent.parent / "tests" / "data" / "mitmach-v1.gpkg"
AREA = [
    [
        [
            (357000.0, 5711000.0),
            (358200.0, 5711000.0),
            (358200.0, 5711900.0),
            (357000.0, 5711900.0),
            (357000.0, 5711000.0),
        ]
    ]
]


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    store = GeoPackageStore.create(
        TARGET, areas=[("Pilot", AREA)], overwrite=True, target_version=1, user="fixture"
    )
    with store.transaction() as conn:
        store.insert(conn, "participants", [{
            "uuid": "00000000-0000-4000-8000-000000000001", "given_name": "Erika", "family_name": "Musterfrau",
            "postcode": "01067", "city": "Bottrop", "email": "erika@example.org", "role": "owner",
            "consent_contact": 1, "consent_contact_date": "2026-03-01", "created_by": "fixture",
        }])  # fmt: skip
        store.insert(conn, "proposals", [{
            "uuid": "00000000-0000-4000-8000-000000000002", "participant_uuid": "00000000-0000-4000-8000-000000000001",
            "theme": "heating", "year_from": 2026, "year_to": 2027, "status": "submitted",
            "geom": ("point", 357500.0, 5711500.0), "created_by": "fixture",
        }])  # fmt: skip
    with store.transaction() as conn:
        conn.execute("UPDATE proposals SET status = 'checked', updated_by = 'fixture'")
    conn = store.connect()
    conn.execute("VACUUM")
    conn.close()
    print(TARGET, TARGET.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
