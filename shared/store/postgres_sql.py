"""The SQL the PostgreSQL adapter runs (names, filters, keysets, writes, DDL) and its URL parsing.

Documents live in `(id TEXT COLLATE "C" PRIMARY KEY, v BIGINT, doc JSONB)` tables. A field is
read as `NULLIF(doc->'a'->'b', 'null'::jsonb)`: a JSONB value, with JSON null turned into SQL
NULL so that null and missing are one thing (they tie in sorts, and a unique index skips both).
The indexes are built on exactly that expression, so the planner uses them for equality, ranges,
sorts and keyset pages alike.

Why JSONB values and not typed extractions (`doc->>'f'`, `::numeric`): the port promises one
JSON type per field but an `Index` does not say which, and a compound index mixes types (audit's
`(time, seq)`: text then number). JSONB's own order compares within a type — strings among
strings, numbers numerically, false < true — which is what the port promises, with one caveat:
JSONB compares strings with the database's default collation, so the adapter requires a database
that sorts text by code point (`C` or `C.UTF-8`) and checks it on open (see `COLLATION_PROBE`).
Range operators add `jsonb_typeof(...) = <the operand's type>`, so they never match another
type (JSONB puts strings below numbers, which `$lt: 5` would otherwise catch).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from psycopg.types.json import Jsonb

from shared.store.port import (
    Delete,
    Filter,
    Index,
    Insert,
    InvalidQueryError,
    Operation,
    Replace,
    validate_field,
    validate_filter,
)

SCHEMES = ("postgresql://", "postgres://")
#: URL query parameters the adapter reads itself (libpq would reject them).
POOL_OPTIONS = ("pool_min_size", "pool_max_size")
_OPS_SQL = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}
_MAX_IDENT = 63  # PostgreSQL truncates longer names (NAMEDATALEN - 1), which could collide

#: True when JSONB orders strings as `COLLATE "C"` does (code point order, as SQLite and MongoDB).
COLLATION_PROBE = """
SELECT array_agg(x ORDER BY to_jsonb(x)) = array_agg(x ORDER BY x COLLATE "C")
FROM unnest(ARRAY['a', 'B', 'a-b', 'ab', 'a b', 'AB', 'Ab', 'Z9', '_x', ' a', 'é', 'ä', 'z',
                  '中', '食堂', '2026-03-01T08:00:00.000000Z', '2026-03-01 08:00']) AS x
"""

#: One advisory-lock key for every CREATE, so that processes creating the same table or index at
#: once queue instead of failing (CREATE ... IF NOT EXISTS alone races on the catalogue).
DDL_LOCK = "SELECT pg_advisory_xact_lock(7166309719350506834)"


def split_url(url: str) -> tuple[str, dict[str, int]]:
    """The libpq URL without the pool options, and those options as integers."""
    if not url.startswith(SCHEMES):
        raise ValueError(f"not a PostgreSQL URL: {url.split(':', 1)[0]}")
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    pool = {k: int(v) for k, v in query if k in POOL_OPTIONS}
    rest = urlencode([(k, v) for k, v in query if k not in POOL_OPTIONS])
    return urlunsplit(parts._replace(query=rest)), pool


def dumps(value: Any) -> str:
    """Compact JSON, non-ASCII kept as is (the port has already rejected NaN and infinity)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def jsonb(value: Any) -> Jsonb:
    """A JSONB parameter."""
    return Jsonb(value, dumps=dumps)


def ident(name: str) -> str:
    """A quoted identifier; names longer than PostgreSQL keeps end in a hash, never truncated."""
    if len(name.encode()) > _MAX_IDENT:
        digest = hashlib.sha1(name.encode()).hexdigest()[:12]
        name = name[: _MAX_IDENT - 13] + "_" + digest
    return '"' + name + '"'


def table(collection: str) -> str:
    """The quoted table name of a collection."""
    validate_field(collection)
    return ident("c_" + collection.replace(".", "_"))


def primary_key(collection: str) -> str:
    """The quoted name of a collection's primary-key constraint (`pk_` never starts an index)."""
    return ident("pk_" + collection.replace(".", "_"))


def index_name(ix: Index) -> str:
    """The quoted name of an index: the port's `Index.name`, hashed when it is too long."""
    return ident(ix.name)


def expr(field: str) -> str:
    """The SQL expression reading a (dotted) field; `_id` is the text column `id`."""
    if field == "_id":
        return "id"
    validate_field(field)
    path = "".join(f"->'{part}'" for part in field.split("."))
    return f"NULLIF(doc{path}, 'null'::jsonb)"


def create_table(collection: str) -> str:
    """CREATE TABLE for a collection; ids compare by code point, like SQLite and MongoDB."""
    return (
        f"CREATE TABLE IF NOT EXISTS {table(collection)} ("
        f'id TEXT COLLATE "C" CONSTRAINT {primary_key(collection)} PRIMARY KEY, '
        "v BIGINT NOT NULL, doc JSONB NOT NULL)"
    )


