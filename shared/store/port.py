"""The document-store port: the narrow contract every service persists through.

Documents are JSON objects (str, int, float, bool, None, list, dict). Every stored document has
a string `_id` and an integer `_v` (its version, 1 on insert, +1 on each replace). Timestamps are
ISO-8601 UTC strings of one fixed width (see `shared.clock.iso`), so that range filters and sorts
mean the same thing on every adapter.

Semantics every adapter keeps (the contract suite in tests/contract checks them):

- Equality with None, and `$in` holding None, match a null *or missing* field; `$ne` with a value
  matches missing fields too. Range operators never match null or missing fields.
- Sorts put null and missing first ascending, last descending; `_id` breaks ties.
- A unique index skips a document in which any indexed field is null or missing (two documents
  without a tag do not collide), as SQLite does; the MongoDB adapter builds a partial index.
- A field holds one JSON type (or null) across a collection. Comparisons across types, and
  booleans against 0/1, are not promised: SQLite orders null < numbers < text and stores booleans
  as 0/1, while MongoDB compares only values of the same type.

What the port leaves out on purpose: partial updates ($set / $inc), $or / $not / $exists / $nin
in filters, aggregation pipelines, regular expressions, text search, queries into arrays
(equality on an array-valued field, paths through arrays), projections, collations, TTL
indexes and interactive transactions. A service reads what it needs, decides in pure code, and
writes whole documents back in one atomic batch.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

Doc = dict[str, Any]
Filter = dict[str, Any]
Sort = Sequence[tuple[str, int]]

#: Operators a filter value may use: {"field": {"$gte": 1, "$lt": 5}}, {"field": {"$in": [..]}}.
RANGE_OPS = ("$gt", "$gte", "$lt", "$lte")
FILTER_OPS = (*RANGE_OPS, "$in", "$ne")


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""


class DuplicateKeyError(StoreError):
    """An insert collided with an existing `_id` or a unique index."""

    def __init__(self, collection: str, key: str) -> None:
        super().__init__(f"duplicate key in {collection}: {key}")
        self.collection = collection
        self.key = key


class VersionConflictError(StoreError):
    """A conditional replace found another version (or no document) than expected."""

    def __init__(self, collection: str, doc_id: str, expected: int) -> None:
        super().__init__(f"version conflict in {collection}/{doc_id}: expected _v={expected}")
        self.collection = collection
        self.doc_id = doc_id
        self.expected = expected


class InvalidQueryError(StoreError):
    """A filter, sort, cursor, index or document the port does not support."""


class StoreUnavailable(StoreError):
    """The store cannot take the write now (its disk is full, an I/O error): nothing was
    written, and the same write may succeed later. Not the fault of the command or message."""


@dataclass(frozen=True)
class Insert:
    """Insert a new document; fails with DuplicateKeyError if `_id` or a unique key exists."""

    collection: str
    doc: Doc


@dataclass(frozen=True)
class Replace:
    """Replace a whole document if its stored `_v` equals `expected_version`."""

    collection: str
    doc: Doc
    expected_version: int


@dataclass(frozen=True)
class Delete:
    """Delete a document if its stored `_v` equals `expected_version`."""

    collection: str
    doc_id: str
    expected_version: int


Operation = Insert | Replace | Delete


@dataclass(frozen=True)
class Index:
    """A (possibly compound, possibly unique) index on top-level or dotted fields."""

    collection: str
    fields: tuple[str, ...]
    unique: bool = False

    @property
    def name(self) -> str:
        return "ix_" + self.collection + "__" + "__".join(f.replace(".", "_") for f in self.fields)


@dataclass
class Page:
    """One page of a find: the documents and the cursor for the next page (None at the end)."""

    items: list[Doc]
    next_cursor: str | None = None


@dataclass
class Query:
    """A find: filter, sort (field, 1 | -1), limit and an opaque cursor from a previous page."""

    filter: Filter = field(default_factory=dict)
    sort: Sort = ()
    limit: int | None = None
    after: str | None = None


class DocumentStore(Protocol):
    """What an adapter provides. All methods are coroutines; `open` before use, `close` after."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def ping(self) -> bool: ...

    async def ensure_indexes(self, indexes: Sequence[Index]) -> None: ...

    async def get(self, collection: str, doc_id: str) -> Doc | None: ...

    async def insert(self, collection: str, doc: Doc) -> Doc: ...

    async def replace(self, collection: str, doc: Doc, expected_version: int) -> Doc: ...

    async def find(self, collection: str, query: Query) -> Page: ...

    async def count(self, collection: str, filter: Filter | None = None) -> int: ...

    async def write(self, operations: Sequence[Operation]) -> None: ...


