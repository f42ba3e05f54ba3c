"""Helpers the assets unit tests share."""

from __future__ import annotations

from typing import Any

from shared.auth import AuthSettings, mint_token
from shared.store import Query


def token(sub: str, *roles: str, **scopes: list[str]) -> dict[str, str]:
    """Authorization header of a development token."""
    signed = mint_token(AuthSettings(), sub=sub, roles=roles, scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


MANAGER = token("u-asset-manager-1", "asset_manager", building=["B01", "B02", "B03"])
B01_MANAGER = token("u-asset-manager-2", "asset_manager", building=["B01"])
ADMIN = token("u-admin-1", "logistics_admin")
ADMIN_2 = token("u-admin-2", "logistics_admin")
AUDITOR = token("u-auditor-1", "auditor")
STUDENT = token("u-student-1", "requester", campus=["main"])
TEACHER = token("u-teacher-1", "requester", campus=["main"])

#: A desktop computer over the threshold: depreciated over 6 years.
PC = {
    "tag": "ZC-B01-0001",
    "name": "台式计算机 联想启天 desktop computer",
    "category_code": "2010000",
    "building_id": "B01",
    "room_id": "B01-101",
    "purchase_value": "5200.00",
    "purchase_date": "2022-09-01",
}


async def outbox(client) -> list[dict[str, Any]]:
    """Every event the service staged, oldest first."""
    page = await client.runtime.store.find("outbox", Query({}, [("order", 1)]))
    return [entry["envelope"] for entry in page.items]


async def types_of(client) -> list[str]:
    """The types of every staged event, oldest first."""
    return [e["type"] for e in await outbox(client)]


async def register(client, body: dict | None = None, headers=None, **changes) -> dict:
    """Register an asset (a PC unless told otherwise) and return it."""
    r = await client.post("/assets", json={**(body or PC), **changes}, headers=headers or MANAGER)
    assert r.status_code == 201, r.text
    return r.json()


def ok(response, status: int = 200) -> dict:
    """The JSON of a response that must have this status."""
    assert response.status_code == status, response.text
    return response.json()
