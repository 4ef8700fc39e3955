"""The PostGIS fixtures for tests that need QGIS too (a private throwaway cluster, started only when a test
asks for it): tests/pg_fixtures.py. And a guard for pytest-qgis's own session teardown."""

import pytest

from tests.pg_fixtures import *  # noqa: F403 - pytest finds fixtures by name in a conftest's namespace


@pytest.fixture(autouse=True, scope="session")
def _pytest_qgis_teardown_guard(qgis_app):
    """pytest-qgis ends the session with ``legendLayersAdded.disconnect(app.processEvents)``. After some
    sequences of tests (seen: postgres layers opened, then a dialog with a layer combo box created) PyQt no
    longer finds that connection — its proxy for the builtin slot is gone although Qt still counts the
    receiver — and the session ends with a TypeError after every test passed. Torn down just before
    pytest-qgis's fixture, this makes sure the connection it removes is there."""
    yield
    from qgis.core import QgsProject

    signal = QgsProject.instance().legendLayersAdded
    try:
        signal.disconnect(qgis_app.processEvents)
    except TypeError:
        pass
    signal.connect(qgis_app.processEvents)
