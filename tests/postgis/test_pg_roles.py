"""Roles on PostGIS: the planner and the public cannot read a participant's name, e-mail, phone or street, nor
an exact proposal point, through any table or view of the schema; the public views equal core.anonymise."""

from __future__ import annotations

import random
import re

import psycopg2
import pytest

from mitmach_qgis.core import anonymise
from mitmach_qgis.data import pg_roles


def _cell_centre(x: float, y: float, size: float = 100.0) -> tuple[float, float]:
    (q,), (r,) = anonymise.hex_index([x], [y], size)
    return size * (q + r / 2.0) + 0.123, 1.5 * size / 3**0.5 * r + 0.456


CENTRE = _cell_centre(357512.3, 5711533.7)  # the dense group: one hexagon cell, one cluster area
FAR = (357950.7, 5711210.9)


def _participant(i: int, consent: bool) -> dict:
    return {
        "given_name": f"Vorname{i}x", "family_name": f"Familienname{i}x", "street": f"Geheimstraße {i}x",
        "house_number": f"{i}q", "postcode": "46236", "city": "Bottrop", "email": f"person{i}@example.org",
        "phone": f"0201 55501{i:02d}", "role": "owner" if i % 3 else "tenant", "consent_public_map": consent,
        "consent_public_map_date": "2026-10-01" if consent else None, "created_by": "officer1",
    }  # fmt: skip


@pytest.fixture
def populated(pg_store_db, pg_store):
    """Seven consenting participants around CENTRE (heating; two also windows), two far away, two without
    consent, one only with a submitted idea; points never on a round grid."""
    rng = random.Random(7)
    people = [(_participant(i, consent), place, status)
              for i, (consent, place, status) in enumerate(
                  [(True, CENTRE, "checked")] * 7 + [(True, FAR, "checked")] * 2 + [(False, CENTRE, "checked")] * 2
                  + [(True, CENTRE, "submitted")])]  # fmt: skip
    points = []
    with pg_store.transaction() as conn:
        for n, (person, (x0, y0), status) in enumerate(people):
            pg_store.insert(conn, "participants", [person])
            who = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0]
            themes = ["heating", "windows"] if n < 2 else ["heating"]
            for theme in themes:
                x, y = x0 + rng.uniform(-15, 15) + 0.123456, y0 + rng.uniform(-15, 15) + 0.654321
                points.append((x, y))
                pg_store.insert(conn, "proposals", [{"participant_uuid": who, "theme": theme, "status": "submitted",
                                                     "geom": ("point", x, y), "description": f"Idee von {n}x"}])  # fmt: skip
                if status == "checked":
                    conn.execute(
                        "UPDATE proposals SET status = 'checked' WHERE fid = (SELECT max(fid) FROM proposals)"
                    )
        for table in ("addresses",):
            pg_store.insert(conn, table, [{"street": "Geheimstraße 0x", "house_number": "0q", "street_key": "geheim",
                                           "geom": ("point", *points[0])}])  # fmt: skip
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    pg_roles.setup_roles(conn, "mitmach")  # idempotent
    conn.commit()
    conn.close()
    personal = [
        str(p[0][k]) for p in people for k in ("given_name", "family_name", "street", "email", "phone")
    ]
    return pg_store, personal, points


