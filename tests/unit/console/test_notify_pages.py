"""The notification pages against a fake notifications API: the inbox's severities and
acknowledgement, one's own settings, the rule editor, endpoints, templates, undelivered alerts."""

from __future__ import annotations

from tests.fakes.console_notifications import MILK, RULE
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}


def puts(notifications, path: str) -> list:
    return [body for method, p, body in notifications.calls if method == "PUT" and p == path]


def test_the_inbox_shows_severity_escalations_and_acknowledges_a_critical_alert(
    client, notifications
):
    sign_in(client, "u-dispatcher-1")
    inbox = client.get("/inbox", headers=HTML)
    assert "紧急" in inbox.text and "警告" in inbox.text
    assert "已升级：无人及时确认" in inbox.text  # the escalated copy says so
    assert inbox.text.count("确认收到</button>") == 2  # the two critical ones, not the warning
    assert "否则将升级给值班领导" in inbox.text  # only the one that must be acknowledged
    answer = client.post(
        "/inbox/n-crit/acknowledge", data={"csrf": csrf_of(inbox.text), "back": "/inbox"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/inbox"
    assert ("POST", "/notifications/n-crit/acknowledge", None) in notifications.calls
    after = client.get("/inbox", headers=HTML)
    assert (
        "已确认收到：不会再升级。" in after.text
        and "王调度 Wang (repair dispatcher) 已于" in after.text
    )
    assert after.text.count("确认收到</button>") == 1
    client.post("/inbox/n-1/acknowledge", data={"csrf": csrf_of(after.text), "back": "/inbox"})
    assert "只有紧急提醒需要确认收到。" in client.get("/inbox", headers=HTML).text


def test_my_settings_are_filled_checked_and_saved(client, notifications):
    sign_in(client, "u-dispatcher-1")
    form = client.get("/settings", headers=HTML)
    assert form.status_code == 200 and "wang.dispatch@example.edu.cn" in form.text
    assert 'name="channels" value="email" checked' in form.text
    token = csrf_of(form.text)
    half = client.post(
        "/settings", data={"csrf": token, "channels": ["in_app"], "quiet_hours_start": "22:00"}
    )
    assert half.status_code == 422 and 'id="e-quiet_hours_end"' in half.text
    assert not puts(notifications, "/people/me/preferences")  # refused before any call
    refused = client.post("/settings", data={"csrf": token, "channels": ["sms"], "phone": ""})
    assert refused.status_code == 422 and 'id="e-channels"' in refused.text
    saved = client.post(
        "/settings",
        data={
            "csrf": token,
            "channels": ["email", "sms"],
            "phone": "13800000000",
            "quiet_hours_start": "22:00:00",
            "quiet_hours_end": "07:00",
            "digest": "on",
            "language": "en",
        },
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/settings"
    assert puts(notifications, "/people/me/preferences")[-1] == {
        "channels": ["in_app", "email", "sms"],
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:00",
        "digest": True,
        "language": "en",
        "phone": "13800000000",
    }
    page = client.get("/settings", headers=HTML)
    assert "您的通知设置已保存。" in page.text and 'value="22:00"' in page.text


def test_someone_not_in_the_directory_is_told_whom_to_ask(client, notifications):
    notifications.person = None
    sign_in(client, "u-canteen-staff-1")
    page = client.get("/settings", headers=HTML)
    assert page.status_code == 200 and "您还不在通知通讯录中" in page.text
    assert 'action="/settings"' not in page.text


def test_the_rule_editor_is_for_administrators_and_saves_what_the_form_says(client, notifications):
    sign_in(client, "u-dispatcher-1")
    assert client.get("/rules", headers=HTML).status_code == 403
    client.cookies.clear()
    sign_in(client, "u-admin-1")
    listed = client.get("/rules", headers=HTML)
    assert "canteen-stock" in listed.text and "食堂经理" in listed.text
    form = client.get("/rules/canteen-stock", headers=HTML)
    assert 'value="canteen_manager"' in form.text and "canteen.delivery.rejected.v1" in form.text
    token = csrf_of(form.text)
    fields = {
        "csrf": token,
        "description": "食堂收货与库存",
        "events": "canteen.stock.expiring.v1\r\ncanteen.delivery.rejected.v1",
        "enabled": "on",
        "fallback": "on",
        "scope_canteen": "north, south",
        "r-0-kind": "role",
        "r-0-value": "canteen_manager",
        "r-0-in": "canteen",
        "r-1-kind": "",
        "r-2-kind": "endpoints",
        "r-2-in": "canteen",
        "ch_warning": ["wecom", "email"],
        "severity": "",
        "escalate_after_minutes": "",
    }
    saved = client.post("/rules/canteen-stock", data=fields)
    assert saved.status_code == 303, saved.text
    assert puts(notifications, "/routing-rules/canteen-stock")[-1] == {
        "events": ["canteen.stock.expiring.v1", "canteen.delivery.rejected.v1"],
        "recipients": [{"role": "canteen_manager", "in": "canteen"}, {"endpoints": "canteen"}],
        "enabled": True,
        "fallback": True,
        "description": "食堂收货与库存",
        "scope": {"canteen": ["north", "south"]},
        "channels": {"warning": ["in_app", "wecom", "email"]},
    }
    bad = client.post("/rules/canteen-stock", data={**fields, "r-0-value": "chef"})
    assert bad.status_code == 422 and 'id="e-r-0-value"' in bad.text and "not a role" in bad.text
    empty = client.post("/rules/canteen-stock", data={**fields, "events": " "})
    assert empty.status_code == 422 and 'id="e-events"' in empty.text
    assert len(puts(notifications, "/routing-rules/canteen-stock")) == 2  # the refused one too


def test_a_new_rule_needs_a_free_id_and_removing_one_needs_a_tick(client, notifications):
    sign_in(client, "u-admin-1")
    token = csrf_of(client.get("/rules/new", headers=HTML).text)
    fields = {"csrf": token, "events": "canteen.temperature.*", "r-0-kind": "duty",
              "r-0-value": "logistics-duty-officer", "enabled": "on"}  # fmt: skip
    taken = client.post("/rules/new", data={**fields, "rule_id": RULE["rule_id"]})
    assert taken.status_code == 422 and 'id="e-rule_id"' in taken.text
    made = client.post("/rules/new", data={**fields, "rule_id": "cold-chain"})
    assert made.status_code == 303 and made.headers["location"] == "/rules/cold-chain"
    assert puts(notifications, "/routing-rules/cold-chain")[0]["recipients"] == [
        {"duty": "logistics-duty-officer"}
    ]
    client.post("/rules/cold-chain/delete", data={"csrf": token})
    assert "cold-chain" in notifications.rules  # not ticked: kept
    gone = client.post("/rules/cold-chain/delete", data={"csrf": token, "confirm": "yes"})
    assert gone.status_code == 303 and "cold-chain" not in notifications.rules


def test_an_endpoint_secret_is_sent_once_and_never_shown_back(client, notifications):
    sign_in(client, "u-admin-1")
    token = csrf_of(client.get("/endpoints/new", headers=HTML).text)
    secret = "SEC-very-secret-1"
    fields = {
        "csrf": token,
        "endpoint_id": "ding-b03",
        "kind": "dingtalk",
        "name": "维修群",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=T0KEN",
        "secret": secret,
        "scope_building": "B03",
        "active": "on",
    }
    short = client.post("/endpoints/new", data={**fields, "secret": "short"})
    assert short.status_code == 422 and 'id="e-secret"' in short.text
    assert "short" not in short.text.split('name="secret"')[1].split(">")[0]  # not echoed
    made = client.post("/endpoints/new", data=fields)
    assert made.status_code == 303
    page = client.get("/endpoints/ding-b03", headers=HTML)
    assert secret not in page.text and "T0KEN" not in page.text and "f1ngerpr1nt0" in page.text
    assert secret not in client.get("/endpoints", headers=HTML).text
    renamed = {k: v for k, v in fields.items() if k not in ("endpoint_id", "url", "secret")}
    client.post("/endpoints/ding-b03", data={**renamed, "name": "B03 维修群"})
    last = puts(notifications, "/endpoints/ding-b03")[-1]
    assert last["name"] == "B03 维修群" and "url" not in last and "secret" not in last
    assert notifications.secrets["ding-b03"] == secret  # kept by the service


def test_a_template_is_previewed_saved_and_reset(client, notifications):
    sign_in(client, "u-admin-1")
    assert MILK in client.get("/templates?q=expiring", headers=HTML).text
    editor = client.get(f"/templates/{MILK}", headers=HTML)
    token = csrf_of(editor.text)
    source = "{% block title %}临期：{{ data.item }}{% endblock %}{% block body %}b{% endblock %}"
    shown = client.post(f"/templates/{MILK}", data={"csrf": token, "source": source,
                                                    "action": "preview"})  # fmt: skip
    assert shown.status_code == 200 and "库存临期：鲜牛奶" in shown.text and "e-milk" in shown.text
    assert MILK not in notifications.overrides  # a preview saves nothing
    broken = client.post(f"/templates/{MILK}", data={"csrf": token, "source": "{{ x }}",
                                                     "action": "save"})  # fmt: skip
    assert broken.status_code == 422 and 'id="e-source"' in broken.text and "{{ x }}" in broken.text
    saved = client.post(f"/templates/{MILK}", data={"csrf": token, "source": source,
                                                    "action": "save"})  # fmt: skip
    assert saved.status_code == 303 and notifications.overrides[MILK] == source
    client.post(f"/templates/{MILK}/reset", data={"csrf": token})
    assert MILK not in notifications.overrides


def test_undelivered_alerts_say_whom_the_directory_lacks(client, notifications):
    sign_in(client, "u-ops-1")
    page = client.get("/incidents", headers=HTML)
    assert page.status_code == 200
    assert "通讯录中有负责食堂 north 的食堂经理" in page.text
    assert "或者：通讯录中有后勤管理员" in page.text
    assert 'href="/rules/canteen-stock"' not in page.text  # ops reads, does not edit rules
    client.cookies.clear()
    sign_in(client, "u-admin-1")
    assert 'href="/rules/canteen-stock"' in client.get("/incidents", headers=HTML).text
    assert "没有：每条提醒都已送达" in client.get("/incidents?state=fallback", headers=HTML).text


def test_every_notification_form_refuses_a_post_without_its_csrf_token(client, notifications):
    sign_in(client, "u-admin-1")
    for path in ("/settings", "/rules/canteen-stock", "/endpoints/new", f"/templates/{MILK}",
                 "/inbox/n-crit/acknowledge"):  # fmt: skip
        answer = client.post(path, data={"source": "x", "events": "a.b.c"}, headers=HTML)
        assert answer.status_code == 403 and "表单被拒绝" in answer.text, path
    assert not [c for c in notifications.calls if c[0] in ("PUT", "POST", "DELETE")]
