"""HTTP API of the notifications service: the people directory, inboxes and the delivery log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from services.notifications import handlers, repository
from services.notifications.domain import RULES, Audience
from services.notifications.schemas import (
    DeliveriesPage,
    DeliveryRead,
    NotificationRead,
    NotificationsPage,
    PeoplePage,
    PersonRead,
    PersonUpdate,
    RuleRead,
    UnreadCount,
)
from shared.api import authenticated, require_roles, runtime_of
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.service import Runtime
from shared.store import Query as StoreQuery

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[str | None, Query(max_length=1000, description="next_cursor of the last page")]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
Admin = Annotated[Principal, Depends(require_roles("logistics_admin"))]
Reader = Annotated[Principal, Depends(require_roles("logistics_admin", "auditor"))]
Caller = Annotated[Principal, Depends(authenticated)]
Operations = Annotated[Principal, Depends(require_roles("logistics_admin", "ops"))]


@router.put(
    "/people/{user_id}",
    response_model=PersonRead,
    tags=["directory"],
    summary="Create or replace a directory entry (200 unchanged or replaced, 201 created)",
)
async def put_person(
    user_id: Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")],
    body: PersonUpdate,
    principal: Admin,
    runtime: RuntimeDep,
    response: Response,
) -> PersonRead:
    existed = await runtime.store.get(repository.PEOPLE, user_id) is not None
    doc, _ = await handlers.save_person(runtime.uow(principal), body.to_person(user_id))
    response.status_code = 200 if existed else 201
    return PersonRead.of(doc)


@router.get("/people/{user_id}", response_model=PersonRead, tags=["directory"])
async def get_person(user_id: str, _: Reader, runtime: RuntimeDep) -> PersonRead:
    doc = await runtime.store.get(repository.PEOPLE, user_id)
    if doc is None:
        raise NotFound(f"no person {user_id} in the directory")
    return PersonRead.of(doc)


@router.get(
    "/people",
    response_model=PeoplePage,
    tags=["directory"],
    summary="The directory by user id; with `role`, the active holders of that role",
)
async def list_people(
    _: Reader,
    runtime: RuntimeDep,
    role: Role | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PeoplePage:
    store = runtime.store
    if role is None:
        page = await store.find(repository.PEOPLE, StoreQuery({}, [], limit=limit, after=cursor))
        return PeoplePage(
            items=[PersonRead.of(d) for d in page.items], next_cursor=page.next_cursor
        )
    key = Audience(role.value, "all", "*")
    filter = {"role": key.role, "kind": key.kind, "value": key.value}
    page = await store.find(
        repository.AUDIENCE, StoreQuery(filter, [("user_id", 1)], limit=limit, after=cursor)
    )
    docs = [await store.get(repository.PEOPLE, d["user_id"]) for d in page.items]
    return PeoplePage(
        items=[PersonRead.of(d) for d in docs if d is not None], next_cursor=page.next_cursor
    )


@router.get("/routing-rules", response_model=list[RuleRead], tags=["directory"])
async def routing_rules(_: Caller) -> list[RuleRead]:
    return [RuleRead(event_type=t, recipients=r.describes) for t, r in RULES.items()]


@router.get(
    "/notifications/me",
    response_model=NotificationsPage,
    tags=["inbox"],
    summary="The caller's notifications, newest first",
)
async def my_notifications(
    principal: Caller,
    runtime: RuntimeDep,
    unread: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> NotificationsPage:
    filter: dict[str, Any] = {"recipient_id": principal.user_id}
    if unread:
        filter["status"] = "unread"
    page = await repository.notifications_page(runtime.store, filter, limit=limit, after=cursor)
    return NotificationsPage(
        items=[NotificationRead.of(d) for d in page.items], next_cursor=page.next_cursor
    )


@router.get("/notifications/me/unread-count", response_model=UnreadCount, tags=["inbox"])
async def my_unread_count(principal: Caller, runtime: RuntimeDep) -> UnreadCount:
    filter = {"recipient_id": principal.user_id, "status": "unread"}
    return UnreadCount(unread=await runtime.store.count(repository.NOTIFICATIONS, filter))


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationRead,
    tags=["inbox"],
    summary="Mark one of the caller's notifications read (idempotent)",
)
async def read_notification(
    notification_id: Annotated[str, Path(min_length=1, max_length=100)],
    principal: Caller,
    runtime: RuntimeDep,
) -> NotificationRead:
    uow = runtime.uow(principal)
    doc = await handlers.mark_read(uow, user_id=principal.user_id, notification_id=notification_id)
    return NotificationRead.of(doc)


@router.get(
    "/notifications",
    response_model=NotificationsPage,
    tags=["inbox"],
    summary="Notifications of everyone, by correlation id, recipient or source event",
)
async def search_notifications(
    _: Reader,
    runtime: RuntimeDep,
    correlation_id: Annotated[str | None, Query(max_length=200)] = None,
    recipient_id: Annotated[str | None, Query(max_length=128)] = None,
    source_event_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> NotificationsPage:
    given = {
        "correlation_id": correlation_id,
        "recipient_id": recipient_id,
        "source_event_id": source_event_id,
    }
    filter = {k: v for k, v in given.items() if v is not None}
    page = await repository.notifications_page(runtime.store, filter, limit=limit, after=cursor)
    return NotificationsPage(
        items=[NotificationRead.of(d) for d in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/notifications/{notification_id}/deliveries",
    response_model=list[DeliveryRead],
    tags=["inbox"],
    summary="The delivery log of one notification (its recipient, administrators, auditors)",
)
async def notification_deliveries(
    notification_id: Annotated[str, Path(min_length=1, max_length=100)],
    principal: Caller,
    runtime: RuntimeDep,
) -> list[DeliveryRead]:
    doc = await runtime.store.get(repository.NOTIFICATIONS, notification_id)
    may_read = principal.has_role(Role.LOGISTICS_ADMIN, Role.AUDITOR)
    if doc is None or not (may_read or doc["recipient_id"] == principal.user_id):
        raise NotFound(f"no notification {notification_id}")
    rows = await repository.deliveries_of(runtime.store, notification_id)
    return [DeliveryRead.of(r) for r in rows]


@router.get(
    "/deliveries",
    response_model=DeliveriesPage,
    tags=["deliveries"],
    summary="The delivery log across notifications, latest change first (status=failed: what "
    "did not reach anyone)",
)
async def list_deliveries(
    _: Operations,
    runtime: RuntimeDep,
    status: Literal["delivered", "pending", "sending", "sent", "failed"] | None = None,
    channel: Literal["in_app", "email"] | None = None,
    recipient_id: Annotated[str | None, Query(max_length=128)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeliveriesPage:
    given = {"status": status, "channel": channel, "recipient_id": recipient_id}
    filter = {k: v for k, v in given.items() if v is not None}
    page = await repository.deliveries_page(runtime.store, filter, limit=limit, after=cursor)
    return DeliveriesPage(
        items=[DeliveryRead.of(d) for d in page.items], next_cursor=page.next_cursor
    )
