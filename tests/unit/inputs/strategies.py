"""Hypothesis strategies from a model's JSON schema: values shaped like the model's input, with
the edges issue 14 found (year 1 and 9999, +14:00 offsets, NUL bytes, huge numbers, extra or
missing fields, wrong types), so a property test reaches the validators and what they compute."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

EDGE_TEXT = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "\u202e",
        "x" * 5000,
        "0001-01-01",
        "9999-12-31",
        "9999-12-30",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "2026-02-30",
        "NaN",
        "-0",
        "1e309",
        "../../etc/passwd",
        "报修 🚰",
    ]
)
EDGE_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**63, 10**30, 1e308, -1e308, 0.1, 3650, 36500]),
    st.floats(allow_nan=False, allow_infinity=False),
)
SCALARS = st.one_of(st.none(), st.booleans(), EDGE_NUMBERS, EDGE_TEXT, st.text(max_size=20))
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _date(fmt: str) -> st.SearchStrategy[str]:
    if fmt == "date":
        return st.one_of(st.dates().map(lambda d: d.isoformat()), EDGE_TEXT)
    if fmt == "date-time":
        return st.one_of(
            st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()), EDGE_TEXT
        )
    if fmt == "time":
        return st.one_of(st.times().map(lambda t: t.isoformat()), EDGE_TEXT)
    return st.one_of(st.text(max_size=40), EDGE_TEXT)


def from_schema(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> Any:
    """A strategy of JSON values near `schema` (often valid, often just wrong)."""
    wrong = ANY_JSON if depth < 3 else SCALARS
    if "$ref" in schema:
        target = defs[schema["$ref"].split("/")[-1]]
        return from_schema(target, defs, depth + 1) if depth < 6 else wrong
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf")
        return st.one_of(*(from_schema(s, defs, depth + 1) for s in options))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return from_schema(schema["allOf"][0], defs, depth + 1)
    if "const" in schema:
        return st.one_of(st.just(schema["const"]), wrong)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), EDGE_TEXT)
    kind = schema.get("type")
    if kind == "string":
        shaped = _date(schema.get("format", ""))
        size = schema.get("maxLength")
        if size is not None:
            shaped = st.one_of(shaped, st.text(min_size=0, max_size=min(size + 2, 300)))
        return st.one_of(shaped, shaped, wrong)
    if kind in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        near = (
            st.integers(min_value=int(low) - 1, max_value=int(high) + 1)
            if low is not None and high is not None
            else EDGE_NUMBERS
        )
        return st.one_of(near, EDGE_NUMBERS, EDGE_TEXT.filter(lambda s: len(s) < 50))
    if kind == "boolean":
        return st.one_of(st.booleans(), wrong)
    if kind == "array":
        items = from_schema(schema.get("items", {}), defs, depth + 1)
        return st.one_of(st.lists(items, max_size=3 if depth < 3 else 1), wrong)
    if kind == "object" or "properties" in schema:
        return _object(schema, defs, depth)
    return wrong


def _object(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> Any:
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    if not props:
        return st.dictionaries(st.text(max_size=10), SCALARS, max_size=3)
    fields = {name: from_schema(s, defs, depth + 1) for name, s in props.items()}
    always = {k: v for k, v in fields.items() if k in required}
    maybe = {k: v for k, v in fields.items() if k not in required}
    shaped = st.fixed_dictionaries(always, optional=maybe)
    # Now and then a required field is missing or an unknown one is added.
    extra = st.dictionaries(st.sampled_from(["extra", "_id", "__proto__"]), SCALARS, max_size=1)
    return st.one_of(
        shaped,
        st.tuples(shaped, extra).map(lambda pair: {**pair[0], **pair[1]}),
        st.tuples(shaped, st.sampled_from(sorted(required) or [""])).map(
            lambda pair: {k: v for k, v in pair[0].items() if k != pair[1]}
        ),
    )
