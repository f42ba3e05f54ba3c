"""The demo seed loads through the HTTP API and changes nothing when run again."""

from __future__ import annotations

from services.maintenance.demo import seed
from shared.auth import AuthSettings, mint_token
from tests.integration.maintenance.maint_support import harness


def token_for(role: str) -> str:
    scopes = {"campus": ["main"], "building": ["B01", "B02", "B03"], "canteen": ["north"]}
    return mint_token(AuthSettings(), sub=f"demo-{role}", roles=[role], scopes=scopes)


async def _snapshot(h) -> dict[str, list]:
    out = {}
    for name in (
        "locations",
        "teams",
        "dispatch_rules",
        "contractors",
        "warranties",
        "patrol_routes",
        "schedules",
        "tickets",
        "outbox",
        "qr_codes",
    ):
        page = await h.store.find(name, _all())
        out[name] = page.items
    return out


def _all():
    from shared.store import Query

    return Query({})


async def test_demo_seed_is_idempotent(tmp_path):
    async with harness(tmp_path) as h:
        await seed(h.http, token_for)
        first = await _snapshot(h)
        assert len(first["tickets"]) == 3
        library = next(t for t in first["tickets"] if t["building_id"] == "B03")
        assert library["contractor_id"] == "jianan" and library["status"] == "assigned"
        await seed(h.http, token_for)
        assert await _snapshot(h) == first
