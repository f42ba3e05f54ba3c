"""Every adapter answers random queries as SQLite does: filters, sorts, pages and counts.

Random documents (strings, integers, floats and booleans, one type per field, some null or
missing, one nested object) and random port queries, on the adapter under test and on a SQLite
reference file with the same data and indexes. The seed is fixed, so a failure reproduces.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from shared.store import DocumentStore, Index, Query
from shared.store.sqlite import SQLiteStore

STRINGS = ["", "a", "B", "a-b", "ab", "a b", "Z", "_x", "~", "é", "中", "2026-03-01T08:00:00Z"]
FIELDS = {"s": "str", "i": "int", "f": "float", "b": "bool", "n.s": "str", "n.i": "int"}
INDEXES = [Index("c", ("s", "i")), Index("c", ("n.s",)), Index("c", ("f",))]
OPS = ["eq", "$ne", "$in", "$gt", "$gte", "$lt", "$lte"]


def value(rnd: random.Random, kind: str, *, nullable: bool = True) -> Any:
    """A random value of one JSON type (or None)."""
    if nullable and rnd.random() < 0.15:
        return None
    return {
        "str": lambda: rnd.choice(STRINGS),
        "int": lambda: rnd.randint(-3, 3),
        "float": lambda: rnd.choice([-7.0, -1.5, 0.0, 0.25, 2.0, 3.5, 1e10]),
        "bool": lambda: rnd.random() < 0.5,
    }[kind]()


def document(rnd: random.Random) -> dict[str, Any]:
    """A document with each field set, null or missing."""
    doc: dict[str, Any] = {"_id": f"d{rnd.randint(0, 10**6):07d}"}
    for name, kind in FIELDS.items():
        if rnd.random() < 0.15:
            continue
        if "." in name:
            doc.setdefault("n", {})[name.split(".")[1]] = value(rnd, kind)
        else:
            doc[name] = value(rnd, kind)
    return doc


def query(rnd: random.Random) -> Query:
    """A random filter of up to two conditions, a sort of up to two keys, maybe a limit."""
    filter: dict[str, Any] = {}
    for _ in range(rnd.randint(0, 2)):
        name = rnd.choice([*FIELDS, "_id"])
        kind = FIELDS.get(name, "str")
        op = rnd.choice(OPS)
        if op == "$in":
            filter[name] = {"$in": [value(rnd, kind) for _ in range(rnd.randint(0, 3))]}
        elif op in ("eq", "$ne"):
            v = value(rnd, kind) if name != "_id" else document(rnd)["_id"]
            filter[name] = v if op == "eq" else {"$ne": v}
        else:  # ranges compare within the field's type, never with None
            filter[name] = {op: value(rnd, kind, nullable=False)}
    keys = rnd.sample([*FIELDS, "_id"], rnd.randint(0, 2))
    keys.sort(key=lambda k: k == "_id")  # `_id` may only come last
    sort = [(k, rnd.choice([1, -1])) for k in keys]
    return Query(filter, sort, rnd.choice([None, 1, 3, 7]))


async def answer(store: DocumentStore, q: Query) -> tuple[list[str], int]:
    """Every page's `_id`s in order, and the count."""
    ids: list[str] = []
    after = None
    while True:
        page = await store.find("c", Query(q.filter, q.sort, q.limit, after))
        ids += [d["_id"] for d in page.items]
        if page.next_cursor is None:
            return ids, await store.count("c", q.filter)
        after = page.next_cursor


async def test_random_queries_agree_with_sqlite(
    store: DocumentStore, adapter: str, tmp_path: Path
) -> None:
    if adapter == "sqlite":
        pytest.skip(reason="SQLite is the reference this test compares the others with")
    rnd = random.Random(20260301)
    reference = SQLiteStore(tmp_path / "reference.db")
    await reference.open()
    try:
        docs = {d["_id"]: d for d in (document(rnd) for _ in range(80))}
        for s in (store, reference):
            await s.ensure_indexes(INDEXES)
            for d in docs.values():
                await s.insert("c", d)
        for _ in range(100):
            q = query(rnd)
            expected = await answer(reference, q)
            assert await answer(store, q) == expected, (q.filter, q.sort, q.limit)
    finally:
        await reference.close()
