"""The last check before anything public is written (DESIGN.md §5).

:func:`check_public` refuses a layer that could carry personal data or exact points into a public print
layout, web map or file; :func:`check_internal_path` refuses an officer's internal export whose file name
says "public", so it cannot be mistaken for (and handed out as) a public one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from qgis.core import QgsMapLayer, QgsVectorLayer, QgsWkbTypes

from ..core.i18n import tr
from ..data.errors import StoreError
from ..data.schema import PERSONAL_FIELDS
from .public_layers import PUBLIC_PROPERTY

TABLE_PROPERTY = "mitmach/table"  # as set by data.layers.configure_layer
PERSONAL_PROPERTY = "mitmach/personal"
ALWAYS_PERSONAL = ("given_name", "family_name", "email", "phone", "street", "house_number")
PERSONAL_NAMES = frozenset({*(f for fields in PERSONAL_FIELDS.values() for f in fields), *ALWAYS_PERSONAL})
PUBLIC_WORDS = ("public", "oeffentlich", "öffentlich")


class PublicExportError(StoreError):
    """A public export was refused; ``str(error)`` is the translated reason naming the layer."""


def _is_participants(layer: QgsMapLayer) -> bool:
    if layer.customProperty(TABLE_PROPERTY) == "participants" or layer.customProperty(PERSONAL_PROPERTY):
        return True
    source = layer.source() if layer.providerType() in ("ogr", "spatialite", "postgres") else ""
    return bool(re.search(r"(layername=|table=\"?(\w+\"?\.\"?)?)participants\b", source))


def _is_public(layer: QgsMapLayer) -> bool:
    return layer.customProperty(PUBLIC_PROPERTY) in (True, "true", "True", 1, "1")


def check_public(layers: Iterable[QgsMapLayer]) -> None:
    """Raise :class:`PublicExportError` for the first layer that must not be in a public output."""
    for layer in layers:
        if layer is None:
            continue
        name = layer.name()
        if _is_participants(layer):
            raise PublicExportError(
                tr(
                    "The layer {layer} holds the participants (personal data) and cannot be published."
                ).format(layer=name)
            )
        if isinstance(layer, QgsVectorLayer):
            personal = sorted(f.name() for f in layer.fields() if f.name().lower() in PERSONAL_NAMES)
            if personal:
                raise PublicExportError(
                    tr("The layer {layer} has personal fields ({fields}) and cannot be published.").format(
                        layer=name, fields=", ".join(personal)
                    )
                )
            is_point = layer.geometryType() == QgsWkbTypes.PointGeometry
            if layer.customProperty(TABLE_PROPERTY) == "proposals" or (is_point and not _is_public(layer)):
                raise PublicExportError(
                    tr(
                        "The layer {layer} shows exact points of proposals and cannot be published; "
                        "publish the anonymised cells or areas instead."
                    ).format(layer=name)
                )


def internal_name_ok(path: str | Path) -> bool:
    """False when the file name of an internal export contains "public", "oeffentlich" or "öffentlich"."""
    name = Path(path).name.casefold()
    return not any(word in name for word in PUBLIC_WORDS)


def check_internal_path(path: str | Path) -> None:
    if not internal_name_ok(path):
        raise PublicExportError(
            tr(
                '{name}: an internal export must not be called public ("public", "öffentlich"); '
                "choose another file name."
            ).format(name=Path(path).name),
            path,
        )


__all__ = ["PublicExportError", "check_internal_path", "check_public", "internal_name_ok"]
