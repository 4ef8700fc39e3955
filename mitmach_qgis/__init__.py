"""MitMach: a neighbourhood energy-renovation participation scheme in QGIS."""


def classFactory(iface):  # noqa: N802
    """Entry point QGIS calls; imports lazily so a broken import cannot block QGIS start-up."""
    from .plugin import MitMachPlugin

    return MitMachPlugin(iface)
