"""The participation schema on PostgreSQL/PostGIS, generated from :mod:`schema`'s table descriptions.

One PostgreSQL schema (default ``mitmach``) holds one participation database. Tables, columns, CHECK
rules, foreign keys and indexes come from :data:`schema.TABLES` and are translated here, so the two
backends cannot drift apart; the triggers are the same rules written in PL/pgSQL.

Types (SQLite → PostgreSQL):

* ``TEXT`` → ``text``, ``INTEGER`` → ``integer``, ``REAL`` → ``double precision``, ``BOOLEAN`` →
  ``boolean`` (QGIS shows a check box; the SQLite ``IN (0, 1)`` checks are the type itself).
* ``DATETIME`` → ``timestamptz`` and ``DATE`` → ``date``, not ISO text as in the GeoPackage: the server
  orders, compares and subtracts them itself (retention periods are ``now() - interval``), QGIS reads them
  as date/time fields, and a wrong value is refused at the door. The store hands them to Python as the
  same ISO text the GeoPackage holds (``2026-11-25T18:40:12.512Z``, ``2026-11-25``), so code shared by
  the backends sees one format.
* ``uuid`` columns and the columns that reference them → ``uuid`` (checked, 16 bytes, any spelling of a
  uuid is stored in one canonical form); ``events.record_uuid`` stays ``text``: it may hold a pseudonym.
* ``fid`` → ``integer`` identity primary key (QGIS's feature id); geometries → ``geom geometry(Point,
  SRID)`` etc. with a GiST index.

Rules: SQLite ``GLOB`` patterns become anchored regular expressions (``~``); ``theme_a <= theme_b``
compares with ``COLLATE "C"`` (SQLite compares bytes; a German server collation sorts ``heat_network``
after ``heating``). Triggers: ``updated_at`` and ``version`` (BEFORE UPDATE: writers never set
``version``, the database does, whatever the writer sent), the status workflow of
:data:`core.themes.STATUS_TRANSITIONS` (SQLSTATE ``MM001``, message "MitMach: status transition not
allowed"), the audit trail (an ``events`` row with the changed field *names* for every insert, update and
delete of the audited tables) and the append-only audit log (SQLSTATE ``MM002``; from schema 3 the one
pseudonymisation of an erased participant's events is allowed, as in the GeoPackage).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.themes import COMPATIBILITY, STATUS_TRANSITIONS, SYNERGIES, THEMES
from . import schema
from .schema import BOOKKEEPING, NOW_SQL, SCHEMA_VERSION, TABLE_BY_NAME, TABLES, UUID_SQL, Column, Table

DEFAULT_SCHEMA = "mitmach"
STATUS_SQLSTATE = "MM001"
AUDIT_SQLSTATE = "MM002"
STATUS_MESSAGE = "MitMach: status transition not allowed"
AUDIT_MESSAGE = "MitMach: the audit log cannot be changed"
# How coarse a planner sees proposal points (metres; never finer than this default, see pg_roles).
PLANNER_GRID_M = "10"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_TYPES = {
    "TEXT": "text",
    "INTEGER": "integer",
    "REAL": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "DATETIME": "timestamptz",
}
_GEOMETRY_TYPES = {
    "POINT": "Point",
    "LINESTRING": "LineString",
    "POLYGON": "Polygon",
    "MULTIPOINT": "MultiPoint",
    "MULTILINESTRING": "MultiLineString",
    "MULTIPOLYGON": "MultiPolygon",
}


def valid_schema_name(name: str) -> bool:
    """Plain lower-case identifiers only: the name appears in layer sources, grants and the DBA's notes."""
    return bool(_SCHEMA_NAME.match(name or ""))


