"""Object-level refusals: another requester's request, another canteen's supplier and staff,
another building's asset — each 403 or 404, and nothing changed."""

from __future__ import annotations

from shared.auth import AuthSettings, Role, mint_token
from tests.harness import routes_client
from tests.security.calls import token_header
from tests.security.routes import build_app
from tests.security.seeds import ADMIN, seed_assets, seed_canteen, seed_maintenance

NORTH = token_header(Role.CANTEEN_MANAGER, {"canteen": ["north"]})
SOUTH = {
    "Authorization": "Bearer "
    + mint_token(
        AuthSettings(), sub="u-south-mgr", roles=["canteen_manager"], scopes={"canteen": ["south"]}
    )
}


def _requester(sub: str) -> dict[str, str]:
    signed = mint_token(AuthSettings(), sub=sub, roles=["requester"])
    return {"Authorization": f"Bearer {signed}"}


async def test_another_requesters_request_is_not_found_and_stays_as_it_was():
    async with routes_client(build_app("maintenance")) as http:
        seeded = await seed_maintenance(http)
        ticket = f"/tickets/{seeded['ticket_id']}"
        other = _requester("u-someone-else")
        assert (await http.get(ticket, headers=other)).status_code == 404
        r = await http.post(f"{ticket}/close", json={"rating": 5}, headers=other)
        assert r.status_code in (403, 404)
        files = {"photos": ("p.png", b"\x89PNG\r\n\x1a\n", "image/png")}
        assert (await http.post(f"{ticket}/photos", files=files, headers=other)).status_code == 404
        listed = (await http.get("/tickets", headers=other)).json()["items"]
        assert listed == []
        mine = (await http.get(ticket, headers=token_header(Role.REQUESTER, {}))).json()
        assert mine["status"] == "opened" and mine["photos"] == []


async def test_another_canteens_supplier_and_staff_are_refused():
    async with routes_client(build_app("canteen")) as http:
        await seed_canteen(http)
        body = {"name": "绿源", "canteens": ["north"]}
        assert (await http.put("/suppliers/sup-ly", json=body, headers=NORTH)).status_code == 201
        r = await http.put("/suppliers/sup-ly", json={**body, "suspended": True}, headers=SOUTH)
        assert r.status_code == 403
        member = {"name": "王师傅", "position": "cook"}
        r = await http.put("/canteens/north/staff/st-wang", json=member, headers=NORTH)
        assert r.status_code == 201, r.text
        assert (await http.get("/canteens/north/staff/st-wang", headers=SOUTH)).status_code == 403
        assert (await http.get("/canteens/north/staff", headers=SOUTH)).status_code == 403
        r = await http.put("/canteens/north/staff/st-wang", json=member, headers=SOUTH)
        assert r.status_code == 403
        # The south manager cannot reach north's handler through south's path either.
        assert (await http.get("/canteens/south/staff/st-wang", headers=SOUTH)).status_code == 404
        supplier = (await http.get("/suppliers/sup-ly", headers=ADMIN)).json()
        assert supplier["suspended"] is False


async def test_another_buildings_asset_is_refused():
    far = token_header(Role.ASSET_MANAGER, {"building": ["B99"]})
    async with routes_client(build_app("assets")) as http:
        seeded = await seed_assets(http)
        asset = f"/assets/{seeded['asset_id']}"
        assert (await http.get(asset, headers=far)).status_code == 403
        r = await http.post(f"{asset}/move", json={"building_id": "B99"}, headers=far)
        assert r.status_code == 403
        damage = {"description": "屏幕裂了", "deliberate": False}
        r = await http.post(f"{asset}/damages", json=damage, headers=far)
        assert r.status_code == 403, r.text
        assert (await http.get(asset, headers=ADMIN)).json()["building_id"] == "B01"


async def test_another_canteens_dishes_menus_and_complaints_are_refused_and_unchanged():
    async with routes_client(build_app("canteen")) as http:
        seeded = await seed_canteen(http)
        dish = "/canteens/north/dishes/mifan"
        before = (await http.get(dish, headers=ADMIN)).json()
        r = await http.put(dish, json={**_writable(before), "price": "0.50"}, headers=SOUTH)
        assert r.status_code == 403, r.text
        r = await http.put("/canteens/north/price-caps/staple", json={"cap": "9"}, headers=SOUTH)
        assert r.status_code == 403
        week = f"/canteens/north/menus/{seeded['week']}"
        assert (await http.put(week, json={"entries": []}, headers=SOUTH)).status_code == 403
        assert (await http.get("/canteens/north/complaints", headers=SOUTH)).status_code == 403
        answer = f"/canteens/north/complaints/{seeded['complaint_id']}/answer"
        r = await http.post(answer, json={"answer": "不是我们食堂"}, headers=SOUTH)
        assert r.status_code == 403
        recall = {"batch_id": seeded["batch_id"], "reason": "not theirs"}
        assert (
            await http.post("/canteens/north/recalls", json=recall, headers=SOUTH)
        ).status_code == 403
        # Through south's own path the north objects are not there.
        assert (await http.get("/canteens/south/dishes/mifan", headers=SOUTH)).status_code == 404
        r = await http.post("/canteens/south/recalls", json=recall, headers=SOUTH)
        assert r.status_code == 404
        assert (await http.get(dish, headers=ADMIN)).json()["price"] == before["price"]
        assert (await http.get(week, headers=ADMIN)).json()["entries"] != []
        [complaint] = (await http.get("/canteens/north/complaints", headers=NORTH)).json()
        assert complaint["status"] == "open" and complaint["contact"] == "13800000000"
        assert (await http.get("/canteens/north/recalls", headers=ADMIN)).json() == []


async def test_an_auditor_reads_complaints_without_the_diners_contacts():
    auditor = token_header(Role.AUDITOR, {})
    async with routes_client(build_app("canteen")) as http:
        await seed_canteen(http)
        [seen] = (await http.get("/canteens/north/complaints", headers=auditor)).json()
        [answering] = (await http.get("/canteens/north/complaints", headers=NORTH)).json()
    assert seen["complaint_id"] == answering["complaint_id"] == "cmp-1"
    assert seen["contact"] is None and answering["contact"] == "13800000000"


def _writable(dish: dict) -> dict:
    keys = ("name_zh", "name_en", "category", "ingredients", "allergens", "price", "everyday")
    return {k: dish[k] for k in keys}
