"""The pure chain rules: canonical bytes, hashes, appending, checkpoints, names, filters."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

from services.audit.domain import (
    GENESIS_HASH,
    Head,
    LastCheckpoint,
    RecordFilter,
    append,
    canonical_json,
    checkpoint,
    checkpoint_due,
    dedup_key,
    expired_prefix,
    record_hash,
    replay_queue_problem,
)
from services.audit.events import CHECKPOINT_TYPE
from tests.unit.audit.audit_fixtures import event

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_canonical_json_sorts_keys_drops_whitespace_keeps_unicode():
    value = {"b": [1, 2.5, None], "a": {"z": True, "y": "水管"}}
    assert canonical_json(value) == '{"a":{"y":"水管","z":true},"b":[1,2.5,null]}'.encode()


def test_record_hash_is_domain_separated_sha256_over_prev_and_canonical_event():
    ev = event(1).to_json()
    prev = "ab" * 32
    expected = hashlib.sha256(
        b"campus-audit-v1\x00record\x00"
        + bytes.fromhex(prev)
        + json.dumps(ev, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    assert record_hash(prev, ev) == expected
    plain = hashlib.sha256(bytes.fromhex(prev) + canonical_json(ev)).hexdigest()
    assert record_hash(prev, ev) != plain


def test_append_links_records_and_counts_seq():
    head = Head()
    records = []
    for n in range(1, 4):
        record, head = append(head, event(n).to_json(), recorded_at="t")
        records.append(record)
    assert [r["seq"] for r in records] == [1, 2, 3]
    assert records[0]["prev_hash"] == GENESIS_HASH
    assert records[1]["prev_hash"] == records[0]["hash"]
    assert head == Head(seq=3, hash=records[2]["hash"], significant_seq=3)
    assert records[2]["_id"] == "000000000003"
    assert records[0]["subject"] == "T-1" and records[0]["correlation_id"] == "ev-0001"


def test_dedup_key_is_source_and_id():
    assert dedup_key("/a", "1") != dedup_key("/b", "1")
    assert dedup_key("/a", "1") == dedup_key("/a", "1")
    # The newline separator keeps a source/id boundary from sliding.
    assert dedup_key("/a", "b1") != dedup_key("/ab", "1")


def test_quiet_records_do_not_move_the_significant_seq():
    head = Head(seq=5, hash="11" * 32, significant_seq=5)
    _, after = append(head, event(6).to_json(), recorded_at="t", quiet=True)
    assert after.seq == 6 and after.significant_seq == 5


def test_checkpoint_due_by_count_or_time_but_never_for_own_checkpoints_only():
    last = LastCheckpoint(seq=10, head_hash="aa" * 32, at=NOW)
    busy = Head(seq=20, hash="bb" * 32, significant_seq=20)
    few = Head(seq=12, hash="cc" * 32, significant_seq=12)
    kw = {"every_records": 10, "every_seconds": 60}
    assert checkpoint_due(busy, last, NOW, **kw)
    assert not checkpoint_due(few, last, NOW + timedelta(seconds=59), **kw)
    assert checkpoint_due(few, last, NOW + timedelta(seconds=60), **kw)
    # Only our own checkpoint came in since seq 10: nothing to checkpoint, however long it waits.
    quiet = Head(seq=11, hash="dd" * 32, significant_seq=10)
    assert not checkpoint_due(quiet, last, NOW + timedelta(days=30), **kw)


def test_checkpoint_event_names_the_head_and_the_previous_checkpoint():
    last = LastCheckpoint(seq=10, head_hash="aa" * 32, at=NOW)
    head = Head(seq=25, hash="bb" * 32, significant_seq=24)
    cp = checkpoint(head, last, NOW)
    assert cp.event_type == CHECKPOINT_TYPE
    assert (cp.seq, cp.head_hash, cp.records) == (25, "bb" * 32, 15)
    assert (cp.previous_seq, cp.previous_hash) == (10, "aa" * 32)
    assert cp.time == "2026-03-02T08:00:00.000000Z"


def test_replay_queue_must_sit_under_the_namespace_replay_prefix():
    assert replay_queue_problem("campus", "campus.replay.finance-1") is None
    assert "campus.replay." in replay_queue_problem("campus", "campus.notifications")
    assert replay_queue_problem("campus", "other.replay.x") is not None
    assert replay_queue_problem("campus", "campus.replay.") is not None
    assert replay_queue_problem("campus", "campus.replay.UPPER") is not None
    assert replay_queue_problem("campus", "campus.replay.a b") is not None


def test_record_filter_builds_store_filter_and_description():
    flt = RecordFilter(
        subject="T-1",
        types=("a.b.v1", "a.c.v1"),
        since=NOW,
        until=NOW + timedelta(hours=1),
    )
    assert flt.store_filter() == {
        "subject": "T-1",
        "type": {"$in": ["a.b.v1", "a.c.v1"]},
        "time": {"$gte": "2026-03-02T08:00:00.000000Z", "$lt": "2026-03-02T09:00:00.000000Z"},
    }
    assert RecordFilter(types=("a.b.v1",)).store_filter() == {"type": "a.b.v1"}
    assert flt.described()["types"] == ["a.b.v1", "a.c.v1"]
    assert RecordFilter().store_filter() == {}


def test_expired_prefix_stops_at_the_first_record_inside_the_window():
    records = [{"recorded_at": t} for t in ("2020", "2021", "2030", "2020")]
    assert expired_prefix(records, "2025") == records[:2]