def _relations(db) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, kind, [(column, type)]) of every table and view of the schema, as the superuser sees them."""
    conn = db.connect()
    with conn.cursor() as cur:
        cur.execute(
            "SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE n.nspname = 'mitmach' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY c.relname, a.attnum"
        )
        rows = cur.fetchall()
    conn.close()
    out: dict[str, tuple[str, list]] = {}
    for name, kind, column, type_name in rows:
        out.setdefault(name, (kind, []))[1].append((column, type_name))
    return [(name, kind, columns) for name, (kind, columns) in out.items()]


def _try(cur, statement: str) -> list | None:
    cur.execute("SAVEPOINT probe")
    try:
        cur.execute(statement)
        rows = cur.fetchall()
    except psycopg2.errors.InsufficientPrivilege:
        cur.execute("ROLLBACK TO SAVEPOINT probe")
        return None
    cur.execute("RELEASE SAVEPOINT probe")
    return rows


def _read_everything(db, role: str):
    """Every column of every relation, one by one, as a LOGIN member of ``role``: (tried relations, readable
    relations, every value read, every coordinate read)."""
    user, password = db.login_role(role)
    conn = db.connect(user, password, autocommit=False)
    tried, readable, values, coordinates = [], set(), [], []
    try:
        with conn.cursor() as cur:
            for name, _kind, columns in _relations(db):
                tried.append(name)
                star = _try(cur, f'SELECT * FROM mitmach."{name}"')
                if star is not None:
                    readable.add(name)
                    values += [str(v) for row in star for v in row]
                for column, type_name in columns:
                    expression = (
                        f'ST_AsText("{column}")' if type_name.startswith("geometry") else f'"{column}"::text'
                    )
                    rows = _try(cur, f'SELECT {expression} FROM mitmach."{name}"')
                    if rows is None:
                        continue
                    readable.add(name)
                    for (value,) in rows:
                        values.append(str(value))
                        if type_name.startswith("geometry") and value:
                            coordinates += [
                                tuple(map(float, p.split())) for p in re.findall(r"-?[\d.]+ -?[\d.]+", value)
                            ]
    finally:
        conn.close()
    return tried, readable, values, coordinates


@pytest.mark.parametrize("role", [pg_roles.PLANNER, pg_roles.PUBLIC])
def test_no_personal_data_and_no_exact_point_through_any_relation(pg_store_db, populated, role):
    _store, personal, points = populated
    tried, readable, values, coordinates = _read_everything(pg_store_db, role)
    every = {name for name, _, _ in _relations(pg_store_db)}
    assert set(tried) == every and {"participants", "proposals", "events", *pg_roles.PUBLIC_VIEWS} <= every
    text = "\n".join(values)
    for value in personal:
        assert value not in text, (role, value)
    assert "Idee von" not in text, "free text of the proposals"
    for x, y in points:
        assert not any(abs(x - cx) < 1e-3 and abs(y - cy) < 1e-3 for cx, cy in coordinates), (role, x, y)
    assert "public_hex_cells" in readable and coordinates, "the test reads something: it is not vacuous"
    assert not readable & {"participants", "addresses", "geocode_cache", "events"}
    if role == pg_roles.PUBLIC:
        assert readable == {*pg_roles.PUBLIC_VIEWS, *pg_roles.PUBLIC_READS}
    else:
        assert {
            "planner_proposals",
            "matches",
            "match_members",
            "proposals",
        } <= readable  # proposals: some columns


def test_roles_are_group_roles_and_the_officer_reads_everything(pg_store_db, populated):
    conn = pg_store_db.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'mitmach%' ORDER BY 1")
        assert cur.fetchall() == [(r, False) for r in sorted(pg_roles.ROLES)]
    conn.close()
    user, password = pg_store_db.login_role(pg_roles.OFFICER)
    officer = pg_store_db.connect(user, password)
    with officer.cursor() as cur:
        cur.execute("SELECT count(*) FROM mitmach.participants")
        assert cur.fetchone()[0] == 12
        with pytest.raises(psycopg2.Error, match="audit log|permission"):
            cur.execute("UPDATE mitmach.events SET details = 'x'")
    officer.close()


def test_a_planner_makes_a_match_group_and_it_is_audited(pg_store_db, populated):
    user, password = pg_store_db.login_role(pg_roles.PLANNER)
    conn = pg_store_db.connect(user, password, autocommit=False)
    with conn.cursor() as cur:
        cur.execute(
            "SELECT uuid FROM mitmach.planner_proposals WHERE status = 'checked' ORDER BY fid LIMIT 2"
        )
        members = [r[0] for r in cur.fetchall()]
        cur.execute("INSERT INTO mitmach.matches (synergy, created_by) VALUES ('local_heat_network', %s) "
                    "RETURNING uuid", (user,))  # fmt: skip
        match = cur.fetchone()[0]
        for member in members:
            cur.execute(
                "INSERT INTO mitmach.match_members (match_uuid, proposal_uuid) VALUES (%s, %s)",
                (match, member),
            )
            cur.execute(
                "UPDATE mitmach.proposals SET status = 'matched', updated_by = %s WHERE uuid = %s",
                (user, member),
            )
        conn.commit()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("UPDATE mitmach.proposals SET description = 'x' WHERE uuid = %s", (members[0],))
    conn.close()
    store = populated[0]
    with store.reading() as read:
        events = read.execute("SELECT table_name, action, user_name, changed_fields FROM events "
                              "WHERE user_name = %s ORDER BY fid", (user,)).fetchall()  # fmt: skip
    assert [tuple(e) for e in events] == [("matches", "insert", user, None),
                                          ("proposals", "update", user, "status"),
                                          ("proposals", "update", user, "status")]  # fmt: skip


# -- the anonymisation in the database equals core.anonymise -------------------------------------------------------------
def test_count_classes_equal_core(pg_store):
    with pg_store.reading() as conn:
        rows = conn.execute("SELECT k, n, mitmach_count_class(n, k) FROM generate_series(1, 60) AS k, "
                            "generate_series(0, 130) AS n").fetchall()  # fmt: skip
    assert len(rows) == 60 * 131
    for k, n, label in rows:
        assert label == anonymise.count_class(n, k), (k, n)


def test_hexagons_equal_core(pg_store):
    rng = random.Random(3)
    points = [(rng.uniform(-5000, 5000), rng.uniform(-5000, 5000)) for _ in range(400)]
    points += [(357512.3, 5711533.7), (0.0, 0.0), (50.0, 28.8675134595), (-50.0, -86.6025403784)]
    for size in (100.0, 250.0):
        q, r = anonymise.hex_index([p[0] for p in points], [p[1] for p in points], size)
        with pg_store.reading() as conn:
            for (x, y), qq, rr in zip(points, q.tolist(), r.tolist()):
                cell = conn.execute("SELECT mitmach_hex_index(%s, %s, %s)", (x, y, size)).fetchone()[0]
                assert cell == [qq, rr], (x, y, size)
            for qq, rr in list(zip(q.tolist(), r.tolist()))[:40]:
                ring = conn.execute(
                    "SELECT ST_AsText(mitmach_hex_ring(%s, %s, %s, 25832))", (qq, rr, size)
                ).fetchone()[0]
                got = [tuple(map(float, p.split())) for p in ring[len("POLYGON((") : -2].split(",")]
                want = anonymise.hex_ring(qq, rr, size)
                assert len(got) == len(want) == 7
                assert all(abs(a - c) < 0.0011 and abs(b - d) < 0.0011 for (a, b), (c, d) in zip(got, want))


def _core_cells(store, k: int, size: float):
    with store.reading() as conn:
        rows = conn.execute("SELECT ST_X(p.geom), ST_Y(p.geom), p.theme, p.participant_uuid, pa.consent_public_map "
                            "FROM proposals p JOIN participants pa ON pa.uuid = p.participant_uuid "
                            "WHERE p.status IN ('checked', 'matched', 'implemented')").fetchall()  # fmt: skip
    points = [anonymise.PublicPoint(x, y, t, str(w), bool(c)) for x, y, t, w, c in rows]
    result = anonymise.anonymise(points, k=k, cell_size_m=size)
    return {(c.cell_id, c.total_class, tuple(sorted(c.theme_classes.items()))) for c in result.cells}


def _view_cells(store):
    with store.reading() as conn:
        rows = conn.execute("SELECT cell_id, total_class, theme_classes FROM public_hex_cells").fetchall()
    return {(c, t, tuple(sorted(themes.items()))) for c, t, themes in rows}


def test_public_cells_equal_core_anonymise_and_follow_k_from_the_meta_table(populated):
    store = populated[0]
    cells = _view_cells(store)
    assert cells == _core_cells(store, 4, 100.0) and len(cells) == 1
    (cell,) = cells
    assert cell[1] == "4–9" and dict(cell[2]) == {"heating": "4–9"}, "windows: 2 participants, suppressed"
    for k, expected in (("7", {"7–19"}), ("8", set()), ("2", {"4–9"}), ("junk", {"4–9"})):
        with store.transaction() as conn:
            conn.execute("UPDATE mitmach_meta SET value = %s WHERE key = 'k_anonymity'", (k,))
        assert {c[1] for c in _view_cells(store)} == expected, k
    with store.reading() as conn:  # k = "junk": the default 4
        themes = conn.execute("SELECT cell_id, theme, theme_class FROM public_hex_cell_themes").fetchall()
    assert [tuple(t) for t in themes] == [(cell[0], "heating", "4–9")]


def test_public_cluster_areas_are_k_suppressed_and_generalised(populated):
    store = populated[0]
    with store.reading() as conn:
        areas = conn.execute("SELECT area_id, synergy, total_class, theme_classes, ST_AsText(geom) AS wkt "
                             "FROM public_cluster_areas").fetchall()  # fmt: skip
    assert [(a["synergy"], a["total_class"]) for a in areas] == [("local_heat_network", "4–9")]
    coordinates = [tuple(map(float, p.split())) for p in re.findall(r"-?[\d.]+ -?[\d.]+", areas[0]["wkt"])]
    assert coordinates and all(x % 50 == 0 and y % 50 == 0 for x, y in coordinates), "snapped to 50 m"
    with store.transaction() as conn:
        conn.execute("UPDATE participants SET consent_public_map = false WHERE family_name IN "
                     "('Familienname0x', 'Familienname1x', 'Familienname2x', 'Familienname3x')")  # fmt: skip
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM public_cluster_areas").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM public_hex_cells").fetchone()[0] == 0
