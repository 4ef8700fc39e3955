"""Behaviour both stores must show (GeoPackage and PostGIS), written once: the tests of each backend call
these with their store and their SQL parameter mark (``?`` for sqlite3, ``%s`` for psycopg2)."""

from __future__ import annotations

import pytest

from mitmach_qgis.data.errors import StoreError

PERSON = {
    "given_name": "Erika", "family_name": "Musterfrau", "street": "Zechenstraße", "house_number": "12a",
    "postcode": "01067", "city": "Bottrop", "email": "erika.musterfrau@example.org", "phone": "0201 5550123",
    "role": "owner", "created_by": "officer1",
}  # fmt: skip


def add_person_and_idea(store, **proposal):
    """One participant and one proposal of theirs; returns (participant uuid, proposal uuid)."""
    with store.transaction() as conn:
        store.insert(conn, "participants", [PERSON])
        person = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0]
        row = {"participant_uuid": person, "theme": "heating", "year_from": 2026, "year_to": 2027,
               "geom": ("point", 357500.0, 5711500.0), "created_by": "officer1", **proposal}  # fmt: skip
        store.insert(conn, "proposals", [row])
        idea = conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC").fetchone()[0]
    return person, idea


def check_status_workflow(store, mark: str) -> None:
    """The database itself enforces the status workflow (DESIGN.md §2)."""
    _, idea = add_person_and_idea(store)
    for status in ["checked", "matched", "implemented", "withdrawn"]:
        with store.transaction() as conn:
            conn.execute(f"UPDATE proposals SET status = {mark} WHERE uuid = {mark}", (status, idea))
    _, idea2 = add_person_and_idea(store)
    for illegal in ("matched", "implemented"):
        with pytest.raises(StoreError, match="status"), store.transaction() as conn:
            conn.execute(f"UPDATE proposals SET status = {mark} WHERE uuid = {mark}", (illegal, idea2))
    with store.transaction() as conn:
        conn.execute(
            f"UPDATE proposals SET status = 'rejected', rejection_reason = 'außerhalb' WHERE uuid = {mark}",
            (idea2,),
        )
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute(f"UPDATE proposals SET status = 'checked' WHERE uuid = {mark}", (idea2,))


# Rows every backend's constraints refuse: (table, the bad values over PERSON or a valid proposal).
BAD_ROWS = [
    ("participants", {"postcode": "4623"}),
    ("participants", {"postcode": "ABCDE"}),
    ("participants", {"email": "no-at-sign.example.org"}),
    ("participants", {"role": "landlord"}),
    ("participants", {"consent_contact": 1, "consent_contact_date": None}),
    ("participants", {"family_name": "  "}),
    ("proposals", {"year_from": 2027, "year_to": 2026}),
    ("proposals", {"year_from": 1900}),
    ("proposals", {"status": "approved"}),
    ("proposals", {"status": "rejected"}),  # a rejection needs a reason
    ("proposals", {"theme": "jacuzzi"}),  # not in the catalogue (foreign key)
    ("proposals", {"location_source": "guessed"}),
]


def write_bad_row(store, table: str, bad: dict) -> str:
    """Try to write the bad row; returns the refusal's message, which must name nobody."""
    with pytest.raises(StoreError) as err:
        if table == "participants":
            with store.transaction() as conn:
                store.insert(conn, "participants", [{**PERSON, **bad}])
        else:
            add_person_and_idea(store, **bad)
    message = str(err.value)
    for value in ("Musterfrau", "erika", "Zechenstraße", "5550123"):
        assert value not in message, "the failing row must not reach the message"
    return message
