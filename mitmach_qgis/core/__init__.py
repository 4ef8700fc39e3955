"""Plain-Python core: no QtWidgets, no qgis.gui, no iface (guarded by tests/unit/test_code_layout.py)."""
