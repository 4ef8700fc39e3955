"""QGIS desktop wiring: docks, dialogs, map tools. Thin: calls into core, data and processing."""
