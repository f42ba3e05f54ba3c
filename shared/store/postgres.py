"""PostgreSQL adapter through psycopg 3 (async) and a small connection pool.

Each collection is a table `(id TEXT COLLATE "C" PRIMARY KEY, v BIGINT, doc JSONB)`; indexes are
expression indexes on the JSONB field values, and queries use the same expressions (the SQL is
in `postgres_sql`). `write` is one transaction at READ COMMITTED: a conditional replace is
`UPDATE … WHERE id = $1 AND v = $2`, and a concurrent writer of the same row waits for the first
to commit, re-reads the row and matches nothing, so exactly one of them wins. A deadlock between
two multi-document writes is retried as a whole (the loser then usually sees a conflict).

Tables are created on first write; reads of a collection never written return nothing. The
database must sort text by code point (created with `LC_COLLATE 'C'` or `C.UTF-8`): `open`
checks it and fails loudly otherwise. See docs/storage.md for setup, roles and TLS.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import errors
from psycopg_pool import AsyncConnectionPool

from shared.logging import get_logger
from shared.store import postgres_sql as sql
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
    StoreUnavailable,
    VersionConflictError,
    check_document,
    decode_cursor,
    encode_cursor,
    sort_with_tiebreak,
    validate_field,
    validate_index,
)

_RETRIES = 5  # whole-transaction retries after a deadlock or serialization failure
#: A connection idle longer than this is checked (one round trip) before it is handed out.
IDLE_CHECK_SECONDS = 2.0
PING_TIMEOUT_SECONDS = 5.0
log = get_logger(__name__)


class PostgresStore:
    """A DocumentStore on one PostgreSQL database (`postgresql://user@host/db?sslmode=…`)."""

    def __init__(self, conninfo: str, *, min_size: int = 1, max_size: int = 5) -> None:
        self._conninfo = conninfo
        self._sizes = (min_size, max_size)
        self._pool: AsyncConnectionPool | None = None
        self._tables: set[str] = set()
        self._index_names: dict[str, str] = {}  # PostgreSQL's index name -> the port's
        self._returned: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()

    @classmethod
    def from_url(cls, url: str) -> PostgresStore:
        """Build from a `postgresql://` or `postgres://` URL (pool sizes from `pool_*_size`)."""
        conninfo, pool = sql.split_url(url)
        return cls(
            conninfo, min_size=pool.get("pool_min_size", 1), max_size=pool.get("pool_max_size", 5)
        )

    def _open_pool(self) -> AsyncConnectionPool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    async def open(self) -> None:
        """Connect the pool and check the database orders text as the port needs."""
        if self._pool is not None:
            return
        pool = AsyncConnectionPool(
            self._conninfo,
            min_size=self._sizes[0],
            max_size=self._sizes[1],
            kwargs={"autocommit": True},
            check=self._check_if_idle,
            reset=self._mark_returned,
            open=False,
            name="campus-store",
        )
        await pool.open(wait=True, timeout=30.0)
        try:
            async with pool.connection() as conn:
                row = await (await conn.execute(sql.COLLATION_PROBE)).fetchone()
                database = conn.info.dbname
        except BaseException:
            await pool.close()
            raise
        if not (row and row[0]):
            await pool.close()
            raise RuntimeError(
                f"PostgreSQL database {database!r} does not sort text by code point; create it "
                "with: CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                "LC_CTYPE 'C' (see docs/storage.md)"
            )
        self._pool = pool

    async def _mark_returned(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self._returned[conn] = time.monotonic()

    async def _check_if_idle(self, conn: psycopg.AsyncConnection[Any]) -> None:
        # A connection broken by a server restart or a firewall's idle timeout is found (and
        # replaced) at checkout rather than by the request using it; a busy connection skips
        # the check, which would cost a round trip on every operation.
        if time.monotonic() - self._returned.get(conn, 0.0) > IDLE_CHECK_SECONDS:
            await AsyncConnectionPool.check_connection(conn)

    async def close(self) -> None:
        """Close every pooled connection."""
        pool, self._pool = self._pool, None
        self._tables.clear()
        if pool is not None:
            await pool.close()

    async def ping(self) -> bool:
        """True when a trivial statement answers (errors propagate: they say why not)."""
        if self._pool is None:
            return False
        # Not the pool's 30 s wait for a connection: readiness should answer while a probe waits.
        async with self._pool.connection(timeout=PING_TIMEOUT_SECONDS) as conn:
            row = await (await conn.execute("SELECT 1")).fetchone()
        return row == (1,)

    async def _ensure_tables(self, collections: set[str]) -> None:
        missing = sorted(c for c in collections if c not in self._tables)
        if not missing:
            return
        async with self._open_pool().connection() as conn, conn.transaction():
            await conn.execute(sql.DDL_LOCK)
            for collection in missing:
                await conn.execute(sql.create_table(collection))
        self._tables.update(missing)

    async def ensure_indexes(self, indexes: Sequence[Index]) -> None:
        """Create each index if missing (idempotent); DuplicateKeyError if data violates one."""
        for ix in indexes:
            validate_index(ix)
        await self._ensure_tables({ix.collection for ix in indexes})
        for ix in indexes:
            self._index_names[sql.index_name(ix).strip('"')] = ix.name
            try:
                async with self._open_pool().connection() as conn, conn.transaction():
                    await conn.execute(sql.DDL_LOCK)
                    await conn.execute(sql.create_index(ix))
            except errors.UniqueViolation as exc:
                key = f"existing documents on {ix.name}"
                raise DuplicateKeyError(ix.collection, key) from exc

    async def _read(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]] | None:
        """Rows of a SELECT; None when the collection's table does not exist yet."""
        try:
            async with self._open_pool().connection() as conn:
                return await (await conn.execute(statement, params)).fetchall()
        except errors.UndefinedTable:
            return None
        except psycopg.DataError as exc:  # a NUL (U+0000) in a filter value, which TEXT refuses
            raise InvalidQueryError(f"PostgreSQL cannot run this query: {exc}") from exc

    async def get(self, collection: str, doc_id: str) -> Doc | None:
        """The document with this `_id`, or None."""
        if "\x00" in doc_id:
            return None  # TEXT cannot hold U+0000, so no stored document has such an id
        rows = await self._read(f"SELECT doc FROM {sql.table(collection)} WHERE id = %s", [doc_id])
        return rows[0][0] if rows else None

    async def insert(self, collection: str, doc: Doc) -> Doc:
        """Insert one document; returns it with `_v` = 1."""
        stored = {**doc, "_v": 1}
        await self.write([Insert(collection, stored)])
        return stored

    async def replace(self, collection: str, doc: Doc, expected_version: int) -> Doc:
        """Replace one document if its version matches; returns it with the new `_v`."""
        await self.write([Replace(collection, doc, expected_version)])
        return {**doc, "_v": expected_version + 1}

    def _select(self, collection: str, query: Query) -> tuple[str, list[Any], list[Any]]:
        """The SELECT for a find (with limit + 1 to see whether a next page exists)."""
        sort = sort_with_tiebreak(query.sort)
        where, params = sql.where(query.filter)
        if query.after:
            keyset, kparams = sql.keyset(sort, decode_cursor(query.after, sort))
            where, params = f"({where}) AND {keyset}", [*params, *kparams]
        statement = f"SELECT doc FROM {sql.table(collection)} WHERE {where}"
        statement += f" ORDER BY {sql.order_by(sort)}"
        limit = sql.limit_of(query.limit)
        if limit is not None:
            statement += " LIMIT %s"
            params = [*params, limit + 1]
        return statement, params, sort

    async def find(self, collection: str, query: Query) -> Page:
        """Documents matching the filter, in sort order, one page at a time."""
        statement, params, sort = self._select(collection, query)
        docs = [row[0] for row in await self._read(statement, params) or []]
        if query.limit is not None and len(docs) > query.limit:
            docs = docs[: query.limit]
            return Page(docs, encode_cursor(docs[-1], sort) if docs else None)
        return Page(docs, None)

    async def explain(self, collection: str, query: Query) -> list[str]:
        """PostgreSQL's plan for a find with sequential scans disabled (is an index usable?)."""
        statement, params, _ = self._select(collection, query)
        async with self._open_pool().connection() as conn, conn.transaction():
            await conn.execute("SET LOCAL enable_seqscan = off")
            rows = await (await conn.execute("EXPLAIN " + statement, params)).fetchall()
        return [row[0] for row in rows]

    async def count(self, collection: str, filter: Filter | None = None) -> int:
        """How many documents match."""
        where, params = sql.where(filter or {})
        rows = await self._read(
            f"SELECT count(*) FROM {sql.table(collection)} WHERE {where}", params
        )
        return rows[0][0] if rows else 0

    async def write(self, operations: Sequence[Operation]) -> None:
        """Apply every operation or none: one transaction (retried as a whole after a deadlock)."""
        ops = list(operations)
        if not ops:
            return
        for op in ops:
            validate_field(op.collection)
            if isinstance(op, Insert | Replace):
                check_document(op.doc)  # before a transaction is started for nothing
            elif not isinstance(op, Delete):
                raise InvalidQueryError(f"unknown operation {op!r}")
        await self._ensure_tables({op.collection for op in ops})
        for attempt in range(_RETRIES):
            try:
                if len(ops) == 1:
                    await self._one(ops[0])
                    return
                try:
                    await self._pipelined(ops)
                except (errors.UniqueViolation, psycopg.DataError):
                    # Rolled back, so nothing happened: run it again one statement at a time,
                    # which names the operation that fails (or succeeds, if the state moved on).
                    await self._sequential(ops)
                return
            except (errors.DiskFull, errors.IoError) as exc:
                raise StoreUnavailable(f"PostgreSQL cannot write now: {exc}") from exc
            except (errors.DeadlockDetected, errors.SerializationFailure) as exc:
                if attempt == _RETRIES - 1:
                    raise
                log.warning("store.write_retried", reason=type(exc).__name__, attempt=attempt + 1)
                await asyncio.sleep(0.005 * 2**attempt)

    async def _one(self, op: Operation) -> None:
        # One statement is atomic on its own: no BEGIN/COMMIT round trips.
        async with self._open_pool().connection() as conn:
            self._check_rows(op, await self._execute(conn, op))

    async def _sequential(self, ops: list[Operation]) -> None:
        async with self._open_pool().connection() as conn, conn.transaction():
            for op in ops:
                self._check_rows(op, await self._execute(conn, op))

    async def _pipelined(self, ops: list[Operation]) -> None:
        # BEGIN and every statement in one round trip, then COMMIT once the row counts are
        # known to be right (a wrong one raises inside the block: ROLLBACK).
        async with self._open_pool().connection() as conn:
            async with conn.pipeline() as pipeline, conn.transaction():
                cursors = [await conn.execute(*sql.operation(op)) for op in ops]
                await pipeline.sync()
                for op, cur in zip(ops, cursors, strict=True):
                    self._check_rows(op, cur)

    async def _execute(self, conn: psycopg.AsyncConnection[Any], op: Operation) -> Any:
        try:
            return await conn.execute(*sql.operation(op))
        except errors.UniqueViolation as exc:
            raise self._duplicate(op, exc) from exc
        except psycopg.DataError as exc:
            # JSONB and TEXT cannot hold U+0000, which SQLite and MongoDB store: refuse it as
            # a document the port cannot keep here, rather than fail as a server error.
            raise InvalidQueryError(f"PostgreSQL cannot store this document: {exc}") from exc

    @staticmethod
    def _check_rows(op: Operation, cur: Any) -> None:
        if isinstance(op, Replace) and cur.rowcount != 1:
            raise VersionConflictError(op.collection, op.doc["_id"], op.expected_version)
        if isinstance(op, Delete) and cur.rowcount != 1:
            raise VersionConflictError(op.collection, op.doc_id, op.expected_version)

    def _duplicate(self, op: Operation, exc: errors.UniqueViolation) -> DuplicateKeyError:
        """The port's error, naming the index as SQLite does ("_id" for the primary key)."""
        doc_id = op.doc["_id"] if isinstance(op, Insert | Replace) else op.doc_id
        name = exc.diag.constraint_name or "?"
        if name == sql.primary_key(op.collection).strip('"'):
            return DuplicateKeyError(op.collection, f"{doc_id} on _id")
        return DuplicateKeyError(op.collection, f"{doc_id} on {self._index_names.get(name, name)}")
