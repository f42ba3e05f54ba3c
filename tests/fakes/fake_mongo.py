"""FakeAsyncMongoClient: a fake of the small part of PyMongo's async client that MongoStore uses.

It is a fake, not MongoDB: it checks the adapter's calls (awaited methods, `session=` on every
operation inside a transaction, `find().sort().limit().to_list()`, `with_transaction`) and our
own filter semantics, as MongoDB documents them (see `mongo_semantics`); it says nothing about
how a real server behaves under load, failover or its many other operators. Passing the
contract suite on this fake and on SQLite does not replace a run with MONGODB_URL set.

Sessions and transactions are in `mongo_session`: real enough to test atomicity and write
conflicts. Every operation yields to the event loop once, as a network round trip would, so
concurrent coroutines really interleave.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from pymongo.errors import InvalidOperation, OperationFailure

from tests.fakes.mongo_semantics import (
    Index,
    Key,
    Server,
    bson_copy,
    duplicate,
    get,
    matches,
    shown,
    sort_key,
)
from tests.fakes.mongo_session import FakeClientSession


@dataclass
class InsertOneResult:
    """What insert_one returns."""

    inserted_id: Any
    acknowledged: bool = True


@dataclass
class UpdateResult:
    """What replace_one returns."""

    matched_count: int
    modified_count: int
    acknowledged: bool = True


@dataclass
class DeleteResult:
    """What delete_one returns."""

    deleted_count: int
    acknowledged: bool = True


class FakeCursor:
    """find(...): sort and limit, then `to_list` or `async for`."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self._docs = docs
        self._sort: list[tuple[str, int]] = []
        self._limit = 0
        self._result: list[dict[str, Any]] | None = None

    def sort(self, key_or_list: Any, direction: int | None = None) -> FakeCursor:
        """Order by a key, or a list of (key, direction)."""
        if isinstance(key_or_list, str):
            key_or_list = [(key_or_list, direction or 1)]
        self._sort = list(key_or_list)
        return self

    def limit(self, n: int) -> FakeCursor:
        """At most n documents (0 means no limit, as in PyMongo)."""
        self._limit = abs(n)
        return self

    def _run(self) -> list[dict[str, Any]]:
        if self._result is None:
            docs = list(self._docs)
            for f, d in reversed(self._sort):
                docs.sort(key=lambda doc, f=f: sort_key(get(doc, f)), reverse=d < 0)
            self._result = [bson_copy(d) for d in (docs[: self._limit] if self._limit else docs)]
        return self._result

    async def to_list(self, length: int | None = None) -> list[dict[str, Any]]:
        """All (or the first `length`) documents."""
        await asyncio.sleep(0)
        docs = self._run()
        return docs[:length] if length else list(docs)

    def __aiter__(self) -> FakeCursor:
        return self

    async def __anext__(self) -> dict[str, Any]:
        docs = self._run()
        if not docs:
            raise StopAsyncIteration
        return docs.pop(0)