def create_index(ix: Index) -> str:
    """CREATE INDEX for a port index.

    NULLS FIRST makes a forward scan the port's ascending order and a backward scan its
    descending one. A unique index needs no WHERE clause: PostgreSQL's unique indexes never
    compare NULLs, and null and missing are both SQL NULL here, so a document with any indexed
    field null or missing collides with nothing — the same rule as a partial index, while the
    planner may still use the index for sorts.
    """
    cols = ", ".join(f"{expr(f)} NULLS FIRST" for f in ix.fields)
    unique = "UNIQUE " if ix.unique else ""
    return f"CREATE {unique}INDEX IF NOT EXISTS {index_name(ix)} ON {table(ix.collection)} ({cols})"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string"


def _compare(field: str, op: str, value: Any) -> tuple[str, list[Any]]:
    """`field <op> value` for one non-null scalar, within the value's JSON type."""
    e = expr(field)
    if field == "_id":
        if not isinstance(value, str):
            # `_id` is always a string: another type equals nothing and orders against nothing.
            return ("TRUE" if op == "<>" else "FALSE"), []
        return f"{e} {op} %s", [value]
    if op in ("=", "<>"):
        return f"{e} {op} %s", [jsonb(value)]
    return f"({e} {op} %s AND jsonb_typeof({e}) = '{_json_type(value)}')", [jsonb(value)]


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
            if op == "$eq" and val is None:
                clauses.append(f"{e} IS NULL")
            elif op == "$ne" and val is None:
                clauses.append(f"{e} IS NOT NULL")
            elif op == "$ne":
                clause, p = _compare(name, "<>", val)
                clauses.append(f"({e} IS NULL OR {clause})")  # missing is "not equal" too
                params.extend(p)
            elif op == "$in":
                ors: list[str] = []
                for item in val:
                    if item is None:
                        ors.append(f"{e} IS NULL")  # as equality: None matches null or missing
                    else:
                        clause, p = _compare(name, "=", item)
                        ors.append(clause)
                        params.extend(p)
                clauses.append("(" + " OR ".join(ors) + ")" if ors else "FALSE")
            else:
                clause, p = _compare(name, _OPS_SQL.get(op, "="), val)
                clauses.append(clause)
                params.extend(p)
    return (" AND ".join(clauses) or "TRUE"), params


def keyset(sort: list[tuple[str, int]], values: list[Any]) -> tuple[str, list[Any]]:
    """Rows strictly after `values` in `sort` order: (a > x) OR (a = x AND b > y) OR ...

    The same lexicographic OR as the SQLite adapter's: NULLs come first ascending and last
    descending, so a null key value becomes IS NULL / IS NOT NULL, and a descending step also
    keeps the NULLs that follow it.
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
                clause, p = _compare(prev_field, "=", prev_value)
                parts.append(clause)
                step.extend(p)
        e, value = expr(field), values[i]
        if value is None and direction < 0:
            continue  # nothing sorts after NULL descending
        if value is None:
            parts.append(f"{e} IS NOT NULL")
        else:
            clause, p = _compare(field, ">" if direction > 0 else "<", value)
            parts.append(clause if direction > 0 else f"({clause} OR {e} IS NULL)")
            step.extend(p)
        ors.append("(" + " AND ".join(parts) + ")")
        params.extend(step)
    condition = "(" + (" OR ".join(ors) or "FALSE") + ")"
    (first, direction), value = sort[0], values[0]
    if direction > 0 and value is not None:
        # Implied by the OR (NULLs sort first, so every later row has first >= value), but a
        # plain range the planner can start an index scan from, instead of a bitmap OR.
        bound, p = _compare(first, ">=", value)
        condition, params = f"({bound} AND {condition})", [*p, *params]
    return condition, params


def order_by(sort: list[tuple[str, int]]) -> str:
    """The ORDER BY list: NULLs first ascending and last descending, as the port promises."""
    return ", ".join(
        f"{expr(f)} {'ASC NULLS FIRST' if d > 0 else 'DESC NULLS LAST'}" for f, d in sort
    )


def limit_of(limit: Any) -> int | None:
    """The validated limit of a query (None for no limit)."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise InvalidQueryError("limit must be an integer")
    if limit < 0:
        raise InvalidQueryError("limit must not be negative")
    return limit


def operation(op: Operation) -> tuple[str, list[Any]]:
    """The statement and parameters of one write; a replace or delete names the version it needs."""
    tbl = table(op.collection)
    if isinstance(op, Insert):
        return (
            f"INSERT INTO {tbl} (id, v, doc) VALUES (%s, 1, %s)",
            [op.doc["_id"], jsonb({**op.doc, "_v": 1})],
        )
    if isinstance(op, Replace):
        new_v = op.expected_version + 1
        return (
            f"UPDATE {tbl} SET v = %s, doc = %s WHERE id = %s AND v = %s",
            [new_v, jsonb({**op.doc, "_v": new_v}), op.doc["_id"], op.expected_version],
        )
    if isinstance(op, Delete):
        return f"DELETE FROM {tbl} WHERE id = %s AND v = %s", [op.doc_id, op.expected_version]
    raise InvalidQueryError(f"unknown operation {op!r}")
