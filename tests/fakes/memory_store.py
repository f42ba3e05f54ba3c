"""An in-memory DocumentStore: an honest fake of the port for unit tests (same contract, no disk).

Tests only: `tests/conftest.py` registers it for `memory://` store URLs.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from shared.store.port import (
    Delete,
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
    VersionConflictError,
    check_document,
    decode_cursor,
    encode_cursor,
    lookup,
    sort_with_tiebreak,
    validate_field,
    validate_filter,
    validate_index,
)


def _cmp_key(value: Any) -> tuple[int, Any]:
    # Order as SQLite does across types: NULL < numbers < text.
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value))


def _matches(doc: Doc, filter: Filter) -> bool:
    for name, cond in filter.items():
        value = lookup(doc, name)
        if not isinstance(cond, dict):
            cond = {"$eq": cond}
        for op, arg in cond.items():
            if op == "$eq" and value != arg:
                return False
            if op == "$ne" and value == arg:
                return False
            if op == "$in" and value not in list(arg):
                return False
            if op in ("$gt", "$gte", "$lt", "$lte"):
                if value is None:
                    return False
                a, b = _cmp_key(value), _cmp_key(arg)
                ok = {"$gt": a > b, "$gte": a >= b, "$lt": a < b, "$lte": a <= b}[op]
                if not ok:
                    return False
    return True


class MemoryStore:
    """Keeps collections in dicts; atomic writes check every operation before applying any."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Doc]] = {}
        self._unique: list[Index] = []
        self.is_open = False

    async def open(self) -> None:
        """Mark the store open (nothing to connect)."""
        self.is_open = True

    async def close(self) -> None:
        """Mark the store closed; the data stays, as a file would."""
        self.is_open = False

    async def ping(self) -> bool:
        """True while open."""
        return self.is_open

    async def ensure_indexes(self, indexes: Sequence[Index]) -> None:
        """Remember unique indexes (others change nothing here); checks existing documents."""
        for ix in indexes:
            validate_index(ix)
            if ix.unique and ix not in self._unique:
                try:
                    _check_unique_index(self._data, ix)
                except DuplicateKeyError as exc:
                    key = f"existing documents on {ix.name}"
                    raise DuplicateKeyError(ix.collection, key) from exc
                self._unique.append(ix)

    async def get(self, collection: str, doc_id: str) -> Doc | None:
        """A copy of the document with this `_id`, or None."""
        validate_field(collection)
        doc = self._data.get(collection, {}).get(doc_id)
        return copy.deepcopy(doc) if doc is not None else None

    async def insert(self, collection: str, doc: Doc) -> Doc:
        """Insert one document; returns it with `_v` = 1."""
        await self.write([Insert(collection, doc)])
        return {**doc, "_v": 1}

    async def replace(self, collection: str, doc: Doc, expected_version: int) -> Doc:
        """Replace one document if its version matches; returns it with the new `_v`."""
        await self.write([Replace(collection, doc, expected_version)])
        return {**doc, "_v": expected_version + 1}

    async def find(self, collection: str, query: Query) -> Page:
        """Documents matching the filter, in sort order, one page at a time."""
        validate_field(collection)
        validate_filter(query.filter)
        sort = sort_with_tiebreak(query.sort)
        limit = query.limit
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise InvalidQueryError("limit must be an integer")
        if limit is not None and limit < 0:
            raise InvalidQueryError("limit must not be negative")
        values = decode_cursor(query.after, sort) if query.after else None
        docs = [d for d in self._data.get(collection, {}).values() if _matches(d, query.filter)]
        for field, direction in reversed(sort):
            docs.sort(key=lambda d, f=field: _cmp_key(lookup(d, f)), reverse=direction < 0)
        if values is not None:
            docs = [d for d in docs if _after(d, sort, values)]
        if limit is not None and len(docs) > limit:
            page = docs[:limit]
            cursor = encode_cursor(page[-1], sort) if page else None
            return Page(copy.deepcopy(page), cursor)
        return Page(copy.deepcopy(docs), None)

    async def count(self, collection: str, filter: Filter | None = None) -> int:
        """How many documents match."""
        validate_field(collection)
        validate_filter(filter or {})
        return sum(1 for d in self._data.get(collection, {}).values() if _matches(d, filter or {}))

    async def write(self, operations: Sequence[Operation]) -> None:
        """Apply every operation or none: work on a copy, swap it in at the end."""
        staged = {name: dict(docs) for name, docs in self._data.items()}
        for op in operations:
            validate_field(op.collection)
            coll = staged.setdefault(op.collection, {})
            if isinstance(op, Insert):
                doc_id = check_document(op.doc)
                if doc_id in coll:
                    raise DuplicateKeyError(op.collection, f"{doc_id} on _id")
                coll[doc_id] = {**copy.deepcopy(op.doc), "_v": 1}
            elif isinstance(op, Replace):
                doc_id = check_document(op.doc)
                current = coll.get(doc_id)
                if current is None or current["_v"] != op.expected_version:
                    raise VersionConflictError(op.collection, doc_id, op.expected_version)
                coll[doc_id] = {**copy.deepcopy(op.doc), "_v": op.expected_version + 1}
            elif isinstance(op, Delete):
                current = coll.get(op.doc_id)
                if current is None or current["_v"] != op.expected_version:
                    raise VersionConflictError(op.collection, op.doc_id, op.expected_version)
                del coll[op.doc_id]
            else:
                raise InvalidQueryError(f"unknown operation {op!r}")
            for ix in self._unique:
                if ix.collection == op.collection:
                    doc_id = op.doc_id if isinstance(op, Delete) else op.doc["_id"]
                    _check_unique_index(staged, ix, doc_id)
        self._data = staged


def _check_unique_index(data: dict[str, dict[str, Doc]], ix: Index, doc_id: str = "") -> None:
    seen: set[tuple[Any, ...]] = set()
    for doc in data.get(ix.collection, {}).values():
        key = tuple(lookup(doc, f) for f in ix.fields)
        if any(v is None for v in key):
            continue  # as SQLite: NULLs never collide in a unique index
        if key in seen:
            raise DuplicateKeyError(ix.collection, f"{doc_id} on {ix.name}")
        seen.add(key)


def _after(doc: Doc, sort: list[tuple[str, int]], values: list[Any]) -> bool:
    for (field, direction), value in zip(sort, values, strict=True):
        a, b = _cmp_key(lookup(doc, field)), _cmp_key(value)
        if a != b:
            return a > b if direction > 0 else a < b
    return False