class FakeCollection:
    """The collection methods MongoStore calls."""

    def __init__(self, client: FakeAsyncMongoClient, key: Key) -> None:
        self._client, self._key = client, key

    async def _docs(self, session: FakeClientSession | None) -> dict[str, dict[str, Any]]:
        await asyncio.sleep(0)  # a round trip: let other coroutines run
        txn = session.transaction() if session is not None else None
        if txn is not None:
            return txn.docs(self._key)
        return self._client.server.data.setdefault(self._key, {})

    def _put(self, session: FakeClientSession | None, doc_id: str, doc: Any) -> None:
        txn = session.transaction() if session is not None else None
        if txn is not None:
            txn.put(self._key, doc_id, doc)
        else:
            self._client.server.put(self._key, doc_id, doc)

    async def create_index(self, keys: list[tuple[str, int]], **kwargs: Any) -> str:
        """Create an index; conflicts and existing duplicates fail as on MongoDB."""
        docs = await self._docs(None)
        unique, partial = bool(kwargs.get("unique")), kwargs.get("partialFilterExpression")
        name = kwargs.get("name") or "_".join(f"{f}_{d}" for f, d in keys)
        ix = Index(name, list(keys), unique, bson_copy(partial) if partial else None)
        existing = self._client.server.indexes.setdefault(self._key, {})
        for other in existing.values():
            if other == ix:
                return name
            if other.name == name or other.keys == ix.keys:
                raise OperationFailure(f"An existing index conflicts: {other.name}", 85)
        seen: dict[Any, dict[str, Any]] = {}
        for doc in docs.values():
            k = ix.key_of(doc) if unique else None
            if k is not None and k in seen:
                raise duplicate(self._key, name, {f: shown(get(doc, f)) for f, _ in keys})
            seen.setdefault(k, doc)
        existing[name] = ix
        return name

    async def find_one(self, filter: dict[str, Any], session: Any = None) -> Any:
        """The first matching document, or None."""
        docs = await self._docs(session)
        found = next((d for d in docs.values() if matches(d, filter)), None)
        return bson_copy(found) if found is not None else None

    def find(self, filter: dict[str, Any] | None = None, session: Any = None) -> FakeCursor:
        """A cursor over the matching documents (evaluated now: the fake has no latency)."""
        txn = session.transaction() if session is not None else None
        docs = self._client.server.data.get(self._key, {}) if txn is None else txn.docs(self._key)
        return FakeCursor([d for d in docs.values() if matches(d, filter or {})])

    async def count_documents(self, filter: dict[str, Any], session: Any = None) -> int:
        """How many documents match."""
        docs = await self._docs(session)
        return sum(1 for d in docs.values() if matches(d, filter))

    async def insert_one(self, document: dict[str, Any], session: Any = None) -> InsertOneResult:
        """Insert; E11000 on a taken `_id` or unique key."""
        docs = await self._docs(session)
        if "_id" not in document:
            raise ValueError("fake: MongoStore always sets _id; got a document without one")
        doc = bson_copy({"_id": document["_id"], **document})
        if doc["_id"] in docs:
            raise duplicate(self._key, "_id_", {"_id": doc["_id"]})
        self._client.server.check_unique(self._key, docs, doc)
        self._put(session, doc["_id"], doc)
        return InsertOneResult(doc["_id"])

    async def replace_one(
        self, filter: dict[str, Any], replacement: dict[str, Any], session: Any = None
    ) -> UpdateResult:
        """Replace the first match; E11000 on a taken unique key."""
        if any(k.startswith("$") for k in replacement):
            raise ValueError("replacement can not include $ operators")
        docs = await self._docs(session)
        current = next((d for d in docs.values() if matches(d, filter)), None)
        if current is None:
            return UpdateResult(0, 0)
        if replacement.get("_id", current["_id"]) != current["_id"]:
            raise OperationFailure("the (immutable) field '_id' was altered", 66)
        doc = bson_copy({**replacement, "_id": current["_id"]})
        self._client.server.check_unique(self._key, docs, doc)
        self._put(session, current["_id"], doc)
        return UpdateResult(1, 1)

    async def delete_one(self, filter: dict[str, Any], session: Any = None) -> DeleteResult:
        """Delete the first match."""
        docs = await self._docs(session)
        current = next((d for d in docs.values() if matches(d, filter)), None)
        if current is None:
            return DeleteResult(0)
        self._put(session, current["_id"], None)
        return DeleteResult(1)


class FakeDatabase:
    """A database: collections by `db[name]`, and `command("ping")`."""

    def __init__(self, client: FakeAsyncMongoClient, name: str) -> None:
        self.client, self.name = client, name

    def __getitem__(self, collection: str) -> FakeCollection:
        return FakeCollection(self.client, (self.name, collection))

    async def command(self, command: str, **kwargs: Any) -> dict[str, Any]:
        """Only `ping` is known."""
        await asyncio.sleep(0)
        if self.client.closed:
            raise InvalidOperation("Cannot use AsyncMongoClient after close")
        if command != "ping":
            raise OperationFailure(f"no such command: '{command}'", 59)
        return {"ok": 1.0}


class FakeAsyncMongoClient:
    """In-process stand-in for `pymongo.AsyncMongoClient` (see the module docstring)."""

    def __init__(self) -> None:
        self.server = Server()
        self.closed = False
        self.committed = 0
        self.aborted = 0

    def __getitem__(self, name: str) -> FakeDatabase:
        return FakeDatabase(self, name)

    def get_database(self, name: str) -> FakeDatabase:
        """The database `name`."""
        return FakeDatabase(self, name)

    @property
    def admin(self) -> FakeDatabase:
        """The admin database (for `ping`)."""
        return FakeDatabase(self, "admin")

    def start_session(self, **kwargs: Any) -> FakeClientSession:
        """A new session (use it with `async with`)."""
        return FakeClientSession(self)

    async def drop_database(self, name: str) -> None:
        """Forget a database's documents and indexes."""
        for store in (self.server.data, self.server.indexes):
            for key in [k for k in store if k[0] == name]:
                del store[key]

    async def close(self) -> None:
        """Mark the client closed."""
        self.closed = True
