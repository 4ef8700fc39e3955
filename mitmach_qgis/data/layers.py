"""The participation database in QGIS: layers, styles, forms, relations and the project in the file.

Everything here is ``qgis.core`` only, so the CLI and Processing (headless) and the plugin share it.
:func:`save_default_styles` and :func:`save_project` write the styles and a project into the
GeoPackage itself (DESIGN.md §2), so the file opened in plain QGIS, without the plugin, still looks and
behaves right.

User-visible strings are marked with ``QT_TRANSLATE_NOOP("MitMachLayers", …)`` (``pylupdate5`` extracts
them) and translated per call into the *requested* language with the plugin's own ``.qm`` file, not
through the installed translator: a database can be styled in German from an English QGIS.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsDataSourceUri,
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsProperty,
    QgsProviderConnectionException,
    QgsProviderRegistry,
    QgsReferencedRectangle,
    QgsRelation,
    QgsRelationContext,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsSymbol,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsValueMapFieldFormatter,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QTranslator, QUrl, QUrlQuery
from qgis.PyQt.QtGui import QColor

from ..core.i18n import translation_file
from ..core.themes import (
    LOCATION_QUALITIES,
    LOCATION_SOURCES,
    MATCH_STATUSES,
    PROPOSAL_SOURCES,
    ROLES,
    STATUSES,
    SYNERGIES,
    THEMES,
)
from . import errors
from .gpkg_store import GeoPackageStore

LOG = logging.getLogger("mitmach_qgis.layers")

GROUP_NAME = "MitMach"
PROJECT_NAME = "mitmach"  # name of the QGIS project stored inside the GeoPackage
STYLE_NAME = "mitmach"  # name of the default style of every layer in ``layer_styles``
LAYER_TABLES = (
    "proposals",
    "participants",
    "matches",
    "match_members",
    "areas",
    "addresses",
    "themes",
    "theme_compatibility",
    "events",
)
CONTEXT_TABLES = ("streets", "buildings")  # demo context layers, drawn under the proposals when present
TABLE_PROPERTY = "mitmach/table"  # stable key to find a layer by table, whatever its translated name
PATH_PROPERTY = "mitmach/path"  # on the group: the database it shows
PERSONAL_PROPERTY = "mitmach/personal"
CONTEXT = "MitMachLayers"  # translation context of every string of this module

# -- strings ----------------------------------------------------------------------------------------------
LAYER_NAMES = {
    "proposals": QT_TRANSLATE_NOOP("MitMachLayers", "Proposals"),
    "participants": QT_TRANSLATE_NOOP("MitMachLayers", "Participants"),
    "matches": QT_TRANSLATE_NOOP("MitMachLayers", "Match groups"),
    "match_members": QT_TRANSLATE_NOOP("MitMachLayers", "Match group members"),
    "areas": QT_TRANSLATE_NOOP("MitMachLayers", "Participation areas"),
    "addresses": QT_TRANSLATE_NOOP("MitMachLayers", "Addresses"),
    "themes": QT_TRANSLATE_NOOP("MitMachLayers", "Themes"),
    "theme_compatibility": QT_TRANSLATE_NOOP("MitMachLayers", "Theme compatibility"),
    "events": QT_TRANSLATE_NOOP("MitMachLayers", "Log"),
    "streets": QT_TRANSLATE_NOOP("MitMachLayers", "Streets"),
    "buildings": QT_TRANSLATE_NOOP("MitMachLayers", "Buildings"),
}

FIELD_ALIASES = {
    "fid": QT_TRANSLATE_NOOP("MitMachLayers", "Feature ID"),
    "uuid": QT_TRANSLATE_NOOP("MitMachLayers", "UUID"),
    # themes and their compatibility
    "code": QT_TRANSLATE_NOOP("MitMachLayers", "Code"),
    "label_de": QT_TRANSLATE_NOOP("MitMachLayers", "Label (German)"),
    "label_en": QT_TRANSLATE_NOOP("MitMachLayers", "Label (English)"),
    "colour": QT_TRANSLATE_NOOP("MitMachLayers", "Colour"),
    "description_de": QT_TRANSLATE_NOOP("MitMachLayers", "Description (German)"),
    "description_en": QT_TRANSLATE_NOOP("MitMachLayers", "Description (English)"),
    "sort_order": QT_TRANSLATE_NOOP("MitMachLayers", "Sort order"),
    "active": QT_TRANSLATE_NOOP("MitMachLayers", "Active"),
    "theme_a": QT_TRANSLATE_NOOP("MitMachLayers", "Theme A"),
    "theme_b": QT_TRANSLATE_NOOP("MitMachLayers", "Theme B"),
    "weight": QT_TRANSLATE_NOOP("MitMachLayers", "Weight"),
    "max_distance_m": QT_TRANSLATE_NOOP("MitMachLayers", "Maximum distance (m)"),
    "synergy": QT_TRANSLATE_NOOP("MitMachLayers", "Synergy"),
    "year_tolerance": QT_TRANSLATE_NOOP("MitMachLayers", "Year tolerance"),
    "same_building_only": QT_TRANSLATE_NOOP("MitMachLayers", "Same building only"),
    "role_pair": QT_TRANSLATE_NOOP("MitMachLayers", "Role pair"),
    # participants
    "given_name": QT_TRANSLATE_NOOP("MitMachLayers", "Given name"),
    "family_name": QT_TRANSLATE_NOOP("MitMachLayers", "Family name"),
    "street": QT_TRANSLATE_NOOP("MitMachLayers", "Street"),
    "house_number": QT_TRANSLATE_NOOP("MitMachLayers", "House number"),
    "postcode": QT_TRANSLATE_NOOP("MitMachLayers", "Postcode"),
    "city": QT_TRANSLATE_NOOP("MitMachLayers", "City"),
    "email": QT_TRANSLATE_NOOP("MitMachLayers", "E-mail"),
    "phone": QT_TRANSLATE_NOOP("MitMachLayers", "Phone"),
    "role": QT_TRANSLATE_NOOP("MitMachLayers", "Role"),
    "consent_contact": QT_TRANSLATE_NOOP("MitMachLayers", "Consents to contact exchange"),
    "consent_contact_date": QT_TRANSLATE_NOOP("MitMachLayers", "Date of consent to contact exchange"),
    "consent_public_map": QT_TRANSLATE_NOOP("MitMachLayers", "Consents to the public map"),
    "consent_public_map_date": QT_TRANSLATE_NOOP("MitMachLayers", "Date of consent to the public map"),
    "consent_contact_withdrawn_date": QT_TRANSLATE_NOOP(
        "MitMachLayers", "Consent to contact exchange withdrawn on"
    ),
    "consent_public_map_withdrawn_date": QT_TRANSLATE_NOOP(
        "MitMachLayers", "Consent to the public map withdrawn on"
    ),
    # bookkeeping
    "created_at": QT_TRANSLATE_NOOP("MitMachLayers", "Created at"),
    "updated_at": QT_TRANSLATE_NOOP("MitMachLayers", "Changed at"),
    "created_by": QT_TRANSLATE_NOOP("MitMachLayers", "Created by"),
    "updated_by": QT_TRANSLATE_NOOP("MitMachLayers", "Changed by"),
    "version": QT_TRANSLATE_NOOP("MitMachLayers", "Version"),
    # proposals
    "participant_uuid": QT_TRANSLATE_NOOP("MitMachLayers", "Participant"),
    "theme": QT_TRANSLATE_NOOP("MitMachLayers", "Theme"),
    "year_from": QT_TRANSLATE_NOOP("MitMachLayers", "Planned from (year)"),
    "year_to": QT_TRANSLATE_NOOP("MitMachLayers", "Planned until (year)"),
    "description": QT_TRANSLATE_NOOP("MitMachLayers", "Description"),
    "status": QT_TRANSLATE_NOOP("MitMachLayers", "Status"),
    "rejection_reason": QT_TRANSLATE_NOOP("MitMachLayers", "Reason for rejection"),
    "officer": QT_TRANSLATE_NOOP("MitMachLayers", "Officer"),
    "officer_notes": QT_TRANSLATE_NOOP("MitMachLayers", "Officer's notes"),
    "advice": QT_TRANSLATE_NOOP("MitMachLayers", "Advice"),
    "location_source": QT_TRANSLATE_NOOP("MitMachLayers", "Location source"),
    "location_quality": QT_TRANSLATE_NOOP("MitMachLayers", "Location quality"),
    "source": QT_TRANSLATE_NOOP("MitMachLayers", "Source"),
    "building_ref": QT_TRANSLATE_NOOP("MitMachLayers", "Building reference"),
    "in_area": QT_TRANSLATE_NOOP("MitMachLayers", "In the participation area"),
    # matches
    "notes": QT_TRANSLATE_NOOP("MitMachLayers", "Notes"),
    "match_uuid": QT_TRANSLATE_NOOP("MitMachLayers", "Match group"),
    "proposal_uuid": QT_TRANSLATE_NOOP("MitMachLayers", "Proposal"),
    "contact_exchanged": QT_TRANSLATE_NOOP("MitMachLayers", "Contact details exchanged"),
    # areas, addresses, streets, buildings
    "name": QT_TRANSLATE_NOOP("MitMachLayers", "Name"),
    "street_key": QT_TRANSLATE_NOOP("MitMachLayers", "Street key"),
    "kind": QT_TRANSLATE_NOOP("MitMachLayers", "Building type"),
    "dwellings": QT_TRANSLATE_NOOP("MitMachLayers", "Dwellings"),
    "heated_area_m2": QT_TRANSLATE_NOOP("MitMachLayers", "Heated floor area (m²)"),
    "year_built": QT_TRANSLATE_NOOP("MitMachLayers", "Year built"),
    "specific_demand_kwh_m2a": QT_TRANSLATE_NOOP("MitMachLayers", "Specific heat demand (kWh/m²·a)"),
    "heat_demand_mwh_a": QT_TRANSLATE_NOOP("MitMachLayers", "Heat demand (MWh/a)"),
    # events
    "occurred_at": QT_TRANSLATE_NOOP("MitMachLayers", "Time"),
    "user_name": QT_TRANSLATE_NOOP("MitMachLayers", "User"),
    "action": QT_TRANSLATE_NOOP("MitMachLayers", "Action"),
    "table_name": QT_TRANSLATE_NOOP("MitMachLayers", "Table"),
    "record_uuid": QT_TRANSLATE_NOOP("MitMachLayers", "Record UUID"),
    "changed_fields": QT_TRANSLATE_NOOP("MitMachLayers", "Changed fields"),
    "details": QT_TRANSLATE_NOOP("MitMachLayers", "Details"),
    "pseudonymised_at": QT_TRANSLATE_NOOP("MitMachLayers", "Pseudonymised at"),
}
TABLE_FIELD_ALIASES = {("streets", "name"): QT_TRANSLATE_NOOP("MitMachLayers", "Street name")}

STATUS_LABELS = {
    "submitted": QT_TRANSLATE_NOOP("MitMachLayers", "Submitted"),
    "checked": QT_TRANSLATE_NOOP("MitMachLayers", "Checked"),
    "rejected": QT_TRANSLATE_NOOP("MitMachLayers", "Rejected"),
    "matched": QT_TRANSLATE_NOOP("MitMachLayers", "Matched"),
    "implemented": QT_TRANSLATE_NOOP("MitMachLayers", "Implemented"),
    "withdrawn": QT_TRANSLATE_NOOP("MitMachLayers", "Withdrawn"),
}
MATCH_STATUS_LABELS = {
    "proposed": QT_TRANSLATE_NOOP("MitMachLayers", "Proposed"),
    "contacted": QT_TRANSLATE_NOOP("MitMachLayers", "Contacted"),
    "active": QT_TRANSLATE_NOOP("MitMachLayers", "Active"),
    "implemented": QT_TRANSLATE_NOOP("MitMachLayers", "Implemented"),
    "closed": QT_TRANSLATE_NOOP("MitMachLayers", "Closed"),
}
ROLE_LABELS = {
    "owner": QT_TRANSLATE_NOOP("MitMachLayers", "Owner"),
    "tenant": QT_TRANSLATE_NOOP("MitMachLayers", "Tenant"),
    "other": QT_TRANSLATE_NOOP("MitMachLayers", "Other"),
}
LOCATION_SOURCE_LABELS = {
    "geocoded": QT_TRANSLATE_NOOP("MitMachLayers", "Geocoded from the address"),
    "clicked": QT_TRANSLATE_NOOP("MitMachLayers", "Clicked on the map"),
    "imported": QT_TRANSLATE_NOOP("MitMachLayers", "Imported"),
    "moved": QT_TRANSLATE_NOOP("MitMachLayers", "Moved on the map"),
}
LOCATION_QUALITY_LABELS = {
    "address": QT_TRANSLATE_NOOP("MitMachLayers", "House address"),
    "street": QT_TRANSLATE_NOOP("MitMachLayers", "Street"),
    "postcode": QT_TRANSLATE_NOOP("MitMachLayers", "Postcode area"),
    "manual": QT_TRANSLATE_NOOP("MitMachLayers", "Set by hand"),
    "unknown": QT_TRANSLATE_NOOP("MitMachLayers", "Unknown"),
}
SOURCE_LABELS = {
    "officer": QT_TRANSLATE_NOOP("MitMachLayers", "Entered by the officer"),
    "web": QT_TRANSLATE_NOOP("MitMachLayers", "Online form"),
    "import": QT_TRANSLATE_NOOP("MitMachLayers", "Import"),
}
ACTION_LABELS = {
    "insert": QT_TRANSLATE_NOOP("MitMachLayers", "Added"),
    "update": QT_TRANSLATE_NOOP("MitMachLayers", "Changed"),
    "delete": QT_TRANSLATE_NOOP("MitMachLayers", "Deleted"),
    "migrate": QT_TRANSLATE_NOOP("MitMachLayers", "Schema upgraded"),
    "backup": QT_TRANSLATE_NOOP("MitMachLayers", "Backup"),
    "erase": QT_TRANSLATE_NOOP("MitMachLayers", "Personal data erased"),
    "import": QT_TRANSLATE_NOOP("MitMachLayers", "Import"),
    "export": QT_TRANSLATE_NOOP("MitMachLayers", "Export"),
}
ROLE_PAIR_LABELS = {"owner_tenant": QT_TRANSLATE_NOOP("MitMachLayers", "Owner and tenant")}

# (codes from core/themes.py, their labels, NULL allowed)
VALUE_MAPS = {
    ("proposals", "status"): (STATUSES, STATUS_LABELS, False),
    ("matches", "status"): (MATCH_STATUSES, MATCH_STATUS_LABELS, False),
    ("participants", "role"): (ROLES, ROLE_LABELS, False),
    ("proposals", "location_source"): (LOCATION_SOURCES, LOCATION_SOURCE_LABELS, True),
    ("proposals", "location_quality"): (LOCATION_QUALITIES, LOCATION_QUALITY_LABELS, True),
    ("proposals", "source"): (PROPOSAL_SOURCES, SOURCE_LABELS, False),
    ("events", "action"): (tuple(ACTION_LABELS), ACTION_LABELS, False),
    ("theme_compatibility", "role_pair"): (tuple(ROLE_PAIR_LABELS), ROLE_PAIR_LABELS, True),
}

# pylupdate5 skips a QT_TRANSLATE_NOOP() call that ends in a trailing comma, which the formatter adds to
# a call split over several lines: long texts therefore stand on one line of their own
_END_YEAR_RULE = QT_TRANSLATE_NOOP("MitMachLayers", "The end year must lie between 2000 and 2100, not before the start year and at most 30 years after it.")  # fmt: skip
_CODE_RULE = QT_TRANSLATE_NOOP("MitMachLayers", "A code starts with a letter and has lower-case letters, digits and underscores only.")  # fmt: skip
_STYLE_NOT_SAVED = QT_TRANSLATE_NOOP("MitMachLayers", "The style of the layer “{table}” cannot be saved in {path}: {detail}")  # fmt: skip

# Expression constraints (hard): (table, field) → (expression, description). The database CHECKs say the
# same; these tell the officer in the form, before the save fails.
_YEAR_RANGE = '("{f}" >= 2000 AND "{f}" <= 2100)'
CONSTRAINTS = {
    ("participants", "family_name"): (
        "length(trim(coalesce(\"family_name\", ''))) > 0",
        QT_TRANSLATE_NOOP("MitMachLayers", "Enter the family name."),
    ),
    ("participants", "role"): (
        '"role" IS NOT NULL',
        QT_TRANSLATE_NOOP("MitMachLayers", "Choose the role: owner, tenant or other."),
    ),
    ("participants", "email"): (
        '"email" IS NULL OR regexp_match("email", \'^[^@ ]+@[^@ ]+[.][^@ ]+$\')',
        QT_TRANSLATE_NOOP("MitMachLayers", "Enter a valid e-mail address, e.g. name@example.org."),
    ),
    ("participants", "postcode"): (
        '"postcode" IS NULL OR regexp_match("postcode", \'^[0-9]{5}$\')',
        QT_TRANSLATE_NOOP("MitMachLayers", "A German postcode has exactly five digits."),
    ),
    ("participants", "consent_contact_date"): (
        'NOT coalesce("consent_contact", false) OR "consent_contact_date" IS NOT NULL',
        QT_TRANSLATE_NOOP(
            "MitMachLayers", "Enter the date on which the consent to contact exchange was given."
        ),
    ),
    ("participants", "consent_public_map_date"): (
        'NOT coalesce("consent_public_map", false) OR "consent_public_map_date" IS NOT NULL',
        QT_TRANSLATE_NOOP(
            "MitMachLayers", "Enter the date on which the consent to the public map was given."
        ),
    ),
    ("participants", "consent_contact_withdrawn_date"): (
        'NOT coalesce("consent_contact", false) OR "consent_contact_withdrawn_date" IS NULL',
        QT_TRANSLATE_NOOP(
            "MitMachLayers", "A consent that is given has no date of withdrawal: clear the date."
        ),
    ),
    ("participants", "consent_public_map_withdrawn_date"): (
        'NOT coalesce("consent_public_map", false) OR "consent_public_map_withdrawn_date" IS NULL',
        QT_TRANSLATE_NOOP(
            "MitMachLayers", "A consent that is given has no date of withdrawal: clear the date."
        ),
    ),
    ("proposals", "theme"): ('"theme" IS NOT NULL', QT_TRANSLATE_NOOP("MitMachLayers", "Choose a theme.")),
    ("proposals", "status"): ('"status" IS NOT NULL', QT_TRANSLATE_NOOP("MitMachLayers", "Choose a status.")),
    ("proposals", "year_from"): (
        '"year_from" IS NULL OR ' + _YEAR_RANGE.format(f="year_from"),
        QT_TRANSLATE_NOOP("MitMachLayers", "The planned year must lie between 2000 and 2100."),
    ),
    ("proposals", "year_to"): (
        '"year_to" IS NULL OR ('
        + _YEAR_RANGE.format(f="year_to")
        + ' AND ("year_from" IS NULL OR ("year_to" >= "year_from" AND "year_to" <= "year_from" + 30)))',
        _END_YEAR_RULE,
    ),
    ("proposals", "rejection_reason"): (
        '"status" IS NULL OR "status" <> \'rejected\' OR length(trim(coalesce("rejection_reason", \'\'))) > 0',
        QT_TRANSLATE_NOOP("MitMachLayers", "A rejected proposal needs a reason for the rejection."),
    ),
    ("matches", "synergy"): (
        '"synergy" IS NOT NULL',
        QT_TRANSLATE_NOOP("MitMachLayers", "Choose a synergy."),
    ),
    ("matches", "status"): ('"status" IS NOT NULL', QT_TRANSLATE_NOOP("MitMachLayers", "Choose a status.")),
    ("addresses", "postcode"): (
        '"postcode" IS NULL OR regexp_match("postcode", \'^[0-9]{5}$\')',
        QT_TRANSLATE_NOOP("MitMachLayers", "A German postcode has exactly five digits."),
    ),
    ("themes", "code"): (
        "regexp_match(\"code\", '^[a-z][a-z0-9_]*$')",
        _CODE_RULE,
    ),
    ("themes", "colour"): (
        "regexp_match(\"colour\", '^#[0-9a-fA-F]{6}$')",
        QT_TRANSLATE_NOOP("MitMachLayers", "Write the colour as #rrggbb."),
    ),
    ("theme_compatibility", "weight"): (
        '"weight" >= 0 AND "weight" <= 1',
        QT_TRANSLATE_NOOP("MitMachLayers", "The weight lies between 0 and 1."),
    ),
    ("theme_compatibility", "max_distance_m"): (
        '"max_distance_m" > 0',
        QT_TRANSLATE_NOOP("MitMachLayers", "The maximum distance must be more than 0 m."),
    ),
}
REQUIRED = {
    "participants": ("family_name", "role"),
    "proposals": ("theme", "status"),
    "matches": ("synergy", "status"),
    "match_members": ("match_uuid", "proposal_uuid"),
    "themes": ("code", "label_de", "label_en", "colour"),
    "theme_compatibility": ("theme_a", "theme_b", "weight", "max_distance_m", "synergy"),
    "areas": ("name",),
}

# (relation id, referencing table, its field, referenced table, its field, name)
RELATIONS = (
    (
        "mitmach_participant_proposals",
        "proposals",
        "participant_uuid",
        "participants",
        "uuid",
        QT_TRANSLATE_NOOP("MitMachLayers", "Proposals of the participant"),
    ),
    (
        "mitmach_match_members",
        "match_members",
        "match_uuid",
        "matches",
        "uuid",
        QT_TRANSLATE_NOOP("MitMachLayers", "Proposals in the match group"),
    ),
    (
        "mitmach_proposal_memberships",
        "match_members",
        "proposal_uuid",
        "proposals",
        "uuid",
        QT_TRANSLATE_NOOP("MitMachLayers", "Match groups of the proposal"),
    ),
)
_RELATION_FOR_FIELD = {(r[1], r[2]): r for r in RELATIONS}

BOOLEAN_FIELDS = (
    "consent_contact",
    "consent_public_map",
    "contact_exchanged",
    "active",
    "same_building_only",
    "in_area",
)
DATE_FIELDS = (
    "consent_contact_date",
    "consent_public_map_date",
    "consent_contact_withdrawn_date",
    "consent_public_map_withdrawn_date",
)
TIMESTAMP_FIELDS = ("created_at", "updated_at", "occurred_at", "pseudonymised_at")
MULTILINE_FIELDS = (
    "description",
    "rejection_reason",
    "officer_notes",
    "advice",
    "notes",
    "details",
    "description_de",
    "description_en",
)
READ_ONLY_FIELDS = ("fid", "uuid", "version", "created_at", "created_by", "updated_at", "updated_by")
THEME_FIELDS = ("theme", "theme_a", "theme_b")

# "Now" in UTC, to second precision, as QGIS 3.22 can write it: the OGR provider of 3.22 drops the time
# zone and the milliseconds of a QDateTime (it writes "2026-05-04T10:11:12.000"), and QGIS expressions
# have no UTC function. A local time whose wall clock shows UTC is therefore the one way to store the
# same instant as the database's own defaults (strftime(…, 'now') is UTC): now() minus the local UTC
# offset, where the offset is the local wall clock read as UTC minus now().
UTC_NOW_EXPRESSION = "datetime_from_epoch(2 * epoch(now()) - epoch(to_datetime(format_date(now(), 'yyyy-MM-ddTHH:mm:ss.zzz') || 'Z')))"
DEFAULTS = {
    # field → (expression, apply on update); "uuid" is vital: OGR reports the column's SQL DEFAULT
    # (a randomblob() expression) as a *literal* default value, which QGIS would store as the uuid.
    "uuid": ("uuid('WithoutBraces')", False),
    "created_at": (UTC_NOW_EXPRESSION, False),
    "occurred_at": (UTC_NOW_EXPRESSION, False),
    "updated_at": (UTC_NOW_EXPRESSION, True),
    "created_by": ("@user_account_name", False),
    "updated_by": ("@user_account_name", True),
    "user_name": ("@user_account_name", False),
}
TABLE_DEFAULTS = {
    ("proposals", "officer"): ("@user_account_name", False),
    ("proposals", "status"): ("'submitted'", False),
    ("proposals", "source"): ("'officer'", False),
    ("proposals", "location_source"): ("'clicked'", False),  # a new point drawn on the map
    ("matches", "status"): ("'proposed'", False),
}

_YEARS = (
    'CASE WHEN "year_from" IS NULL AND "year_to" IS NULL THEN \'\' '
    'WHEN "year_to" IS NULL OR "year_to" = "year_from" THEN \', \' || coalesce("year_from", "year_to") '
    'WHEN "year_from" IS NULL THEN \', \' || "year_to" '
    "ELSE ', ' || \"year_from\" || '–' || \"year_to\" END"
)
DISPLAY_EXPRESSIONS = {
    # no personal data: theme, status and planned years only
    "proposals": f'represent_value("theme") || \', \' || represent_value("status") || {_YEARS}',
    "participants": "\"family_name\" || coalesce(', ' || \"given_name\", '')",
    "matches": 'represent_value("synergy") || \', \' || represent_value("status")',
    "match_members": '"proposal_uuid"',
    "areas": '"name"',
    "addresses": '"street" || \' \' || "house_number"',
    "themes": '"code"',  # replaced by the label of the requested language
    "theme_compatibility": 'represent_value("theme_a") || \' + \' || represent_value("theme_b")',
    "events": "to_string(\"occurred_at\") || ' ' || \"action\" || ' ' || coalesce(\"table_name\", '')",
    "streets": '"name"',
    "buildings": 'coalesce("street" || \' \' || "house_number", "kind")',
}
PROPOSALS_MAP_TIP = (
    '<b>[% represent_value("theme") %]</b><br>[% represent_value("status") %]'
    '[% CASE WHEN "year_from" IS NULL AND "year_to" IS NULL THEN \'\' '
    'ELSE \'<br>\' || coalesce("year_from", \'\') || CASE WHEN "year_to" IS NULL OR "year_to" = "year_from" '
    "THEN '' ELSE '–' || \"year_to\" END END %]"
)
FADED_STATUSES = ("rejected", "withdrawn")
FADED_OPACITY = 35  # percent

# -- translation --------------------------------------------------------------------------------------------
_TRANSLATORS: dict[str, QTranslator | None] = {}


def _translator(language: str) -> QTranslator | None:
    if language not in _TRANSLATORS:
        translator = None
        path = translation_file(language)
        if path.is_file():
            candidate = QTranslator()
            if candidate.load(str(path)):
                translator = candidate
        _TRANSLATORS[language] = translator
    return _TRANSLATORS[language]


def normalise_language(language: str | None) -> str:
    return (language or "en")[:2].lower()


def localise(text: str, language: str = "en") -> str:
    """``text`` (marked with ``QT_TRANSLATE_NOOP("MitMachLayers", …)``) in ``language``; English is the
    source language, and a text missing from the translation stays English."""
    language = normalise_language(language)
    if language == "en":
        return text
    translator = _translator(language)
    if translator is None:
        return text
    try:
        # PyQt5 passes str to QTranslator.translate() as ASCII: UTF-8 bytes carry "m²", "–" and umlauts
        found = translator.translate(CONTEXT.encode("utf-8"), text.encode("utf-8"))
    except TypeError:  # a binding that insists on str
        found = translator.translate(CONTEXT, text)
    return found or text


def layer_name(table: str, language: str = "en") -> str:
    return localise(LAYER_NAMES.get(table, table), language)


# -- small helpers ------------------------------------------------------------------------------------------
def layer_uri(path: str | Path, table: str) -> str:
    return f"{path}|layername={table}"


def project_uri(path: str | Path) -> str:
    """``geopackage:<path>?projectName=mitmach``, encoded as QGIS's own GeoPackage project storage does
    (so a path with ``#``, ``?`` or ``%`` survives)."""
    url = QUrl()
    url.setScheme("geopackage")
    url.setPath(str(path))
    query = QUrlQuery()
    query.addQueryItem("projectName", PROJECT_NAME)
    url.setQuery(query)
    return bytes(url.toEncoded()).decode("utf-8")


def use_rollback_journal() -> None:
    """Keep QGIS from switching the GeoPackage to WAL.

    QGIS's OGR provider puts a local GeoPackage into WAL mode when it writes (editing, saving a style),
    unless GDAL's ``OGR_SQLITE_JOURNAL`` is set; it is reset only when QGIS closes the last connection.
    The store uses SQLite's rollback journal on purpose (files on network shares, see gpkg_store), and
    a file copied while QGIS holds it in WAL misses what is still in the ``-wal`` file. Process-wide;
    an explicit setting (environment or earlier call) is kept.
    """
    from osgeo import gdal

    if not gdal.GetConfigOption("OGR_SQLITE_JOURNAL"):
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "DELETE")


