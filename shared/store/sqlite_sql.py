"""The SQL the SQLite adapter runs: filters, keyset conditions and writes, as pure functions.

Documents live in `(id TEXT PRIMARY KEY, v INTEGER, doc TEXT)` tables and fields are read with
`json_extract(doc, '$.field')`, the same expression the indexes are built on, so SQLite's
planner can use them. Field names are validated before they reach a statement.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from shared.store.port import (
    Delete,
    DuplicateKeyError,
    Filter,
    Insert,
    InvalidQueryError,
    Operation,
    Replace,
    VersionConflictError,
    check_document,
    validate_field,
    validate_filter,
)

_OPS_SQL = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}
_INDEX_IN_ERROR = re.compile(r"index '([^']+)'")


def table(collection: str) -> str:
    """The quoted table name of a collection."""
    validate_field(collection)
    return '"c_' + collection.replace(".", "_") + '"'


def expr(field: str) -> str:
    """The SQL expression reading a (dotted) field."""
    if field == "_id":
        return "id"
    validate_field(field)
    return f"json_extract(doc, '$.{field}')"


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)  # json_extract reads JSON true/false as 1/0
    if isinstance(value, dict | list):
        raise InvalidQueryError("filters compare scalars only")
    return value


def where(filter: Filter) -> tuple[str, list[Any]]:
    """A WHERE clause and its parameters for a port filter."""
    validate_filter(filter)
    clauses: list[str] = []
    params: list[Any] = []
    for name, cond in filter.items():
        e = expr(name)
        if not isinstance(cond, dict):
            cond = {"$eq": cond}
        for op, val in cond.items():
            if op == "$eq":
                if val is None:
                    clauses.append(f"{e} IS NULL")
                else:
                    clauses.append(f"{e} = ?")
                    params.append(_param(val))
            elif op == "$ne":
                if val is None:
                    clauses.append(f"{e} IS NOT NULL")
                else:
                    clauses.append(f"({e} IS NULL OR {e} != ?)")
                    params.append(_param(val))
            elif op == "$in":
                values = [v for v in val if v is not None]
                ors = [f"{e} IN ({','.join('?' * len(values))})"] if values else []
                if len(values) < len(val):
                    ors.append(f"{e} IS NULL")  # as equality: None matches null or missing
                clauses.append("(" + " OR ".join(ors) + ")" if ors else "0")
                params.extend(_param(v) for v in values)
            else:
                clauses.append(f"{e} {_OPS_SQL[op]} ?")
                params.append(_param(val))
    return (" AND ".join(clauses) or "1"), params


def keyset(sort: list[tuple[str, int]], values: list[Any]) -> tuple[str, list[Any]]:
    """Rows strictly after `values` in `sort` order: (a > x) OR (a = x AND b > y) OR ...

    NULL sorts first and `= NULL` / `> NULL` are never true in SQL, so a null key value becomes
    IS NULL / IS NOT NULL, and a descending step also keeps the NULLs that follow it.
    """
    ors: list[str] = []
    params: list[Any] = []
    for i, (field, direction) in enumerate(sort):
        parts: list[str] = []
        step: list[Any] = []
        for (prev_field, _), prev_value in zip(sort[:i], values[:i], strict=True):
            if prev_value is None:
                parts.append(f"{expr(prev_field)} IS NULL")
            else:
                parts.append(f"{expr(prev_field)} = ?")
                step.append(_param(prev_value))
        e, value = expr(field), values[i]
        if value is None and direction < 0:
            continue  # nothing sorts after NULL descending
        if value is None:
            parts.append(f"{e} IS NOT NULL")
        elif direction > 0:
            parts.append(f"{e} > ?")
            step.append(_param(value))
        else:
            parts.append(f"({e} < ? OR {e} IS NULL)")
            step.append(_param(value))
        ors.append("(" + " AND ".join(parts) + ")")
        params.extend(step)
    return "(" + (" OR ".join(ors) or "0") + ")", params


def order_by(sort: list[tuple[str, int]]) -> str:
    """The ORDER BY list (SQLite puts NULLs first ascending, last descending, as MongoDB)."""
    return ", ".join(f"{expr(f)} {'ASC' if d > 0 else 'DESC'}" for f, d in sort)


def _dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def duplicate(collection: str, doc_id: str, exc: sqlite3.IntegrityError) -> DuplicateKeyError:
    """The port's error for a UNIQUE failure, naming the index ("_id" for the primary key)."""
    # SQLite names an expression index ("index 'ix_...'") and a column for the primary key.
    found = _INDEX_IN_ERROR.search(str(exc))
    return DuplicateKeyError(collection, f"{doc_id} on {found.group(1) if found else '_id'}")


def apply(conn: sqlite3.Connection, tbl: str, op: Operation) -> None:
    """Run one operation inside the caller's transaction, raising the port's errors."""
    if isinstance(op, Insert):
        doc_id = check_document(op.doc)
        try:
            conn.execute(
                f"INSERT INTO {tbl} (id, v, doc) VALUES (?, 1, ?)",
                (doc_id, _dumps({**op.doc, "_v": 1})),
            )
        except sqlite3.IntegrityError as exc:
            raise duplicate(op.collection, doc_id, exc) from exc
    elif isinstance(op, Replace):
        doc_id = check_document(op.doc)
        new_v = op.expected_version + 1
        try:
            cur = conn.execute(
                f"UPDATE {tbl} SET v = ?, doc = ? WHERE id = ? AND v = ?",
                (new_v, _dumps({**op.doc, "_v": new_v}), doc_id, op.expected_version),
            )
        except sqlite3.IntegrityError as exc:
            raise duplicate(op.collection, doc_id, exc) from exc
        if cur.rowcount != 1:
            raise VersionConflictError(op.collection, doc_id, op.expected_version)
    elif isinstance(op, Delete):
        cur = conn.execute(
            f"DELETE FROM {tbl} WHERE id = ? AND v = ?", (op.doc_id, op.expected_version)
        )
        if cur.rowcount != 1:
            raise VersionConflictError(op.collection, op.doc_id, op.expected_version)
    else:
        raise InvalidQueryError(f"unknown operation {op!r}")