def quote_ident(name: str) -> str:
    """A double-quoted identifier, as ``psycopg2.sql.Identifier`` renders it (for generated DDL text)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Target:
    """Where the DDL goes: the schema, the SRID of the geometry columns, the schema version, and the schema
    of the PostGIS extension (its operators are needed by functions that run with a fixed search path)."""

    schema: str
    srid: int
    version: int = SCHEMA_VERSION
    gis: str = "public"

    @property
    def qs(self) -> str:
        return quote_ident(self.schema)

    def table(self, name: str) -> str:
        return f"{self.qs}.{quote_ident(name)}"


# -- columns and rules -------------------------------------------------------------------------------------------
def _is_uuid_column(column: Column) -> bool:
    return column.name == "uuid" or "(uuid)" in column.constraint


def boolean_columns(table: Table) -> frozenset[str]:
    return frozenset(c.name for c in table.columns if c.sql_type == "BOOLEAN")


def text_columns(table: Table) -> frozenset[str]:
    return frozenset(c.name for c in table.columns if c.sql_type == "TEXT" and not _is_uuid_column(c))


def pg_type(column: Column) -> str:
    if _is_uuid_column(column):
        return "uuid"
    return _TYPES[column.sql_type]


def glob_to_regex(pattern: str) -> str:
    """A SQLite GLOB pattern as an anchored POSIX regular expression (same case-sensitive rules)."""
    out, i = ["^"], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = pattern.index("]", i + 2 if pattern[i + 1 : i + 2] in ("^", "]") else i + 1)
            out.append(pattern[i : end + 1])
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    out.append("$")
    return "".join(out)


def _globs(text: str) -> str:
    def replace(match: re.Match) -> str:
        operator = "!~" if match.group(2) else "~"
        return f"{match.group(1)} {operator} '{glob_to_regex(match.group(3))}'"

    return re.sub(r"(\w+) (NOT )?GLOB '([^']*)'", replace, text)


def _booleans(text: str, booleans: frozenset[str]) -> str:
    for name in booleans:
        text = re.sub(rf"\s*CHECK \(\({name} IS NULL OR {name} IN \(0, 1\)\)\)", "", text)
        text = re.sub(rf"\s*CHECK \({name} IS NULL OR {name} IN \(0, 1\)\)", "", text)
        text = re.sub(rf"\s*CHECK \({name} IN \(0, 1\)\)", "", text)
        text = re.sub(rf"\b{name} = 0\b", f"{name} = false", text)
        text = re.sub(rf"\b{name} = 1\b", f"{name} = true", text)
    return text


def _collate_text_comparisons(text: str, texts: frozenset[str]) -> str:
    def replace(match: re.Match) -> str:
        left, operator, right = match.groups()
        if left in texts and right in texts:
            return f'{left} COLLATE "C" {operator} {right}'
        return match.group(0)

    return re.sub(r"\b(\w+) (<=|>=|<|>) (\w+)\b", replace, text)


def translate_rule(text: str, table: Table, target: Target) -> str:
    """A column constraint or CHECK of :mod:`schema` in PostgreSQL's dialect."""
    text = text.replace(f"DEFAULT ({NOW_SQL})", "DEFAULT now()").replace(
        f"DEFAULT ({UUID_SQL})", "DEFAULT gen_random_uuid()"
    )
    text = _globs(text)
    text = _booleans(text, boolean_columns(table))
    text = _collate_text_comparisons(text, text_columns(table))
    text = re.sub(r"REFERENCES (\w+)\(", lambda m: f"REFERENCES {target.table(m.group(1))}(", text)
    return text


def _default_for_boolean(text: str) -> str:
    return re.sub(
        r"DEFAULT ([01])\b", lambda m: "DEFAULT " + ("true" if m.group(1) == "1" else "false"), text
    )


def column_sql(column: Column, table: Table, target: Target) -> str:
    if column.name == "fid":
        return '"fid" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'
    rule = translate_rule(column.constraint, table, target)
    if column.sql_type == "BOOLEAN":
        rule = _default_for_boolean(rule)
    return f"{quote_ident(column.name)} {pg_type(column)} {rule}".strip()


def table_columns(table: Table, version: int) -> list[Column]:
    return [c for c in table.columns if c.since <= version]


def create_table_sql(table: Table, target: Target) -> list[str]:
    cols = [column_sql(c, table, target) for c in table_columns(table, target.version)]
    if table.geometry:
        cols.insert(1, f'"geom" geometry({_GEOMETRY_TYPES[table.geometry]}, {int(target.srid)})')
    for check in table.checks:
        rule = translate_rule(check, table, target)
        cols.append(f"CHECK {rule if rule.startswith('(') else '(' + rule + ')'}")
    cols += [f"UNIQUE ({', '.join(quote_ident(c) for c in u)})" for u in table.uniques]
    statements = [f"CREATE TABLE {target.table(table.name)} (\n  " + ",\n  ".join(cols) + "\n)"]
    return statements + index_sql(table, target)


def index_sql(table: Table, target: Target) -> list[str]:
    present = set(table.column_names(target.version))
    out = [
        f"CREATE INDEX IF NOT EXISTS {quote_ident('idx_' + table.name + '_' + '_'.join(cols))} "
        f"ON {target.table(table.name)} ({', '.join(quote_ident(c) for c in cols)})"
        for cols in table.indexes
        if set(cols) <= present
    ]
    if table.geometry:
        out.append(
            f"CREATE INDEX IF NOT EXISTS {quote_ident('sidx_' + table.name + '_geom')} "
            f"ON {target.table(table.name)} USING gist (geom)"
        )
    return out


