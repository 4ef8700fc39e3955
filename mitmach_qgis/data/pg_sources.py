"""The matching and clustering input from a PostGIS participation database (``pg_store.PostgisStore``):
what ``match_source`` and ``cluster_source`` read from a GeoPackage, in the same form and meaning, so that
the same data give the same index, the same matches and the same clusters on both backends (tested in
``tests/postgis/test_pg_sources.py``).

The same rows in the same order: proposals by ``fid`` (``migrate`` keeps fids), texts compared and sorted
byte-wise (``COLLATE "C"``, as SQLite does — a council's server may use a German collation), empty text and
NULL both "missing", a point without coordinates NaN. The matching columns come through one binary COPY
(``pg_read``); ``load_index(store, fast=False)`` reads row by row instead (the fallback, and the reference
in the tests). Every read of a call sees one snapshot (``REPEATABLE READ``).

A login that may not read the exact points or the participants (``mitmach_planner``, see ``pg_roles``) reads
the view ``planner_proposals`` instead: the points on the planner grid (10 m), the participant's role without
the participant, and no gazetteer blocks (``addresses`` is closed to planners). Planners match and cluster on
that coarser picture; nothing personal is read (:func:`proposal_source`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from psycopg2 import sql

from ..core.matching import Coded, MatchIndex, Rule, ScoreWeights, code_column
from . import arrow_read, pg_read
from .match_source import _ROLE_INDEX, _ROLES, LOG, META_WEIGHTS, paused_gc, weights_from_meta


def load_arrays(store) -> dict[str, object]:
    """``match_source.load_arrays``: the values as stored, like its sqlite3 reader."""
    with store.reading() as conn:
        pg_read.snapshot(conn)
        return read_columns_rows(conn, store)


def load_rules(store) -> tuple[list[Rule], ScoreWeights, dict[str, str]]:
    with store.reading() as conn:
        pg_read.snapshot(conn)
        return read_rules(conn), read_weights(conn), read_blocks(conn)


def proposal_source(conn) -> tuple[sql.Composable, sql.Composable]:
    """The FROM clause of the proposals (alias ``p``) with their participant's role, and the role expression:
    the table joined to ``participants`` for an officer, the view ``planner_proposals`` for a login that may
    not read the exact points or the participants."""
    if can_read_exact(conn):
        return sql.SQL(
            "proposals AS p LEFT JOIN participants AS pa ON pa.uuid = p.participant_uuid"
        ), sql.SQL("pa.role")
    return sql.SQL("planner_proposals AS p"), sql.SQL("p.participant_role")


def can_read_exact(conn) -> bool:
    """Whether the login may read the proposals' exact points and the participants (an officer)."""
    return bool(
        conn.execute(
            "SELECT has_column_privilege('proposals', 'geom', 'SELECT') AND has_table_privilege('participants', 'SELECT')"
        ).fetchone()[0]
    )


# -- matching ---------------------------------------------------------------------------------------------------------
def _distinct(conn, column: str) -> list[str]:
    """The distinct non-NULL values of a proposals column, in byte order (as the GeoPackage compares)."""
    rows = conn.execute(
        sql.SQL('SELECT DISTINCT {c} COLLATE "C" FROM proposals WHERE {c} IS NOT NULL ORDER BY 1').format(
            c=sql.Identifier(column)
        )
    ).fetchall()
    return [r[0] for r in rows]


