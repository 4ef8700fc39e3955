"""Roles, grants and the anonymised views of a MitMach schema on PostgreSQL (DESIGN.md §5, issue 9 §3).

:data:`DBA_NOTES` is the text for the council's database administrator; ``docs/postgis.md`` repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg2 import errors as pg_errors
from psycopg2 import sql

from ..core.anonymise import COUNT_CLASSES, EN_DASH
from .pg_schema import PLANNER_GRID_M, Target, existing_tables, quote_ident
from .public_source import PUBLIC_STATUSES

OFFICER, PLANNER, PUBLIC = "mitmach_officer", "mitmach_planner", "mitmach_public"
ROLES = (OFFICER, PLANNER, PUBLIC)
PUBLIC_VIEWS = ("public_hex_cells", "public_hex_cell_themes", "public_cluster_areas")
PLANNER_VIEWS = ("planner_proposals",)
# proposals columns a planner may not read: the exact point and free text that may name or describe people
PLANNER_HIDDEN_PROPOSAL_COLUMNS = ("geom", "description", "officer_notes", "rejection_reason")
PLANNER_READS = ("themes", "theme_compatibility", "advice_templates", "mitmach_meta", "areas", "matches",
                 "match_members", "streets", "buildings")  # fmt: skip
PLANNER_WRITES = ("matches", "match_members")
PUBLIC_READS = ("themes",)
CLUSTER_EPS_M = 125.0  # defaults of the public cluster areas (mitmach_meta: public_cluster_eps_m, …)
CLUSTER_MIN_POINTS = 3
CLUSTER_BUFFER_M = 25.0

DBA_NOTES = """\
MitMach on PostgreSQL/PostGIS: notes for the database administrator

