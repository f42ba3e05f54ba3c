"""The pure verifier: each kind of tampering is named at the right sequence number."""

from __future__ import annotations

import copy

import pytest

from services.audit.domain import Head, Verifier, append, record_hash
from tests.unit.audit.audit_fixtures import event


def chain(n: int) -> tuple[list[dict], Head]:
    head = Head()
    records = []
    for i in range(1, n + 1):
        record, head = append(head, event(i).to_json(), recorded_at=f"t{i}")
        records.append(record)
    return records, head


def run(records: list[dict], head: Head | None, **kw):
    verifier = Verifier(**kw)
    for record in sorted(records, key=lambda r: r["seq"]):
        verifier.feed(record)
    return verifier.finish(head)


def test_untouched_chain_verifies_with_counts():
    records, head = chain(6)
    report = run(records, head)
    assert report.ok and report.problem is None
    assert (report.checked, report.first_seq, report.last_seq) == (6, 1, 6)
    assert report.last_hash == head.hash
    assert report.types == {"maintenance.ticket.opened.v1": 6}


@pytest.mark.parametrize(
    ("path", "value"),
    [(("event", "data", "note"), "changed"), (("event", "actor"), "u-other"), (("subject",), "X")],
)
def test_edited_field_is_reported_at_its_seq(path, value):
    records, head = chain(6)
    target = records[2]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    report = run(records, head)
    assert not report.ok
    assert (report.problem.seq, report.problem.kind) == (3, "edited")
    assert report.checked == 2


def test_edited_prev_hash_is_an_edit_not_a_reorder():
    records, head = chain(4)
    records[1]["prev_hash"] = "00" * 32
    assert (run(records, head).problem.seq, run(records, head).problem.kind) == (2, "edited")


def test_deleted_record_is_reported_at_the_missing_seq():
    records, head = chain(6)
    del records[3]
    report = run(records, head)
    assert (report.problem.seq, report.problem.kind) == (4, "deleted")


def test_deleted_last_records_are_found_through_the_head():
    records, head = chain(6)
    report = run(records[:4], head)
    assert (report.problem.seq, report.problem.kind) == (5, "deleted")


def test_swapped_records_are_reported_as_reordered_at_the_first_position():
    records, head = chain(6)
    records[1]["seq"], records[4]["seq"] = 5, 2
    report = run(records, head)
    assert (report.problem.seq, report.problem.kind) == (2, "reordered")


def test_rewritten_last_record_with_recomputed_hash_disagrees_with_the_head():
    records, head = chain(5)
    last = records[-1]
    last["event"]["data"]["note"] = "forged"
    last["hash"] = record_hash(last["prev_hash"], last["event"])
    report = run(records, head)
    assert (report.problem.seq, report.problem.kind) == (5, "edited")


def test_anchor_catches_a_chain_rewritten_from_some_point():
    records, head = chain(5)
    genuine = records[2]["hash"]
    forged = copy.deepcopy(records)
    prev = forged[1]["hash"]
    new_head = None
    for record in forged[2:]:
        record["event"]["data"]["note"] = "forged"
        record["prev_hash"] = prev
        record["hash"] = prev = record_hash(prev, record["event"])
        new_head = Head(seq=record["seq"], hash=prev, significant_seq=record["seq"])
    assert run(forged, new_head).ok  # self-consistent forgery...
    report = run(forged, new_head, anchors={3: genuine})  # ...but not against a kept checkpoint
    assert (report.problem.seq, report.problem.kind) == (3, "anchor_mismatch")


def test_walk_from_a_base_after_archiving():
    records, head = chain(6)
    base = records[2]
    report = run(records[3:], head, base_seq=base["seq"], base_hash=base["hash"])
    assert report.ok and report.first_seq == 4 and report.checked == 3
    wrong = run(records[3:], head, base_seq=3, base_hash="ff" * 32)
    assert (wrong.problem.seq, wrong.problem.kind) == (4, "reordered")
