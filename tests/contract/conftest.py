"""The `store` fixture: one fresh, open DocumentStore per test, for every adapter.

"sqlite" is a real file under tmp_path, "memory" the in-memory fake, "mongo-fake" the MongoDB
adapter on FakeAsyncMongoClient (a fake client, not MongoDB), "mongo" the MongoDB adapter on the
server at MONGODB_URL, in a database of its own that is dropped afterwards, and "postgres" the
PostgreSQL adapter on the machine's real server (CAMPUS_TEST_POSTGRES_URL, by default the role
`./campus test` creates: postgresql://campus_test:campus-test@127.0.0.1:5432/postgres): one fresh
database per test session, dropped at its end, and one schema of it per test.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from shared.store import DocumentStore
from shared.store.mongo import MongoStore
from shared.store.postgres import PostgresStore
from shared.store.sqlite import SQLiteStore
from tests.fakes.fake_mongo import FakeAsyncMongoClient
from tests.fakes.memory_store import MemoryStore

MONGODB_URL = os.environ.get("MONGODB_URL")
POSTGRES_URL = os.environ.get(
    "CAMPUS_TEST_POSTGRES_URL", "postgresql://campus_test:campus-test@127.0.0.1:5432/postgres"
)

ADAPTERS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("memory", id="memory"),
    pytest.param("mongo-fake", id="mongo-fake"),
    pytest.param("postgres", id="postgres"),
    pytest.param(
        "mongo",
        id="mongo",
        marks=pytest.mark.skipif(
            not MONGODB_URL, reason="MONGODB_URL not set: no MongoDB on this machine"
        ),
    ),
]


@pytest.fixture(params=ADAPTERS)
def adapter(request: pytest.FixtureRequest) -> str:
    """The adapter under test: sqlite, memory, mongo-fake, postgres or mongo."""
    return request.param


def with_database(url: str, database: str, **query: str) -> str:
    """`url` pointing at another database, with extra libpq query parameters."""
    parts = urlsplit(url)
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items())
    joined = "&".join(q for q in (parts.query, extra) if q)
    return urlunsplit(parts._replace(path="/" + database, query=joined))


def _postgres_listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """URL of a database created for this test session on the real PostgreSQL, dropped after."""
    import psycopg

    if not _postgres_listening(POSTGRES_URL):
        why = f"PostgreSQL is not reachable at {POSTGRES_URL} (`./campus test` starts the "
        pytest.skip(reason=why + "machine's; or set CAMPUS_TEST_POSTGRES_URL)")
    name = f"campus_contract_{uuid.uuid4().hex[:12]}"
    # Anything but "not listening" (a refused login, a missing role) fails the run: it is a
    # misconfiguration to fix, not a reason to skip the adapter.
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        # The adapter needs text sorted by code point (it checks on open): LC_COLLATE 'C'.
        admin.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        try:
            yield with_database(POSTGRES_URL, name)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_url(postgres_database: str) -> Iterator[str]:
    """A store URL on an empty schema of the session's database (dropped after the test)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        try:
            yield with_database(
                postgres_database,
                urlsplit(postgres_database).path.strip("/"),
                options=f"-csearch_path={schema}",
            )
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
async def store(
    adapter: str, tmp_path: os.PathLike[str], request: pytest.FixtureRequest
) -> AsyncIterator[DocumentStore]:
    """An open, empty store of the adapter under test; closed (and dropped) afterwards."""
    database = f"contract_{uuid.uuid4().hex[:12]}"
    if adapter == "postgres":
        s: DocumentStore = PostgresStore.from_url(request.getfixturevalue("postgres_url"))
    elif adapter == "sqlite":
        s = SQLiteStore(os.path.join(tmp_path, "store.db"))
    elif adapter == "memory":
        s = MemoryStore()
    elif adapter == "mongo-fake":
        s = MongoStore(FakeAsyncMongoClient(), database)
    else:
        from pymongo import AsyncMongoClient

        assert MONGODB_URL is not None
        s = MongoStore(lambda: AsyncMongoClient(MONGODB_URL), database)
    await s.open()
    try:
        yield s
    finally:
        await s.close()
        if adapter == "mongo":
            from pymongo import AsyncMongoClient

            client: AsyncMongoClient = AsyncMongoClient(MONGODB_URL)
            try:
                await client.drop_database(database)
            finally:
                await client.close()