def _database_path(layer: QgsVectorLayer) -> Path | None:
    if layer.providerType() != "ogr":
        return None
    return Path(layer.source().split("|", 1)[0])


def _read_rows(path: Path | None, sql: str) -> list[sqlite3.Row]:
    if path is None or not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return []
    try:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def _catalogue_rows(layer: QgsVectorLayer, columns: Sequence[str], table: str, rest: str = "") -> list[tuple]:
    """Rows of one of the database's catalogue tables (``themes``, ``mitmach_meta``) for the layer: read
    from the GeoPackage file, or on PostGIS through QGIS's own connection of the layer (its service or
    ``authcfg``: no password passes through here). Empty when the database cannot be read."""
    names = ", ".join(columns)
    if layer.providerType() == "postgres":
        uri = QgsDataSourceUri(layer.source())
        schema = uri.schema().replace('"', '""')
        try:
            metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
            connection = metadata.createConnection(uri.uri(False), {})
            rows = connection.executeSql(f'SELECT {names} FROM "{schema}"."{table}" {rest}')
        except QgsProviderConnectionException as exc:  # e.g. a login without access: the built-in catalogue
            LOG.info("%s of %s not read (%s): built-in catalogue", table, schema, type(exc).__name__)
            return []
        return [tuple(row) for row in rows]
    return [tuple(row) for row in _read_rows(_database_path(layer), f"SELECT {names} FROM {table} {rest}")]


