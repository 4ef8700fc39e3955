"""A PostGIS participation database in QGIS: its tables as ``postgres`` layers, styled like the GeoPackage's.

The layers are made from the connection the store was opened with, through QGIS's own ``postgres``
provider: a service (``service=NAME``, password in the service or ``.pgpass`` file), host/port/user without a
password (``.pgpass``), or a QGIS connection with its ``authcfg``. A password never goes into a layer source
(it would end up in every project saved): a target that carries one (``postgresql://u:secret@…``, or a
QGIS connection that stores its password instead of using the authentication database) is refused with
:func:`password_in_target`. Styles, forms and relations are :mod:`layers`' own (``configure_layer``), applied
directly; the theme colours and labels are the database's own, read through QGIS's connection of the layer
(the built-in catalogue when the login cannot read them).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from qgis.core import QgsDataSourceUri, QgsProject, QgsProviderRegistry, QgsVectorLayer, QgsWkbTypes

from ..core.i18n import tr
from . import errors
from .layers import (
    CONTEXT_TABLES,
    LAYER_TABLES,
    TABLE_PROPERTY,
    add_to_project,
    layer_name,
    normalise_language,
)
from .pg_store import PgTarget, PostgisStore, no_qgis_connection
from .schema import TABLE_BY_NAME
from .stores import LIBPQ_KEYS as _URI_KEYS

LOG = logging.getLogger("mitmach_qgis.layers")
PROVIDER = "postgres"
KEY_COLUMN = "fid"
GEOMETRY_COLUMN = "geom"
_WKB_TYPES = {
    "POINT": QgsWkbTypes.Point,
    "LINESTRING": QgsWkbTypes.LineString,
    "POLYGON": QgsWkbTypes.Polygon,
    "MULTIPOLYGON": QgsWkbTypes.MultiPolygon,
}
PLANNER_PROPOSALS = "planner_proposals"

DATABASE_PROPERTY = "mitmach/database"  # on each PostGIS layer: the store's label (never a password)


def password_in_target(label: str) -> errors.StoreError:
    return errors.StoreError(
        tr(
            "The connection to {name} contains a password, and MitMach never writes a password into a layer "
            "or a project. Save the connection in QGIS (Data Source Manager ▸ PostgreSQL) with a "
            "configuration of QGIS's authentication database, or use a service file (service=NAME), "
            "then open it by that name."
        ).format(name=label),
        label,
    )


def invalid_layer(table: str, label: str, detail: str) -> errors.StoreError:
    return errors.StoreError(
        tr("The layer “{table}” of {name} cannot be opened: {detail}").format(
            table=table, name=label, detail=detail or tr("QGIS gives no reason.")
        ),
        label,
    )


def _quote(value: str) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def datasource_uri(target: PgTarget) -> QgsDataSourceUri:
    """The connection part of the layers' source, without a password (or StoreError if only a password
    would do)."""
    if target.connection:
        metadata = QgsProviderRegistry.instance().providerMetadata(PROVIDER)
        connection = metadata.connections().get(target.connection) if metadata is not None else None
        if connection is None:
            raise no_qgis_connection(target.connection)
        uri = QgsDataSourceUri(connection.uri())
        if uri.password():
            raise password_in_target(target.label)
        return uri
    if target.password:
        raise password_in_target(target.label)
    text = " ".join(f"{key}={_quote(target.params[key])}" for key in _URI_KEYS if target.params.get(key))
    return QgsDataSourceUri(text)


def tables_of(store: PostgisStore) -> tuple[str, ...]:
    """The layer tables of the store's schema, in layer-tree order (as ``layers.tables_in``)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", (store.schema,)
        ).fetchall()
    present = {row[0] for row in rows}
    split = LAYER_TABLES.index("addresses") + 1
    order = LAYER_TABLES[:split] + CONTEXT_TABLES + LAYER_TABLES[split:]
    return tuple(table for table in order if table in present)


def layer_source(base: QgsDataSourceUri, store: PostgisStore, table: str, relation: str | None = None) -> str:
    """The postgres provider's source of ``table`` (read from ``relation`` when given: a view in its place)."""
    uri = QgsDataSourceUri(base.uri(False))
    geometry = TABLE_BY_NAME[table].geometry if table in TABLE_BY_NAME else None
    uri.setDataSource(store.schema, relation or table, GEOMETRY_COLUMN if geometry else "", "", KEY_COLUMN)
    if geometry:
        uri.setWkbType(_WKB_TYPES[geometry])
        uri.setSrid(str(store.srs_id))
    return uri.uri(False)


def _exact_points(store: PostgisStore) -> bool:
    """Whether the login may read the proposals' exact points (an officer); a planner's login shows the view
    ``planner_proposals`` as the proposals layer instead (points on the planner grid, read-only)."""
    from .pg_sources import can_read_exact

    with store.reading() as conn:
        return can_read_exact(conn)