def sort_with_tiebreak(sort: Sort) -> list[tuple[str, int]]:
    """The sort the adapters apply: the caller's keys, then `_id` ascending as the tiebreak."""
    seen: set[str] = set()
    for f, d in sort:
        validate_field(f)
        if d not in (1, -1) or isinstance(d, bool):
            raise InvalidQueryError(f"sort direction of {f} must be 1 or -1, not {d!r}")
        if f in seen:
            raise InvalidQueryError(f"{f} appears twice in the sort")
        seen.add(f)
    keys = [(f, int(d)) for f, d in sort if f != "_id"]
    id_dir = next((int(d) for f, d in sort if f == "_id"), 1)
    if "_id" in seen and sort[-1][0] != "_id":
        # `_id` is unique, so keys after it could never order anything: keep the sort honest.
        raise InvalidQueryError("_id must be the last sort key")
    return [*keys, ("_id", id_dir)]


def encode_cursor(doc: Doc, sort: list[tuple[str, int]]) -> str:
    """An opaque cursor holding the sort-key values of the last document of a page."""
    values = [lookup(doc, f) for f, _ in sort]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: list[tuple[str, int]]) -> list[Any]:
    """Inverse of `encode_cursor`; InvalidQueryError for a cursor that does not fit the sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidQueryError("malformed cursor") from exc
    if not isinstance(values, list) or len(values) != len(sort):
        raise InvalidQueryError("cursor does not match the sort")
    if not all(_is_scalar(v) for v in values) or values[-1] is None:
        raise InvalidQueryError("cursor does not match the sort")
    return values


def lookup(doc: Doc, path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def validate_field(name: str) -> str:
    """Field names are identifiers joined by dots; anything else could inject SQL."""
    # A part may not start with a digit: MongoDB reads `items.0` as an array position.
    parts = name.split(".") if isinstance(name, str) else [""]
    if not all(
        p and p.replace("_", "a").isalnum() and p.isascii() and not p[0].isdigit() for p in parts
    ):
        raise InvalidQueryError(f"unsupported field name: {name!r}")
    return name


def validate_index(ix: Index) -> None:
    """An index names its collection and at least one valid field, each once."""
    validate_field(ix.collection)
    if not ix.fields:
        raise InvalidQueryError(f"index on {ix.collection} has no fields")
    if len(set(ix.fields)) != len(ix.fields):
        raise InvalidQueryError(f"index {ix.name} repeats a field")
    for f in ix.fields:
        validate_field(f)


_INT64 = (-(2**63), 2**63 - 1)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool | int | float)


def check_document(doc: Doc) -> str:
    """Check a document is plain JSON every adapter stores alike; returns its `_id`."""
    if not isinstance(doc, dict):
        raise InvalidQueryError("a document is a dict")
    doc_id = doc.get("_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise InvalidQueryError("a document needs a non-empty string _id")
    _check_value(doc, "")
    return doc_id


def _check_value(value: Any, path: str) -> None:
    if value is None or isinstance(value, str | bool):
        return
    if isinstance(value, int):
        # BSON stores 64-bit integers; SQLite's JSON would silently turn larger ones into floats.
        if not _INT64[0] <= value <= _INT64[1]:
            raise InvalidQueryError(f"integer out of 64-bit range at {path or '/'}")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidQueryError(f"NaN or infinity is not JSON, at {path or '/'}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            # `$` keys are operators to MongoDB and NUL cannot be in a BSON key.
            if not isinstance(key, str) or key.startswith("$") or "\x00" in key:
                raise InvalidQueryError(f"unsupported key {key!r} at {path or '/'}")
            _check_value(item, f"{path}.{key}" if path else key)
    else:
        raise InvalidQueryError(f"{type(value).__name__} is not JSON, at {path or '/'}")


def validate_filter(filter: Filter) -> None:
    """Reject operators and shapes the port does not promise."""
    if not isinstance(filter, dict):
        raise InvalidQueryError("a filter is a dict")
    for name, cond in filter.items():
        validate_field(name)
        if not isinstance(cond, dict):
            _check_operand(name, "equality", cond)
            continue
        if not cond:
            raise InvalidQueryError(f"empty condition for {name}")
        for op, val in cond.items():
            if op not in FILTER_OPS:
                raise InvalidQueryError(f"unsupported operator {op} on {name}")
            if op == "$in":
                if not isinstance(val, list | tuple):
                    raise InvalidQueryError(f"$in on {name} needs a list")
                for item in val:
                    _check_operand(name, op, item)
            elif op in RANGE_OPS and val is None:
                raise InvalidQueryError(f"{op} on {name} needs a value, not None")
            else:
                _check_operand(name, op, val)


def _check_operand(name: str, op: str, value: Any) -> None:
    # Lists and dicts would mean array or sub-document matching, which the adapters do not share.
    if not _is_scalar(value):
        raise InvalidQueryError(f"{op} on {name} compares scalars only, not {type(value).__name__}")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise InvalidQueryError(f"{op} on {name} compares finite numbers only")