def themes_of(layer: QgsVectorLayer) -> list[tuple[str, str, str, str]]:
    """(code, label_de, label_en, colour) of the database's themes, in their sort order; the built-in
    catalogue when the database cannot be read."""
    rows = _catalogue_rows(
        layer, ("code", "label_de", "label_en", "colour"), "themes", "ORDER BY sort_order, code"
    )
    if rows:
        return [(str(code), str(de), str(en), str(colour)) for code, de, en, colour in rows]
    return [(t.code, t.label_de, t.label_en, t.colour) for t in THEMES]


def _synergies_of(layer: QgsVectorLayer, language: str) -> list[tuple[str, str]]:
    """(code, label) of the synergies: the labels the database holds in mitmach_meta, else the catalogue."""
    lang = "de" if language == "de" else "en"
    rows = _catalogue_rows(
        layer, ("key", "value"), "mitmach_meta", f"WHERE key LIKE 'synergy_label_{lang}:%'"
    )
    labels = {str(key).split(":", 1)[1]: str(value) for key, value in rows}
    out = [(s.code, labels.pop(s.code, getattr(s, f"label_{lang}"))) for s in SYNERGIES]
    return out + sorted(labels.items())


def _value_map(pairs: Iterable[tuple[str, str]], allow_null: bool) -> QgsEditorWidgetSetup:
    entries = [{label: code} for code, label in pairs]
    if allow_null:
        entries.insert(0, {QgsApplication.nullRepresentation(): QgsValueMapFieldFormatter.NULL_VALUE})
    return QgsEditorWidgetSetup("ValueMap", {"map": entries})


