"""The audit HTTP edge without a broker: bounded inputs are 422 problems, refusals are 403."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from services.audit.main import build
from services.audit.settings import AuditSettings
from shared.auth import AuthSettings, mint_token


def auth(role: str) -> dict[str, str]:
    """Authorization header for a user of one role."""
    token = mint_token(AuthSettings(), sub=f"u-{role}-1", roles=[role])
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """The audit routes over ASGI; nothing started (every request here ends before the store)."""
    app = build(AuditSettings(store_url="memory://"))
    transport = httpx.ASGITransport(app=app.fastapi)
    async with httpx.AsyncClient(transport=transport, base_url="http://audit.test") as client:
        yield client


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        # Year 1 at +14:00 is before year 1 in UTC: converting it overflowed into a 500.
        ("/audit/records", {"since": "0001-01-01T00:00:00+14:00"}, "since"),
        ("/audit/records", {"until": "9999-12-31T23:59:59-14:00"}, "until"),
        ("/audit/export", {"since": "0001-01-01T00:00:00+14:00"}, "since"),
        ("/audit/records", {"since": "1900-01-01T00:00:00Z"}, "since"),
        ("/audit/records", {"subject": "T-1\x00"}, "subject"),
        ("/audit/records", {"actor": "u-1\nu-2"}, "actor"),
    ],
)
async def test_out_of_range_times_and_control_characters_are_422_problems(
    http, path, params, field
):
    r = await http.get(path, params=params, headers=auth("auditor"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in r.json()["errors"]], r.text


async def test_a_replay_since_year_one_is_a_422_problem(http):
    body = {"types": ["a.b.v1"], "since": "0001-01-01T00:00:00+14:00", "queue": "x.replay.y"}
    r = await http.post("/audit/replays", json=body, headers=auth("service"))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "since"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/audit/records"),
        ("GET", "/audit/records/1"),
        ("GET", "/audit/correlations/c-1"),
        ("GET", "/audit/export"),
        ("GET", "/audit/chain"),
        ("GET", "/audit/verify"),
        ("GET", "/audit/archives"),
        ("POST", "/audit/archives"),
    ],
)
async def test_only_auditors_and_administrators_read_the_record(http, method, path):
    for role in ("dispatcher", "service", "ops", "requester"):
        r = await http.request(method, path, headers=auth(role))
        assert r.status_code == 403, (role, r.text)
        assert r.json()["code"] == "forbidden"


async def test_archive_runs_and_replays_are_refused_to_auditors(http):
    assert (await http.post("/audit/archives", headers=auth("auditor"))).status_code == 403
    body = {"types": ["a.b.v1"], "since": "2026-03-02T08:00:00Z", "queue": "campus.replay.x"}
    r = await http.post("/audit/replays", json=body, headers=auth("auditor"))
    assert r.status_code == 403