Set-up (once per schema, as the owner of the schema, e.g. the DBA's own role):
  python3 -m mitmach_qgis create "postgresql://dba@dbhost:5432/council?schema=mitmach" --roles   (or in QGIS)
  later (after an upgrade, or to repair grants): python3 -m mitmach_qgis roles "postgresql://dba@dbhost/…"
  — both create or update what follows (from Python: pg_roles.setup_roles(conn, "mitmach")).
Group roles (NOLOGIN, cluster-wide, created once, idempotent):
  mitmach_officer  everything in the schema: participants (personal data), proposals, review, matching,
                   import, erasure; the audit log `events` can be read and appended to; the only change
                   allowed (column grant + trigger) is erasure's pseudonymisation of a forgotten participant's
                   uuid in their events.
  mitmach_planner  proposals WITHOUT the exact point and without free text (description, officer notes,
                   rejection reason): view `planner_proposals` (points on a 10 m grid, mitmach_meta
                   `planner_grid_m`, never finer); matches and match members (read and write: match groups
                   set proposals to `matched`); themes, compatibility, areas, buildings, streets, settings;
                   the public views. NO access to `participants`, `addresses` (the gazetteer would give the
                   exact house back), `geocode_cache` or `events`.
  mitmach_public   only the anonymised views: `public_hex_cells`, `public_hex_cell_themes` (hexagons of
                   100 m, mitmach_meta `hex_cell_size_m`), `public_cluster_areas` (DBSCAN per synergy in
                   the database, hull buffered and snapped to half a cell), and the theme catalogue.
                   Only checked / matched / implemented proposals of participants who consented to the public
                   map; distinct participants are counted; a cell, area or theme entry with fewer than k
                   (mitmach_meta `k_anonymity`, never below 4) is not shown; figures are classes (4–9, …).
Give people LOGIN roles that are members of one group role, e.g.
  CREATE ROLE schulz LOGIN IN ROLE mitmach_officer;   -- password via scram, or certificate / Kerberos
  CREATE ROLE mayer  LOGIN IN ROLE mitmach_planner;
  CREATE ROLE webmap LOGIN IN ROLE mitmach_public;     -- for a web server that publishes the map
Passwords belong in QGIS's authentication database (authcfg) or a pg_service.conf / .pgpass file, never in
a project file, a layer source or a script.
The rules (CHECKs, status workflow, version, audit trail) are triggers owned by the schema owner; the audit
trigger is SECURITY DEFINER so a planner's change is logged although planners cannot write `events`. The
owner (and any superuser) can still disable triggers: keep that role for the DBA.
No row-level security is used. If you add RLS policies yourself: QGIS reports an edit of a row that a policy
hides as successful although nothing changed; the MitMach store re-reads after saving and reports 0 rows
changed as a failure, QGIS's own attribute table does not.
"""


@dataclass(frozen=True)
class _Sql:
    target: Target
    gis: str  # the quoted schema of the PostGIS extension (functions are bound when the views are made)

    def f(self, name: str) -> str:
        return f"{self.target.qs}.{quote_ident(name)}"


# -- functions the views use --------------------------------------------------------------------------------------
def _count_class_sql(s: _Sql) -> str:
    """core.anonymise.count_class in PL/pgSQL (a test compares both for k = 1…60, n = 0…130)."""
    los = ", ".join(str(lo) for lo, _ in COUNT_CLASSES)
    his = ", ".join("NULL" if hi is None else str(hi) for _, hi in COUNT_CLASSES)
    return f"""CREATE OR REPLACE FUNCTION {s.f('mitmach_count_class')}(n integer, k integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $mitmach$
DECLARE
  los integer[] := ARRAY[{los}];
  his integer[] := ARRAY[{his}]::integer[];
  lo integer[] := '{{}}';
  hi integer[] := '{{}}';
  i integer;
BEGIN
  IF n IS NULL OR k IS NULL OR k < 1 THEN
    RETURN NULL;
  END IF;
  FOR i IN 1 .. array_length(los, 1) LOOP
    IF his[i] IS NULL OR his[i] >= k THEN
      lo := array_append(lo, greatest(los[i], k));
      hi := array_append(hi, his[i]);
    END IF;
  END LOOP;
  WHILE array_length(lo, 1) > 1 AND hi[1] IS NOT NULL AND hi[1] - lo[1] + 1 < k LOOP
    lo := lo[1:1] || lo[3:array_length(lo, 1)];
    hi := hi[2:array_length(hi, 1)];
  END LOOP;
  IF n < greatest(k, lo[1]) THEN
    RETURN NULL;
  END IF;
  FOR i IN 1 .. array_length(lo, 1) LOOP
    IF n >= lo[i] AND (hi[i] IS NULL OR n <= hi[i]) THEN
      RETURN CASE WHEN hi[i] IS NULL THEN lo[i] || '+' WHEN hi[i] = lo[i] THEN lo[i]::text
                  ELSE lo[i] || '{EN_DASH}' || hi[i] END;
    END IF;
  END LOOP;
  RETURN NULL;
END
$mitmach$"""


def _hex_sql(s: _Sql) -> list[str]:
    """core.anonymise.hex_index / hex_ring in SQL: the same pointy-topped lattice anchored at the origin,
    so the database's public cells are the cells of the GeoPackage export. (PostGIS's ST_HexagonGrid is
    flat-topped and sized by the edge: other cells.) SQL-standard bodies bind their functions now."""
    index = f"""CREATE OR REPLACE FUNCTION {s.f('mitmach_hex_index')}(x double precision, y double precision,
  size double precision) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN dq > dr AND dq > ds THEN ARRAY[(-rr - rs)::bigint, rr::bigint]
              WHEN dr > ds THEN ARRAY[rq::bigint, (-rq - rs)::bigint]
              ELSE ARRAY[rq::bigint, rr::bigint] END
  FROM (SELECT rq, rr, rs, abs(rq - qf) AS dq, abs(rr - rf) AS dr, abs(rs - sf) AS ds
        FROM (SELECT round(qf) AS rq, round(rf) AS rr, round(-qf - rf) AS rs, qf, rf, -qf - rf AS sf
              FROM (SELECT x / size - rf / 2.0 AS qf, rf
                    FROM (SELECT y / (1.5 * (size / sqrt(3.0::double precision))) AS rf) AS a) AS b) AS c) AS d;
END"""
    ring = f"""CREATE OR REPLACE FUNCTION {s.f('mitmach_hex_ring')}(q bigint, r bigint, size double precision,
  srid integer) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT {s.gis}.ST_SetSRID({s.gis}.ST_MakePolygon({s.gis}.ST_MakeLine(ARRAY(
    SELECT {s.gis}.ST_MakePoint(
      round((cx + radius * cos(radians(30.0 + 60.0 * (i % 6))))::numeric, 3)::double precision,
      round((cy + radius * sin(radians(30.0 + 60.0 * (i % 6))))::numeric, 3)::double precision)
    FROM generate_series(0, 6) AS i ORDER BY i))), srid)
  FROM (SELECT size * (q + r / 2.0) AS cx, 1.5 * (size / sqrt(3.0::double precision)) * r AS cy,
               size / sqrt(3.0::double precision) AS radius) AS c;
END"""
    return [index, ring]


# -- views -----------------------------------------------------------------------------------------------------------
def _meta_number(s: _Sql, key: str, default: float, floor: float, integer: bool = False) -> str:
    """A number from mitmach_meta (text), the default when missing or not a number, never below ``floor``."""
    cast = "integer" if integer else "double precision"
    pattern = r"^\s*[0-9]{1,6}\s*$" if integer else r"^\s*[0-9]{1,7}(\.[0-9]+)?\s*$"
    return (
        f"greatest(coalesce((SELECT CASE WHEN value ~ '{pattern}' THEN trim(value)::{cast} END "
        f"FROM {s.target.table('mitmach_meta')} WHERE key = '{key}'), {default}), {floor})"
    )


def _settings_cte(s: _Sql) -> str:
    return (
        f"settings AS (SELECT {_meta_number(s, 'k_anonymity', 4, 4, integer=True)} AS k, "
        f"{_meta_number(s, 'hex_cell_size_m', 100, 100)} AS size, "
        f"{_meta_number(s, 'public_cluster_eps_m', CLUSTER_EPS_M, 1)} AS eps, "
        f"{_meta_number(s, 'public_cluster_min_points', CLUSTER_MIN_POINTS, 1, integer=True)} AS min_points)"
    )


def _public_points_cte(s: _Sql) -> str:
    statuses = ", ".join(f"'{st}'" for st in PUBLIC_STATUSES)
    return (
        "public_points AS (SELECT p.theme, p.participant_uuid AS who, p.geom, p.year_from, p.year_to "
        f"FROM {s.target.table('proposals')} AS p JOIN {s.target.table('participants')} AS pa "
        "ON pa.uuid = p.participant_uuid AND pa.consent_public_map "
        f"WHERE p.status IN ({statuses}) AND p.geom IS NOT NULL)"
    )


def _hex_views(s: _Sql) -> list[str]:
    srid = int(s.target.srid)
    count = s.f("mitmach_count_class")
    common = (
        f"WITH {_settings_cte(s)}, {_public_points_cte(s)},\n"
        f"cell_points AS (SELECT {s.f('mitmach_hex_index')}({s.gis}.ST_X(geom), {s.gis}.ST_Y(geom), settings.size) "
        "AS cell, theme, who FROM public_points, settings),\n"
        f"cells AS (SELECT cell, {count}(count(DISTINCT who)::integer, (SELECT k FROM settings)) AS total_class "
        "FROM cell_points GROUP BY cell),\n"
        f"published AS (SELECT * FROM cells WHERE total_class IS NOT NULL),\n"
        f"cell_themes AS (SELECT c.cell, c.theme, {count}(count(DISTINCT c.who)::integer, (SELECT k FROM settings)) "
        "AS theme_class FROM cell_points AS c JOIN published AS p ON p.cell = c.cell GROUP BY c.cell, c.theme)\n"
    )
    ring = f"{s.f('mitmach_hex_ring')}(cell[1], cell[2], (SELECT size FROM settings), {srid})::geometry(Polygon, {srid})"
    cells = (
        f"CREATE OR REPLACE VIEW {s.target.table('public_hex_cells')} WITH (security_barrier = true) AS\n{common}"
        "SELECT row_number() OVER (ORDER BY cell[1], cell[2])::integer AS fid, cell[1] || ':' || cell[2] AS cell_id, "
        "total_class, coalesce((SELECT jsonb_object_agg(t.theme, t.theme_class) FROM cell_themes AS t "
        "WHERE t.cell = published.cell AND t.theme_class IS NOT NULL), '{}'::jsonb) AS theme_classes, "
        f"{ring} AS geom FROM published"
    )
    themes = (
        f"CREATE OR REPLACE VIEW {s.target.table('public_hex_cell_themes')} WITH (security_barrier = true) AS\n"
        f"{common}SELECT row_number() OVER (ORDER BY theme, cell[1], cell[2])::integer AS fid, "
        f"cell[1] || ':' || cell[2] AS cell_id, theme, theme_class, {ring} AS geom "
        "FROM cell_themes WHERE theme_class IS NOT NULL"
    )
    return [cells, themes]


def _cluster_view(s: _Sql) -> str:
    srid, g = int(s.target.srid), s.gis
    count = s.f("mitmach_count_class")
    compat = s.target.table("theme_compatibility")
    grid = "(SELECT size FROM settings) / 2.0"
    snapped = f"{g}.ST_SnapToGrid(hull, {grid})"
    envelope = (
        f"{g}.ST_MakeEnvelope(floor({g}.ST_XMin(hull) / {grid}) * {grid}, floor({g}.ST_YMin(hull) / {grid}) * {grid}, "
        f"greatest(ceil({g}.ST_XMax(hull) / {grid}), floor({g}.ST_XMin(hull) / {grid}) + 1) * {grid}, "
        f"greatest(ceil({g}.ST_YMax(hull) / {grid}), floor({g}.ST_YMin(hull) / {grid}) + 1) * {grid}, {srid})"
    )
    return (
        f"CREATE OR REPLACE VIEW {s.target.table('public_cluster_areas')} WITH (security_barrier = true) AS\n"
        f"WITH {_settings_cte(s)}, {_public_points_cte(s)},\n"
        f"synergy_themes AS (SELECT synergy, theme_a AS theme FROM {compat} WHERE NOT same_building_only "
        f"UNION SELECT synergy, theme_b FROM {compat} WHERE NOT same_building_only),\n"
        f"clustered AS (SELECT st.synergy, p.theme, p.who, p.geom, p.year_from, p.year_to, {g}.ST_ClusterDBSCAN(p.geom, "
        "settings.eps, settings.min_points) OVER (PARTITION BY st.synergy) AS cid "
        "FROM public_points AS p JOIN synergy_themes AS st ON st.theme = p.theme, settings),\n"
        f"areas AS (SELECT synergy, cid, {count}(count(DISTINCT who)::integer, (SELECT k FROM settings)) AS total_class, "
        "min(year_from) AS year_from, max(year_to) AS year_to, "
        f"{g}.ST_Buffer({g}.ST_ConvexHull({g}.ST_Collect(geom)), {CLUSTER_BUFFER_M}) AS hull "
        "FROM clustered WHERE cid IS NOT NULL GROUP BY synergy, cid),\n"
        f"area_themes AS (SELECT synergy, cid, theme, {count}(count(DISTINCT who)::integer, (SELECT k FROM settings)) "
        "AS theme_class FROM clustered WHERE cid IS NOT NULL GROUP BY synergy, cid, theme)\n"
        "SELECT row_number() OVER (ORDER BY a.synergy, a.cid)::integer AS fid, a.synergy || '-' || a.cid AS area_id, "
        "a.synergy, coalesce(a.year_from::text || '–' || a.year_to::text, '') AS period, a.total_class, "
        "coalesce((SELECT jsonb_object_agg(t.theme, t.theme_class) FROM area_themes AS t WHERE t.synergy = a.synergy "
        "AND t.cid = a.cid AND t.theme_class IS NOT NULL), '{}'::jsonb) AS theme_classes, "
        f"{g}.ST_Multi(CASE WHEN {g}.ST_Area({snapped}) > 0 "
        f"THEN {g}.ST_CollectionExtract({g}.ST_MakeValid({snapped}), 3) ELSE {envelope} END)"
        f"::geometry(MultiPolygon, {srid}) AS geom "
        "FROM areas AS a WHERE a.total_class IS NOT NULL"
    )


def _planner_view(s: _Sql, proposal_columns: list[str]) -> str:
    srid = int(s.target.srid)
    shown = [c for c in proposal_columns if c not in PLANNER_HIDDEN_PROPOSAL_COLUMNS]
    grid = _meta_number(s, "planner_grid_m", float(PLANNER_GRID_M), float(PLANNER_GRID_M))
    columns = ", ".join(f"p.{quote_ident(c)}" for c in shown)
    # the proposals' columns last: a column a later schema version adds extends the view (CREATE OR REPLACE)
    return (
        f"CREATE OR REPLACE VIEW {s.target.table('planner_proposals')} WITH (security_barrier = true) AS\n"
        f"SELECT {s.gis}.ST_SnapToGrid(p.geom, {grid})::geometry(Point, {srid}) AS geom, "
        f"pa.role AS participant_role, {columns} "
        f"FROM {s.target.table('proposals')} AS p LEFT JOIN {s.target.table('participants')} AS pa "
        "ON pa.uuid = p.participant_uuid"
    )


def postgis_schema(cur) -> str:
    cur.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'"
    )
    row = cur.fetchone()
    if row is None:
        raise LookupError("postgis")
    return row[0]


def table_columns(cur, schema: str, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
        "ORDER BY ordinal_position",
        (schema, table),
    )
    return [r[0] for r in cur.fetchall()]


def create_views(cur, target: Target) -> None:
    """The anonymised public views and the planner's view (CREATE OR REPLACE: safe to run again)."""
    s = _Sql(target, quote_ident(postgis_schema(cur)))
    cur.execute(_count_class_sql(s))
    for statement in _hex_sql(s):
        cur.execute(statement)
    for statement in (*_hex_views(s), _cluster_view(s)):
        cur.execute(statement)
    cur.execute(_planner_view(s, table_columns(cur, target.schema, "proposals")))


# -- roles and grants ------------------------------------------------------------------------------------------------
def _ensure_role(cur, role: str) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    if cur.fetchone():
        return
    cur.execute("SAVEPOINT mitmach_role")
    try:
        cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    except pg_errors.DuplicateObject:  # created by a concurrent set-up meanwhile
        cur.execute("ROLLBACK TO SAVEPOINT mitmach_role")
    else:
        cur.execute("RELEASE SAVEPOINT mitmach_role")


def _grant(cur, privileges: str, schema: str, tables, role: str) -> None:
    for table in tables:
        cur.execute(
            sql.SQL(privileges + " ON {} TO {}").format(sql.Identifier(schema, table), sql.Identifier(role))
        )


def _grant_columns(cur, privilege: str, schema: str, table: str, columns, role: str) -> None:
    cur.execute(
        sql.SQL(privilege + " ({}) ON {} TO {}").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in columns),
            sql.Identifier(schema, table),
            sql.Identifier(role),
        )
    )


