"""Retention: expired records move to gzip JSON Lines files that keep the chain verifiable."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import timedelta

import pytest

from services.audit.handlers import archive_expired, verify_chain
from services.audit.repository import ARCHIVES, RECORDS
from shared.clock import FrozenClock
from shared.errors import Conflict
from shared.outbox import OUTBOX
from shared.store import Query
from shared.store.sqlite import SQLiteStore
from shared.uow import UnitOfWork
from tests.unit.audit.audit_fixtures import (
    ADMIN,
    SOURCE,
    START,
    context,
    event,
    open_store,
    record,
    sql,
)

NOW = START + timedelta(days=10)


@pytest.fixture
async def store(tmp_path):
    """Ten records, recorded one a day from START."""
    store = await open_store(SQLiteStore(tmp_path / "audit.db"))
    clock = FrozenClock(START)
    for n in range(1, 11):
        await record(store, event(n), clock)
        clock.advance(days=1)
    yield store
    await store.close()


async def archive(store, folder, *, days=5, batch=2):
    ctx = context(FrozenClock(NOW), archive_dir=folder, retention_days=days, archive_batch=batch)
    uow = UnitOfWork(store, source=SOURCE, actor=ADMIN.user_id)
    return await archive_expired(uow, ctx, ADMIN)


async def test_expired_records_move_to_files_and_the_chain_still_verifies(store, tmp_path):
    folder = tmp_path / "archive"
    before = await verify_chain(store)
    run = await archive(store, folder)
    # Cutoff START+5d: records 1..5 (recorded START+0d..4d) are past it; 6 is not.
    assert run.records == 5 and run.base_seq == 5
    assert [f["file"] for f in run.files] == [
        "audit-000000000001-000000000002.jsonl.gz",
        "audit-000000000003-000000000004.jsonl.gz",
        "audit-000000000005-000000000005.jsonl.gz",
    ]
    assert await store.count(RECORDS) == 5
    assert await store.count(ARCHIVES) == 3
    with gzip.open(folder / run.files[0]["file"], "rt") as fh:
        lines = [json.loads(line) for line in fh]
    header, first = lines[0], lines[1]
    assert header["prev_hash"] == "0" * 64 and header["records"] == 2
    assert header["head_hash"] == lines[2]["hash"] and first["event"]["id"] == "ev-0001"
    # The store alone verifies from the base; with the archives, from the genesis.
    store_only = await verify_chain(store)
    assert store_only.ok and store_only.first_seq == 6 and store_only.base_seq == 5
    full = await verify_chain(store, archive_dir=folder)
    assert full.ok and full.checked == 10 and full.last_hash == before.last_hash
    # Never silent: each file is announced in the chain's own events.
    announced = await store.find(
        OUTBOX, Query({"routing_key": "audit.records.archived.v1"}, sort=[("order", 1)])
    )
    assert [e["envelope"]["data"]["last_seq"] for e in announced.items] == [2, 4, 5]
    assert announced.items[0]["envelope"]["actor"] == "u-admin-1"
    # A second run finds nothing more to move.
    assert (await archive(store, folder)).records == 0


async def test_tampered_or_missing_archive_file_is_named(store, tmp_path):
    folder = tmp_path / "archive"
    run = await archive(store, folder)
    second = folder / run.files[1]["file"]
    with gzip.open(second, "rt") as fh:
        lines = [json.loads(line) for line in fh]
    lines[2]["event"]["data"]["note"] = "forged"  # record 4
    with gzip.open(second, "wt") as fh:
        fh.writelines(json.dumps(x) + "\n" for x in lines)
    report = await verify_chain(store, archive_dir=folder)
    assert (report.problem.seq, report.problem.kind) == (4, "edited")
    second.unlink()
    report = await verify_chain(store, archive_dir=folder)
    assert (report.problem.seq, report.problem.kind) == (3, "deleted")


async def test_a_broken_chain_is_not_archived(store, tmp_path):
    sql(
        str(tmp_path / "audit.db"),
        "DELETE FROM c_audit_records WHERE json_extract(doc, '$.seq') = 2",
    )
    with pytest.raises(Conflict) as refused:
        await archive(store, tmp_path / "archive")
    assert "seq 2" in refused.value.reason
    assert await store.count(RECORDS) == 9
    assert not list((tmp_path / "archive").glob("*.gz"))


def run_cli(db, folder) -> subprocess.CompletedProcess[str]:
    """The archive command in its own process, as an operator runs it."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "services.audit",
            "archive",
            "--store",
            f"sqlite:///{db}",
            "--archive-dir",
            str(folder),
            "--retention-days",
            "1",
            "--batch",
            "100",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_archive_command_line(store, tmp_path):
    await store.close()
    folder = tmp_path / "cli-archive"
    done = run_cli(tmp_path / "audit.db", folder)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # Run today, long after START: every record is past a one-day window.
    assert out["records"] == 10 and out["base_seq"] == 10 and len(out["files"]) == 1
    await store.open()
    assert await store.count(RECORDS) == 0
    report = await verify_chain(store, archive_dir=folder)
    assert report.ok and report.checked == 10
