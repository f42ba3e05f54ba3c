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
    async with routes_client(app, base_url=f"http://{service}") as http:

        def token_for(role: str) -> str:
            return table.headers_of(role)["Authorization"].removeprefix("Bearer ")

        await demo.seed_reference(http, token_for)
        wrong, _ = await table.run_rows(http, http.runtime.store, rows_of(service), clock=clock)
    assert not wrong, "\n".join(wrong)
