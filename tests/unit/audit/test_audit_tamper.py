"""Tampering directly in the SQLite file: `verify` (function and CLI) names the right seq."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from services.audit.handlers import verify_chain
from services.audit.repository import records
from shared.clock import FrozenClock
from shared.store.sqlite import SQLiteStore
from tests.unit.audit.audit_fixtures import START, event, open_store, record, record_many, sql

TABLE = "c_audit_records"
SEQ = "json_extract(doc, '$.seq')"


@pytest.fixture
async def chain_file(tmp_path):
    """A SQLite store holding a chain of 8 records; yields its path (store closed)."""
    path = tmp_path / "audit.db"
    store = await open_store(SQLiteStore(path))
    await record_many(store, 8, FrozenClock(START))
    await store.close()
    return str(path)


async def verify_file(path: str):
    store = SQLiteStore(path)
    await store.open()
    try:
        return await verify_chain(store, page=3)  # small pages: cross boundaries
    finally:
        await store.close()


def cli_verify(path: str, *extra: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "services.audit", "verify", "--store", f"sqlite:///{path}", *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, json.loads(done.stdout) if done.stdout else {"stderr": done.stderr}


async def test_untouched_chain_verifies_clean(chain_file):
    report = await verify_file(chain_file)
    assert report.ok and report.checked == 8 and report.last_seq == 8
    code, out = cli_verify(chain_file)
    assert code == 0 and out["ok"] is True and out["checked"] == 8 and out["problem"] is None


async def test_edited_field_is_reported_at_its_seq(chain_file):
    sql(
        chain_file,
        f"UPDATE {TABLE} SET doc = json_set(doc, '$.event.data.building_id', 'B99') "
        f"WHERE {SEQ} = 5",
    )
    report = await verify_file(chain_file)
    assert (report.problem.seq, report.problem.kind) == (5, "edited")
    code, out = cli_verify(chain_file)
    assert code == 1 and out["problem"]["seq"] == 5 and out["problem"]["kind"] == "edited"


async def test_deleted_record_is_reported_at_its_seq(chain_file):
    sql(chain_file, f"DELETE FROM {TABLE} WHERE {SEQ} = 4")
    report = await verify_file(chain_file)
    assert (report.problem.seq, report.problem.kind) == (4, "deleted")
    code, out = cli_verify(chain_file)
    assert code == 1 and (out["problem"]["seq"], out["problem"]["kind"]) == (4, "deleted")


async def test_deleted_last_record_is_reported(chain_file):
    sql(chain_file, f"DELETE FROM {TABLE} WHERE {SEQ} = 8")
    report = await verify_file(chain_file)
    assert (report.problem.seq, report.problem.kind) == (8, "deleted")


async def test_swapped_records_are_reported_at_the_first_position(chain_file):
    # Swap the positions of records 3 and 6 (through a free seq: seq is unique).
    sql(chain_file, f"UPDATE {TABLE} SET doc = json_set(doc, '$.seq', -1) WHERE {SEQ} = 3")
    sql(chain_file, f"UPDATE {TABLE} SET doc = json_set(doc, '$.seq', 3) WHERE {SEQ} = 6")
    sql(chain_file, f"UPDATE {TABLE} SET doc = json_set(doc, '$.seq', 6) WHERE {SEQ} = -1")
    report = await verify_file(chain_file)
    assert (report.problem.seq, report.problem.kind) == (3, "reordered")
    code, out = cli_verify(chain_file)
    assert code == 1 and (out["problem"]["seq"], out["problem"]["kind"]) == (3, "reordered")


async def test_cli_checks_anchors_and_refuses_a_missing_file(chain_file, tmp_path):
    report = await verify_file(chain_file)
    code, out = cli_verify(chain_file, "--anchor", f"8:{report.last_hash}")
    assert code == 0 and out["ok"]
    code, out = cli_verify(chain_file, "--anchor", f"8:{'0' * 64}")
    assert code == 1 and out["problem"]["kind"] == "anchor_mismatch"
    code, out = cli_verify(str(tmp_path / "nope.db"))
    assert code == 2 and "no store file" in out["stderr"]


async def test_records_appended_while_verifying_are_not_reported(chain_file, monkeypatch):
    """The chain grows during a walk: the walk covers the head as it was when it began."""
    store = SQLiteStore(chain_file)
    await store.open()
    clock = FrozenClock(START)
    records_after = records.records_after

    async def growing(store_, after_seq, limit):
        page = await records_after(store_, after_seq, limit)
        if after_seq == 0:  # after the first page is read, two more events arrive
            await record(store, event(100), clock)
            await record(store, event(101), clock)
        return page

    try:
        with monkeypatch.context() as patched:
            patched.setattr(records, "records_after", growing)
            report = await verify_chain(store, page=3)
        assert report.ok and report.last_seq == 8
        again = await verify_chain(store, page=3)
        assert again.ok and again.last_seq == 10
    finally:
        await store.close()
