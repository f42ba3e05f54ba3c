"""MongoDB adapter through PyMongo's async API (`AsyncMongoClient`; motor is end-of-life).

`write` runs its operations in ONE multi-document transaction, and MongoDB only has those on a
replica set (a single-node replica set is fine) or a sharded cluster: on a standalone server
`write` fails loudly. `insert` and `replace` are single-document writes and need no transaction.
Use `w=majority` in the URL for writes that survive a failover.

Documents keep their string `_id` and integer `_v`. Filters are the port's language, which is a
subset of MongoDB's; the keyset condition of a page is built here so that null sort values page
the way SQLite pages them. Unique indexes are partial indexes over string, number and boolean
values, so that null or missing fields never collide (as in SQLite); such an index requires
MongoDB 6.0 or newer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.errors import DuplicateKeyError as MongoDuplicateKeyError

from shared.store.port import (
    Delete,
    Doc,
    DuplicateKeyError,
    Filter,
    Index,
    Insert,
    InvalidQueryError,
    Operation,
    Page,
    Query,
    Replace,
    VersionConflictError,
    check_document,
    decode_cursor,
    encode_cursor,
    sort_with_tiebreak,
    validate_field,
    validate_filter,
    validate_index,
)

DEFAULT_DATABASE = "campus"
_INDEX_IN_ERROR = re.compile(r"index: (\S+)")


def database_from_url(url: str) -> str:
    """The database named in a `mongodb://host/db?opts` URL path, or "campus"."""
    path = unquote(urlsplit(url).path).strip("/")
    return path or DEFAULT_DATABASE


def _is_client(obj: Any) -> bool:
    # A client instance, not a factory: look at its class, since AsyncMongoClient answers any
    # attribute (client.x is database x) and would pass a hasattr test on the instance.
    return hasattr(type(obj), "start_session")


def _unique_partial(fields: Sequence[str]) -> Filter:
    """Index only documents whose fields all hold a string, number or boolean.

    `$gte` with the lowest value of each type matches every value of that type and, unlike
    `$type`, lets the planner use the index for equality and range queries on those fields.
    """
    return {
        "$and": [
            {"$or": [{f: {"$gte": ""}}, {f: {"$gte": float("-inf")}}, {f: {"$gte": False}}]}
            for f in fields
        ]
    }


def keyset_filter(sort: list[tuple[str, int]], values: list[Any]) -> Filter:
    """Documents strictly after `values` in `sort` order, as a MongoDB filter.

    The same lexicographic OR as the SQLite adapter's: (a > x) OR (a = x AND b > y) OR ...
    MongoDB compares only values of one type, so a null key value needs its own conditions:
    nothing but non-nulls follow it ascending, and the nulls follow every value descending.
    """
    branches: list[Filter] = []
    for i, (field, direction) in enumerate(sort):
        parts: list[Filter] = [{f: v} for (f, _), v in zip(sort[:i], values[:i], strict=True)]
        value = values[i]
        if value is None and direction < 0:
            continue
        if value is None:
            parts.append({field: {"$ne": None}})
        elif direction > 0:
            parts.append({field: {"$gt": value}})
        else:
            parts.append({"$or": [{field: {"$lt": value}}, {field: None}]})
        branches.append({"$and": parts})
    return {"$or": branches}


class MongoStore:
    """A DocumentStore on one MongoDB database (`mongodb://host/db?replicaSet=rs0`)."""

    def __init__(self, client_factory_or_client: Any, database: str) -> None:
        if _is_client(client_factory_or_client):
            self._factory: Callable[[], Any] | None = None
            self._given: Any = client_factory_or_client
        else:
            self._factory, self._given = client_factory_or_client, None
        self._database = database
        self._client: Any = None

    @classmethod
    def from_url(cls, url: str) -> MongoStore:
        """An unopened store; the client is created in `open`, inside the running loop."""
        return cls(lambda: AsyncMongoClient(url), database_from_url(url))

    @property
    def database(self) -> str:
        """The name of the database this store writes to."""
        return self._database

    def _db(self) -> Any:
        if self._client is None:
            raise RuntimeError("store is not open")
        return self._client[self._database]

    def _coll(self, collection: str) -> Any:
        validate_field(collection)
        return self._db()[collection]

    async def open(self) -> None:
        """Create the client (connections are made lazily, by the first command)."""
        if self._client is None:
            self._client = self._given if self._factory is None else self._factory()

    async def close(self) -> None:
        """Close the client if this store created it; a client passed in stays the caller's."""
        client, self._client = self._client, None
        if client is not None and self._factory is not None:
            await client.close()

    async def ping(self) -> bool:
        """True when the server answers `ping` (errors propagate: they say why it does not)."""
        if self._client is None:
            return False
        reply = await self._client.admin.command("ping")
        return bool(reply.get("ok"))

    async def ensure_indexes(self, indexes: Sequence[Index]) -> None:
        """Create each index if missing (idempotent); DuplicateKeyError if data violates one."""
        for ix in indexes:
            validate_index(ix)
        for ix in indexes:
            options: dict[str, Any] = {"name": ix.name}
            if ix.unique:
                options |= {"unique": True, "partialFilterExpression": _unique_partial(ix.fields)}
            keys = [(f, ASCENDING) for f in ix.fields]
            try:
                await self._coll(ix.collection).create_index(keys, **options)
            except MongoDuplicateKeyError as exc:
                key = f"existing documents on {ix.name}"
                raise DuplicateKeyError(ix.collection, key) from exc

    async def get(self, collection: str, doc_id: str) -> Doc | None:
        """The document with this `_id`, or None."""
        return await self._coll(collection).find_one({"_id": doc_id})

    async def insert(self, collection: str, doc: Doc) -> Doc:
        """Insert one document; returns it with `_v` = 1."""
        stored = {**doc, "_v": 1}
        await self._apply(Insert(collection, stored), None)
        return stored

    async def replace(self, collection: str, doc: Doc, expected_version: int) -> Doc:
        """Replace one document if its version matches; returns it with the new `_v`."""
        await self._apply(Replace(collection, doc, expected_version), None)
        return {**doc, "_v": expected_version + 1}

    async def find(self, collection: str, query: Query) -> Page:
        """Documents matching the filter, in sort order, one page at a time."""
        coll = self._coll(collection)
        validate_filter(query.filter)
        sort = sort_with_tiebreak(query.sort)
        limit = query.limit
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise InvalidQueryError("limit must be an integer")
        if limit is not None and limit < 0:
            raise InvalidQueryError("limit must not be negative")
        mongo_filter = _translate(query.filter)
        if query.after:
            after = keyset_filter(sort, decode_cursor(query.after, sort))
            mongo_filter = {"$and": [mongo_filter, after]} if mongo_filter else after
        cursor = coll.find(mongo_filter).sort(
            [(f, ASCENDING if d > 0 else DESCENDING) for f, d in sort]
        )
        if limit is not None:
            # limit + 1 tells whether a next page exists (and pymongo reads limit(0) as "all").
            cursor = cursor.limit(limit + 1)
        docs: list[Doc] = await cursor.to_list(None)
        if limit is not None and len(docs) > limit:
            docs = docs[:limit]
            return Page(docs, encode_cursor(docs[-1], sort) if docs else None)
        return Page(docs, None)

    async def count(self, collection: str, filter: Filter | None = None) -> int:
        """How many documents match."""
        coll = self._coll(collection)
        validate_filter(filter or {})
        return await coll.count_documents(_translate(filter or {}))

    async def write(self, operations: Sequence[Operation]) -> None:
        """Apply every operation or none: one transaction (retried on transient conflicts)."""
        ops = list(operations)
        if not ops:
            return
        for op in ops:
            validate_field(op.collection)
            if isinstance(op, Insert | Replace):
                check_document(op.doc)  # before a transaction is started for nothing
        if self._client is None:
            raise RuntimeError("store is not open")

        async def run(session: Any) -> None:
            for op in ops:
                await self._apply(op, session)

        # with_transaction retries the whole callback on TransientTransactionError (a write
        # conflict with a concurrent transaction), so the loser re-reads and then fails with
        # VersionConflictError or DuplicateKeyError, as on SQLite. Our own errors abort it.
        async with self._client.start_session() as session:
            await session.with_transaction(run)

    async def _apply(self, op: Operation, session: Any) -> None:
        coll = self._coll(op.collection)
        if isinstance(op, Insert):
            doc_id = check_document(op.doc)
            try:
                await coll.insert_one({**op.doc, "_v": 1}, session=session)
            except MongoDuplicateKeyError as exc:
                raise _duplicate(op.collection, doc_id, exc) from exc
        elif isinstance(op, Replace):
            doc_id = check_document(op.doc)
            new = {**op.doc, "_v": op.expected_version + 1}
            try:
                result = await coll.replace_one(
                    {"_id": doc_id, "_v": op.expected_version}, new, session=session
                )
            except MongoDuplicateKeyError as exc:
                raise _duplicate(op.collection, doc_id, exc) from exc
            if result.matched_count != 1:
                raise VersionConflictError(op.collection, doc_id, op.expected_version)
        elif isinstance(op, Delete):
            result = await coll.delete_one(
                {"_id": op.doc_id, "_v": op.expected_version}, session=session
            )
            if result.deleted_count != 1:
                raise VersionConflictError(op.collection, op.doc_id, op.expected_version)
        else:
            raise InvalidQueryError(f"unknown operation {op!r}")


def _translate(filter: Filter) -> Filter:
    """The port's (validated) filter as MongoDB's: the same shapes, with lists for `$in`."""
    out: Filter = {}
    for name, cond in filter.items():
        if isinstance(cond, dict):
            cond = {op: list(v) if op == "$in" else v for op, v in cond.items()}
        out[name] = cond
    return out


def _duplicate(collection: str, doc_id: str, exc: MongoDuplicateKeyError) -> DuplicateKeyError:
    """The port's error, naming the index as SQLite does ("_id" for the primary key)."""
    details = exc.details or {}
    found = _INDEX_IN_ERROR.search(str(details.get("errmsg", exc)))
    index = found.group(1) if found else "?"
    return DuplicateKeyError(collection, f"{doc_id} on {'_id' if index == '_id_' else index}")
