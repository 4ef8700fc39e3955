"""Errors of the storage layer: one translated sentence naming the file, never personal data."""

from __future__ import annotations

from pathlib import Path

from ..core.i18n import tr


class StoreError(Exception):
    """A failure the user can act on. ``str(error)`` is the translated message."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


def not_found(path) -> StoreError:
    return StoreError(tr("The file {path} does not exist.").format(path=path), path)


def not_a_geopackage(path) -> StoreError:
    return StoreError(tr("{path} is not a GeoPackage.").format(path=path), path)


def empty_file(path) -> StoreError:
    return StoreError(tr("{path} is empty (0 bytes): it is not a GeoPackage.").format(path=path), path)


def damaged(path, detail: str = "") -> StoreError:
    message = tr("{path} is damaged (SQLite integrity check failed); MitMach will not write to it.").format(
        path=path
    )
    if detail:
        message += " " + tr("Details: {detail}").format(detail=detail)
    return StoreError(message, path)


def foreign_geopackage(path) -> StoreError:
    return StoreError(
        tr("{path} is a GeoPackage but not a MitMach participation database (the MitMach tables are missing).")
        .format(path=path),
        path,
    )  # fmt: skip


def too_new(path, found: int, supported: int) -> StoreError:
    return StoreError(
        tr(
            "{path} was made by a newer MitMach (schema version {found}; this version supports up to "
            "{supported}). Update the plugin to open it."
        ).format(path=path, found=found, supported=supported),
        path,
    )


def locked(path) -> StoreError:
    return StoreError(
        tr("{path} is in use by another program (the database is locked). Try again in a moment.").format(
            path=path
        ),
        path,
    )


class DatabaseInUseError(StoreError):
    """Another user kept the database locked until the store's deadline: nothing of the change was saved."""


def in_use(path) -> DatabaseInUseError:
    return DatabaseInUseError(
        tr(
            "The database {path} is in use by someone else; your change was not saved. Your entries are kept: "
            "try again in a moment."
        ).format(path=path),
        path,
    )


def not_writable(path, detail: str = "") -> StoreError:
    message = tr("Cannot write {path}: the file or its folder is read-only.").format(path=path)
    if detail:
        message += " " + tr("Details: {detail}").format(detail=detail)
    return StoreError(message, path)


class ExistsError(StoreError):
    """The database to create is there already (a caller may ask and create again with overwriting)."""


def exists(path) -> ExistsError:
    return ExistsError(
        tr("{path} exists already; choose another name or allow overwriting.").format(path=path), path
    )


def bad_crs(crs: str) -> StoreError:
    return StoreError(
        tr(
            "{crs} is not a projected coordinate system in metres; MitMach measures distances in metres."
        ).format(crs=crs)
    )


def not_accepted(path, uuids) -> StoreError:
    """An UPDATE that changed fewer rows than it was meant to although the records exist: on PostgreSQL a
    row-level security policy (or a rule) hides a row from changes without an error, and QGIS's own layer
    saves report such an edit as done. Writers re-count and refuse instead of reporting success."""
    listed = ", ".join(list(uuids)[:5]) + (" …" if len(list(uuids)) > 5 else "")
    return StoreError(
        tr(
            "The database did not accept the change of {records}, so nothing was changed: a row-level "
            "security policy or a missing permission keeps you from changing it. Ask the database "
            "administrator."
        ).format(records=listed),
        path,
    )
