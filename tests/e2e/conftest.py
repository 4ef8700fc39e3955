from __future__ import annotations

import pytest

from tests.helpers import packaged_zip


@pytest.fixture(scope="session")
def plugin_zip():
    return packaged_zip()
