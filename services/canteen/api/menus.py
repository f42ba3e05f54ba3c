"""Routes of weekly menus (周菜谱) and the public notice (食堂公示, no token)."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_menus import MenuRead, MenuWrite, PublicMenu, Week
from services.canteen.handlers import menus as h
from shared.api import Caller, PathId, RuntimeDep, Uow
from shared.auth import Principal

router = APIRouter(tags=["menus"])
#: Who reads the public notice: no account.
PUBLIC = Principal(user_id="anonymous:public", name=None, roles=frozenset(), scopes={})


@router.put("/canteens/{canteen_id}/menus/{week}", response_model=MenuRead, summary="Save a menu")
async def save_menu(
    canteen_id: PathId, week: Week, body: MenuWrite, uow: Uow, ctx: Ctx, who: Caller
) -> MenuRead:
    """The whole week; a published menu saved again is published again."""
    menu = await h.save_menu(
        uow,
        ctx,
        who,
        canteen_id,
        week,
        entries=tuple(e.to_entry() for e in body.entries),
        show_suppliers=body.show_suppliers,
    )
    return MenuRead.of(menu)


@router.get("/canteens/{canteen_id}/menus/{week}", response_model=MenuRead, summary="A menu")
async def get_menu(canteen_id: PathId, week: Week, uow: Uow, ctx: Ctx, who: Caller) -> MenuRead:
    """The week's menu, draft or published."""
    return MenuRead.of(await h.get_menu(uow, ctx, who, canteen_id, week))


@router.post(
    "/canteens/{canteen_id}/menus/{week}/publish",
    response_model=MenuRead,
    summary="Publish the week's menu",
)
async def publish(canteen_id: PathId, week: Week, uow: Uow, ctx: Ctx, who: Caller) -> MenuRead:
    """Publishes `canteen.menu.published.v1`; publishing again changes nothing."""
    return MenuRead.of(await h.publish_menu(uow, ctx, who, canteen_id, week))


@router.get(
    "/public/canteens/{canteen_id}/menus/{week}",
    response_model=PublicMenu,
    summary="The public menu (no token)",
)
async def public_menu(canteen_id: PathId, week: Week, runtime: RuntimeDep, ctx: Ctx) -> PublicMenu:
    """Dishes, prices and allergens of a published week; 404 while unpublished."""
    return PublicMenu.of(await h.public_menu(runtime.uow(PUBLIC), ctx, canteen_id, week))
