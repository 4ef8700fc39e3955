"""The participation schema (DESIGN.md §2) as data, and the SQL generated from it.

Tables are described once here; :mod:`migrations` builds version 1 from the columns with ``since=1`` and
adds the later columns step by step, so a freshly created database and a migrated old one are the same.
Rules that must hold however the file is edited (QGIS without the plugin, ogr2ogr, sqlite3) are SQLite
CHECK constraints and triggers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.themes import (
    LOCATION_QUALITIES,
    LOCATION_SOURCES,
    MATCH_STATUSES,
    PROPOSAL_SOURCES,
    ROLES,
    STATUS_TRANSITIONS,
    STATUSES,
)

SCHEMA_VERSION = 3
APPLICATION = "mitmach_qgis"
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
UUID_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)
BOOKKEEPING = ("updated_at", "updated_by", "version")


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)
    test = f"{column} IN ({allowed})"
    return f"({column} IS NULL OR {test})" if nullable else test


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    constraint: str = ""
    since: int = 1
    personal: bool = False  # personal data: never in a public export, a log line or the audit trail


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    geometry: str | None = None  # GeoPackage geometry type name
    checks: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    audited: bool = False
    description: str = ""
    optional: bool = False  # created on request only (demo context layers)
    uniques: tuple[tuple[str, ...], ...] = field(default=())
    since: int = 1  # schema version that introduced the table

    def column_names(self, version: int = SCHEMA_VERSION) -> list[str]:
        return [c.name for c in self.columns if c.since <= version]


def _uuid() -> Column:
    return Column("uuid", "TEXT", f"NOT NULL UNIQUE DEFAULT ({UUID_SQL})")


def _stamps(version_column: bool = True) -> tuple[Column, ...]:
    cols = (
        Column("created_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
        Column("updated_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
        Column("created_by", "TEXT"),
        Column("updated_by", "TEXT"),
    )
    if version_column:
        cols += (Column("version", "INTEGER", "NOT NULL DEFAULT 1 CHECK (version >= 1)", since=2),)
    return cols


_FID = Column("fid", "INTEGER", "PRIMARY KEY AUTOINCREMENT NOT NULL")
_POSTCODE_CHECK = "(postcode IS NULL OR postcode GLOB '[0-9][0-9][0-9][0-9][0-9]')"
_EMAIL_CHECK = (
    "(email IS NULL OR (email LIKE '_%@_%._%' AND email NOT LIKE '% %' AND email NOT LIKE '%@%@%'))"
)

TABLES: tuple[Table, ...] = (
    Table(
        "mitmach_meta",
        (_FID, _uuid(), Column("key", "TEXT", "NOT NULL UNIQUE"), Column("value", "TEXT")),
        description="MitMach: schema version and settings of this participation database",
    ),
    Table(
        "themes",
        (
            _FID, _uuid(),
            Column("code", "TEXT", "NOT NULL UNIQUE CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9_]*')"),
            Column("label_de", "TEXT", "NOT NULL"), Column("label_en", "TEXT", "NOT NULL"),
            Column("colour", "TEXT", "NOT NULL CHECK (colour GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]"
                   "[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]')"),
            Column("description_de", "TEXT"), Column("description_en", "TEXT"),
            Column("sort_order", "INTEGER", "NOT NULL DEFAULT 0"),
            Column("active", "BOOLEAN", "NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"),
        ),
        description="MitMach: theme catalogue (German and English labels, colours)",
    ),
    Table(
        "theme_compatibility",
        (
            _FID, _uuid(),
            Column("theme_a", "TEXT", "NOT NULL REFERENCES themes(code) ON UPDATE CASCADE"),
            Column("theme_b", "TEXT", "NOT NULL REFERENCES themes(code) ON UPDATE CASCADE"),
            Column("weight", "REAL", "NOT NULL CHECK (weight >= 0 AND weight <= 1)"),
            Column("max_distance_m", "REAL", "NOT NULL CHECK (max_distance_m > 0)"),
            Column("synergy", "TEXT", "NOT NULL CHECK (synergy GLOB '[a-z]*')"),
            Column("year_tolerance", "INTEGER", "NOT NULL DEFAULT 1 CHECK (year_tolerance BETWEEN 0 AND 10)"),
            Column("same_building_only", "BOOLEAN", "NOT NULL DEFAULT 0 CHECK (same_building_only IN (0, 1))"),
            Column("role_pair", "TEXT", "CHECK (role_pair IS NULL OR role_pair = 'owner_tenant')"),
        ),
        checks=("theme_a <= theme_b",),
        uniques=(("theme_a", "theme_b", "synergy"),),
        description="MitMach: which themes go together, how far apart, and the synergy they form",
    ),
    Table(
        "participants",
        (
            _FID, _uuid(),
            Column("given_name", "TEXT", personal=True),
            Column("family_name", "TEXT", "NOT NULL CHECK (trim(family_name) <> '')", personal=True),
            Column("street", "TEXT", personal=True),
            Column("house_number", "TEXT", personal=True),
            Column("postcode", "TEXT", personal=True),
            Column("city", "TEXT", personal=True),
            Column("email", "TEXT", personal=True),
            Column("phone", "TEXT", personal=True),
            Column("role", "TEXT", f"NOT NULL CHECK ({_in('role', ROLES)})"),
            Column("consent_contact", "BOOLEAN", "NOT NULL DEFAULT 0 CHECK (consent_contact IN (0, 1))"),
            Column("consent_contact_date", "DATE"),
            Column("consent_public_map", "BOOLEAN", "NOT NULL DEFAULT 0 CHECK (consent_public_map IN (0, 1))"),
            Column("consent_public_map_date", "DATE"),
            # the date of the last withdrawal; a consent that is given again clears it
            Column("consent_contact_withdrawn_date", "DATE",
                   "CHECK (consent_contact = 0 OR consent_contact_withdrawn_date IS NULL)", since=3),
            Column("consent_public_map_withdrawn_date", "DATE",
                   "CHECK (consent_public_map = 0 OR consent_public_map_withdrawn_date IS NULL)", since=3),
            *_stamps(),
        ),
        checks=(
            _POSTCODE_CHECK, _EMAIL_CHECK,
            "(consent_contact = 0 OR consent_contact_date IS NOT NULL)",
            "(consent_public_map = 0 OR consent_public_map_date IS NOT NULL)",
        ),
        indexes=(("family_name",), ("postcode",)),
        audited=True,
        description="MitMach: participants and their contact data (personal data, never exported)",
    ),
    Table(
        "proposals",
        (
            _FID, _uuid(),
            Column("participant_uuid", "TEXT",
                   "REFERENCES participants(uuid) ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"),
            Column("theme", "TEXT", "NOT NULL REFERENCES themes(code) ON UPDATE CASCADE"),
            Column("year_from", "INTEGER", "CHECK (year_from IS NULL OR year_from BETWEEN 2000 AND 2100)"),
            Column("year_to", "INTEGER", "CHECK (year_to IS NULL OR year_to BETWEEN 2000 AND 2100)"),
            Column("description", "TEXT"),
            Column("status", "TEXT", f"NOT NULL DEFAULT 'submitted' CHECK ({_in('status', STATUSES)})"),
            Column("rejection_reason", "TEXT"),
            Column("officer", "TEXT"),
            Column("officer_notes", "TEXT"),
            Column("advice", "TEXT"),
            Column("location_source", "TEXT", f"CHECK ({_in('location_source', LOCATION_SOURCES, True)})"),
            Column("location_quality", "TEXT", f"CHECK ({_in('location_quality', LOCATION_QUALITIES, True)})"),
            Column("source", "TEXT", f"NOT NULL DEFAULT 'officer' CHECK ({_in('source', PROPOSAL_SOURCES)})"),
            Column("building_ref", "TEXT"),
            Column("in_area", "BOOLEAN", "CHECK (in_area IS NULL OR in_area IN (0, 1))", since=2),
            Column("submission_id", "TEXT", since=2),
            *_stamps(),
        ),
        geometry="POINT",
        checks=(
            "(year_to IS NULL OR year_from IS NULL OR (year_to >= year_from AND year_to <= year_from + 30))",
            "(status <> 'rejected' OR trim(coalesce(rejection_reason, '')) <> '')",
        ),
        indexes=(("status",), ("theme",), ("participant_uuid",), ("building_ref",), ("submission_id",)),
        audited=True,
        description="MitMach: renovation proposals (no personal data)",
    ),
    Table(
        "matches",
        (
            _FID, _uuid(),
            Column("synergy", "TEXT", "NOT NULL CHECK (synergy GLOB '[a-z]*')"),
            Column("status", "TEXT", f"NOT NULL DEFAULT 'proposed' CHECK ({_in('status', MATCH_STATUSES)})"),
            Column("advice", "TEXT"),
            Column("notes", "TEXT"),
            *_stamps(),
        ),
        indexes=(("status",), ("synergy",)),
        audited=True,
        description="MitMach: match groups of compatible proposals",
    ),
    Table(
        "match_members",
        (
            _FID, _uuid(),
            Column("match_uuid", "TEXT",
                   "NOT NULL REFERENCES matches(uuid) ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"),
            Column("proposal_uuid", "TEXT",
                   "NOT NULL REFERENCES proposals(uuid) ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"),
            Column("contact_exchanged", "BOOLEAN", "NOT NULL DEFAULT 0 CHECK (contact_exchanged IN (0, 1))"),
            Column("created_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
        ),
        uniques=(("match_uuid", "proposal_uuid"),),
        indexes=(("match_uuid",), ("proposal_uuid",)),
        description="MitMach: the proposals of each match group",
    ),
    Table(
        "areas",
        (
            _FID, _uuid(),
            Column("name", "TEXT", "NOT NULL"),
            Column("description", "TEXT"),
            Column("created_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
        ),
        geometry="MULTIPOLYGON",
        description="MitMach: participation areas",
    ),
    Table(
        "addresses",
        (
            _FID, _uuid(),
            Column("street", "TEXT", "NOT NULL"),
            Column("house_number", "TEXT", "NOT NULL"),
            Column("postcode", "TEXT"),
            Column("city", "TEXT"),
            Column("street_key", "TEXT", "NOT NULL"),
            Column("building_ref", "TEXT"),
        ),
        geometry="POINT",
        checks=(_POSTCODE_CHECK,),
        indexes=(("street_key", "house_number"), ("postcode",)),
        description="MitMach: address gazetteer (official house coordinates) for offline geocoding",
    ),
    Table(
        "events",
        (
            _FID, _uuid(),
            Column("occurred_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
            Column("user_name", "TEXT"),
            Column("action", "TEXT", "NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'migrate', "
                   "'backup', 'erase', 'import', 'export'))"),
            Column("table_name", "TEXT"),
            Column("record_uuid", "TEXT"),
            Column("changed_fields", "TEXT"),
            Column("details", "TEXT"),
            # set once when record_uuid was replaced by a pseudonym (an erased participant, data/privacy.py)
            Column("pseudonymised_at", "DATETIME", since=3),
        ),
        indexes=(("record_uuid",), ("occurred_at",)),
        description="MitMach: audit log (no personal data)",
    ),
    Table(
        "geocode_cache",
        (
            _FID, _uuid(),
            Column("query_key", "TEXT", "NOT NULL UNIQUE", personal=True),
            Column("provider", "TEXT", "NOT NULL"),
            Column("status", "TEXT", "NOT NULL CHECK (status IN ('found', 'not_found', 'ambiguous'))"),
            Column("result_json", "TEXT", personal=True),
            Column("created_at", "DATETIME", f"NOT NULL DEFAULT ({NOW_SQL})"),
        ),
        since=2,
        description="MitMach: answers of the web geocoder, so the same address is never asked twice",
    ),
    Table(
        "advice_templates",
        (
            _FID, _uuid(),
            Column("theme", "TEXT", "REFERENCES themes(code) ON UPDATE CASCADE ON DELETE CASCADE"),
            Column("language", "TEXT", "NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en'))"),
            Column("title", "TEXT", "NOT NULL"),
            Column("body", "TEXT", "NOT NULL"),
            Column("sort_order", "INTEGER", "NOT NULL DEFAULT 0"),
        ),
        indexes=(("theme", "language"),),
        since=2,
        description="MitMach: advice text templates per theme for the review queue",
    ),
    # context layers of the demo: street network and buildings with an estimated heat demand
    Table(
        "streets",
        (_FID, _uuid(), Column("name", "TEXT", "NOT NULL")),
        geometry="LINESTRING",
        optional=True,
        description="MitMach demo: streets",
    ),
    Table(
        "buildings",
        (
            _FID, _uuid(),
            Column("kind", "TEXT", "NOT NULL"),
            Column("street", "TEXT"), Column("house_number", "TEXT"), Column("postcode", "TEXT"),
            Column("dwellings", "INTEGER", "NOT NULL CHECK (dwellings >= 1)"),
            Column("heated_area_m2", "REAL", "NOT NULL CHECK (heated_area_m2 > 0)"),
            Column("year_built", "INTEGER"),
            Column("specific_demand_kwh_m2a", "REAL"),
            Column("heat_demand_mwh_a", "REAL", "NOT NULL CHECK (heat_demand_mwh_a >= 0)"),
        ),
        geometry="POLYGON",
        optional=True,
        description="MitMach demo: buildings with estimated annual heat demand",
    ),
)  # fmt: skip

# Retention rules (GDPR art. 5(1)(e)) as mitmach_meta keys, written by the migration to version 3: a whole
# number of months, or "off". See data/privacy.py and the README.
RETENTION_DEFAULTS = {
    "retention_contact_months": "12",
    "retention_rejected_or_withdrawn_months": "12",
    "retention_geocode_cache_months": "6",
}

TABLE_BY_NAME = {t.name: t for t in TABLES}
CORE_TABLES = tuple(t.name for t in TABLES if not t.optional)
PERSONAL_FIELDS = {t.name: tuple(c.name for c in t.columns if c.personal) for t in TABLES}


def create_table_sql(table: Table, version: int = SCHEMA_VERSION) -> list[str]:
    cols = [f'"{c.name}" {c.sql_type} {c.constraint}'.strip() for c in table.columns if c.since <= version]
    if table.geometry:
        cols.insert(1, f'"geom" {table.geometry}')
    cols += [f"CHECK {check if check.startswith('(') else '(' + check + ')'}" for check in table.checks]
    cols += [f"UNIQUE ({', '.join(u)})" for u in table.uniques]
    statements = [f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"]
    statements += index_sql(table, version)
    return statements


def index_sql(table: Table, version: int = SCHEMA_VERSION) -> list[str]:
    present = set(table.column_names(version))
    return [
        f'CREATE INDEX IF NOT EXISTS "idx_{table.name}_{"_".join(cols)}" ON "{table.name}" ({", ".join(cols)})'
        for cols in table.indexes
        if set(cols) <= present
    ]


def _transition_sql() -> str:
    pairs = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in STATUS_TRANSITIONS)
    return f"NEW.status = OLD.status OR {pairs}"


def trigger_sql(version: int = SCHEMA_VERSION) -> list[str]:
    """Every trigger of the schema; all named ``mitmach_…`` so a migration can drop and rebuild them."""
    out: list[str] = []
    for table in TABLES:
        names = table.column_names(version)
        if "updated_at" in names:
            # Fires only for the writer's own UPDATE: its own UPDATE changes `version` (or, before schema 2,
            # `updated_at`), so it does not fire again even with recursive_triggers on (GDAL turns that on;
            # a WHEN on both columns looped until "too many levels of trigger recursion" when QGIS saved a
            # form that sets updated_at). `version` is the database's: writers never bump it themselves.
            if "version" in names:
                when = "NEW.version IS OLD.version"
                sets = f"updated_at = {NOW_SQL}, version = OLD.version + 1"
            else:
                when = "NEW.updated_at IS OLD.updated_at"
                sets = f"updated_at = {NOW_SQL}"
            out.append(
                f'CREATE TRIGGER "mitmach_{table.name}_touch" AFTER UPDATE ON "{table.name}" '
                f"FOR EACH ROW WHEN {when} BEGIN "
                f'UPDATE "{table.name}" SET {sets} WHERE fid = NEW.fid; END'
            )
        if table.audited:
            out += _audit_triggers(table, names)
    out.append(
        'CREATE TRIGGER "mitmach_proposals_status" BEFORE UPDATE OF status ON "proposals" '
        f"FOR EACH ROW WHEN NOT ({_transition_sql()}) BEGIN "
        "SELECT RAISE(ABORT, 'MitMach: status transition not allowed'); END"
    )
    out += _append_only_triggers(version)
    return out


_AUDIT_LOG_REFUSAL = "SELECT RAISE(ABORT, 'MitMach: the audit log cannot be changed'); END"


def _append_only_triggers(version: int) -> list[str]:
    """The audit log is append-only. From version 3 one change is allowed, once per row: the record uuid of
    an event about a participant who no longer exists (erased) is replaced by a pseudonym, stamped with
    ``pseudonymised_at``; every other column stays as it was. Deleting events is refused."""
    if version < 3:
        return [
            'CREATE TRIGGER "mitmach_events_append_only" BEFORE UPDATE ON "events" '
            f"FOR EACH ROW BEGIN {_AUDIT_LOG_REFUSAL}"
        ]
    unchanged = " AND ".join(
        f'NEW."{name}" IS OLD."{name}"'
        for name in TABLE_BY_NAME["events"].column_names(version)
        if name not in ("record_uuid", "pseudonymised_at")
    )
    pseudonymisation = (
        "OLD.pseudonymised_at IS NULL AND NEW.pseudonymised_at IS NOT NULL AND OLD.table_name = 'participants' "
        "AND NEW.record_uuid IS NOT NULL AND NEW.record_uuid IS NOT OLD.record_uuid "
        "AND NOT EXISTS (SELECT 1 FROM participants WHERE uuid = OLD.record_uuid) "
        f"AND NOT EXISTS (SELECT 1 FROM participants WHERE uuid = NEW.record_uuid) AND {unchanged}"
    )
    return [
        'CREATE TRIGGER "mitmach_events_append_only" BEFORE UPDATE ON "events" '
        f"FOR EACH ROW WHEN NOT ({pseudonymisation}) BEGIN {_AUDIT_LOG_REFUSAL}",
        f'CREATE TRIGGER "mitmach_events_no_delete" BEFORE DELETE ON "events" FOR EACH ROW BEGIN {_AUDIT_LOG_REFUSAL}',
    ]


def _audit_triggers(table: Table, names: list[str]) -> list[str]:
    watched = [n for n in names if n not in ("fid", *BOOKKEEPING)]
    if table.geometry:
        watched.insert(1, "geom")
    changed = " || ".join(
        f"CASE WHEN OLD.\"{n}\" IS NOT NEW.\"{n}\" THEN '{n},' ELSE '' END" for n in watched
    )
    insert = (
        "INSERT INTO events (uuid, occurred_at, user_name, action, table_name, record_uuid, changed_fields) "
        f"VALUES (({UUID_SQL}), {NOW_SQL}, {{user}}, '{{action}}', '{table.name}', {{record}}, {{fields}})"
    )
    return [
        f'CREATE TRIGGER "mitmach_{table.name}_audit_insert" AFTER INSERT ON "{table.name}" FOR EACH ROW BEGIN '
        + insert.format(user="NEW.created_by", action="insert", record="NEW.uuid", fields="NULL")
        + "; END",
        f'CREATE TRIGGER "mitmach_{table.name}_audit_update" AFTER UPDATE ON "{table.name}" FOR EACH ROW '
        f"WHEN ({changed}) <> '' BEGIN "
        + insert.format(
            user="coalesce(NEW.updated_by, OLD.updated_by)",
            action="update",
            record="NEW.uuid",
            fields=f"rtrim({changed}, ',')",
        )  # fmt: skip
        + "; END",
        f'CREATE TRIGGER "mitmach_{table.name}_audit_delete" AFTER DELETE ON "{table.name}" FOR EACH ROW BEGIN '
        + insert.format(user="OLD.updated_by", action="delete", record="OLD.uuid", fields="NULL")
        + "; END",
    ]
