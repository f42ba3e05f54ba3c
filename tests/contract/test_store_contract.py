"""The document-store contract: one suite, run on every adapter (see conftest's `store`).

The tests at the end check what only a real database can show: several OS processes racing on
one SQLite file and on one PostgreSQL database, and, for SQLite, data surviving a reopen, WAL
mode and the planner using an index (PostgreSQL's own checks are in test_postgres.py).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from shared.store import (
    Delete,
    DocumentStore,
    DuplicateKeyError,
    Index,
    Insert,
    InvalidQueryError,
    Query,
    Replace,
    VersionConflictError,
    store_from_url,
)
from shared.store.mongo import MongoStore, database_from_url
from shared.store.sqlite import SQLiteStore


async def ids(store: DocumentStore, coll: str, query: Query) -> list[str]:
    """The `_id`s of one find, in order."""
    return [d["_id"] for d in (await store.find(coll, query)).items]


async def all_pages(store: DocumentStore, coll: str, query: Query) -> list[list[str]]:
    """Follow next_cursor to the end; the `_id`s page by page."""
    pages, after = [], None
    while True:
        page = await store.find(coll, Query(query.filter, query.sort, query.limit, after))
        pages.append([d["_id"] for d in page.items])
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


TICKETS = [
    # _id, status, priority, created_at, assignee ("-" = missing), building
    ("t01", "open", 3, "2026-03-01T08:00:00.000000Z", "li", "A"),
    ("t02", "open", 1, "2026-03-01T09:30:00.000000Z", None, "B"),
    ("t03", "closed", 2, "2026-03-02T10:00:00.000000Z", "wang", "A"),
    ("t04", "open", 2, "2026-03-02T11:15:00.000000Z", "-", "C"),
    ("t05", "in_progress", 5, "2026-03-03T07:45:00.000000Z", "li", "B"),
    ("t06", "closed", 4, "2026-03-04T12:00:00.000000Z", "-", "A"),
]


async def seed_tickets(store: DocumentStore) -> None:
    """Six tickets with a nested location and an assignee that is set, null or missing."""
    for _id, status, prio, created, assignee, building in TICKETS:
        doc: dict[str, Any] = {
            "_id": _id,
            "status": status,
            "priority": prio,
            "created_at": created,
            "location": {"building": building, "floor": prio % 3},
        }
        if assignee != "-":
            doc["assignee"] = assignee
        await store.insert("tickets", doc)


# --- documents and versions -----------------------------------------------------------------


async def test_insert_get_round_trip_with_unicode_and_nesting(store: DocumentStore) -> None:
    doc = {
        "_id": "餐厅-001",
        "name": "第一食堂 (North Canteen)",
        "menu": [{"dish": "宫保鸡丁", "price": 18.5, "spicy": True}, {"dish": "米饭", "price": 2}],
        "hours": {"open": "06:30", "close": "21:00", "closed_on": None},
        "seats": 420,
        "tags": ["早餐", "夜宵"],
        "emoji": "🍜",
    }
    stored = await store.insert("canteens", doc)
    assert stored == {**doc, "_v": 1}
    assert await store.get("canteens", "餐厅-001") == {**doc, "_v": 1}
    assert await store.get("canteens", "missing") is None
    assert await store.get("never_written", "x") is None
    assert await store.ping() is True


async def test_version_starts_at_one_and_increments(store: DocumentStore) -> None:
    doc = await store.insert("assets", {"_id": "a1", "name": "projector"})
    assert doc["_v"] == 1
    doc = await store.replace("assets", {**doc, "name": "projector 2"}, 1)
    assert doc["_v"] == 2
    doc = await store.replace("assets", {**doc, "room": "B-201"}, doc["_v"])
    assert await store.get("assets", "a1") == {
        "_id": "a1",
        "name": "projector 2",
        "room": "B-201",
        "_v": 3,
    }


async def test_stale_replace_conflicts_and_changes_nothing(store: DocumentStore) -> None:
    v1 = await store.insert("assets", {"_id": "a1", "name": "old"})
    await store.replace("assets", {**v1, "name": "new"}, 1)
    with pytest.raises(VersionConflictError) as err:
        await store.replace("assets", {**v1, "name": "lost update"}, 1)
    assert (err.value.collection, err.value.doc_id, err.value.expected) == ("assets", "a1", 1)
    assert await store.get("assets", "a1") == {"_id": "a1", "name": "new", "_v": 2}
    with pytest.raises(VersionConflictError):
        await store.replace("assets", {"_id": "nobody", "name": "x"}, 1)
    assert await store.get("assets", "nobody") is None


async def test_delete_needs_the_current_version(store: DocumentStore) -> None:
    doc = await store.insert("assets", {"_id": "a1"})
    await store.replace("assets", doc, 1)
    with pytest.raises(VersionConflictError):
        await store.write([Delete("assets", "a1", 1)])
    assert (await store.get("assets", "a1"))["_v"] == 2
    await store.write([Delete("assets", "a1", 2)])
    assert await store.get("assets", "a1") is None
    with pytest.raises(VersionConflictError):
        await store.write([Delete("assets", "a1", 2)])


async def test_write_applies_all_operations_across_collections(store: DocumentStore) -> None:
    await store.insert("assets", {"_id": "a1", "state": "free"})
    await store.insert("assets", {"_id": "a2", "state": "retired"})
    await store.write(
        [
            Replace("assets", {"_id": "a1", "state": "lent"}, 1),
            Delete("assets", "a2", 1),
            Insert("loans", {"_id": "l1", "asset": "a1"}),
        ]
    )
    assert (await store.get("assets", "a1"))["state"] == "lent"
    assert await store.get("assets", "a2") is None
    assert await store.get("loans", "l1") == {"_id": "l1", "asset": "a1", "_v": 1}
    await store.write([])


async def test_write_is_atomic_when_the_last_operation_conflicts(store: DocumentStore) -> None:
    await store.insert("assets", {"_id": "a1", "state": "free"})
    await store.insert("assets", {"_id": "a2", "state": "free"})
    with pytest.raises(VersionConflictError):
        await store.write(
            [
                Insert("loans", {"_id": "l1", "asset": "a1"}),
                Replace("assets", {"_id": "a1", "state": "lent"}, 1),
                Delete("assets", "a2", 1),
                Replace("assets", {"_id": "a2", "state": "gone"}, 7),
            ]
        )
    assert await store.get("loans", "l1") is None
    assert await store.get("assets", "a1") == {"_id": "a1", "state": "free", "_v": 1}
    assert await store.get("assets", "a2") == {"_id": "a2", "state": "free", "_v": 1}
    assert await store.count("loans") == 0


async def test_duplicate_id_is_rejected(store: DocumentStore) -> None:
    await store.insert("assets", {"_id": "a1", "n": 1})
    with pytest.raises(DuplicateKeyError) as err:
        await store.insert("assets", {"_id": "a1", "n": 2})
    assert "assets" in str(err.value) and "a1 on _id" in str(err.value)
    assert await store.get("assets", "a1") == {"_id": "a1", "n": 1, "_v": 1}


async def test_unique_index_violation_writes_nothing(store: DocumentStore) -> None:
    ix = Index("assets", ("tag",), unique=True)
    await store.ensure_indexes([ix])
    await store.ensure_indexes([ix])  # idempotent
    await store.insert("assets", {"_id": "a1", "tag": "T-100"})
    with pytest.raises(DuplicateKeyError) as err:
        await store.insert("assets", {"_id": "a2", "tag": "T-100"})
    assert str(err.value) == "duplicate key in assets: a2 on ix_assets__tag"
    assert err.value.collection == "assets"
    with pytest.raises(DuplicateKeyError):
        await store.write(
            [
                Insert("assets", {"_id": "a3", "tag": "T-300"}),
                Insert("assets", {"_id": "a4", "tag": "T-100"}),
            ]
        )
    assert await store.get("assets", "a2") is None
    assert await store.get("assets", "a3") is None
    b = await store.insert("assets", {"_id": "b1", "tag": "T-200"})
    with pytest.raises(DuplicateKeyError):
        await store.replace("assets", {**b, "tag": "T-100"}, 1)
    assert (await store.get("assets", "b1"))["tag"] == "T-200"
    # Null or missing values never collide: many assets may wait for a tag.
    await store.insert("assets", {"_id": "n1", "tag": None})
    await store.insert("assets", {"_id": "n2", "tag": None})
    await store.insert("assets", {"_id": "n3"})
    await store.insert("assets", {"_id": "n4"})
    assert await store.count("assets") == 6


async def test_compound_unique_index(store: DocumentStore) -> None:
    await store.ensure_indexes([Index("rooms", ("building", "number"), unique=True)])
    await store.insert("rooms", {"_id": "r1", "building": "A", "number": 101})
    await store.insert("rooms", {"_id": "r2", "building": "A", "number": 102})
    await store.insert("rooms", {"_id": "r3", "building": "B", "number": 101})
    with pytest.raises(DuplicateKeyError) as err:
        await store.insert("rooms", {"_id": "r4", "building": "A", "number": 101})
    assert "rooms" in str(err.value) and "ix_rooms__building__number" in str(err.value)
    await store.insert("rooms", {"_id": "r5", "building": "A", "number": None})
    await store.insert("rooms", {"_id": "r6", "building": "A"})
    assert await store.count("rooms") == 5


async def test_unique_index_over_existing_duplicates_fails(store: DocumentStore) -> None:
    await store.insert("users", {"_id": "u1", "email": "a@campus.edu"})
    await store.insert("users", {"_id": "u2", "email": "a@campus.edu"})
    with pytest.raises(DuplicateKeyError) as err:
        await store.ensure_indexes([Index("users", ("email",), unique=True)])
    assert "users" in str(err.value) and "ix_users__email" in str(err.value)
    await store.insert("users", {"_id": "u3", "email": "a@campus.edu"})  # no index was left


# --- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({}, ["t01", "t02", "t03", "t04", "t05", "t06"]),
        ({"status": "open"}, ["t01", "t02", "t04"]),
        ({"status": "open", "priority": 2}, ["t04"]),
        ({"assignee": None}, ["t02", "t04", "t06"]),
        ({"assignee": {"$ne": None}}, ["t01", "t03", "t05"]),
        ({"assignee": {"$ne": "li"}}, ["t02", "t03", "t04", "t06"]),
        ({"assignee": {"$in": ["wang", "zhao"]}}, ["t03"]),
        ({"assignee": {"$in": ["wang", None]}}, ["t02", "t03", "t04", "t06"]),
        ({"status": {"$in": []}}, []),
        ({"priority": {"$gte": 2, "$lt": 4}}, ["t01", "t03", "t04"]),
        ({"priority": {"$gt": 4}}, ["t05"]),
        ({"priority": {"$lte": 1.5}}, ["t02"]),
        ({"created_at": {"$gte": "2026-03-02T00:00:00.000000Z"}}, ["t03", "t04", "t05", "t06"]),
        (
            {
                "created_at": {
                    "$gt": "2026-03-01T09:30:00.000000Z",
                    "$lt": "2026-03-03T00:00:00.000000Z",
                }
            },
            ["t03", "t04"],
        ),
        ({"assignee": {"$gt": "a"}}, ["t01", "t03", "t05"]),
        ({"location.building": "A"}, ["t01", "t03", "t06"]),
        (
            {"location.building": {"$in": ["B", "C"]}, "status": {"$ne": "closed"}},
            ["t02", "t04", "t05"],
        ),
        ({"location.nowhere": None}, ["t01", "t02", "t03", "t04", "t05", "t06"]),
        ({"_id": {"$in": ["t02", "t06", "zz"]}}, ["t02", "t06"]),
        ({"_id": {"$gt": "t04"}}, ["t05", "t06"]),
    ],
)
async def test_filters(store: DocumentStore, filter: dict[str, Any], expected: list[str]) -> None:
    await seed_tickets(store)
    assert sorted(await ids(store, "tickets", Query(filter))) == sorted(expected)
    assert await store.count("tickets", filter) == len(expected)


async def test_count(store: DocumentStore) -> None:
    assert await store.count("tickets") == 0
    await seed_tickets(store)
    assert await store.count("tickets") == 6
    assert await store.count("tickets", {"status": "closed"}) == 2
    assert await store.count("tickets", {"status": "open", "priority": {"$gte": 2}}) == 2


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ([("priority", 1)], ["t02", "t03", "t04", "t01", "t06", "t05"]),
        ([("priority", -1)], ["t05", "t06", "t01", "t03", "t04", "t02"]),
        ([("created_at", -1)], ["t06", "t05", "t04", "t03", "t02", "t01"]),
        ([("status", 1), ("priority", -1)], ["t06", "t03", "t05", "t01", "t04", "t02"]),
        ([("status", -1), ("created_at", 1)], ["t01", "t02", "t04", "t05", "t03", "t06"]),
        ([("location.building", 1), ("_id", -1)], ["t06", "t03", "t01", "t05", "t02", "t04"]),
        # null and missing first ascending, last descending; `_id` breaks the tie
        ([("assignee", 1)], ["t02", "t04", "t06", "t01", "t05", "t03"]),
        ([("assignee", -1)], ["t03", "t01", "t05", "t02", "t04", "t06"]),
        ([], ["t01", "t02", "t03", "t04", "t05", "t06"]),
    ],
)
async def test_sort(store: DocumentStore, sort: list[tuple[str, int]], expected: list[str]) -> None:
    await seed_tickets(store)
    assert await ids(store, "tickets", Query(sort=sort)) == expected


async def seed_pages(store: DocumentStore) -> None:
    """25 documents with many ties on `slot`, some null or missing, inserted out of order."""
    for i in [
        7,
        3,
        19,
        0,
        24,
        11,
        15,
        1,
        22,
        8,
        5,
        13,
        20,
        2,
        17,
        9,
        23,
        4,
        12,
        6,
        18,
        10,
        16,
        21,
        14,
    ]:
        doc: dict[str, Any] = {"_id": f"d{i:02d}", "n": i, "slot": f"2026-03-0{i % 4 + 1}"}
        if i % 6 == 0:
            doc["slot"] = None
        if i % 10 == 5:
            del doc["slot"]
        await store.insert("items", doc)


@pytest.mark.parametrize(
    "sort",
    [[("slot", 1)], [("slot", -1)], [("slot", 1), ("n", -1)], [("slot", -1), ("_id", -1)], []],
)
async def test_keyset_pagination_visits_each_doc_once_in_order(
    store: DocumentStore, sort: list[tuple[str, int]]
) -> None:
    await seed_pages(store)
    everything = await ids(store, "items", Query(sort=sort))
    assert len(everything) == 25
    pages = await all_pages(store, "items", Query(sort=sort, limit=7))
    assert [len(p) for p in pages] == [7, 7, 7, 4]
    assert [i for p in pages for i in p] == everything


async def test_pagination_with_a_filter_and_an_exact_last_page(store: DocumentStore) -> None:
    await seed_pages(store)
    query = Query({"n": {"$lt": 21}}, sort=[("slot", -1), ("n", 1)], limit=7)
    pages = await all_pages(store, "items", query)
    assert [len(p) for p in pages] == [7, 7, 7]
    expected = await ids(store, "items", Query(query.filter, query.sort))
    assert [i for p in pages for i in p] == expected
    page = await store.find("items", Query(sort=[("n", 1)], limit=0))
    assert (page.items, page.next_cursor) == ([], None)


@pytest.mark.parametrize(
    "query",
    [
        Query({"bad field": 1}),
        Query({"a;drop table x": 1}),
        Query({"$where": "1"}),
        Query({"a": {"$regex": "x"}}),
        Query({"a": {"$exists": True}}),
        Query({"a": {"$in": "x"}}),
        Query({"a": {}}),
        Query({"a": {"$gt": None}}),
        Query({"a": [1, 2]}),
        Query({"a": {"$in": [{"b": 1}]}}),
        Query({"items.0": "x"}),
        Query(sort=[("a'", 1)]),
        Query(sort=[("a", 0)]),
        Query(sort=[("a", 1), ("a", -1)]),
        Query(limit=-1),
    ],
    ids=lambda q: repr((q.filter, list(q.sort), q.limit)),
)
async def test_invalid_queries_are_rejected(store: DocumentStore, query: Query) -> None:
    await store.insert("c", {"_id": "x", "a": 1})
    with pytest.raises(InvalidQueryError):
        await store.find("c", query)
    if query.filter and not query.sort and query.limit is None:
        with pytest.raises(InvalidQueryError):
            await store.count("c", query.filter)


def _cursor(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["not a cursor!", "e30", _cursor({"a": 1}), _cursor(["x"]), _cursor([{"a": 1}, "x"]), "%%%"],
)
async def test_malformed_cursor_is_rejected(store: DocumentStore, cursor: str) -> None:
    await store.insert("c", {"_id": "x", "a": 1})
    with pytest.raises(InvalidQueryError):
        await store.find("c", Query(sort=[("a", 1)], limit=1, after=cursor))


@pytest.mark.parametrize(
    "doc",
    [
        {"name": "no id"},
        {"_id": ""},
        {"_id": 7},
        {"_id": "x", "when": object()},
        {"_id": "x", "n": float("nan")},
        {"_id": "x", "n": 2**64},
        {"_id": "x", "nested": {"$set": 1}},
        {"_id": "x", "nested": {1: "int key"}},
    ],
    ids=["no-id", "empty-id", "int-id", "object", "nan", "big-int", "dollar-key", "int-key"],
)
async def test_documents_must_be_plain_json(store: DocumentStore, doc: dict[str, Any]) -> None:
    with pytest.raises(InvalidQueryError):
        await store.insert("c", doc)
    with pytest.raises(InvalidQueryError):
        await store.write([Replace("c", doc, 1)])
    assert await store.count("c") == 0


@pytest.mark.parametrize("name", ["bad name", "a/b", "", "1st"])
async def test_invalid_collection_and_index_names(store: DocumentStore, name: str) -> None:
    with pytest.raises(InvalidQueryError):
        await store.insert(name, {"_id": "x"})
    with pytest.raises(InvalidQueryError):
        await store.ensure_indexes([Index("c", (name,))])
    with pytest.raises(InvalidQueryError):
        await store.ensure_indexes([Index("c", ())])


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["replace", "write"])
async def test_concurrent_conditional_replaces_have_one_winner(
    store: DocumentStore, how: str
) -> None:
    await store.insert("counters", {"_id": "c", "value": 0})
    docs = await asyncio.gather(*(store.get("counters", "c") for _ in range(20)))
    assert {d["_v"] for d in docs} == {1}

    async def attempt(i: int, doc: dict[str, Any]) -> int:
        if how == "replace":
            await store.replace("counters", {**doc, "value": i}, doc["_v"])
        else:
            await store.write([Replace("counters", {**doc, "value": i}, doc["_v"])])
        return i

    results = await asyncio.gather(
        *(attempt(i, d) for i, d in enumerate(docs, 1)), return_exceptions=True
    )
    winners = [r for r in results if isinstance(r, int)]
    losers = [r for r in results if isinstance(r, VersionConflictError)]
    assert len(winners) == 1 and len(losers) == 19, results
    assert await store.get("counters", "c") == {"_id": "c", "value": winners[0], "_v": 2}


# --- adapter specifics ----------------------------------------------------------------------


def test_mongo_url_names_the_database() -> None:
    assert database_from_url("mongodb://h1:27017,h2/campus_assets?replicaSet=rs0") == (
        "campus_assets"
    )
    assert database_from_url("mongodb://user:p%40ss@localhost:27017/?w=majority") == "campus"
    assert database_from_url("mongodb+srv://cluster.example.edu") == "campus"
    store = store_from_url("mongodb://localhost:27017/campus_audit")
    assert isinstance(store, MongoStore) and store.database == "campus_audit"


def _race_worker(url: str, barrier: Any, results: Any) -> None:
    asyncio.run(_race(url, barrier, results))


async def _race(url: str, barrier: Any, results: Any) -> None:
    store = store_from_url(url)
    await store.open()
    try:
        doc = await store.get("counters", "c")
        assert doc is not None and doc["_v"] == 1
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait, 30)
        try:
            await store.replace(
                "counters", {**doc, "value": multiprocessing.current_process().name}, 1
            )
            results.put("won")
        except VersionConflictError:
            results.put("conflict")
    finally:
        await store.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_processes_race_on_one_database_with_one_winner(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    # Four OS processes, each with its own connection(s), replace one document at once.
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = store_from_url(url)
    await store.open()
    await store.insert("counters", {"_id": "c", "value": None})
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(4), ctx.Queue()
    procs = [
        ctx.Process(target=_race_worker, args=(url, barrier, results), name=f"p{i}")
        for i in range(4)
    ]
    for p in procs:
        p.start()
    loop = asyncio.get_running_loop()
    outcomes = [await loop.run_in_executor(None, results.get, True, 60) for _ in procs]
    for p in procs:
        await loop.run_in_executor(None, p.join, 30)
        assert p.exitcode == 0
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "won"]
    doc = await store.get("counters", "c")
    assert doc is not None and doc["_v"] == 2 and doc["value"] in {p.name for p in procs}
    await store.close()


async def test_sqlite_data_survives_reopen_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "data" / "assets.db"
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes([Index("assets", ("tag",), unique=True)])
    await store.insert("assets", {"_id": "a1", "tag": "T-1", "名称": "投影仪"})
    await store.close()
    assert await store.ping() is False

    reopened = SQLiteStore(path)
    await reopened.open()
    assert await reopened.get("assets", "a1") == {
        "_id": "a1",
        "tag": "T-1",
        "名称": "投影仪",
        "_v": 1,
    }
    with pytest.raises(DuplicateKeyError):
        await reopened.insert("assets", {"_id": "a2", "tag": "T-1"})
    await reopened.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_sqlite_queries_use_the_indexes(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "tickets.db")
    await store.open()
    await store.ensure_indexes(
        [Index("tickets", ("status", "created_at")), Index("tickets", ("location.building",))]
    )
    await seed_tickets(store)
    plan = await store.explain("tickets", Query({"status": "open"}, sort=[("created_at", 1)]))
    assert any("ix_tickets__status__created_at" in line for line in plan), plan
    plan = await store.explain("tickets", Query({"location.building": {"$in": ["A", "B"]}}))
    assert any("ix_tickets__location_building" in line for line in plan), plan
    await store.close()
