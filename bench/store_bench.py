"""Store adapters side by side: get, find and write per second on SQLite and PostgreSQL.

    ./campus bench store [--docs 4000] [--ops 1500] [--concurrency 16]

All run in the same process and the same run, on the same documents: SQLite on a WAL file in a
temporary folder (the baseline), PostgreSQL on a database created for the run on the machine's
server (CAMPUS_TEST_POSTGRES_URL, default the test role's
postgresql://campus_test:campus-test@127.0.0.1:5432/postgres) and dropped after. Each figure
is operations per second, with the ratio to SQLite.

PostgreSQL runs twice: as configured (synchronous_commit=on, the default: a commit returns after
its WAL is flushed to disk), and with synchronous_commit=off, which is the durability SQLite's
adapter has (WAL with synchronous=NORMAL: a power cut may lose the last commits, never corrupt).
"Sequential" awaits one operation at a time (latency); "N at once" keeps N in flight, which
PostgreSQL spreads over its pool while SQLite runs them one by one on its thread.

Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from shared.store import DocumentStore, Index, Insert, Query, Replace  # noqa: E402
from shared.store.postgres import PostgresStore  # noqa: E402
from shared.store.sqlite import SQLiteStore  # noqa: E402

ADMIN_URL = os.environ.get(
    "CAMPUS_TEST_POSTGRES_URL", "postgresql://campus_test:campus-test@127.0.0.1:5432/postgres"
)
BUILDINGS = [f"B{i:02d}" for i in range(1, 21)]
INDEXES = [
    Index("assets", ("tag",), unique=True),
    Index("assets", ("building_id", "tag")),
    Index("outbox", ("status", "order")),
]


def asset(i: int) -> dict:
    """A register entry shaped like the assets service's."""
    return {
        "_id": f"AS-{i:07d}",
        "tag": f"ZC-{BUILDINGS[i % 20]}-{i:05d}",
        "name": "学生椅 (student chair)",
        "building_id": BUILDINGS[i % 20],
        "room_id": f"{BUILDINGS[i % 20]}-{i % 400:03d}",
        "purchase_value": "180.00",
        "custody": {"custodian_id": f"u-{i % 300}", "since": "2025-03-03T00:30:00.000000Z"},
        "history": [{"at": "2025-03-03T00:30:00.000000Z", "what": "registered"}],
    }


async def rate(ops: int, concurrency: int, op: Callable[[int], Awaitable[object]]) -> float:
    """Operations per second of `ops` calls of `op(i)`, `concurrency` in flight."""
    queue = iter(range(ops))

    async def worker() -> None:
        for i in queue:
            await op(i)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ops / (time.perf_counter() - started)


async def measure(store: DocumentStore, docs: int, ops: int, concurrency: int) -> dict[str, float]:
    """Every figure for one open, empty store."""
    await store.ensure_indexes(INDEXES)
    ids = [asset(i)["_id"] for i in range(docs)]
    rnd = random.Random(7)
    out: dict[str, float] = {}
    out["insert, 1 doc per write"] = await rate(docs, 1, lambda i: store.insert("assets", asset(i)))
    out["get by _id, sequential"] = await rate(
        ops, 1, lambda i: store.get("assets", rnd.choice(ids))
    )
    out[f"get by _id, {concurrency} at once"] = await rate(
        ops, concurrency, lambda i: store.get("assets", rnd.choice(ids))
    )
    page = Query({"building_id": "B07"}, sort=[("tag", 1)], limit=20)

    async def find_page(_i: int) -> None:
        first = await store.find("assets", page)
        await store.find(
            "assets", Query(page.filter, page.sort, page.limit, after=first.next_cursor)
        )

    out["find, 2 pages of 20 (index)"] = await rate(ops // 2, 1, find_page) * 2
    out["count by building (index)"] = await rate(
        ops // 2, 1, lambda i: store.count("assets", {"building_id": BUILDINGS[i % 20]})
    )
    versions = {doc_id: 1 for doc_id in ids}

    async def commit(i: int) -> None:
        # A unit of work: the aggregate replaced, two outbox entries inserted, one transaction.
        doc_id = ids[i % len(ids)]
        version = versions[doc_id]
        versions[doc_id] = version + 1
        entries = [
            Insert("outbox", {"_id": f"ev-{i}-{k}", "status": "pending", "order": i * 2 + k})
            for k in range(2)
        ]
        doc = {**asset(i % len(ids)), "name": f"moved {i}"}
        await store.write([Replace("assets", doc, version), *entries])

    out["write: replace + 2 inserts, sequential"] = await rate(ops, 1, commit)
    # Distinct documents per in-flight commit, so concurrency measures throughput, not conflicts.
    out[f"write: replace + 2 inserts, {concurrency} at once"] = await rate(
        ops, concurrency, lambda i: commit(ops + i)
    )
    return out


def _database_url(name: str) -> str:
    parts = urlsplit(ADMIN_URL)
    return urlunsplit(parts._replace(path="/" + name))


async def run(docs: int, ops: int, concurrency: int) -> None:
    """Measure SQLite, then PostgreSQL twice, each on fresh storage; print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = SQLiteStore(Path(tmp) / "bench.db")
        await sqlite.open()
        try:
            base = await measure(sqlite, docs, ops, concurrency)
        finally:
            await sqlite.close()
    durable = await on_postgres(docs, ops, concurrency, "")
    relaxed = await on_postgres(docs, ops, concurrency, "&options=-csynchronous_commit%3Doff")
    print(
        f"{'ops/s (ratio to sqlite)':<40} {'sqlite':>8} {'postgres':>17} {'postgres, sync off':>19}"
    )
    for key, value in base.items():
        a, b = durable[key], relaxed[key]
        print(f"{key:<40} {value:>8.0f} {a:>8.0f} {a / value:>7.2f}x {b:>10.0f} {b / value:>7.2f}x")


async def on_postgres(docs: int, ops: int, concurrency: int, options: str) -> dict[str, float]:
    """The figures on a database created for them (and dropped after)."""
    name = f"campus_bench_{uuid.uuid4().hex[:10]}"
    admin = await psycopg.AsyncConnection.connect(ADMIN_URL, autocommit=True)
    try:
        await admin.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        url = _database_url(name) + f"?pool_max_size={concurrency}{options}"
        pg = PostgresStore.from_url(url)
        await pg.open()
        try:
            return await measure(pg, docs, ops, concurrency)
        finally:
            await pg.close()
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


def main() -> None:
    """Entry point for `./campus bench store`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=4000, help="documents inserted first")
    parser.add_argument("--ops", type=int, default=1500, help="operations per figure")
    parser.add_argument("--concurrency", type=int, default=16, help="operations in flight")
    args = parser.parse_args()
    if args.docs < 2 * args.ops:
        parser.error("--docs must be at least twice --ops (each write replaces its own document)")
    print(
        f"{args.docs} documents, {args.ops} operations per figure, "
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}; "
        f"command: ./campus bench store --docs {args.docs} --ops {args.ops} "
        f"--concurrency {args.concurrency}"
    )
    asyncio.run(run(args.docs, args.ops, args.concurrency))


if __name__ == "__main__":
    main()
