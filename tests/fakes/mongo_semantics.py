"""MongoDB's query rules as the fake client applies them: matching, sorting, unique keys, errors.

Only the shapes MongoStore builds ($and, $or, $eq, $ne, $in, $gt, $gte, $lt, $lte, equality,
dotted paths), following MongoDB's documented behaviour: comparisons only between values of one
type, null equality matching missing fields, sort order null < numbers < strings < objects <
arrays < booleans, missing and null being one value to a unique index unless a partial filter
leaves the document out. It is a test aid, not a reimplementation of MongoDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo.errors import DuplicateKeyError, OperationFailure

Key = tuple[str, str]  # (database, collection)
_MISSING = object()
MISSING = _MISSING
_RANK = {"null": 1, "number": 2, "string": 3, "object": 4, "array": 5, "bool": 8}


def _kind(value: Any) -> str:
    if value is None or value is _MISSING:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object" if isinstance(value, dict) else "array"


def get(doc: Any, path: str) -> Any:
    """The value at a dotted path, or the MISSING marker."""
    for part in path.split("."):
        if not isinstance(doc, dict) or part not in doc:
            return _MISSING
        doc = doc[part]
    return doc


def bson_copy(value: Any) -> Any:
    """A deep copy as a BSON round trip would return it (tuples come back as lists)."""
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("documents must have only string keys")
        return {k: bson_copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [bson_copy(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"cannot encode object: {value!r}, of type: {type(value)}")


def _eq(value: Any, arg: Any) -> bool:
    if arg is None:
        return value is _MISSING or value is None
    if isinstance(value, list) and not isinstance(arg, list):
        return any(_eq(v, arg) for v in value)
    return _kind(value) == _kind(arg) and value == arg


def _compare(value: Any, op: str, arg: Any) -> bool:
    if arg is None:  # only $gte / $lte null match, and only null or missing
        return op in ("$gte", "$lte") and _kind(value) == "null"
    if isinstance(value, list):
        return any(_compare(v, op, arg) for v in value)
    if _kind(value) != _kind(arg) or _kind(value) in ("null", "object", "array"):
        return False
    return {"$gt": value > arg, "$gte": value >= arg, "$lt": value < arg, "$lte": value <= arg}[op]


def matches(doc: dict[str, Any], flt: dict[str, Any]) -> bool:
    """Whether a document matches a filter of the shapes MongoStore builds."""
    for key, cond in flt.items():
        if key in ("$and", "$or"):
            if not isinstance(cond, list) or not cond:
                raise OperationFailure(f"{key} argument must be a non-empty array", 2)
            results = (matches(doc, c) for c in cond)
            if not (all(results) if key == "$and" else any(results)):
                return False
        elif key.startswith("$"):
            raise OperationFailure(f"unknown top level operator: {key}", 2)
        elif not _field_matches(get(doc, key), cond):
            return False
    return True


def _field_matches(value: Any, cond: Any) -> bool:
    if not (isinstance(cond, dict) and cond and all(k.startswith("$") for k in cond)):
        return _eq(value, cond)
    for op, arg in cond.items():
        if op == "$eq":
            ok = _eq(value, arg)
        elif op == "$ne":
            ok = not _eq(value, arg)
        elif op == "$in":
            if not isinstance(arg, list):
                raise OperationFailure("$in needs an array", 2)
            ok = any(_eq(value, a) for a in arg)
        elif op in ("$gt", "$gte", "$lt", "$lte"):
            ok = _compare(value, op, arg)
        else:
            raise OperationFailure(f"unknown operator: {op}", 2)
        if not ok:
            return False
    return True


def sort_key(value: Any) -> tuple[int, Any]:
    """A key that orders values across types as MongoDB sorts them."""
    kind = _kind(value)
    if kind == "null":
        return (_RANK[kind], 0)  # a missing field sorts as null, and ties with it
    return (_RANK[kind], value if kind in ("number", "string", "bool") else repr(value))


@dataclass
class Index:
    """An index as createIndexes stores it."""

    name: str
    keys: list[tuple[str, int]]
    unique: bool
    partial: dict[str, Any] | None

    def key_of(self, doc: dict[str, Any]) -> tuple[Any, ...] | None:
        """The doc's key in this unique index, or None when the partial filter excludes it."""
        if self.partial is not None and not matches(doc, self.partial):
            return None
        # Missing and null are one value to a (non-partial) unique index; 1 and 1.0 are equal.
        return tuple(_index_value(get(doc, f)) for f, _ in self.keys)


def _index_value(value: Any) -> tuple[str, Any]:
    kind = _kind(value)
    if kind == "null":
        return (kind, None)
    return (kind, repr(value) if kind in ("object", "array") else value)


@dataclass
class Server:
    """The committed state: documents, indexes, and a revision per document for conflicts."""

    data: dict[Key, dict[str, dict[str, Any]]] = field(default_factory=dict)
    indexes: dict[Key, dict[str, Index]] = field(default_factory=dict)
    revisions: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def put(self, key: Key, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Store (or, with None, delete) a committed document and bump its revision."""
        docs = self.data.setdefault(key, {})
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc
        rev = (*key, doc_id)
        self.revisions[rev] = self.revisions.get(rev, 0) + 1

    def check_unique(self, key: Key, docs: dict[str, Any], doc: dict[str, Any]) -> None:
        """E11000 if `doc` takes a unique key another document in `docs` holds."""
        for ix in self.indexes.get(key, {}).values():
            mine = ix.key_of(doc) if ix.unique else None
            if mine is None:
                continue
            for other_id, other in docs.items():
                if other_id != doc["_id"] and ix.key_of(other) == mine:
                    raise duplicate(key, ix.name, {f: shown(get(doc, f)) for f, _ in ix.keys})


def shown(value: Any) -> Any:
    """A value for an error message (None for a missing field)."""
    return None if value is _MISSING else value


def duplicate(key: Key, index: str, value: dict[str, Any]) -> DuplicateKeyError:
    """The error MongoDB returns for a unique-index violation (code 11000)."""
    shown = ", ".join(f"{k}: {v!r}" for k, v in value.items())
    msg = f"E11000 duplicate key error collection: {key[0]}.{key[1]} index: {index} dup key: "
    msg += "{ " + shown + " }"
    details = {"index": 0, "code": 11000, "errmsg": msg, "keyValue": value}
    return DuplicateKeyError(msg, 11000, details)


def write_conflict() -> OperationFailure:
    """MongoDB's WriteConflict (112), labelled so that with_transaction retries."""
    msg = "WriteConflict error: this operation conflicted with another operation."
    labels = ["TransientTransactionError"]
    return OperationFailure(msg, 112, {"code": 112, "errmsg": msg, "errorLabels": labels})
