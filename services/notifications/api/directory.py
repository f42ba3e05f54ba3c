"""Routes of the people directory and the routing rules."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.notifications.api.deps import Ctx, UserId
from services.notifications.api.schemas import PeoplePage, PersonRead, PersonUpdate
from services.notifications.api.schemas_config import PreferencesIn
from services.notifications.handlers import directory as h
from shared.api import Caller, Cursor, Limit, Uow
from shared.auth import Role

router = APIRouter(tags=["directory"])


@router.get("/people/me", response_model=PersonRead, summary="The caller's own directory entry")
async def my_entry(uow: Uow, ctx: Ctx, who: Caller) -> PersonRead:
    """404 until an administrator adds you."""
    return PersonRead.of(await h.my_entry(uow, ctx, who))


@router.put(
    "/people/me/preferences",
    response_model=PersonRead,
    summary="The caller's own channels, quiet hours, digest, language and phone",
)
async def put_preferences(body: PreferencesIn, uow: Uow, ctx: Ctx, who: Caller) -> PersonRead:
    """Critical alerts ignore quiet hours and the digest."""
    saved = await h.save_preferences(
        uow,
        ctx,
        who,
        channels=tuple(dict.fromkeys(body.channels)),
        quiet_hours=body.quiet(),
        digest=body.digest,
        language=body.language,
        phone=body.phone,
    )
    return PersonRead.of(saved.person)


@router.put(
    "/people/{user_id}",
    response_model=PersonRead,
    summary="Create or replace a directory entry (200 unchanged or replaced, 201 created)",
)
async def put_person(
    user_id: UserId, body: PersonUpdate, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> PersonRead:
    """The whole entry: roles, scopes, duties, e-mail and channels (logistics_admin)."""
    given = frozenset(body.model_fields_set)
    saved = await h.save_person(uow, ctx, who, body.to_person(user_id), given=given)
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
