"""Every route of every service, called with a token of every role in and out of scope, and none.

The expected answer of each call is the matrix's (tests/security/matrix.py, the table of
docs/security.md): allowed → not 401/403; refused → 401/403 (or 404 where the row `hides`);
no token → 401 unless the row is public. A route without a row fails, naming the row to add.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from shared.auth import Role
from tests.harness import routes_client
from tests.security.calls import IN_SCOPE, OUT_OF_SCOPE, fill_path, request_body, token_header
from tests.security.matrix import Rule, rows_for
from tests.security.routes import app_routes, build_app
from tests.security.seeds import SEEDS

BACKENDS = ("canteen", "assets", "maintenance", "notifications", "audit")
REFUSED = {401, 403}
#: Answers 503 here, where no broker runs (the routes_client apps have none): it says so.
READINESS = "/ready"


@cache
def _routes(service: str) -> tuple[tuple[str, str], ...]:
    return tuple(app_routes(build_app(service)))


@cache
def _spec(service: str) -> dict[str, Any]:
    return build_app(service).fastapi.openapi()


def _cases() -> list[tuple[str, str, str]]:
    return [(s, m, p) for s in BACKENDS for m, p in _routes(s) if m != "MOUNT"]


CASES = _cases()


@pytest.mark.parametrize("service", BACKENDS)
def test_every_route_has_a_row(service):
    """A route the app answers without a matrix row is a route nobody decided who may call."""
    rows = rows_for(service)
    missing = [f"{m} {p}" for m, p in _routes(service) if (m, p) not in rows]
    assert not missing, (
        f"{service} routes without a row in tests/security/matrix_rows.py — add "
        f"('{service}', METHOD, PATH, 'role:A|S …') for each, then `make security-doc`: "
        + ", ".join(missing)
    )
    stale = [f"{m} {p}" for m, p in rows if (m, p) not in set(_routes(service))]
    assert not stale, f"matrix rows for routes {service} no longer has: {stale}"


def _judge(rule: Rule, role: Role, in_scope: bool, status: int) -> str | None:
    """Why a status is wrong for this role and scope, or None."""
    if status >= 500:
        return f"server error {status}"
    if rule.public:
        # No token is needed; a capability in the path (a QR token) may still refuse with 403.
        return "a public route asked for a token (401)" if status == 401 else None
    expected = rule.expects(role, in_scope)
    if expected == "allow" and status in REFUSED:
        return f"refused ({status}) but the matrix allows it"
    if expected == "refuse":
        refusals = REFUSED | ({404} if rule.hides else set())
        if status not in refusals:
            return f"answered {status} but the matrix refuses it"
    if expected == "object" and status == 401:
        return "token refused (401) on an object-level route"
    return None


@pytest.mark.parametrize(
    ("service", "method", "path"), CASES, ids=[f"{s}:{m} {p}" for s, m, p in CASES]
)
async def test_route_answers_each_role_as_the_matrix_says(service, method, path, record_property):
    rule = rows_for(service).get((method, path))
    if rule is None:
        pytest.fail(
            f"no matrix row for {service} {method} {path}: add it to tests/security/matrix_rows.py"
        )
    app = build_app(service)
    spec = _spec(service)
    wrong: list[str] = []
    calls = 0
    async with routes_client(app) as http:
        seeded = await SEEDS[service](http)
        url, query = fill_path(spec, method, path, seeded)
        body = request_body(spec, method, path)
        plan = [(role, scope) for role in Role for scope in (True, False)]
        # Refusals first: an allowed call may change the object a refused one is tried on.
        plan.sort(key=lambda rs: rule.expects(rs[0], rs[1]) == "allow")
        answer = await http.request(method, url, params=query, **body)
        calls += 1
        if path == READINESS and answer.status_code == 503:
            return  # not ready without a broker, as it should say; it needs no token either way
        if answer.status_code >= 500 or (not rule.public) != (answer.status_code == 401):
            wrong.append(f"no token: {answer.status_code} (expected 401 unless public)")
        for role, in_scope in plan:
            headers = token_header(role, IN_SCOPE if in_scope else OUT_OF_SCOPE)
            sent = {**body, "headers": {**body.get("headers", {}), **headers}}
            answer = await http.request(method, url, params=query, **sent)
            calls += 1
            why = _judge(rule, role, in_scope, answer.status_code)
            if why:
                where = "in scope" if in_scope else "out of scope"
                wrong.append(f"{role.value} {where}: {why} — {answer.text[:160]}")
    record_property("calls", calls)
    assert not wrong, f"{service} {method} {url}:\n  " + "\n  ".join(wrong)


def test_matrix_size(capsys):
    """The size of the matrix: routes × roles × scopes (+ the call without a token)."""
    routes = len(CASES)
    per_route = len(Role) * 2 + 1
    with capsys.disabled():
        print(
            f"\nauthorisation matrix: {routes} routes × {len(Role)} roles × 2 scopes "
            f"+ no token = {routes * per_route} calls"
        )
    assert routes > 0
