"""Every service's OpenAPI document: typed 2xx JSON answers, problem documents for every error."""

from __future__ import annotations

import importlib

import pytest

from shared.problems import MEDIA_TYPE

SERVICES = ("canteen", "assets", "maintenance", "notifications", "audit")
METHODS = ("get", "put", "post", "delete", "patch")


def openapi_of(service: str) -> dict:
    main = importlib.import_module(f"services.{service}.main")
    settings_mod = importlib.import_module(f"services.{service}.settings")
    settings_cls = next(
        v
        for k, v in vars(settings_mod).items()
        if k.endswith("Settings") and k != "ServiceSettings"
    )
    app = main.build(settings_cls(store_url="memory://"))
    return app.fastapi.openapi()


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def typed(schema: dict) -> bool:
    """A named model, a list of them, or an object with declared properties (not a bare dict)."""
    if "$ref" in schema or schema.get("properties"):
        return True
    if schema.get("type") == "array":
        return typed(schema.get("items") or {})
    return any(typed(s) for s in schema.get("anyOf", ())) and all(
        typed(s) or s.get("type") == "null" for s in schema.get("anyOf", ())
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_2xx_json_answer_has_a_schema(service: str) -> None:
    untyped = []
    for path, method, op in operations(openapi_of(service)):
        for status, answer in op["responses"].items():
            if not status.startswith("2"):
                continue
            content = answer.get("content", {})
            json_body = content.get("application/json")
            if json_body is not None and not typed(json_body.get("schema") or {}):
                untyped.append(f"{method.upper()} {path} {status}")
    assert not untyped, untyped


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_answer_is_a_problem_document(service: str) -> None:
    wrong = []
    for path, method, op in operations(openapi_of(service)):
        for status, answer in op["responses"].items():
            if status[0] in "45" and list(answer.get("content", {})) != [MEDIA_TYPE]:
                wrong.append(f"{method.upper()} {path} {status}")
        if "4XX" not in op["responses"]:
            wrong.append(f"{method.upper()} {path}: no 4XX problem declared")
    assert not wrong, wrong
