"""HTTP API of the notifications service: the people directory, inboxes and the delivery log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.notifications import handlers, repository
from services.notifications.channels import available
from services.notifications.domain import IN_APP, RULES, Audience, Person
from shared.auth import Principal, Role, authenticated, require_roles
from shared.errors import NotFound
from shared.service import Runtime, runtime_of
from shared.store import Query as StoreQuery

router = APIRouter()
UserId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")]
ScopeId = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[str | None, Query(max_length=1000, description="next_cursor of the last page")]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
Admin = Annotated[Principal, Depends(require_roles("logistics_admin"))]
Reader = Annotated[Principal, Depends(require_roles("logistics_admin", "auditor"))]
Caller = Annotated[Principal, Depends(authenticated)]


class Scopes(BaseModel):
    """Where a person acts: campus ids, building ids, canteen ids."""

    model_config = ConfigDict(extra="forbid")

    campus: list[ScopeId] = Field(default_factory=list, max_length=100)
    building: list[ScopeId] = Field(default_factory=list, max_length=500)
    canteen: list[ScopeId] = Field(default_factory=list, max_length=100)


class PersonUpdate(BaseModel):
    """A directory entry as PUT: the whole entry, created or replaced."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    roles: list[Role] = Field(min_length=1, max_length=10)
    scopes: Scopes = Field(default_factory=Scopes)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    channels: list[str] = Field(default_factory=lambda: [IN_APP], min_length=1, max_length=5)
    active: bool = True

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in available():
                raise ValueError(
                    f"channel {name!r} is not available (implemented: {', '.join(available())})"
                )
        if IN_APP not in value:
            raise ValueError("in_app is always on: every notification lands in the inbox")
        return list(dict.fromkeys(value))

    def to_person(self, user_id: str) -> Person:
        """The domain person, scopes and roles normalised so equal entries compare equal."""
        scopes = {k: frozenset(v) for k, v in self.scopes.model_dump().items() if v}
        return Person(
            user_id=user_id,
            name=self.name,
            roles=frozenset(r.value for r in self.roles),
            scopes=scopes,
            email=self.email,
            channels=tuple(self.channels),
            active=self.active,
        )


class PersonRead(BaseModel):
    """A directory entry as stored."""

    user_id: str
    name: str
    roles: list[str]
    scopes: dict[str, list[str]]
    email: str | None
    channels: list[str]
    active: bool
    updated_at: str

    @classmethod
    def of(cls, doc: dict[str, Any]) -> PersonRead:
        """From the stored document."""
        return cls(user_id=doc["_id"], **{k: doc[k] for k in cls.model_fields if k != "user_id"})


class PeoplePage(BaseModel):
    """One page of the directory."""

    items: list[PersonRead]
    next_cursor: str | None


class Localized(BaseModel):
    """A text in both product languages."""

    model_config = ConfigDict(populate_by_name=True)

    zh_CN: str = Field(alias="zh-CN")
    en: str


class NotificationRead(BaseModel):
    """One in-app notification."""

    notification_id: str
    recipient_id: str
    event_type: str
    source_event_id: str
    correlation_id: str
    subject: str | None
    title: Localized
    body: Localized
    links: dict[str, str]
    status: str
    created_at: str
    read_at: str | None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> NotificationRead:
        """From the stored document."""
        fields = {k: doc[k] for k in cls.model_fields if k != "notification_id"}
        return cls(notification_id=doc["_id"], **fields)


class NotificationsPage(BaseModel):
    """One page of notifications, newest first."""

    items: list[NotificationRead]
    next_cursor: str | None


class DeliveryRead(BaseModel):
    """One line of the delivery log."""

    notification_id: str
    recipient_id: str
    channel: str
    status: str
    detail: str | None
    attempts: int
    at: str


class RuleRead(BaseModel):
    """A routing rule: which event type reaches whom."""

    event_type: str
    recipients: str


class UnreadCount(BaseModel):
    """How many of the caller's notifications are unread."""

    unread: int


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
    return [DeliveryRead(**{k: r[k] for k in DeliveryRead.model_fields}) for r in rows]