def _enum(scope, *names):
    """The first of ``names`` (dotted) found on ``scope``: enums moved between QGIS 3.x releases."""
    for name in names:
        value = scope
        for part in name.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


# -- configuration of one layer ---------------------------------------------------------------------------
def configure_layer(
    layer: QgsVectorLayer, table: str, language: str = "en", layers: dict[str, QgsVectorLayer] | None = None
) -> None:
    """Name, style, attribute form (aliases, widgets, constraints, defaults) of the layer of ``table``.

    With ``layers`` (the other layers of the database, as in a project) the theme and the references
    become ValueRelation / RelationReference widgets; without (a default style that must work alone)
    they are ValueMaps or plain fields.
    """
    language = normalise_language(language)
    layers = layers or {}
    layer.setCustomProperty(TABLE_PROPERTY, table)
    layer.setName(layer_name(table, language))
    if table == "participants":
        layer.setCustomProperty(PERSONAL_PROPERTY, True)
    _configure_fields(layer, table, language, layers)
    _configure_display(layer, table, language)
    _configure_style(layer, table, language)
    if table == "events":
        layer.setReadOnly(True)
    layer.triggerRepaint()


def _configure_fields(
    layer: QgsVectorLayer, table: str, language: str, layers: dict[str, QgsVectorLayer]
) -> None:
    fields = layer.fields()
    form = layer.editFormConfig()
    themes = themes_of(layer)
    for index, field in enumerate(fields):
        name = field.name()
        alias = TABLE_FIELD_ALIASES.get((table, name)) or FIELD_ALIASES.get(name)
        if alias:
            layer.setFieldAlias(index, localise(alias, language))
        setup = _widget(layer, table, name, language, layers, themes)
        if setup is not None:
            layer.setEditorWidgetSetup(index, setup)
        form.setReadOnly(index, table == "events" or name in READ_ONLY_FIELDS)
        default = TABLE_DEFAULTS.get((table, name)) or DEFAULTS.get(name)
        if default is not None:
            layer.setDefaultValueDefinition(index, QgsDefaultValue(default[0], default[1]))
        if name in REQUIRED.get(table, ()):
            layer.setFieldConstraint(
                index, QgsFieldConstraints.ConstraintNotNull, QgsFieldConstraints.ConstraintStrengthHard
            )
        constraint = CONSTRAINTS.get((table, name))
        if constraint is not None:
            layer.setConstraintExpression(index, constraint[0], localise(constraint[1], language))
            layer.setFieldConstraint(
                index, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthHard
            )
    layer.setEditFormConfig(form)