def add_column_sql(table: Table, column: Column, target: Target) -> str:
    return f"ALTER TABLE {target.table(table.name)} ADD COLUMN {column_sql(column, table, target)}"


# -- triggers ----------------------------------------------------------------------------------------------------
def _function(target: Target, name: str, body: str, definer: bool = False, declare: str = "") -> str:
    # SECURITY DEFINER (the audit trail): a planner's change is logged although planners cannot write events;
    # such a function sees only pg_catalog and PostGIS (for geometry's "="), every table is named with its schema
    path = f"pg_catalog, {quote_ident(target.gis)}, pg_temp"
    security = f" SECURITY DEFINER SET search_path = {path}" if definer else ""
    return (
        f"CREATE OR REPLACE FUNCTION {target.qs}.{quote_ident(name)}() RETURNS trigger LANGUAGE plpgsql{security} "
        f"AS $mitmach$\n{'DECLARE ' + declare + chr(10) if declare else ''}BEGIN\n{body}\nEND\n$mitmach$"
    )


def _trigger(target: Target, table: str, name: str, when: str, function: str, condition: str = "") -> str:
    return (
        f"CREATE TRIGGER {quote_ident(name)} {when} ON {target.table(table)} FOR EACH ROW "
        f"{'WHEN (' + condition + ') ' if condition else ''}EXECUTE FUNCTION {target.qs}.{quote_ident(function)}()"
    )


def _touch_sql(target: Target, present: set[str]) -> list[str]:
    out = [
        _function(target, "mitmach_touch", "  NEW.updated_at := now();\n  RETURN NEW;"),
        _function(target, "mitmach_touch_version",
                  "  NEW.updated_at := now();\n  NEW.version := OLD.version + 1;\n  RETURN NEW;"),
    ]  # fmt: skip
    for table in (t for t in TABLES if t.name in present):
        names = table.column_names(target.version)
        if "updated_at" in names:
            function = "mitmach_touch_version" if "version" in names else "mitmach_touch"
            out.append(_trigger(target, table.name, f"mitmach_{table.name}_touch", "BEFORE UPDATE", function))
    return out


def _status_sql(target: Target) -> list[str]:
    pairs = ", ".join(f"('{a}', '{b}')" for a, b in STATUS_TRANSITIONS)
    body = (
        f"  IF (OLD.status, NEW.status) NOT IN (VALUES {pairs}) THEN\n"
        f"    RAISE EXCEPTION '{STATUS_MESSAGE}' USING ERRCODE = '{STATUS_SQLSTATE}',\n"
        "      DETAIL = format('%s -> %s', OLD.status, NEW.status);\n"
        "  END IF;\n  RETURN NEW;"
    )
    return [
        _function(target, "mitmach_proposals_status", body),
        _trigger(target, "proposals", "mitmach_proposals_status", "BEFORE UPDATE OF status",
                 "mitmach_proposals_status", "OLD.status IS DISTINCT FROM NEW.status"),
    ]  # fmt: skip


def watched_columns(table: Table, version: int) -> list[str]:
    """The columns whose change is named in the audit trail, in the GeoPackage's order."""
    watched = [n for n in table.column_names(version) if n not in ("fid", *BOOKKEEPING)]
    if table.geometry:
        watched.insert(1, "geom")
    return watched


def _audit_sql(table: Table, target: Target) -> list[str]:
    events = target.table("events")
    changed = ", ".join(
        f"CASE WHEN OLD.{quote_ident(n)} IS DISTINCT FROM NEW.{quote_ident(n)} THEN '{n}' END"
        for n in watched_columns(table, target.version)
    )
    insert = (
        f"INSERT INTO {events} (user_name, action, table_name, record_uuid, changed_fields) "
        f"VALUES ({{user}}, '{{action}}', '{table.name}', {{record}}::text, {{fields}});"
    )
    body = (
        "  IF TG_OP = 'INSERT' THEN\n    "
        + insert.format(user="coalesce(NEW.created_by, session_user)", action="insert", record="NEW.uuid", fields="NULL")
        + "\n  ELSIF TG_OP = 'UPDATE' THEN\n"
        f"    changed := array_to_string(ARRAY[{changed}], ',');\n"
        "    IF changed <> '' THEN\n      "
        + insert.format(user="coalesce(NEW.updated_by, OLD.updated_by, session_user)", action="update",
                        record="NEW.uuid", fields="changed")
        + "\n    END IF;\n  ELSE\n    "
        + insert.format(user="coalesce(OLD.updated_by, session_user)", action="delete", record="OLD.uuid", fields="NULL")
        + "\n  END IF;\n  RETURN NULL;"
    )  # fmt: skip
    return [
        _function(target, f"mitmach_{table.name}_audit", body, definer=True, declare="changed text;"),
        _trigger(target, table.name, f"mitmach_{table.name}_audit", "AFTER INSERT OR UPDATE OR DELETE",
                 f"mitmach_{table.name}_audit"),
    ]  # fmt: skip


