"""How the matrix test calls a route: path values, a body the schema accepts, each role's token.

Values are chosen so a caller "in scope" holds the canteen, building and campus a request names
(`north`, `B01`, `main`) and a caller "out of scope" holds others (`south`, `B99`, `east`).
The body is built from the route's own OpenAPI schema (required fields only, plus the fields
that name a scope), so a refusal is the service's access rule and not a validation error.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import find, settings
from hypothesis.strategies import from_regex

from shared.auth import AuthSettings, Role, mint_token

IN_SCOPE = {"campus": ["main"], "building": ["B01"], "canteen": ["north"]}
OUT_OF_SCOPE = {"campus": ["east"], "building": ["B99"], "canteen": ["south"]}
#: Path parameters by name; anything else gets `x1` (an id no object has).
PATH_VALUES = {
    "canteen_id": "north",
    "building_id": "B01",
    "campus_id": "main",
    "day": "2025-03-03",
    "code": "not-found",
    "seq": "1",
    "fmt": "csv",
    "section": "samples",
    "action": "start",
    "step": "acknowledge",
    "issue_no": "1",
    "user_id": "u-someone-else",
}
#: Body fields that name a scope: filled with the in-scope value (the token decides).
SCOPE_FIELDS = {
    "canteen_id": "north",
    "canteens": ["north"],
    "building_id": "B01",
    "buildings": ["B01"],
    "campus_id": "main",
}


def token_header(role: Role, scopes: dict[str, list[str]]) -> dict[str, str]:
    """Authorization header of a development token with one role and these scopes."""
    signed = mint_token(AuthSettings(), sub=f"u-matrix-{role.value}", roles=[role], scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


def fill_path(
    spec: dict[str, Any], method: str, path: str, seeded: dict[str, str] | None = None
) -> tuple[str, dict[str, Any]]:
    """The path with every `{param}` filled, and the query parameters the route needs."""
    values = {**PATH_VALUES, **(seeded or {})}
    operation = spec["paths"].get(path, {}).get(method.lower(), {})
    params = {p["name"]: p for p in operation.get("parameters", [])}

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return str(values[name])
        schema = params.get(name, {}).get("schema", {})
        return str(_value(spec, schema, name, depth=0)) if schema else "x1"

    query = {
        p["name"]: values.get(p["name"], _value(spec, p.get("schema", {}), p["name"], 0))
        for p in params.values()
        if p["in"] == "query" and (p.get("required") or p["name"] in SCOPE_FIELDS)
    }
    return re.sub(r"\{(\w+)\}", one, path), query


#: Bodies whose rules the schema cannot say (exactly one of two fields, …), by route.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/dispatch/rules/{rule_id}"): {
        "campus_id": "main",
        "building_id": "B01",
        "category": "plumbing",
        "team_id": "team-1",
    },
    ("POST", "/qr-codes"): {"location_id": "B01-101"},
    ("POST", "/tickets"): {
        "location_id": "B01-101",
        "category": "plumbing",
        "description": "水管漏水",
    },
    ("PUT", "/routing-rules/{rule_id}"): {
        "events": ["maintenance.ticket.assigned.v1"],
        "recipients": [{"role": "dispatcher"}],
    },
}


def request_body(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """httpx keyword arguments (json, files, content) for a body the route's schema accepts."""
    if (method, path) in BODIES:
        return {"json": BODIES[method, path]}
    operation = spec["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        schema = content["application/json"]["schema"]
        return {"json": _value(spec, schema, "body", depth=0)}
    if "text/csv" in content:
        return {"content": b"campus_id,building_id,floor,room_id\n", "headers": _CSV}
    if "multipart/form-data" in content:
        schema = _resolve(spec, content["multipart/form-data"]["schema"])
        files, data = {}, {}
        for name in schema.get("required", []):
            prop = _resolve(spec, schema["properties"][name])
            if prop.get("format") == "binary" or prop.get("contentMediaType"):
                files[name] = ("file.csv", b"tag,name\n", "text/csv")
            elif prop.get("type") == "array":
                files[name] = ("photo.png", _PNG, "image/png")
            else:
                data[name] = str(_value(spec, prop, name, depth=0))
        return {"files": files or None, "data": data or None}
    return {}


_CSV = {"content-type": "text/csv"}
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _value(spec: dict[str, Any], schema: dict[str, Any], name: str, depth: int) -> Any:
    schema = _resolve(spec, schema)
    if name in SCOPE_FIELDS:
        return SCOPE_FIELDS[name]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(spec, s).get("type") != "null"]
            return _value(spec, options[0], name, depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = set(schema.get("required", [])) | (set(props) & set(SCOPE_FIELDS))
        return {key: _value(spec, props[key], key, depth + 1) for key in sorted(wanted)}
    if kind == "array":
        count = max(1, schema.get("minItems", 1))
        return [_value(spec, schema.get("items", {}), name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1))
    if kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        return low + 1 if "exclusiveMinimum" in schema else max(low, 1)
    if kind == "boolean":
        return False
    return _string(schema)


def _string(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if fmt == "date":
        return "2025-03-03"
    if fmt == "date-time":
        return "2025-03-03T08:00:00+08:00"
    if fmt == "time":
        return "07:30:00"
    if fmt == "email":
        return "someone@example.edu.cn"
    if fmt in ("uri", "url"):
        return "https://example.edu.cn/hook"
    pattern = schema.get("pattern")
    size = max(schema.get("minLength", 1), 2)
    for candidate in ("x1", "X1", "B01", "07:30", "1", "x1" * size, "ab-1"):
        if len(candidate) >= schema.get("minLength", 0) and (
            pattern is None or re.search(pattern, candidate)
        ):
            return candidate
    if pattern is not None:
        # The smallest string the pattern accepts (hypothesis shrinks it: deterministic).
        return find(
            from_regex(pattern, fullmatch=True), lambda _: True, settings=settings(database=None)
        )
    return "x" * size
