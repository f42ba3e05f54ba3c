"""Routes of the people directory and the routing rules."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.notifications.api.deps import Ctx, UserId
from services.notifications.api.schemas import PeoplePage, PersonRead, PersonUpdate, RuleRead
from services.notifications.handlers import directory as h
from shared.api import Caller, Cursor, Limit, Uow
from shared.auth import Role

router = APIRouter(tags=["directory"])


@router.put(
    "/people/{user_id}",
    response_model=PersonRead,
    summary="Create or replace a directory entry (200 unchanged or replaced, 201 created)",
)
async def put_person(
    user_id: UserId, body: PersonUpdate, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> PersonRead:
    """The whole entry: roles, scopes, duties, e-mail and channels (logistics_admin)."""
    saved = await h.save_person(uow, ctx, who, body.to_person(user_id))
    response.status_code = 201 if saved.created else 200
    return PersonRead.of(saved.person)


@router.get("/people/{user_id}", response_model=PersonRead)
async def get_person(user_id: str, uow: Uow, ctx: Ctx, who: Caller) -> PersonRead:
    """One directory entry (logistics_admin, auditor)."""
    return PersonRead.of(await h.get_person(uow, ctx, who, user_id))


@router.get(
    "/people",
    response_model=PeoplePage,
    summary="The directory by user id; with `role`, the active holders of that role",
)
async def list_people(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    role: Role | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PeoplePage:
    """Logistics administrators and auditors."""
    page = await h.list_people(uow, ctx, who, role=role, limit=limit, cursor=cursor)
    return PeoplePage.of(page)


@router.get("/routing-rules", response_model=list[RuleRead])
async def routing_rules(uow: Uow, ctx: Ctx, who: Caller) -> list[RuleRead]:
    """Which event type reaches whom (anyone signed in)."""
    rules = await h.routing_rules(uow, ctx, who)
    return [RuleRead.of(event_type, alert) for event_type, alert in rules.items()]