def _pseudonymisation_condition(target: Target) -> str:
    """The one change of an event the GeoPackage allows too (schema.py's ``_append_only_triggers``)."""
    columns = TABLE_BY_NAME["events"].column_names(target.version)
    if "pseudonymised_at" not in columns:
        return "false"
    unchanged = " AND ".join(
        f"NEW.{quote_ident(n)} IS NOT DISTINCT FROM OLD.{quote_ident(n)}"
        for n in columns
        if n not in ("record_uuid", "pseudonymised_at")
    )
    participants = target.table("participants")
    return (
        "OLD.pseudonymised_at IS NULL AND NEW.pseudonymised_at IS NOT NULL AND OLD.table_name = 'participants' "
        "AND NEW.record_uuid IS NOT NULL AND NEW.record_uuid IS DISTINCT FROM OLD.record_uuid "
        f"AND NOT EXISTS (SELECT 1 FROM {participants} p WHERE p.uuid::text = OLD.record_uuid) "
        f"AND NOT EXISTS (SELECT 1 FROM {participants} p WHERE p.uuid::text = NEW.record_uuid) AND {unchanged}"
    )


def _append_only_sql(target: Target) -> list[str]:
    refuse = f"  RAISE EXCEPTION '{AUDIT_MESSAGE}' USING ERRCODE = '{AUDIT_SQLSTATE}';"
    body = (
        f"  IF TG_OP = 'UPDATE' AND ({_pseudonymisation_condition(target)}) THEN\n    RETURN NEW;\n  END IF;\n"
        f"{refuse}\n  RETURN NULL;"
    )
    return [
        _function(target, "mitmach_events_append_only", body),
        _trigger(
            target, "events", "mitmach_events_append_only", "BEFORE UPDATE", "mitmach_events_append_only"
        ),
        _trigger(target, "events", "mitmach_events_no_delete", "BEFORE DELETE", "mitmach_events_append_only"),
        f'CREATE TRIGGER "mitmach_events_no_truncate" BEFORE TRUNCATE ON {target.table("events")} '
        f'FOR EACH STATEMENT EXECUTE FUNCTION {target.qs}."mitmach_events_append_only"()',
    ]


def trigger_sql(target: Target, tables: Iterable[str]) -> list[str]:
    """Every trigger (and its function) for the tables that exist; all named ``mitmach_…``."""
    present = set(tables)
    out = _touch_sql(target, present)
    out += [s for t in TABLES if t.audited and t.name in present for s in _audit_sql(t, target)]
    out += _status_sql(target)
    out += _append_only_sql(target)
    return out


# -- seeds -------------------------------------------------------------------------------------------------------
def meta_rows(crs: str, srid: int, user: str, created_at: str, version: int) -> list[tuple[str, str]]:
    from .gpkg_store import DEFAULT_META

    meta = {
        "schema_version": str(version),
        "application": schema.APPLICATION,
        "backend": "postgis",
        "crs": crs,
        "srs_id": str(srid),
        "created_at": created_at,
        "created_by": user,
        **{k: v for k, v in DEFAULT_META.items() if k != "journal_mode"},  # the rollback journal is SQLite's
        "planner_grid_m": PLANNER_GRID_M,
    }
    rows = list(meta.items())
    rows += [
        (f"synergy_label_{lang}:{s.code}", getattr(s, f"label_{lang}"))
        for s in SYNERGIES
        for lang in ("de", "en")
    ]
    rows += meta_defaults(version)
    return rows


def meta_defaults(version: int) -> list[tuple[str, str]]:
    """Settings a schema version introduced (inserted without overwriting a council's own value)."""
    retention = getattr(schema, "RETENTION_DEFAULTS", {})
    return sorted(retention.items()) if version >= 3 else []


