"""SQLite adapter: the embedded default. One file per service, WAL, JSON documents.

Each collection is a table `(id TEXT PRIMARY KEY, v INTEGER, doc TEXT)`; indexes are expression
indexes on `json_extract(doc, '$.field')`, and queries use the same expressions so SQLite's
planner picks them (the SQL itself is in `sqlite_sql`). All statements run on one worker thread
per store, so the event loop never blocks on disk; several processes may share a file (WAL plus a
busy timeout serialise writers, and every write is one BEGIN IMMEDIATE transaction).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from shared.store import sqlite_sql as sql
from shared.store.port import (
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
    decode_cursor,
    encode_cursor,
    sort_with_tiebreak,
    validate_index,
)

T = TypeVar("T")
#: Primary result codes meaning the disk, not the statement, failed: the same write may pass later.
_DISK_ERRORS = (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)


class SQLiteStore:
    """A DocumentStore on a SQLite file (`sqlite:///path/to/file.db`)."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 10_000) -> None:
        self._path = str(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._executor: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None
        self._tables: set[str] = set()

    @classmethod
    def from_url(cls, url: str) -> SQLiteStore:
        """Build from `sqlite:///relative.db` or `sqlite:////absolute.db`."""
        if not url.startswith("sqlite:///"):
            raise ValueError(f"not a sqlite URL: {url}")
        return cls(url.removeprefix("sqlite:///"))

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._executor is None or self._conn is None:
            raise RuntimeError("store is not open")
        conn = self._conn
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, conn)
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in _DISK_ERRORS:
                raise StoreUnavailable(f"{self._path}: {exc}") from exc
            raise

    async def open(self) -> None:
        """Open the file (creating its folder), switch to WAL and a busy timeout."""
        if self._executor is not None:
            return
        Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal" and self._path not in ("", ":memory:"):
                conn.close()
                raise RuntimeError(f"{self._path}: SQLite refused WAL mode (got {mode})")
            # NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
            return conn

        try:
            self._conn = await asyncio.get_running_loop().run_in_executor(self._executor, connect)
        except BaseException:
            self._executor.shutdown(wait=True)
            self._executor = None
            raise

    async def close(self) -> None:
        """Close the connection and stop the worker thread."""
        if self._executor is None:
            return
        if self._conn is not None:
            await self._run(lambda c: c.close())
        self._executor.shutdown(wait=True)
        self._executor, self._conn = None, None
        self._tables.clear()

    async def ping(self) -> bool:
        """True when a trivial statement answers."""
        if self._conn is None:
            return False
        return await self._run(lambda c: c.execute("SELECT 1").fetchone() == (1,))

    def _ensure_table(self, conn: sqlite3.Connection, collection: str) -> str:
        table = sql.table(collection)
        if collection not in self._tables:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table} "
                "(id TEXT PRIMARY KEY, v INTEGER NOT NULL, doc TEXT NOT NULL)"
            )
            self._tables.add(collection)
        return table

    async def ensure_indexes(self, indexes: Sequence[Index]) -> None:
        """Create each index if missing (idempotent); DuplicateKeyError if data violates one."""
        for ix in indexes:
            validate_index(ix)

        def run(conn: sqlite3.Connection) -> None:
            for ix in indexes:
                table = self._ensure_table(conn, ix.collection)
                cols = ", ".join(sql.expr(f) for f in ix.fields)
                unique = "UNIQUE " if ix.unique else ""
                try:
                    conn.execute(
                        f'CREATE {unique}INDEX IF NOT EXISTS "{ix.name}" ON {table} ({cols})'
                    )
                except sqlite3.IntegrityError as exc:
                    key = f"existing documents on {ix.name}"
                    raise DuplicateKeyError(ix.collection, key) from exc

        await self._run(run)

    async def get(self, collection: str, doc_id: str) -> Doc | None:
        """The document with this `_id`, or None."""

        def run(conn: sqlite3.Connection) -> Doc | None:
            table = self._ensure_table(conn, collection)
            row = conn.execute(f"SELECT doc FROM {table} WHERE id = ?", (doc_id,)).fetchone()
            return json.loads(row[0]) if row else None

        return await self._run(run)

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
        if query.limit is not None:
            if isinstance(query.limit, bool) or not isinstance(query.limit, int):
                raise InvalidQueryError("limit must be an integer")
            if query.limit < 0:
                raise InvalidQueryError("limit must not be negative")
            statement += " LIMIT ?"
            params = [*params, query.limit + 1]
        return statement, params, sort

    async def find(self, collection: str, query: Query) -> Page:
        """Documents matching the filter, in sort order, one page at a time."""
        statement, params, sort = self._select(collection, query)

        def run(conn: sqlite3.Connection) -> list[Doc]:
            self._ensure_table(conn, collection)
            return [json.loads(r[0]) for r in conn.execute(statement, params)]

        docs = await self._run(run)
        if query.limit is not None and len(docs) > query.limit:
            docs = docs[: query.limit]
            return Page(docs, encode_cursor(docs[-1], sort) if docs else None)
        return Page(docs, None)

    async def explain(self, collection: str, query: Query) -> list[str]:
        """SQLite's query plan for a find, one line per step (to check an index is used)."""
        statement, params, _ = self._select(collection, query)

        def run(conn: sqlite3.Connection) -> list[str]:
            self._ensure_table(conn, collection)
            return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statement, params)]

        return await self._run(run)

    async def count(self, collection: str, filter: Filter | None = None) -> int:
        """How many documents match."""
        where, params = sql.where(filter or {})

        def run(conn: sqlite3.Connection) -> int:
            table = self._ensure_table(conn, collection)
            return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params).fetchone()[0]

        return await self._run(run)

    async def write(self, operations: Sequence[Operation]) -> None:
        """Apply every operation or none (one IMMEDIATE transaction)."""
        ops = list(operations)
        if not ops:
            return

        def run(conn: sqlite3.Connection) -> None:
            tables = {op.collection: self._ensure_table(conn, op.collection) for op in ops}
            conn.execute("BEGIN IMMEDIATE")
            try:
                for op in ops:
                    sql.apply(conn, tables[op.collection], op)
                conn.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails: never leave the connection inside a transaction.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        await self._run(run)
