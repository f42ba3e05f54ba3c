"""The OpenAPI document as the service answers: every error response is a problem document.

FastAPI declares its own `HTTPValidationError` body for 422; every service answers problems
instead (`shared.problems`), so the document says so: each operation's 422 and a `4XX` catch-all
are `application/problem+json` with the `Problem` schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from shared.problems import MEDIA_TYPE, FieldError, Problem

_REF = "#/components/schemas/Problem"
_METHODS = ("get", "put", "post", "delete", "patch")


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {MEDIA_TYPE: {"schema": {"$ref": _REF}}}}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """Generate (once) the document with problem responses on every operation."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["Problem"].pop("$defs", None)
    schemas["FieldError"] = FieldError.model_json_schema()
    for item in doc.get("paths", {}).values():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, answer in list(responses.items()):
                if status.startswith(("4", "5")):
                    desc = answer.get("description") or "refused"
                    responses[status] = _problem_response(desc)
            responses.setdefault(
                "4XX", _problem_response("Refused: an RFC 9457 problem naming the reason")
            )
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    app.openapi_schema = doc
    return doc