def seed_rows(table: str, target: Target) -> tuple[str, Sequence[tuple]] | None:
    """(INSERT statement with %s parameters, rows) seeding a table when it is created; None for others."""
    name = target.table(table)
    if table == "themes":
        return (
            f"INSERT INTO {name} (code, label_de, label_en, colour, description_de, description_en, sort_order) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(t.code, t.label_de, t.label_en, t.colour, t.description_de, t.description_en, i)
             for i, t in enumerate(THEMES)],
        )  # fmt: skip
    if table == "theme_compatibility":
        return (
            f"INSERT INTO {name} (theme_a, theme_b, weight, max_distance_m, synergy, year_tolerance, "
            "same_building_only, role_pair) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [(c.theme_a, c.theme_b, c.weight, c.max_distance_m, c.synergy, c.year_tolerance,
              c.same_building_only, c.role_pair) for c in COMPATIBILITY],
        )  # fmt: skip
    if table == "advice_templates":
        from ..core.advice import ADVICE_TEMPLATES

        return (
            f"INSERT INTO {name} (theme, language, title, body, sort_order) VALUES (%s, %s, %s, %s, %s)",
            [(t.theme, t.language, t.title, t.body, i) for i, t in enumerate(ADVICE_TEMPLATES)],
        )
    return None


def tables_for(version: int, optional_tables: Sequence[str] = ()) -> list[Table]:
    return [t for t in TABLES if t.since <= version and (not t.optional or t.name in optional_tables)]


# -- building and upgrading (inside the caller's transaction, with search_path set to the schema) -----------------
def comment_sql(table: Table, target: Target) -> list[tuple[str, tuple]]:
    out = [(f"COMMENT ON TABLE {target.table(table.name)} IS %s", (table.description,))]
    for column in table_columns(table, target.version):
        if column.personal:
            out.append((
                f"COMMENT ON COLUMN {target.table(table.name)}.{quote_ident(column.name)} IS %s",
                ("personal data: never in a public export, a log line or the audit trail",),
            ))  # fmt: skip
    return out


def create_tables(cur, target: Target, tables: Sequence[Table]) -> None:
    for table in tables:
        for statement in create_table_sql(table, target):
            cur.execute(statement)
        for statement, params in comment_sql(table, target):
            cur.execute(statement, params)
        seed = seed_rows(table.name, target)
        if seed:
            cur.executemany(seed[0], seed[1])


def rebuild_triggers(cur, target: Target) -> None:
    """Drop every ``mitmach_…`` trigger of the schema and create the current ones (as migrations do)."""
    cur.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal "
        "AND t.tgname LIKE 'mitmach\\_%%'",
        (target.schema,),
    )
    for table, trigger in cur.fetchall():
        cur.execute(f"DROP TRIGGER {quote_ident(trigger)} ON {target.table(table)}")
    for statement in trigger_sql(target, existing_tables(cur, target.schema)):
        cur.execute(statement)


def existing_tables(cur, schema_name: str) -> list[str]:
    cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
        (schema_name,),
    )
    return [r[0] for r in cur.fetchall()]


def create_schema(
    cur, target: Target, crs: str, user: str, created_at: str, optional_tables: Sequence[str] = ()
) -> None:
    """The whole schema at ``target.version``: tables with their rules and seeds, triggers, meta rows."""
    cur.execute(f"CREATE SCHEMA {target.qs}")
    create_tables(cur, target, tables_for(target.version, optional_tables))
    rebuild_triggers(cur, target)
    cur.executemany(
        f"INSERT INTO {target.table('mitmach_meta')} (key, value) VALUES (%s, %s)",
        meta_rows(crs, target.srid, user, created_at, target.version),
    )


def upgrade_schema(cur, target: Target, from_version: int) -> None:
    """Structural steps ``from_version`` → ``target.version`` (new tables with their seeds, new columns and
    indexes, new settings), then every trigger rebuilt and the version stamped: the result equals a schema
    created at ``target.version`` (a test compares them)."""
    for version in range(from_version + 1, target.version + 1):
        step = Target(target.schema, target.srid, version, target.gis)
        present = set(existing_tables(cur, target.schema))
        create_tables(cur, step, [t for t in TABLES if t.since == version and not t.optional])
        for table in (t for t in TABLES if t.name in present):
            for column in (c for c in table.columns if c.since == version):
                cur.execute(add_column_sql(table, column, step))
            for statement in index_sql(table, step):
                cur.execute(statement)
        cur.executemany(
            f"INSERT INTO {target.table('mitmach_meta')} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
            meta_defaults(version),
        )
    rebuild_triggers(cur, target)
    cur.execute(
        f"UPDATE {target.table('mitmach_meta')} SET value = %s WHERE key = 'schema_version'",
        (str(target.version),),
    )