def setup_roles(conn, schema: str) -> None:
    """Create the three group roles (NOLOGIN; kept when they exist), the views, and exactly the grants of
    :data:`DBA_NOTES` on ``schema`` (everything granted before to these roles in the schema is revoked
    first). Runs in the caller's transaction; needs CREATEROLE (for new roles) and ownership of the schema."""
    with conn.cursor() as cur:
        for role in ROLES:
            _ensure_role(cur, role)
        gis = postgis_schema(cur)
        cur.execute(
            sql.SQL("SET LOCAL search_path = {}, {}").format(sql.Identifier(schema), sql.Identifier(gis))
        )
        cur.execute(
            sql.SQL("SELECT value FROM {} WHERE key = 'srs_id'").format(
                sql.Identifier(schema, "mitmach_meta")
            )
        )
        target = Target(schema, int(cur.fetchone()[0]), gis=gis)
        create_views(cur, target)
        roles = sql.SQL(", ").join(sql.Identifier(r) for r in ROLES)
        cur.execute(
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(sql.Identifier(schema), roles)
        )
        cur.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(schema)))
        cur.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), roles))
        present = set(existing_tables(cur, schema))
        _grant_officer(cur, schema, present)
        _grant_planner(cur, schema, present)
        _grant(
            cur, "GRANT SELECT", schema, [*PUBLIC_VIEWS, *(t for t in PUBLIC_READS if t in present)], PUBLIC
        )


