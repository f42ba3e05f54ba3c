"""Issue 10's alerts as the canteen really publishes them, through the platform's bindings, in
the canteen manager's inbox: a lunch short of samples and a warm fridge, on a real broker."""

from __future__ import annotations

import httpx
import pytest

from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.notifications.demo import seed
from services.notifications.main import build as build_notifications
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from tests.harness import eventually, serve

pytestmark = pytest.mark.broker


def token(sub: str, role: str) -> str:
    return mint_token(AuthSettings(), sub=sub, roles=[role], scopes={"canteen": ["north"]})


def bearer(sub: str, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(sub, role)}"}


ADMIN = bearer("u-admin-1", "logistics_admin")
MANAGER = bearer("u-canteen-manager-1", "canteen_manager")
STAFF = bearer("u-canteen-staff-1", "canteen_staff")


async def test_a_short_lunch_and_a_warm_fridge_reach_the_manager_with_their_severity(
    vhost_url, namespace, tmp_path
):
    # Both on the platform's own topology (shared/topology.py), as `campus up` runs them.
    canteen = build_canteen(
        CanteenSettings(
            amqp_url=vhost_url,
            namespace=namespace,
            data_dir=tmp_path / "canteen",
            relay_idle_seconds=0.05,
            watch_interval_seconds=3600.0,
        )
    )
    notifications = build_notifications(
        NotificationsSettings(amqp_url=vhost_url, namespace=namespace, data_dir=tmp_path / "n")
    )
    async with (
        serve(notifications) as n_base,
        serve(canteen) as c_base,
        httpx.AsyncClient(base_url=n_base) as n_http,
        httpx.AsyncClient(base_url=c_base) as c_http,
    ):
        await seed(n_http, lambda role: token(f"u-{role}", role))
        body = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
        assert (await c_http.put("/canteens/north", json=body, headers=ADMIN)).status_code == 201
        today = canteen.runtime.context.today().isoformat()
        lunch = {
            "served_on": today,
            "kind": "lunch",
            "dishes": [
                {"dish_id": "tudou-si", "name": "土豆丝"},
                {"dish_id": "zicai-tang", "name": "紫菜汤"},
            ],
        }
        r = await c_http.post("/canteens/north/meals", json=lunch, headers=STAFF)
        assert r.status_code == 201, r.text
        meal = f"/canteens/north/meals/{today}.lunch"
        sample = {"grams": "110", "fridge": "留样冰箱1"}
        r = await c_http.put(f"{meal}/samples/tudou-si", json=sample, headers=STAFF)
        assert r.status_code == 200, r.text
        assert (await c_http.post(f"{meal}/close", headers=STAFF)).status_code == 200
        fridge = {"name": "2号冷藏柜", "kind": "fridge"}
        r = await c_http.put("/canteens/north/devices/fridge-2", json=fridge, headers=MANAGER)
        assert r.status_code == 201, r.text
        r = await c_http.post(
            "/canteens/north/devices/fridge-2/readings", json={"celsius": "11.5"}, headers=STAFF
        )
        assert r.status_code == 201, r.text

        async def inbox() -> list[dict]:
            return (await n_http.get("/notifications/me", headers=MANAGER)).json()["items"]

        items = await eventually(inbox, lambda found: len(found) == 3, timeout=30)
    by_title = {n["title"]["zh-CN"]: n for n in items}
    assert set(by_title) == {
        "留样违规：未留样（紫菜汤）",
        "留样违规：留样不足125克（土豆丝）",
        "温度超标：2号冷藏柜 11.5℃",
    }
    light = by_title["留样违规：留样不足125克（土豆丝）"]["body"]["zh-CN"]
    assert "午餐" in light and "110 克，应不少于 125 克" in light
    assert "0～8℃" in by_title["温度超标：2号冷藏柜 11.5℃"]["body"]["zh-CN"]
    assert {t: (n["severity"], n["ack_required"]) for t, n in by_title.items()} == {
        "留样违规：未留样（紫菜汤）": ("critical", True),
        "留样违规：留样不足125克（土豆丝）": ("warning", False),
        "温度超标：2号冷藏柜 11.5℃": ("critical", True),
    }
    assert all(n["template_error"] is None for n in items)
