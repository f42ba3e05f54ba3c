"""Audit benchmark: write N records through the repository, then time verify and queries.

    .venv/bin/python bench/audit_bench.py --records 1000000

Writes a synthetic campus event stream (stories of 1-5 causally linked events sharing a
correlation id, ~20 events per subject, 500 actors, 16 types) into a fresh SQLite file through
`repository.records.append_batch` (one atomic write per batch), then measures:

- verify: the full chain walk (`verify_chain`, hash recomputation and index-field checks), in
  records per second;
- query latency by subject and by correlation id (first page, as the API runs them), p50/p95/p99
  over random keys.

Prints the figures with the command that produced them. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.audit.domain.chain import GENESIS_HASH, record_hash  # noqa: E402
from services.audit.handlers import verify_chain  # noqa: E402
from services.audit.repository import INDEXES, LIST_SORT, RECORDS, records  # noqa: E402
from shared.clock import iso  # noqa: E402
from shared.store import Query  # noqa: E402
from shared.store.sqlite import SQLiteStore  # noqa: E402

TYPES = [
    "maintenance.ticket.opened.v1",
    "maintenance.ticket.assigned.v1",
    "maintenance.ticket.started.v1",
    "maintenance.ticket.resolved.v1",
    "maintenance.ticket.closed.v1",
    "maintenance.ticket.sla_breached.v1",
    "canteen.delivery.received.v1",
    "canteen.delivery.rejected.v1",
    "canteen.stock.expiring.v1",
    "assets.asset.registered.v1",
    "assets.asset.assigned.v1",
    "assets.asset.damaged.v1",
    "notifications.notification.delivered.v1",
    "maintenance.inspection.checkpoint_failed.v1",
    "finance.invoice.paid.v1",
    "security.door.forced.v1",
]
SOURCES = {t.split(".")[0]: f"/campus-logistics/{t.split('.')[0]}" for t in TYPES}
START = datetime(2026, 1, 1, tzinfo=UTC)


def stream(total: int, rng: random.Random) -> Any:
    """Yield `total` event dicts shaped like `Envelope.to_json()`, in time order."""
    subjects = max(1, total // 20)
    moment = START
    produced = 0
    while produced < total:
        correlation = str(uuid.UUID(int=rng.getrandbits(128)))
        subject = f"E-{rng.randrange(subjects):07d}"
        cause: str | None = None
        for _ in range(min(rng.randint(1, 5), total - produced)):
            moment += timedelta(milliseconds=rng.randint(5, 4000))
            kind = rng.choice(TYPES)
            eid = str(uuid.UUID(int=rng.getrandbits(128)))
            yield {
                "specversion": "1.0",
                "id": eid,
                "source": SOURCES[kind.split(".")[0]],
                "type": kind,
                "time": iso(moment),
                "subject": subject,
                "datacontenttype": "application/json",
                "correlationid": correlation,
                **({"causationid": cause} if cause else {}),
                "actor": f"u-{rng.randrange(500):03d}",
                "data": {
                    "entity_id": subject,
                    "building_id": f"B{rng.randrange(1, 40):02d}",
                    "status": "open",
                    "note": "三楼水管漏水，已通知维修",
                },
            }
            cause = eid
            produced += 1


def remove_db(path: Path) -> None:
    """Delete a SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def db_megabytes(path: Path) -> float:
    """Size of the SQLite file plus its WAL, in MB."""
    files = [Path(f"{path}{s}") for s in ("", "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95 and p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


async def timed_queries(
    store: SQLiteStore, field: str, keys: list[str], limit: int
) -> tuple[dict[str, float], float]:
    """Latency of the first page of a query per key; returns percentiles and mean page size."""
    samples, sizes = [], []
    for key in keys:
        started = time.perf_counter()
        page = await records.search(store, {field: key}, limit=limit)
        samples.append(time.perf_counter() - started)
        sizes.append(len(page.items))
    return percentiles(samples), statistics.fmean(sizes)


async def hashing_baseline(store: SQLiteStore, count: int) -> float:
    """Records/s for the chain arithmetic alone, on records already in memory."""
    loaded = []
    async for record in records.walk(store, 0, 2000):
        loaded.append(record)
        if len(loaded) >= count:
            break
    started = time.perf_counter()
    previous = GENESIS_HASH
    for record in loaded:
        previous = record_hash(previous, record["event"])
    return len(loaded) / (time.perf_counter() - started)


async def seq_baseline(
    store: SQLiteStore, rng: random.Random, written: int, queries: int
) -> dict[str, float]:
    """Latency of reading one record by its sequence number (the cheapest query there is)."""
    samples = []
    for _ in range(queries):
        seq = rng.randint(1, written)
        started = time.perf_counter()
        await records.by_seq(store, seq)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


async def main(args: argparse.Namespace) -> None:
    """Write, verify, query; print the figures."""
    folder = Path(args.dir or tempfile.mkdtemp(prefix="audit-bench-"))
    path = folder / "audit-bench.db"
    remove_db(path)
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes(INDEXES)
    rng = random.Random(args.seed)
    subjects, correlations = [], []

    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    written = 0
    keep = min(1.0, 4 * args.queries / max(1, args.records))  # keys to query, drawn as we go
    for event in stream(args.records, rng):
        batch.append(event)
        if rng.random() < keep:
            subjects.append(event["subject"])
            correlations.append(event["correlationid"])
        if len(batch) >= args.batch:
            await records.append_batch(
                store, batch, recorded_at=datetime.now(UTC), own_source="bench"
            )
            written += len(batch)
            batch = []
            if written % (args.batch * 40) == 0:
                rate = written / (time.perf_counter() - started)
                print(f"  written {written:,} ({rate:,.0f} records/s)", flush=True)
    if batch:
        await records.append_batch(store, batch, recorded_at=datetime.now(UTC), own_source="bench")
        written += len(batch)
    write_seconds = time.perf_counter() - started
    size_mb = db_megabytes(path)

    started = time.perf_counter()
    report = await verify_chain(store, page=args.page)
    verify_seconds = time.perf_counter() - started
    hash_rate = await hashing_baseline(store, min(written, 100_000))
    by_seq = await seq_baseline(store, rng, written, args.queries)

    keys = rng.sample(subjects, min(args.queries, len(subjects)))
    corr = rng.sample(correlations, min(args.queries, len(correlations)))
    await timed_queries(store, "subject", keys[:10], 100)  # warm the page cache first
    by_subject, subject_rows = await timed_queries(store, "subject", keys, 100)
    by_corr, corr_rows = await timed_queries(store, "correlation_id", corr, 200)
    plan_subject = await store.explain(
        RECORDS, Query({"subject": keys[0]}, sort=list(LIST_SORT), limit=100)
    )
    plan_corr = await store.explain(
        RECORDS, Query({"correlation_id": corr[0]}, sort=list(LIST_SORT), limit=200)
    )
    await store.close()

    print()
    print("command:   " + " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]))
    print(
        f"machine:   {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"store:     {path} ({size_mb:,.0f} MB)")
    print(
        f"write:     {written:,} records in {write_seconds:,.1f} s = "
        f"{written / write_seconds:,.0f} records/s (batches of {args.batch}, 9 indexes)"
    )
    print(
        f"verify:    {report.checked:,} records in {verify_seconds:,.1f} s = "
        f"{report.checked / verify_seconds:,.0f} records/s (ok={report.ok}, pages of {args.page})"
    )
    verify_rate = report.checked / verify_seconds
    print(
        f"baseline:  hashing alone (canonical JSON + SHA-256, records read first) "
        f"{hash_rate:,.0f} records/s; verify runs at x{verify_rate / hash_rate:.2f} of it"
    )
    print(
        "baseline:  one record by seq (primary key): "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in by_seq.items())
    )
    print(
        f"ratios:    subject p95 x{by_subject['p95'] / by_seq['p95']:.1f}, "
        f"correlation p95 x{by_corr['p95'] / by_seq['p95']:.1f} of the primary-key read"
    )
    print(
        f"subject:   {len(keys)} queries, first page (limit 100, mean {subject_rows:.1f} rows): "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in by_subject.items())
    )
    print(
        f"correlation: {len(corr)} queries, first page (limit 200, mean {corr_rows:.1f} rows): "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in by_corr.items())
    )
    print("plan (subject):     " + " | ".join(plan_subject))
    print("plan (correlation): " + " | ".join(plan_corr))
    if not args.keep:
        remove_db(path)


def parse() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=5000, help="records per atomic write")
    parser.add_argument("--page", type=int, default=2000, help="records per verify read")
    parser.add_argument("--queries", type=int, default=500, help="queries per kind")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--dir", help="folder for the SQLite file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