def read_columns(conn, store) -> dict[str, object]:
    """The columns of :func:`_read_columns` from PostGIS, in the same form (one binary COPY, ``pg_read``)."""
    SQL = sql.SQL  # noqa: N806 - psycopg2's name
    gis = sql.Identifier(store.gis_schema)
    themes, statuses = _distinct(conn, "theme"), _distinct(conn, "status")
    width = pg_read.text_width(conn, SQL("proposals"), "building_ref")
    source, role = proposal_source(conn)
    roles = pg_read.case_codes(role, _ROLES)
    columns = [
        ("uuid", pg_read.text_column(SQL("p.uuid"), 36)),
        ("x", pg_read.float_column(SQL("{}.ST_X(p.geom)").format(gis))),
        ("y", pg_read.float_column(SQL("{}.ST_Y(p.geom)").format(gis))),
        ("theme", pg_read.int_column(pg_read.case_codes(SQL("p.theme"), themes))),
        ("status", pg_read.int_column(pg_read.case_codes(SQL("p.status"), statuses))),
        ("participant_uuid", pg_read.text_column(SQL("p.participant_uuid"), 36)),
        ("year_from", pg_read.int_column(SQL("p.year_from"))),
        ("year_to", pg_read.int_column(SQL("p.year_to"))),
        ("building_ref", pg_read.text_column(SQL("p.building_ref"), width)),
        ("role", pg_read.int_column(roles)),
    ]
    with paused_gc():
        read = pg_read.read_fixed(
            conn, columns, SQL("FROM {} ORDER BY p.fid").format(source)
        )  # fmt: skip
        x, y = pg_read.finite_or_nan(read["x"], read["y"])
        unmasked = {k: np.ma.masked_array(read[k], mask=False) for k in ("participant_uuid", "building_ref")}
        participant_codes, participant_names = arrow_read.unique(unmasked["participant_uuid"])
        return {
            "uuid": pg_read.decoded(read["uuid"]),
            "x": x,
            "y": y,
            "theme": Coded(read["theme"].astype(np.int64), themes),
            "status": Coded(read["status"].astype(np.int64), statuses),
            "participant_uuid": Coded(
                participant_codes, [n.decode("utf-8") for n in participant_names.tolist()]
            ),
            "year_from": pg_read.ints_or_nan(read["year_from"]),
            "year_to": pg_read.ints_or_nan(read["year_to"]),
            "building_ref": arrow_read.coded(unmasked["building_ref"]),
            "role": Coded(read["role"].astype(np.int64), _ROLES),
        }


def read_columns_rows(conn, store) -> dict[str, object]:
    """The same, one row at a time (psycopg2's text protocol): the fallback, and the reference in tests."""
    gis = sql.Identifier(store.gis_schema)
    source, role = proposal_source(conn)
    cursor = conn.cursor()
    cursor.execute(
        sql.SQL(
            "SELECT p.uuid::text, {g}.ST_X(p.geom), {g}.ST_Y(p.geom), p.theme, p.status, p.participant_uuid::text, "
            "p.year_from, p.year_to, p.building_ref, {r} FROM {s} ORDER BY p.fid"
        ).format(g=gis, r=role, s=source)
    )
    with paused_gc():
        rows = [tuple(r) for r in cursor.fetchall()]
        names = ("uuid", "x", "y", "theme", "status", "participant_uuid", "year_from", "year_to", "building_ref",
                 "role")  # fmt: skip
        columns: dict[str, object] = dict(zip(names, zip(*rows))) if rows else {k: () for k in names}
        x, y = pg_read.finite_or_nan(
            np.asarray(columns["x"], dtype=np.float64), np.asarray(columns["y"], dtype=np.float64)
        )
        columns["x"], columns["y"] = x, y
        for year in ("year_from", "year_to"):
            columns[year] = np.asarray(columns[year], dtype=np.float64)
        columns["uuid"] = list(columns["uuid"])
        for name in ("theme", "status", "participant_uuid"):
            columns[name] = code_column(list(columns[name]))
        columns["building_ref"] = list(columns["building_ref"])  # as stored (sqlite3's reader keeps "" too)
        columns["role"] = Coded(
            np.fromiter((_ROLE_INDEX.get(r, -1) for r in columns["role"]), dtype=np.int64, count=len(rows)),
            _ROLES,
        )
    return columns


def read_rules(conn) -> list[Rule]:
    rows = conn.execute(
        "SELECT theme_a, theme_b, weight, max_distance_m, synergy, year_tolerance, same_building_only, role_pair "
        'FROM theme_compatibility ORDER BY theme_a COLLATE "C", theme_b COLLATE "C", synergy COLLATE "C"'
    ).fetchall()  # byte order, as SQLite sorts
    return [
        Rule(str(a), str(b), float(w), float(d), str(s), int(t), bool(only), role or None)
        for a, b, w, d, s, t, only, role in rows
    ]


def read_weights(conn) -> ScoreWeights:
    rows = conn.execute("SELECT key, value FROM mitmach_meta WHERE key = ANY(%s)", (list(META_WEIGHTS),))
    return weights_from_meta({r[0]: r[1] for r in rows.fetchall()})


