"""Search: every filter, name prefixes in any case, cursor pages in a stable order, moves."""

from __future__ import annotations

from tests.unit.assets.support import ADMIN, AUDITOR, B01_MANAGER, MANAGER, ok, outbox, register


async def tags(client, headers=AUDITOR, **params) -> list[str]:
    return [
        a["tag"] for a in ok(await client.get("/assets", params=params, headers=headers))["items"]
    ]


async def test_filters_and_name_prefixes(client):
    await register(client, tag="ZC-A-1", name="Projector 投影仪", category_code="2020000")
    await register(client, tag="ZC-A-2", name="projector stand", department_id="D-PHYS")
    await register(client, tag="ZC-A-3", name="投影幕 screen", building_id="B02", room_id="B02-1")
    chair = await register(client, tag="ZC-A-4", name="Chair", room_id="B01-102")
    ok(
        await client.post(
            f"/assets/{chair['asset_id']}/custody", json={"custodian_id": "u-s"}, headers=MANAGER
        )
    )
    # By folded name: "projector stand" sorts before "projector 投影仪".
    assert await tags(client, name="PROJ") == ["ZC-A-2", "ZC-A-1"]
    assert await tags(client, name="投影") == ["ZC-A-3"]
    assert await tags(client, tag="ZC-A-2") == ["ZC-A-2"]
    assert await tags(client, category_code="2020000") == ["ZC-A-1"]
    assert await tags(client, department_id="D-PHYS") == ["ZC-A-2"]
    assert await tags(client, custodian_id="u-s") == ["ZC-A-4"]
    assert await tags(client, building_id="B01", room_id="B01-102") == ["ZC-A-4"]
    assert await tags(client, status="in_use", building_id="B02") == ["ZC-A-3"]
    assert await tags(client, headers=B01_MANAGER) == ["ZC-A-1", "ZC-A-2", "ZC-A-4"]
    bad = await client.get("/assets", params={"cursor": "not-a-cursor"}, headers=AUDITOR)
    assert bad.status_code == 422 and bad.json()["field"] == "cursor"


async def test_cursor_pages_are_stable_for_lists_and_name_searches(client):
    for n in range(7):
        await register(client, tag=f"ZC-P-{n}", name="Desk" if n % 2 else "desk lamp")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"name": "desk", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = ok(await client.get("/assets", params=params, headers=AUDITOR))
        seen += [a["tag"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    # "desk" (folded) sorts before "desk lamp": names first, tags within a name.
    assert seen == ["ZC-P-1", "ZC-P-3", "ZC-P-5", "ZC-P-0", "ZC-P-2", "ZC-P-4", "ZC-P-6"]
    by_tag, cursor = [], None
    while True:
        page = ok(
            await client.get(
                "/assets",
                params={"limit": 3, **({"cursor": cursor} if cursor else {})},
                headers=AUDITOR,
            )
        )
        by_tag += [a["tag"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert by_tag == sorted(by_tag) and len(by_tag) == 7
    # A cursor of one search does not fit another.
    first = ok(await client.get("/assets", params={"limit": 2}, headers=AUDITOR))
    wrong = await client.get(
        "/assets", params={"name": "desk", "cursor": first["next_cursor"]}, headers=AUDITOR
    )
    assert wrong.status_code == 422


async def test_moves_are_published_with_both_places_and_kept_in_the_history(client):
    pc = await register(client)
    path = f"/assets/{pc['asset_id']}"
    moved = ok(
        await client.post(
            f"{path}/move",
            json={"building_id": "B02", "room_id": "B02-7", "reason": "调拨 transfer"},
            headers=MANAGER,
        )
    )
    assert (moved["building_id"], moved["room_id"]) == ("B02", "B02-7")
    same = await client.post(
        f"{path}/move", json={"building_id": "B02", "room_id": "B02-7"}, headers=MANAGER
    )
    assert same.status_code == 409
    outside = await client.post(f"{path}/move", json={"building_id": "B01"}, headers=B01_MANAGER)
    assert outside.status_code == 403
    [event] = [e for e in await outbox(client) if e["type"] == "assets.asset.moved.v1"]
    assert (event["data"]["from_building_id"], event["data"]["from_room_id"]) == ("B01", "B01-101")
    assert (event["data"]["building_id"], event["data"]["room_id"]) == ("B02", "B02-7")
    history = ok(await client.get(f"{path}/history", headers=AUDITOR))
    assert [h["type"] for h in history["items"]] == [
        "assets.asset.registered.v1",
        "assets.asset.moved.v1",
    ]
    assert history["items"][1]["actor"] == "u-asset-manager-1"


async def test_a_manager_of_several_buildings_pages_through_them_in_tag_order(client):
    for n, building in enumerate(["B03", "B01", "B02", "B01", "B09", "B03", "B02"]):
        await register(client, tag=f"ZC-M-{n}", building_id=building, room_id=None, headers=ADMIN)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = ok(await client.get("/assets", params=params, headers=MANAGER))
        seen += [a["tag"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["ZC-M-0", "ZC-M-1", "ZC-M-2", "ZC-M-3", "ZC-M-5", "ZC-M-6"]