def load_pg_layers(
    store: PostgisStore, tables: tuple[str, ...], language: str = "en"
) -> dict[str, QgsVectorLayer]:
    """The store's layers, checked, not configured and not in a project yet (or StoreError)."""
    base = datasource_uri(store.target)
    relations = {} if "proposals" not in tables or _exact_points(store) else {"proposals": PLANNER_PROPOSALS}
    layers: dict[str, QgsVectorLayer] = {}
    for table in tables:
        source = layer_source(base, store, table, relations.get(table))
        layer = QgsVectorLayer(source, layer_name(table, language), PROVIDER)
        if not layer.isValid():
            error = layer.error()
            detail = "" if error.isEmpty() else error.summary().strip()
            raise invalid_layer(table, store.label, detail.replace(store.target.password or "\0", "***"))
        layers[table] = layer
    return layers


def open_pg_layers(
    store: PostgisStore, project: QgsProject, language: str = "en", tables: tuple[str, ...] | None = None
) -> dict[str, QgsVectorLayer]:
    """Add the store's layers to ``project`` in a "MitMach" group (an earlier group of the same connection
    is replaced), with the GeoPackage's styles, forms and relations. ``tables``: as read by
    :func:`tables_of` (pass them when they were read in a background task)."""
    language = normalise_language(language)
    layers = load_pg_layers(store, tables_of(store) if tables is None else tables, language)
    for layer in layers.values():
        layer.setCustomProperty(DATABASE_PROPERTY, store.label)
    add_to_project(layers, project, store.label, language)
    LOG.info("opened %s layers of %s", len(layers), store.label)
    return layers


def is_layer_of(layer, store: PostgisStore) -> bool:
    """Whether ``layer`` (any map layer) shows a table of ``store``'s schema: a ``postgres`` layer marked
    with the store's label, or, for a layer added by hand or from a saved project, one whose source names
    the same database (service, or host, port and database name) and schema."""
    if layer.providerType() != PROVIDER:
        return False
    if layer.customProperty(DATABASE_PROPERTY) == store.label:
        return True
    uri = QgsDataSourceUri(layer.source())
    if uri.schema() != store.schema:
        return False
    params = store.target.params
    if params.get("service") and not params.get("host"):
        return uri.service() == params["service"]
    if store.target.connection:
        base = datasource_uri(store.target)
        return (uri.service(), uri.host(), uri.port(), uri.database()) == (
            base.service(), base.host(), base.port(), base.database()
        )  # fmt: skip
    return (uri.host(), uri.port() or "5432", uri.database()) == (
        params.get("host", ""), params.get("port") or "5432", params.get("dbname", "")
    )  # fmt: skip


def layers_of(store: PostgisStore, project: QgsProject) -> dict[str, QgsVectorLayer]:
    """Table → the first layer of ``project`` that shows that table of ``store``'s schema."""
    found: dict[str, QgsVectorLayer] = {}
    for layer in project.mapLayers().values():
        table = layer.customProperty(TABLE_PROPERTY)
        if table and table not in found and is_layer_of(layer, store):
            found[table] = layer
    return found


def memory_layer(
    store: PostgisStore,
    table: str,
    columns: Sequence[str],
    name: str,
    limit: int | None = None,
    types: Mapping[str, str] | None = None,
) -> QgsVectorLayer | None:
    """``columns`` and the geometry of a table as a memory layer in the database CRS (fid order), read through
    the store's own connection: no connection string (and no password) in any layer source. ``types``:
    column → memory provider type (``integer``, ``double``; default ``string``). None when the table is
    missing or holds more than ``limit`` rows with a geometry."""
    from qgis.core import QgsFeature, QgsGeometry

    if table not in tables_of(store):
        return None
    geometry = TABLE_BY_NAME[table].geometry or "Unknown"
    types = types or {}
    with store.reading() as conn:
        if limit is not None:
            count = conn.execute(f'SELECT count(*) FROM "{table}" WHERE geom IS NOT NULL').fetchone()[0]
            if count > limit:
                LOG.info("%s %s: more than %s, not read", count, table, limit)
                return None
        selected = "".join(f', "{c}"' for c in columns)
        rows = conn.execute(
            f'SELECT {store.point_sql("geom")}{selected} FROM "{table}" WHERE geom IS NOT NULL ORDER BY fid'
        ).fetchall()  # point_sql: the geometry as little-endian WKB (any geometry, not only points)
    fields = "".join(f"&field={c}:{types.get(c, 'string')}" for c in columns)
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:{store.srs_id}{fields}", name, "memory")
    as_text = [c not in types for c in columns]
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        geom = QgsGeometry()
        geom.fromWkb(bytes(row[0]))
        feature.setGeometry(geom)
        values = list(row)[1:]
        feature.setAttributes([str(v) if text and v is not None else v for v, text in zip(values, as_text)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer
