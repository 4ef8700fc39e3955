"""One way to open a participation database, whichever backend holds it.

``target`` is what the user gave: the path of a GeoPackage file, a PostgreSQL URI
(``postgresql://user@host:port/dbname?schema=mitmach``), a libpq key/value string (``service=council``) or
the name of a PostgreSQL connection saved in QGIS. A name that is neither an existing file nor looks like a
URI is taken as a QGIS connection name when QGIS has a PostgreSQL connection of that name (optionally followed
by `` schema=NAME``: ``"Council DB schema=pilot"``); otherwise it is a file path (and "does not exist" is the
error).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_postgres(target: Any) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a GeoPackage file."""
    if hasattr(target, "backend"):
        return target.backend == "postgis"
    from .pg_store import is_postgres_target

    text = str(target).strip()
    if is_postgres_target(text):
        return True
    if not text or Path(text).exists() or text.lower().endswith(".gpkg"):
        return False
    from .pg_store import split_connection_name

    return _is_qgis_connection(split_connection_name(text)[0])


def _is_qgis_connection(name: str) -> bool:
    try:
        from qgis.core import QgsProviderRegistry
    except ImportError:  # pragma: no cover - the plugin always runs with QGIS
        return False
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    return metadata is not None and name in metadata.connections()


def open_store(target: Any, migrate_old: bool = True, **options: Any):
    """The store of ``target`` (a GeoPackageStore or a PostgisStore; a store is returned as it is).
    ``options`` go to the backend's ``open`` (GeoPackageStore: ``backup``, ``integrity_check``)."""
    if hasattr(target, "backend"):
        return target
    if is_postgres(target):
        from .pg_store import PostgisStore

        return PostgisStore.open(str(target).strip(), migrate_old=migrate_old)
    from .gpkg_store import GeoPackageStore

    return GeoPackageStore.open(target, migrate_old=migrate_old, **options)


def store_label(store) -> str:
    """How messages name the database: the file's name, or the PostgreSQL label (never a password)."""
    where = store.where
    return where.name if isinstance(where, Path) else str(where)


LIBPQ_KEYS = ("service", "host", "port", "dbname", "user", "sslmode")  # the connection, never a password


def reopen_target(store) -> str:
    """A text that :func:`open_store` (and so every Processing algorithm's DATABASE parameter) opens again as
    ``store``, without a password: the file's path; the QGIS connection's name (its login comes from QGIS's
    authentication database again), followed by `` schema=NAME`` for another schema than the default; else
    libpq keywords with the schema (the password then comes from a service or ``.pgpass`` file)."""
    if store.backend != "postgis":
        return str(store.path)
    from .pg_schema import DEFAULT_SCHEMA

    target = store.target
    if target.connection:
        return (
            target.connection
            if target.schema == DEFAULT_SCHEMA
            else f"{target.connection} schema={target.schema}"
        )
    words = [f"{key}={_libpq_quote(target.params[key])}" for key in LIBPQ_KEYS if target.params.get(key)]
    return " ".join([*words, f"schema={target.schema}"])


def _libpq_quote(value: str) -> str:
    value = str(value)
    if value and not any(c in value for c in " '\\\t\n"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
