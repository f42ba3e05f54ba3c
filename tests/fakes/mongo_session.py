"""Sessions and transactions of the fake MongoDB client (see `fake_mongo`).

A transaction reads a snapshot taken at its first operation, stages its writes there, and
applies them all at commit or none at abort. A write to a document changed since the snapshot
raises WriteConflict with the TransientTransactionError label (at the write, as MongoDB does,
and again at commit, because the fake lets plain writes through without waiting for the
transaction), and `with_transaction` retries such errors as PyMongo does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pymongo.errors import InvalidOperation, OperationFailure, PyMongoError

from tests.fakes.mongo_semantics import Key, Server, write_conflict

if TYPE_CHECKING:
    from tests.fakes.fake_mongo import FakeAsyncMongoClient


class _Transaction:
    """Writes staged on a snapshot of the server, applied together at commit."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.snapshot: dict[Key, dict[str, dict[str, Any]]] | None = None
        self.snap_revisions: dict[tuple[str, str, str], int] = {}
        self.writes: dict[tuple[str, str, str], dict[str, Any] | None] = {}

    def docs(self, key: Key) -> dict[str, dict[str, Any]]:
        if self.snapshot is None:  # MongoDB takes the snapshot at the first operation
            self.snapshot = {k: dict(v) for k, v in self.server.data.items()}
            self.snap_revisions = dict(self.server.revisions)
        return self.snapshot.setdefault(key, {})

    def changed_since_snapshot(self, rev: tuple[str, str, str]) -> bool:
        return self.server.revisions.get(rev, 0) != self.snap_revisions.get(rev, 0)

    def put(self, key: Key, doc_id: str, doc: dict[str, Any] | None) -> None:
        if self.changed_since_snapshot((*key, doc_id)):
            raise write_conflict()
        docs = self.docs(key)
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc
        self.writes[(*key, doc_id)] = doc

    def commit(self) -> None:
        """Check every staged write against the committed state, then apply them all."""
        if any(self.changed_since_snapshot(rev) for rev in self.writes):
            raise write_conflict()
        merged: dict[Key, dict[str, dict[str, Any]]] = {}
        for (db, coll, doc_id), doc in self.writes.items():
            docs = merged.setdefault((db, coll), dict(self.server.data.get((db, coll), {})))
            if doc is None:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = doc
        for (db, coll, _), doc in self.writes.items():
            if doc is not None:
                try:
                    self.server.check_unique((db, coll), merged[(db, coll)], doc)
                except OperationFailure as exc:  # a concurrent commit took the key first
                    raise write_conflict() from exc
        for (db, coll, doc_id), doc in self.writes.items():
            self.server.put((db, coll), doc_id, doc)


class FakeClientSession:
    """A session; `async with` ends it, aborting a transaction left open."""

    def __init__(self, client: FakeAsyncMongoClient) -> None:
        self.client = client
        self._txn: _Transaction | None = None
        self.ended = False

    @property
    def in_transaction(self) -> bool:
        """True between start_transaction and commit or abort."""
        return self._txn is not None

    def transaction(self) -> _Transaction | None:
        """The running transaction (for the fake's collections)."""
        if self.ended:
            raise InvalidOperation("Cannot use ended session")
        return self._txn

    async def __aenter__(self) -> FakeClientSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.end_session()

    async def end_session(self) -> None:
        """Abort any open transaction and end the session."""
        if self._txn is not None:
            await self.abort_transaction()
        self.ended = True

    async def start_transaction(self, *args: Any, **kwargs: Any) -> _TransactionContext:
        """Begin a transaction; the returned context commits or aborts it."""
        if self.ended:
            raise InvalidOperation("Cannot use ended session")
        if self._txn is not None:
            raise InvalidOperation("Transaction already in progress")
        self._txn = _Transaction(self.client.server)
        return _TransactionContext(self)

    async def commit_transaction(self) -> None:
        """Apply the staged writes, or raise (and discard them) on a conflict."""
        if self._txn is None:
            raise InvalidOperation("No transaction started")
        await asyncio.sleep(0)
        txn, self._txn = self._txn, None
        try:
            txn.commit()
        except PyMongoError:
            self.client.aborted += 1
            raise
        self.client.committed += 1

    async def abort_transaction(self) -> None:
        """Drop the staged writes."""
        if self._txn is None:
            raise InvalidOperation("No transaction started")
        self._txn = None
        self.client.aborted += 1

    async def with_transaction(
        self, callback: Callable[[FakeClientSession], Awaitable[Any]], *args: Any, **kwargs: Any
    ) -> Any:
        """Run the callback in a transaction, retried on TransientTransactionError (as PyMongo)."""
        for _ in range(1000):
            await self.start_transaction()
            try:
                result = await callback(self)
            except BaseException as exc:
                if self.in_transaction:
                    await self.abort_transaction()
                if isinstance(exc, PyMongoError) and exc.has_error_label(
                    "TransientTransactionError"
                ):
                    continue
                raise
            if not self.in_transaction:
                return result
            try:
                await self.commit_transaction()
            except PyMongoError as exc:
                if exc.has_error_label("TransientTransactionError"):
                    continue
                raise
            return result
        raise RuntimeError("fake with_transaction: 1000 transient failures in a row")


class _TransactionContext:
    def __init__(self, session: FakeClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> _TransactionContext:
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._session.in_transaction:
            if exc is None:
                await self._session.commit_transaction()
            else:
                await self._session.abort_transaction()
