"""The per-route table behind test_every_change: a row per mutating route, run in order.

A row names the route as the app declares it (`POST /tickets/{ticket_id}/start`), the demo role
whose token calls it and a valid body. Rows of one service run in order on one app (a memory
store, the service's demo reference data loaded first), so a row may use what an earlier one
made: `keep` copies fields of its answer into the state, and paths, bodies and form fields are
formatted from the state (`"/tickets/{ticket_id}/start"`), or are callables of it.

Adding a route: add its row to `rows_<service>.py` where its preconditions hold; the test
names any route without one.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.routing import APIRoute

from campusctl.platform import DEMO_PEOPLE, demo_token
from shared.auth import AuthSettings
from shared.envelope import Envelope
from shared.outbox import OUTBOX
from shared.store import Query

MUTATING = ("POST", "PUT", "PATCH", "DELETE")
State = dict[str, Any]
Value = Any  # a JSON value, or a callable of the state giving one


@dataclass(frozen=True)
class Row:
    """One call of a mutating route, and what it must leave in the outbox."""

    method: str
    route: str
    role: str | None  # the demo role whose token calls; None: no token (a public route)
    json: Value = None
    path: str | None = None  # the concrete path when it differs from `route`
    data: Value = None  # form fields
    files: Value = None
    content: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    keep: Mapping[str, str] = field(default_factory=dict)  # state key <- answer field
    actor: str | None = None  # the actor expected (formatted) when it is not the caller's id
    changes: bool = True  # False: a POST that computes and stores nothing (said why in a comment)
    later: timedelta | None = None  # move the service's clock on this much before the call
    before: Callable[[Any, State], Awaitable[None]] | None = None  # set up what it acts on
    broker: bool = False  # needs a broker connection: run by the real-broker test only

    @property
    def key(self) -> str:
        return f"{self.method} {self.route}"


def today() -> date:
    """The campus day now (the demo data are dated from it)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def user_of(role: str | None) -> str:
    """The demo person's user id for a role (the actor their token gives)."""
    return next(uid for uid, person_role, _ in DEMO_PEOPLE if person_role == role)


def headers_of(role: str | None) -> dict[str, str]:
    """Authorization header of the demo person holding `role` (none for None)."""
    if role is None:
        return {}
    return {"Authorization": f"Bearer {demo_token(role, AuthSettings())}"}


def resolve(value: Value, state: State) -> Any:
    """A row's value for this run: called with the state, formatted from it, or as it is."""
    if callable(value):
        return value(state)
    if isinstance(value, str):
        return value.format_map(state)
    if isinstance(value, dict):
        return {k: resolve(v, state) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, state) for v in value]
    return value


class LaterClock:
    """The real time, plus however far the rows moved it on (a purge needs years to pass)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def build_app(service: str, clock: LaterClock | None = None) -> Any:
    """The service's app on a memory store (routes only: the test runs no broker)."""
    main = importlib.import_module(f"services.{service}.main")
    settings_mod = importlib.import_module(f"services.{service}.settings")
    settings_cls = next(
        v
        for k, v in vars(settings_mod).items()
        if k.endswith("Settings") and k != "ServiceSettings"
    )
    settings = settings_cls(store_url="memory://")
    return main.build(settings) if clock is None else main.build(settings, clock=clock)


def mutating_routes(app: Any) -> set[str]:
    """Every mutating route the app serves, as `METHOD /template` (hidden ones included)."""
    return set(_walk(app.fastapi.routes, ""))


def _walk(routes: Any, prefix: str) -> Any:
    # FastAPI keeps an included router as a wrapper (`original_router`, `include_context`).
    for route in routes:
        if isinstance(route, APIRoute):
            yield from (f"{m} {prefix}{route.path}" for m in route.methods if m in MUTATING)
        elif hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix
            yield from _walk(route.original_router.routes, inner)


async def outbox_envelopes(store: Any) -> dict[str, Envelope]:
    """Every outbox entry's envelope, by entry id."""
    docs = (await store.find(OUTBOX, Query({}))).items
    return {d["_id"]: _envelope(d["envelope"]) for d in docs}


def _envelope(stored: Any) -> Envelope:
    if isinstance(stored, str):
        return Envelope.model_validate_json(stored)
    return Envelope.model_validate(stored)


async def call(http: Any, row: Row, state: State) -> Any:
    """Make the row's request; the answer."""
    kwargs: dict[str, Any] = {
        "headers": {**headers_of(row.role), **resolve(dict(row.headers), state)}
    }
    if row.json is not None:
        kwargs["json"] = resolve(row.json, state)
    if row.data is not None:
        kwargs["data"] = resolve(row.data, state)
    if row.files is not None:
        kwargs["files"] = resolve(row.files, state)
    if row.content is not None:
        kwargs["content"] = row.content
    path = resolve(row.path or row.route, state)
    return await http.request(row.method, path, **kwargs)


def keep(row: Row, answer: Any, state: State) -> None:
    """Copy the fields the row keeps from its JSON answer into the state."""
    if not row.keep:
        return
    body = answer.json()
    for name, dotted in row.keep.items():
        value: Any = body
        for part in dotted.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        state[name] = value


Rows = tuple[Row, ...]
Setup = Callable[[Any], Any]


async def run_rows(
    http: Any,
    store: Any,
    rows: Rows,
    *,
    clock: LaterClock | None = None,
    with_broker: bool = False,
    given: State | None = None,
) -> tuple[list[str], dict[str, str | None]]:
    """Run the rows in order; what went wrong (one line each), and every event id they caused
    with the actor it must name. Rows needing a broker run only `with_broker`; `given` starts
    the state (a served app's namespace)."""
    state: State = {"today": today().isoformat(), **(given or {})}
    wrong: list[str] = []
    expected: dict[str, str | None] = {}
    for row in rows:
        if row.broker and not with_broker:
            continue  # tests/integration/test_every_change_audited.py calls it
        if row.later is not None and clock is None:
            continue  # a served app keeps real time: only the in-process run moves it
        if row.before is not None:
            await row.before(http, state)
        if row.later is not None and clock is not None:
            clock.offset += row.later
        before = await outbox_envelopes(store)
        answer = await call(http, row, state)
        if answer.status_code >= 400:
            wrong.append(f"{row.key}: {answer.status_code} {answer.text[:300]}")
            continue
        keep(row, answer, state)
        after = await outbox_envelopes(store)
        new = [after[k] for k in sorted(set(after) - set(before))]
        actor = resolve(row.actor, state) if row.actor else user_of(row.role)
        if not row.changes:
            if new:
                wrong.append(f"{row.key}: changes nothing, yet published {new[0].type}")
        elif not new:
            wrong.append(f"{row.key}: {answer.status_code} but no event")
        elif any(e.actor != actor for e in new):
            actors = sorted({str(e.actor) for e in new})
            wrong.append(f"{row.key}: events name {actors}, not {actor}")
        expected.update({e.id: actor for e in new})
    return wrong, expected
