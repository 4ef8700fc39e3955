"""Processing provider and algorithms (not named ``processing``: that is QGIS's own module)."""
