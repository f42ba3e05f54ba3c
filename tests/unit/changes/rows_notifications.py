"""The notifications service's mutating routes (on the demo's directory)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.canteen.events import registry as canteen_events
from services.maintenance.events import registry as maintenance_events
from services.notifications.handlers.notify import notify
from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM
from shared.envelope import Envelope, new_event_id
from tests.unit.changes.table import Row, State, headers_of

TEMPLATE = (
    "{% block title %}报修单 {{ data.ticket_id }}{% endblock %}"
    "{% block body %}{{ data.building_id }} 有新的报修{% endblock %}"
)


def _delivered(event_type: str, role: str, key: str) -> Any:
    """A `before`: the consumer's use case notifies of the publisher's example event; the
    newest notification of `role`'s person goes into the state as `key`."""
    registry = maintenance_events if event_type.startswith("maintenance.") else canteen_events

    async def deliver(http: Any, state: State) -> None:
        data = registry.example(event_type)
        envelope = Envelope(
            id=new_event_id(),
            source=f"/campus-logistics/{event_type.split('.')[0]}",
            type=event_type,
            time=datetime.now(UTC),
            correlationid=new_event_id(),
            data=data,
        )
        uow = http.runtime.uow()
        model = SUBSCRIPTIONS[event_type].model.model_validate(data)
        await notify(uow, http.runtime.context, SYSTEM, envelope, model)
        await uow.commit()
        inbox = await http.get("/notifications/me", headers=headers_of(role))
        state[key] = inbox.json()["items"][0]["notification_id"]

    return deliver


ROWS: tuple[Row, ...] = (
    Row(
        "PUT",
        "/routing-rules/{rule_id}",
        "logistics_admin",
        path="/routing-rules/changes",
        json={
            "events": ["maintenance.ticket.opened.v1", "canteen.temperature.out_of_range.v1"],
            "recipients": [
                {"role": "dispatcher", "in": "campus"},
                {"role": "canteen_manager", "in": "canteen"},
            ],
        },
    ),
    Row(
        "PUT",
        "/people/{user_id}",
        "logistics_admin",
        path="/people/u-changes-1",
        json={"name": "周调度", "roles": ["dispatcher"], "scopes": {"campus": ["main"]}},
    ),
    Row(
        "PUT",
        "/people/me/preferences",
        "dispatcher",
        json={"channels": ["in_app"], "quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
    ),
    Row(
        "POST",
        "/notifications/{notification_id}/read",
        "dispatcher",
        before=_delivered("maintenance.ticket.opened.v1", "dispatcher", "notification_id"),
    ),
    Row(
        "POST",
        "/notifications/{notification_id}/acknowledge",
        "canteen_manager",
        path="/notifications/{alert_id}/acknowledge",
        before=_delivered("canteen.temperature.out_of_range.v1", "canteen_manager", "alert_id"),
    ),
    Row(
        "PUT",
        "/routing-rules/{rule_id}",
        "logistics_admin",
        path="/routing-rules/spare",
        json={
            "events": ["maintenance.ticket.closed.v1"],
            "recipients": [{"role": "dispatcher", "in": "campus"}],
        },
    ),
    Row("DELETE", "/routing-rules/{rule_id}", "logistics_admin", path="/routing-rules/spare"),
    Row(
        "PUT",
        "/endpoints/{endpoint_id}",
        "logistics_admin",
        path="/endpoints/desk-bot",
        json={
            "kind": "wecom",
            "name": "报修群机器人",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        },
    ),
    Row(
        "PUT",
        "/templates/{name}",
        "logistics_admin",
        path="/templates/maintenance.ticket.opened.v1.zh-CN",
        json=lambda s: {"source": TEMPLATE},
    ),
    # A preview renders a draft and stores nothing.
    Row(
        "POST",
        "/templates/{name}/preview",
        "logistics_admin",
        changes=False,
        path="/templates/maintenance.ticket.opened.v1.zh-CN/preview",
        json=lambda s: {"source": TEMPLATE},
    ),
    Row(
        "DELETE",
        "/templates/{name}",
        "logistics_admin",
        path="/templates/maintenance.ticket.opened.v1.zh-CN",
    ),
)