def read_blocks(conn) -> dict[str, str]:
    present = conn.execute("SELECT to_regclass('addresses')").fetchone()[0]
    if present is None or not conn.execute("SELECT has_table_privilege('addresses', 'SELECT')").fetchone()[0]:
        return {}  # no gazetteer, or a planner's login (the gazetteer would give the exact house back)
    # as _read_blocks: the parity of the leading digits (SQLite's CAST reads them), first address by fid
    rows = conn.execute(
        "SELECT building_ref, street_key || ':' || CASE WHEN ltrim(house_number) ~ '^[0-9]' THEN "
        "(CASE substring(ltrim(house_number) FROM '^[0-9]+')::numeric % 2 WHEN 0 THEN 'even' ELSE 'odd' END) "
        "ELSE '?' END FROM addresses WHERE building_ref IS NOT NULL AND street_key IS NOT NULL ORDER BY fid"
    ).fetchall()
    blocks: dict[str, str] = {}
    for building_ref, block in rows:
        blocks.setdefault(building_ref, block)
    return blocks


def load_index(store, fast: bool = True) -> MatchIndex:
    with store.reading() as conn:
        pg_read.snapshot(conn)
        columns = None
        if fast:
            try:
                columns = read_columns(conn, store)
            except pg_read.LayoutError as exc:
                LOG.warning("binary read of %s failed (%s); reading row by row", store.label, exc)
        if columns is None:
            columns = read_columns_rows(conn, store)
        rules, weights, blocks = read_rules(conn), read_weights(conn), read_blocks(conn)
    return MatchIndex.from_columns(columns, rules, weights, blocks)


# -- clustering -------------------------------------------------------------------------------------------------------
def synergy_themes(store, synergy: str) -> tuple[str, ...]:
    with store.reading() as conn:
        return _synergy_themes(conn, synergy)


def _synergy_themes(conn, synergy: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT theme FROM (SELECT theme_a AS theme FROM theme_compatibility WHERE synergy = %s "
        'UNION SELECT theme_b FROM theme_compatibility WHERE synergy = %s) AS t ORDER BY theme COLLATE "C"',
        (synergy, synergy),
    ).fetchall()
    return tuple(r[0] for r in rows)


def load_synergy_proposals(store, synergy: str, statuses: Sequence[str]):
    """``cluster_source.load_synergy_proposals`` on PostGIS: the same rows, columns and order."""
    from .cluster_source import synergy_proposals

    gis = sql.Identifier(store.gis_schema)
    with store.reading() as conn:
        pg_read.snapshot(conn)
        source, role = proposal_source(conn)
        query = sql.SQL(
            "WITH synergy_themes AS (SELECT theme_a AS theme FROM theme_compatibility WHERE synergy = %s "
            "UNION SELECT theme_b FROM theme_compatibility WHERE synergy = %s) "
            "SELECT p.fid, p.uuid::text, p.theme, p.year_from, p.year_to, p.status, p.participant_uuid::text, "
            "p.building_ref, {r}, {g}.ST_X(p.geom), {g}.ST_Y(p.geom) "
            "FROM {s} JOIN synergy_themes AS st ON st.theme = p.theme "
            "WHERE p.status = ANY(%s) AND p.geom IS NOT NULL ORDER BY p.fid"
        ).format(g=gis, r=role, s=source)
        rows = [tuple(r) for r in conn.execute(query, (synergy, synergy, list(statuses))).fetchall()]
        themes = _synergy_themes(conn, synergy)

    def floats(column: int) -> np.ndarray:
        return np.array([np.nan if r[column] is None else float(r[column]) for r in rows], dtype=np.float64)

    x, y = pg_read.finite_or_nan(floats(9), floats(10))
    return synergy_proposals(synergy, themes, rows, x, y)


def read_points(
    store, themes: Sequence[str], statuses: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``cluster_source.read_points`` on PostGIS: (fid, x, y) in fid order, one binary COPY."""
    gis = sql.Identifier(store.gis_schema)
    where = sql.SQL("theme = ANY({})").format(sql.Literal(list(themes)))
    if statuses:
        where += sql.SQL(" AND status = ANY({})").format(sql.Literal(list(statuses)))
    columns = [
        ("fid", pg_read.int_column(sql.SQL("fid"))),
        ("x", pg_read.float_column(sql.SQL("{}.ST_X(geom)").format(gis))),
        ("y", pg_read.float_column(sql.SQL("{}.ST_Y(geom)").format(gis))),
    ]
    with store.reading() as conn:
        relation = sql.SQL("proposals" if can_read_exact(conn) else "planner_proposals")
        read = pg_read.read_fixed(
            conn,
            columns,
            sql.SQL("FROM {} WHERE {} AND geom IS NOT NULL ORDER BY fid").format(relation, where),
        )
    x, y = pg_read.finite_or_nan(read["x"], read["y"])
    return read["fid"].astype(np.int64), x, y