def _widget(
    layer: QgsVectorLayer,
    table: str,
    name: str,
    language: str,
    layers: dict[str, QgsVectorLayer],
    themes: list[tuple[str, str, str, str]],
) -> QgsEditorWidgetSetup | None:
    if (table, name) in VALUE_MAPS:
        codes, labels, allow_null = VALUE_MAPS[(table, name)]
        return _value_map(((c, localise(labels.get(c, c), language)) for c in codes), allow_null)
    if name in THEME_FIELDS:
        label_column = "label_de" if language == "de" else "label_en"
        themes_layer = layers.get("themes")
        if themes_layer is not None:
            return QgsEditorWidgetSetup(
                "ValueRelation",
                {
                    "Layer": themes_layer.id(),
                    "LayerName": themes_layer.name(),
                    "LayerSource": themes_layer.source(),
                    "LayerProviderName": themes_layer.providerType(),
                    "Key": "code",
                    "Value": label_column,
                    "AllowNull": False,
                    "AllowMulti": False,
                    "OrderByValue": False,
                    "UseCompleter": False,
                    "FilterExpression": "",
                    "NofColumns": 1,
                },
            )
        position = 1 if language == "de" else 2
        return _value_map(((t[0], t[position]) for t in themes), False)
    if name == "synergy":
        return _value_map(_synergies_of(layer, language), False)
    relation = _RELATION_FOR_FIELD.get((table, name))
    if relation is not None:
        referenced = layers.get(relation[3])
        if referenced is None:
            return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False, "UseHtml": False})
        return QgsEditorWidgetSetup(
            "RelationReference",
            {
                "Relation": relation[0],
                "AllowNULL": table == "proposals",
                "ReadOnly": False,
                "ShowForm": False,
                "ShowOpenFormButton": True,
                "MapIdentification": False,
                "OrderByValue": True,
                "AllowAddFeatures": False,
                "ReferencedLayerId": referenced.id(),
                "ReferencedLayerName": referenced.name(),
                "ReferencedLayerDataSource": referenced.source(),
                "ReferencedLayerProviderKey": referenced.providerType(),
            },
        )
    if name in BOOLEAN_FIELDS:
        return QgsEditorWidgetSetup(
            "CheckBox", {"CheckedState": "", "UncheckedState": "", "TextDisplayMethod": 0}
        )
    if name in DATE_FIELDS or name in TIMESTAMP_FIELDS:
        with_time = name in TIMESTAMP_FIELDS
        display = ("dd.MM.yyyy" if language == "de" else "yyyy-MM-dd") + (" HH:mm:ss" if with_time else "")
        return QgsEditorWidgetSetup(
            "DateTime",
            {
                "field_format": "yyyy-MM-ddTHH:mm:ss" if with_time else "yyyy-MM-dd",
                "display_format": display,
                "calendar_popup": True,
                "allow_null": True,
                "field_iso_format": False,
            },
        )
    if name in ("year_from", "year_to"):
        return QgsEditorWidgetSetup(
            "Range",
            {"Min": 2000, "Max": 2100, "Step": 1, "AllowNull": True, "Style": "SpinBox", "Suffix": ""},
        )
    if name in MULTILINE_FIELDS:
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
    if name == "colour" and table == "themes":
        return QgsEditorWidgetSetup("Color", {})
    return None