def _grant_officer(cur, schema: str, present: set[str]) -> None:
    everything = [*sorted(present), *PUBLIC_VIEWS, *PLANNER_VIEWS]
    _grant(cur, "GRANT SELECT", schema, everything, OFFICER)
    _grant(cur, "GRANT INSERT, UPDATE, DELETE", schema, sorted(present - {"events"}), OFFICER)
    _grant(cur, "GRANT INSERT", schema, ["events"], OFFICER)  # migrate / export / erase events
    # erasure pseudonymises the participant's events: the trigger allows exactly that one change, nothing else
    _grant_columns(cur, "GRANT UPDATE", schema, "events", ["record_uuid", "pseudonymised_at"], OFFICER)


def _grant_planner(cur, schema: str, present: set[str]) -> None:
    _grant(cur, "GRANT SELECT", schema, [t for t in PLANNER_READS if t in present], PLANNER)
    _grant(cur, "GRANT SELECT", schema, [*PLANNER_VIEWS, *PUBLIC_VIEWS], PLANNER)
    _grant(cur, "GRANT INSERT, UPDATE, DELETE", schema, PLANNER_WRITES, PLANNER)
    visible = [c for c in table_columns(cur, schema, "proposals") if c not in PLANNER_HIDDEN_PROPOSAL_COLUMNS]
    _grant_columns(cur, "GRANT SELECT", schema, "proposals", visible, PLANNER)
    _grant_columns(
        cur, "GRANT UPDATE", schema, "proposals", ["status", "updated_by"], PLANNER
    )  # match groups
