"""What the console's notification pages call: one endpoint, an edit that keeps the hidden URL,
a template preview, the needs of an undeliverable incident, the demo directory's scopes."""

from __future__ import annotations

from datetime import UTC, datetime

from campusctl.platform import DEMO_SCOPES
from services.notifications.demo import people, seed
from services.notifications.handlers.notify import notify
from shared.envelope import Envelope, new_event_id
from tests.unit.notifications.support import token

ADMIN = token("u-admin-1", "logistics_admin", campus=["main"])
OPS = token("u-ops-1", "ops")
MANAGER = token("u-m", "canteen_manager", canteen=["north"])
MILK = {"canteen_id": "north", "item": "鲜牛奶", "batch_id": "B-77", "expires_on": "2025-03-05"}
MILK_NAME = "/templates/canteen.stock.expiring.v1.zh-CN"
SOURCE = "{% block title %}临期 {{ data.item }}{% endblock %}{% block body %}{{ data.batch_id }}{% endblock %}"  # noqa: E501


async def consume(client, event_type: str, data: dict) -> str:
    """The consumed-event use case, as the consumer runs it."""
    from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM

    env = Envelope(
        id=new_event_id(),
        source="/campus-logistics/canteen",
        type=event_type,
        time=datetime(2025, 3, 3, tzinfo=UTC),
        correlationid="corr-c",
        data=data,
    )
    uow = client.runtime.uow()
    model = SUBSCRIPTIONS[event_type].model.model_validate(data)
    await notify(uow, client.runtime.context, SYSTEM, env, model)
    await uow.commit()
    return env.id


async def test_one_endpoint_is_read_and_edited_without_resending_its_url_or_secret(client):
    body = {
        "kind": "wecom",
        "name": "北区后厨群",
        "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY",
        "scopes": {"canteen": ["north"]},
    }
    assert (await client.put("/endpoints/wecom-north", json=body, headers=ADMIN)).status_code == 201
    one = await client.get("/endpoints/wecom-north", headers=OPS)
    assert one.status_code == 200 and "SECRET-KEY" not in one.text
    assert one.json()["url"] == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…"
    renamed = {"kind": "wecom", "name": "北区食堂群", "scopes": {"canteen": ["north"]}}
    r = await client.put("/endpoints/wecom-north", json=renamed, headers=ADMIN)
    assert r.status_code == 200 and r.json()["name"] == "北区食堂群"
    stored = await client.runtime.store.get("endpoints", "wecom-north")
    assert stored is not None and stored["url"].endswith("key=SECRET-KEY")  # kept, not re-sent
    new = await client.put("/endpoints/no-url", json=renamed, headers=ADMIN)
    assert new.status_code == 422 and new.json()["field"] == "url", new.text
    assert (await client.get("/endpoints/missing", headers=ADMIN)).status_code == 404
    assert (await client.get("/endpoints/wecom-north", headers=MANAGER)).status_code == 403


async def test_a_template_preview_renders_the_newest_event_and_saves_nothing(client):
    before = await client.post(f"{MILK_NAME}/preview", json={"source": SOURCE}, headers=ADMIN)
    assert before.status_code == 200, before.text
    assert before.json()["sample"] == "placeholders" and before.json()["title"] == "临期 ‹item›"
    event_id = await consume(client, "canteen.stock.expiring.v1", MILK)
    after = (
        await client.post(f"{MILK_NAME}/preview", json={"source": SOURCE}, headers=ADMIN)
    ).json()
    assert (after["sample"], after["sample_event_id"]) == ("event", event_id)
    assert (after["title"], after["body"], after["error"]) == ("临期 鲜牛奶", "B-77", None)
    misspelt = "{% block title %}{{ data.itme }}{% endblock %}{% block body %}b{% endblock %}"
    failed = await client.post(f"{MILK_NAME}/preview", json={"source": misspelt}, headers=ADMIN)
    assert failed.status_code == 200 and failed.json()["title"] is None
    assert "itme" in failed.json()["error"]
    broken = await client.post(f"{MILK_NAME}/preview", json={"source": "{% block"}, headers=ADMIN)
    assert broken.json()["error"].startswith("TemplateSyntaxError")
    assert (await client.get(MILK_NAME, headers=ADMIN)).json()["origin"] == "file"
    sms = await client.post(
        "/templates/maintenance.ticket.resolved.v1.sms.zh-CN/preview",
        json={"source": SOURCE},
        headers=ADMIN,
    )
    assert sms.json()["channel"] == "sms"
    assert sms.json()["event_type"] == "maintenance.ticket.resolved.v1"
    for name in ("email.html", "nobody.uses.this.en"):
        r = await client.post(f"/templates/{name}/preview", json={"source": SOURCE}, headers=ADMIN)
        assert r.status_code == 422, name
    refused = await client.post(f"{MILK_NAME}/preview", json={"source": SOURCE}, headers=OPS)
    assert refused.status_code == 403