def _configure_display(layer: QgsVectorLayer, table: str, language: str) -> None:
    expression = DISPLAY_EXPRESSIONS.get(table)
    if table == "themes":
        expression = '"label_de"' if language == "de" else '"label_en"'
    if expression:
        layer.setDisplayExpression(expression)
    if table == "proposals":
        layer.setMapTipTemplate(PROPOSALS_MAP_TIP)


# -- styles -------------------------------------------------------------------------------------------------
def _configure_style(layer: QgsVectorLayer, table: str, language: str) -> None:
    if table == "proposals":
        layer.setRenderer(proposals_renderer(layer, language))
    elif table == "areas":
        symbol = QgsFillSymbol.createSimple(
            {
                "color": "0,0,0,0",
                "style": "no",
                "outline_color": "#333333",
                "outline_style": "dash",
                "outline_width": "0.6",
                "outline_width_unit": "MM",
            }
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    elif table == "addresses":
        symbol = QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": "#9e9e9e", "outline_style": "no", "size": "1", "size_unit": "MM"}
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    elif table == "buildings":
        symbol = QgsFillSymbol.createSimple(
            {
                "color": "#e3e3e3",
                "outline_color": "#a6a6a6",
                "outline_width": "0.15",
                "outline_width_unit": "MM",
            }
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    elif table == "streets":
        symbol = QgsLineSymbol.createSimple(
            {"line_color": "#9e9e9e", "line_width": "0.5", "line_width_unit": "MM"}
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        layer.setLabeling(QgsVectorLayerSimpleLabeling(_street_labels()))
        layer.setLabelsEnabled(True)


def proposals_renderer(layer: QgsVectorLayer, language: str = "en") -> QgsCategorizedSymbolRenderer:
    """One category per theme of the database, in its colour; rejected and withdrawn proposals faded."""
    position = 1 if normalise_language(language) == "de" else 2
    faded = ", ".join(f"'{s}'" for s in FADED_STATUSES)
    opacity = QgsProperty.fromExpression(f'if("status" IN ({faded}), {FADED_OPACITY}, 100)')
    opacity_key = _enum(QgsSymbol, "PropertyOpacity", "Property.Opacity")
    categories = []
    for theme in themes_of(layer):
        symbol = QgsMarkerSymbol.createSimple(
            {
                "name": "circle",
                "color": theme[3],
                "outline_color": "#ffffff",
                "outline_width": "0.4",
                "outline_width_unit": "MM",
                "size": "3",
                "size_unit": "MM",
            }
        )
        if opacity_key is not None and hasattr(symbol, "setDataDefinedProperty"):
            symbol.setDataDefinedProperty(opacity_key, opacity)
        categories.append(QgsRendererCategory(theme[0], symbol, theme[position], True))
    return QgsCategorizedSymbolRenderer("theme", categories)


def _street_labels() -> QgsPalLayerSettings:
    settings = QgsPalLayerSettings()
    settings.fieldName = "name"
    settings.isExpression = False
    placement = _enum(Qgis, "LabelPlacement.Curved")
    settings.placement = QgsPalLayerSettings.Curved if placement is None else placement
    text = QgsTextFormat()
    text.setSize(8)
    text.setColor(QColor("#4d4d4d"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    return settings


# -- a database's layers in a project -----------------------------------------------------------------------
def tables_in(path: str | Path) -> tuple[str, ...]:
    """The layer tables of the database, in layer-tree order (context layers under the proposals' points,
    above the attribute tables)."""
    rows = _read_rows(Path(path), "SELECT table_name FROM gpkg_contents")
    present = {r["table_name"] for r in rows}
    context = tuple(t for t in CONTEXT_TABLES if t in present)
    split = LAYER_TABLES.index("addresses") + 1
    return LAYER_TABLES[:split] + context + LAYER_TABLES[split:]


def _invalid_layer(layer: QgsVectorLayer, table: str, path: Path, language: str) -> errors.StoreError:
    error = layer.error()
    # QGIS 3.22 often leaves the error of an invalid layer empty, and summary() of an empty QgsError crashes
    detail = "" if error.isEmpty() else error.summary().strip()
    if not detail:
        detail = localise(
            QT_TRANSLATE_NOOP("MitMachLayers", "QGIS gives no reason; the table may be missing or damaged."),
            language,
        )
    return errors.StoreError(
        localise(
            QT_TRANSLATE_NOOP("MitMachLayers", "The layer “{table}” of {path} cannot be opened: {detail}"),
            language,
        ).format(table=table, path=path, detail=detail),
        path,
    )


def load_layers(path: str | Path, language: str = "en") -> dict[str, QgsVectorLayer]:
    """The database's layers, checked and configured, not yet in a project (or StoreError)."""
    path = Path(path).resolve()
    GeoPackageStore.inspect(path)  # not a GeoPackage, foreign, damaged, too new → a clear StoreError
    use_rollback_journal()
    layers: dict[str, QgsVectorLayer] = {}
    for table in tables_in(path):
        layer = QgsVectorLayer(layer_uri(path, table), layer_name(table, language), "ogr")
        if not layer.isValid():
            raise _invalid_layer(layer, table, path, language)
        layers[table] = layer
    return layers


def open_layers(path: str | Path, project: QgsProject, language: str = "en") -> dict[str, QgsVectorLayer]:
    """Add the database's layers to ``project`` in a "MitMach" group at the top of the layer tree (the
    group of an earlier opening of the same file is replaced), with styles, forms and relations."""
    language = normalise_language(language)
    path = Path(path).resolve()
    layers = load_layers(path, language)
    add_to_project(layers, project, str(path), language)
    LOG.info("opened %s layers of %s", len(layers), path.name)
    return layers


def add_to_project(layers: dict[str, QgsVectorLayer], project: QgsProject, where: str, language: str) -> None:
    """``layers`` (not configured yet) into a "MitMach" group at the top of ``project``'s layer tree, with
    relations, styles and forms; the group of an earlier opening of the same database (``where``: its
    path or connection label) is replaced."""
    root = project.layerTreeRoot()
    for node in list(root.children()):
        if node.customProperty(PATH_PROPERTY) == where:
            project.removeMapLayers([child.layerId() for child in node.findLayers()])
            root.removeChildNode(node)
    for layer in layers.values():
        project.addMapLayer(layer, False)
    add_relations(project, layers, language)
    for table, layer in layers.items():
        configure_layer(layer, table, language, layers)
    group = root.insertGroup(0, GROUP_NAME)
    group.setCustomProperty(PATH_PROPERTY, where)
    for table, layer in layers.items():
        node = group.addLayer(layer)
        if table == "addresses":
            node.setItemVisibilityChecked(False)


def add_relations(
    project: QgsProject, layers: dict[str, QgsVectorLayer], language: str = "en"
) -> list[QgsRelation]:
    """The relations between the layers (stable ids, replacing earlier ones with the same id)."""
    manager = project.relationManager()
    added = []
    for rel_id, referencing, referencing_field, referenced, referenced_field, name in RELATIONS:
        if referencing not in layers or referenced not in layers:
            continue
        relation = QgsRelation(QgsRelationContext(project))
        relation.setId(rel_id)
        relation.setName(localise(name, language))
        relation.setReferencingLayer(layers[referencing].id())
        relation.setReferencedLayer(layers[referenced].id())
        relation.addFieldPair(referencing_field, referenced_field)
        if not relation.isValid():
            LOG.warning("relation %s is not valid", rel_id)
            continue
        if manager.relation(rel_id).isValid():
            manager.removeRelation(rel_id)
        manager.addRelation(relation)
        added.append(relation)
    return added


# -- writing into the GeoPackage ------------------------------------------------------------------------------
def save_default_styles(path: str | Path, language: str = "en") -> None:
    """Configure every layer and save it as the default style in the GeoPackage's ``layer_styles``, so
    plain QGIS shows the file themed and with its forms."""
    language = normalise_language(language)
    path = Path(path).resolve()
    version, srs_id = GeoPackageStore.inspect(path)
    layers = load_layers(path, language)
    for table, layer in layers.items():
        configure_layer(layer, table, language)
    # QGIS asks "overwrite?" in a modal QMessageBox when a style of that name exists: remove ours first
    store = GeoPackageStore(path, srs_id, version)
    tables = tuple(layers)
    with store.transaction() as conn:
        if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'"
        ).fetchone():
            marks = ", ".join("?" for _ in tables)
            conn.execute(
                f"DELETE FROM layer_styles WHERE styleName = ? AND f_table_name IN ({marks})",
                (STYLE_NAME, *tables),
            )
    description = localise(QT_TRANSLATE_NOOP("MitMachLayers", "MitMach default style"), language)
    for table, layer in layers.items():
        message = layer.saveStyleToDatabase(STYLE_NAME, description, True, "")
        if message:
            raise errors.StoreError(
                localise(
                    _STYLE_NOT_SAVED,
                    language,
                ).format(table=table, path=path, detail=message),
                path,
            )
    LOG.info("saved the default styles of %s layers in %s", len(layers), path.name)


def save_project(path: str | Path, language: str = "en") -> str:
    """Write a QGIS project with the database's layers into the GeoPackage; returns its URI."""
    language = normalise_language(language)
    path = Path(path).resolve()
    project = QgsProject()
    # Shared use (issue 3): no automatic transaction groups — they hold the file open for the whole edit
    # session; each save is its own transaction. Newer QGIS replaces the flag with a transaction mode.
    if hasattr(project, "setTransactionMode"):
        project.setTransactionMode(Qgis.TransactionMode.Disabled)
    else:
        project.setAutoTransaction(False)
    try:
        layers = open_layers(path, project, language)
        spatial = [layers[t] for t in ("areas", "proposals") if t in layers]
        if spatial:
            project.setCrs(spatial[0].crs())
        extent = next((lay.extent() for lay in spatial if not lay.extent().isEmpty()), None)
        if extent is not None and project.crs().isValid():
            margin = max(extent.width(), extent.height(), 100.0) * 0.05
            extent = extent.buffered(margin)
            project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
        project.setTitle(f"MitMach – {path.stem}")
        uri = project_uri(path)
        if not project.write(uri):
            raise errors.StoreError(
                localise(
                    QT_TRANSLATE_NOOP(
                        "MitMachLayers", "The QGIS project cannot be saved in {path}: {detail}"
                    ),
                    language,
                ).format(path=path, detail=project.error()),
                path,
            )
    finally:
        project.clear()  # closes QGIS's connections to the file
    LOG.info("saved the QGIS project %r in %s", PROJECT_NAME, path.name)
    return uri
