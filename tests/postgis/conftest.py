"""The PostGIS fixtures (a private throwaway cluster, a database per test): tests/pg_fixtures.py."""

from tests.pg_fixtures import *  # noqa: F403 - pytest finds fixtures by name in a conftest's namespace