async def test_an_undeliverable_incident_says_whom_the_directory_lacks(client):
    event_id = await consume(client, "canteen.stock.expiring.v1", MILK)
    listed = await client.get("/incidents", params={"state": "undeliverable"}, headers=OPS)
    [incident] = listed.json()["items"]
    assert incident["source_event_id"] == event_id
    needs = {(n["kind"], n.get("role"), n.get("scope_kind"), n.get("scope"), n.get("rule_id"))
             for n in incident["needs"]}  # fmt: skip
    assert needs == {
        ("person", "canteen_manager", "canteen", "north", "canteen-stock"),
        ("fallback", "logistics_admin", None, None, None),
    }
    manager = {"name": "赵经理", "roles": ["canteen_manager"], "scopes": {"canteen": ["north"]}}
    assert (await client.put("/people/u-zhao", json=manager, headers=ADMIN)).status_code == 201
    # Not routed yet (the loop does that), but nothing is missing any more.
    [again] = (
        await client.get("/incidents", params={"state": "undeliverable"}, headers=OPS)
    ).json()["items"]
    assert again["needs"] == []


async def test_the_demo_directory_has_the_roles_and_scopes_of_the_demo_tokens(client):
    await seed(client, lambda role: ADMIN["Authorization"].removeprefix("Bearer "))
    for user_id, scopes in DEMO_SCOPES.items():
        entry = (await client.get(f"/people/{user_id}", headers=ADMIN)).json()
        assert entry["scopes"] == {k: sorted(v) for k, v in scopes.items() if v}, user_id
        assert entry["roles"] == sorted(people()[user_id]["roles"])
    assert len((await client.get("/people", headers=ADMIN)).json()["items"]) == len(people())


async def test_an_alert_whose_rule_is_off_reaches_the_administrators_and_names_the_rule(client):
    admin = {"name": "周主任", "roles": ["logistics_admin"], "scopes": {"campus": ["main"]}}
    assert (await client.put("/people/u-admin-1", json=admin, headers=ADMIN)).status_code == 201
    rule = (await client.get("/routing-rules/asset-damage", headers=ADMIN)).json()["rule"]
    off = await client.put("/routing-rules/asset-damage", json={**rule, "enabled": False},
                           headers=ADMIN)  # fmt: skip
    assert off.status_code == 200, off.text
    damage = {"damage_id": "D-1", "asset_id": "A-1", "tag": "ZC-B01-0002", "building_id": "B01",
              "description": "灯泡烧坏", "deliberate": False}  # fmt: skip
    await consume(client, "assets.asset.damaged.v1", damage)
    [incident] = (await client.get("/incidents", params={"state": "fallback"}, headers=OPS)).json()[
        "items"
    ]
    assert incident["recipients"] == ["u-admin-1"]
    assert [(n["kind"], n.get("rule_id")) for n in incident["needs"]] == [
        ("rule", None),
        ("rule_off", "asset-damage"),
    ]


async def test_an_endpoint_may_point_only_at_an_allowed_host(client):
    """Issue 14 (SSRF): a webhook to a host outside `allowed_hosts` is a 422 naming the
    setting, and nothing is stored; the official robot hosts and loopback are allowed."""
    refused = []
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://qyapi.weixin.qq.com.evil.example/send",
        "http://10.0.0.5:8080/hook",
    ):
        body = {"kind": "webhook", "name": "x", "url": url}
        r = await client.put("/endpoints/ssrf", json=body, headers=ADMIN)
        refused.append(r.status_code)
        assert r.json()["field"] == "url"
        assert "CAMPUS_NOTIFICATIONS_ALLOWED_HOSTS" in r.json()["detail"]
    assert refused == [422, 422, 422]
    assert await client.runtime.store.get("endpoints", "ssrf") is None
    for n, url in enumerate(
        (
            "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
            "http://127.0.0.1:9000/hook",
        )
    ):
        body = {"kind": "webhook", "name": "y", "url": url}
        r = await client.put(f"/endpoints/ok-{n}", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text


async def test_an_endpoint_stored_before_the_allow_list_is_never_posted_to(client):
    """An endpoint already stored with a host the list no longer holds fails permanently at
    send time, without a request (a stand-in network records any call)."""
    from datetime import UTC, datetime

    import httpx

    from services.notifications.domain.endpoints import Endpoint
    from services.notifications.domain.outbound import new_delivery
    from services.notifications.handlers.transports import HttpTransport
    from services.notifications.repository import rules as endpoints_repo

    uow = client.runtime.uow()
    old = Endpoint("legacy", "webhook", "http://10.1.2.3/hook", None, "旧接口")
    endpoints_repo.stage_endpoint(uow, old.saved(None, at=datetime.now(UTC)))
    await uow.commit()
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(200)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        transport = HttpTransport(client.runtime.context, client.runtime.store, http)
        line = new_delivery(
            notification_id="n-1",
            recipient_id="endpoint:legacy",
            address="legacy",
            name=None,
            now=datetime.now(UTC),
            channel="webhook",
        )
        result = await transport.send(line, None)
    assert result.outcome == "permanent" and "ALLOWED_HOSTS" in result.detail
    assert calls == []
