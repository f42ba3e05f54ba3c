"""Fixtures of the distributed tests: a PostgreSQL schema per test (the contract suite's)."""

from tests.contract.conftest import postgres_database, postgres_url  # noqa: F401 (fixtures)
