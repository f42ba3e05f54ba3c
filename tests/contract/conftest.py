"""The `store` fixture: one fresh, open DocumentStore per test, for every adapter.

"sqlite" is a real file under tmp_path, "memory" the in-memory fake, "mongo-fake" the MongoDB
adapter on FakeAsyncMongoClient (a fake client, not MongoDB), and "mongo" the MongoDB adapter
on the server at MONGODB_URL, in a database of its own that is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

from shared.store import DocumentStore
from shared.store.mongo import MongoStore
from shared.store.sqlite import SQLiteStore
from tests.fakes.fake_mongo import FakeAsyncMongoClient
from tests.fakes.memory_store import MemoryStore

MONGODB_URL = os.environ.get("MONGODB_URL")

ADAPTERS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("memory", id="memory"),
    pytest.param("mongo-fake", id="mongo-fake"),
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
    """The adapter under test: sqlite, memory, mongo-fake or mongo."""
    return request.param


@pytest.fixture
async def store(adapter: str, tmp_path: os.PathLike[str]) -> AsyncIterator[DocumentStore]:
    """An open, empty store of the adapter under test; closed (and dropped) afterwards."""
    database = f"contract_{uuid.uuid4().hex[:12]}"
    if adapter == "sqlite":
        s: DocumentStore = SQLiteStore(os.path.join(tmp_path, "store.db"))
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
