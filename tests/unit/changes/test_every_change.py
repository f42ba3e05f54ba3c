"""Issue 14: every mutating route of every service, called with a valid body by an authorised
person, leaves an outbox entry whose envelope names that person as the actor (so audit can say
who changed what). The routes are read from each app: a new route without a row fails here."""

from __future__ import annotations

import importlib

import pytest

from tests.harness import routes_client
from tests.unit.changes import table
from tests.unit.changes.table import Row

SERVICES = ("canteen", "assets", "maintenance", "notifications", "audit")


def rows_of(service: str) -> tuple[Row, ...]:
    return importlib.import_module(f"tests.unit.changes.rows_{service}").ROWS


@pytest.mark.parametrize("service", SERVICES)
def test_every_mutating_route_has_a_row(service: str) -> None:
    served = table.mutating_routes(table.build_app(service))
    listed = {row.key for row in rows_of(service)}
    assert not sorted(served - listed), f"{service}: mutating routes without a row"
    assert not sorted(listed - served), f"{service}: rows for routes the app does not serve"


@pytest.mark.parametrize("service", SERVICES)
async def test_every_mutating_route_leaves_an_event_naming_its_actor(service: str) -> None:
    clock = table.LaterClock()
    app = table.build_app(service, clock)
    demo = importlib.import_module(f"services.{service}.demo")
    wrong: list[str] = []
    async with routes_client(app, base_url=f"http://{service}") as http:
        store = http.runtime.store

        def token_for(role: str) -> str:
            return table.headers_of(role)["Authorization"].removeprefix("Bearer ")

        await demo.seed_reference(http, token_for)
        state: table.State = {"today": table.today().isoformat()}
        for row in rows_of(service):
            if row.broker:
                continue  # tests/integration/test_every_change_audited.py calls it
            if row.before is not None:
                await row.before(http, state)
            if row.later is not None:
                clock.offset += row.later
            before = await table.outbox_envelopes(store)
            answer = await table.call(http, row, state)
            if answer.status_code >= 400:
                wrong.append(f"{row.key}: {answer.status_code} {answer.text[:300]}")
                continue
            table.keep(row, answer, state)
            after = await table.outbox_envelopes(store)
            new = [after[k] for k in sorted(set(after) - set(before))]
            actor = table.resolve(row.actor, state) if row.actor else table.user_of(row.role)
            if not row.changes:
                if new:
                    wrong.append(f"{row.key}: changes nothing, yet published {new[0].type}")
            elif not new:
                wrong.append(f"{row.key}: {answer.status_code} but no event")
            elif any(e.actor != actor for e in new):
                actors = sorted({str(e.actor) for e in new})
                wrong.append(f"{row.key}: events name {actors}, not {actor}")
    assert not wrong, "\n".join(wrong)
