"""Queries on a SQLite store: filters, causal order, cursor pages, exports; each one recorded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from services.audit.domain import RecordFilter
from services.audit.domain.export import csv_cell, csv_row
from services.audit.handlers import search_records
from services.audit.repository import RECORDS, records
from shared.clock import FrozenClock
from shared.outbox import OUTBOX
from shared.store import Query
from shared.store.sqlite import SQLiteStore
from shared.uow import UnitOfWork
from tests.unit.audit.audit_fixtures import (
    AUDITOR,
    SOURCE,
    START,
    context,
    event,
    open_store,
    record,
)


@pytest.fixture
async def store(tmp_path):
    store = await open_store(SQLiteStore(tmp_path / "audit.db"))
    clock = FrozenClock(START)
    # A causal story recorded out of time order (the effect's service delivered it first),
    # plus unrelated events of other subjects, actors and types.
    rejected = event(10, type="canteen.delivery.rejected.v1", subject="D-7", correlation="story")
    alert = event(
        11,
        type="notifications.notification.delivered.v1",
        subject="N-1",
        correlation="story",
        causation=rejected.id,
        actor=None,
    )
    ack = event(
        12,
        type="canteen.delivery.acknowledged.v1",
        subject="D-7",
        correlation="story",
        causation=alert.id,
        actor="u-manager-1",
    )
    for ev in (alert, rejected, ack):
        await record(store, ev, clock)
    for n in range(1, 8):
        await record(store, event(n, subject="T-1" if n % 2 else "T-2", actor=f"u-{n % 3}"), clock)
    yield store
    await store.close()


async def search(store, flt, *, limit=100, cursor=None):
    uow = UnitOfWork(store, source=SOURCE, actor=AUDITOR.user_id)
    return await search_records(uow, context(), AUDITOR, flt, limit=limit, cursor=cursor)


async def test_correlation_returns_the_story_by_time_then_seq(store):
    page = await search(store, RecordFilter(correlation_id="story"))
    types = [r["type"] for r in page.items]
    assert types == [
        "canteen.delivery.rejected.v1",
        "notifications.notification.delivered.v1",
        "canteen.delivery.acknowledged.v1",
    ]
    assert [r["seq"] for r in page.items] == [2, 1, 3]
    assert page.items[1]["causation_id"] == page.items[0]["event_id"]


async def test_filters_by_subject_actor_type_and_time(store):
    assert len((await search(store, RecordFilter(subject="T-1"))).items) == 4
    assert len((await search(store, RecordFilter(subject="D-7"))).items) == 2
    assert len((await search(store, RecordFilter(actor="u-manager-1"))).items) == 1
    both = RecordFilter(types=("canteen.delivery.rejected.v1", "canteen.delivery.acknowledged.v1"))
    assert len((await search(store, both)).items) == 2
    window = RecordFilter(since=START + timedelta(minutes=3), until=START + timedelta(minutes=6))
    assert [r["event_id"] for r in (await search(store, window)).items] == [
        "ev-0003",
        "ev-0004",
        "ev-0005",
    ]
    combined = RecordFilter(subject="T-1", since=START + timedelta(minutes=4))
    assert [r["event_id"] for r in (await search(store, combined)).items] == ["ev-0005", "ev-0007"]


async def test_cursor_pages_return_every_record_once_in_order(store):
    seen, cursor = [], None
    while True:
        page = await search(store, RecordFilter(), limit=3, cursor=cursor)
        seen += [r["event_id"] for r in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == 10 and len(set(seen)) == 10
    assert seen[:7] == [f"ev-{n:04d}" for n in range(1, 8)]  # event time order


async def test_every_query_is_recorded_with_who_and_what(store):
    await search(store, RecordFilter(subject="T-1", types=("a.b.v1",)), limit=5)
    entries = (await store.find(OUTBOX, Query({"routing_key": "audit.query.performed.v1"}))).items
    assert len(entries) == 1
    envelope = entries[0]["envelope"]
    assert envelope["actor"] == "u-auditor-1" and "subject" not in envelope
    assert envelope["data"] == {
        "kind": "search",
        "user_id": "u-auditor-1",
        "roles": ["auditor"],
        "filters": {"subject": "T-1", "types": ["a.b.v1"], "limit": 5},
        "results": 0,
    }


async def test_export_reads_every_page(store):
    pages = [p async for p in records.pages(store, RecordFilter().store_filter(), page=4)]
    assert [len(p) for p in pages] == [4, 4, 2]
    assert await store.count(RECORDS) == 10


async def test_csv_rows_keep_data_as_json_and_defuse_formulas(store):
    page = await search(store, RecordFilter(subject="D-7"))
    row = [csv_cell(v) for v in csv_row(page.items[0])]
    out = io.StringIO()
    csv.writer(out).writerow(row)
    parsed = next(csv.reader(io.StringIO(out.getvalue())))
    assert parsed[3] == "canteen.delivery.rejected.v1"
    assert parsed[10].startswith('{"building_id":"B01"')
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell(None) == ""
    assert csv_cell(5) == 5
