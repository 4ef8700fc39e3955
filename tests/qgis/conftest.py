"""The PostGIS fixtures for tests that need QGIS too (a private throwaway cluster, started only when a test
asks for it): tests/pg_fixtures.py."""

from tests.pg_fixtures import *  # noqa: F403 - pytest finds fixtures by name in a conftest's namespace
