"""Fixtures of the maintenance integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.maintenance.maint_support import Harness, harness


@pytest.fixture
async def maint(tmp_path) -> AsyncIterator[Harness]:
    """The maintenance app on a fresh SQLite file, locations imported."""
    async with harness(tmp_path) as h:
        await h.seed_locations()
        yield h
