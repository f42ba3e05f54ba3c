"""The canteen's public menu (食堂公示), no account needed: the week's dishes, prices, allergens
and, where the canteen shows them, the ingredients' suppliers; a diner rates a dish or a meal
(1–5 stars) and files a complaint from the phone. Forms carry the session's CSRF token; the
canteen limits feedback per client, so the browser's address is passed on."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import uuid4

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.canteen_menus_forms import HINTS, ComplaintForm, RatingForm
from services.console.api.deps import Ctx, MaybeWho, check_csrf, client_ip
from services.console.api.form_check import checked, form_values, translator
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import CODE_PATTERN
from services.console.domain import menus as mw
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen_menus as h
from services.console.handlers.backends import ApiRefused, ServiceDown

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
CanteenId = Annotated[str, Path(pattern=CODE_PATTERN)]
Week = Annotated[str, Path(pattern=mw.WEEK_PATTERN)]
TEMPLATE = "public/menu.html"


def _meals(menu: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(meal id, day, meal) of every meal of the published week."""
    if not menu:
        return []
    return [(m["meal_id"], d["day"], m["meal"]) for d in menu["days"] for m in d["meals"]]


async def _menu_page(
    request: Request, ctx: Ctx, who: MaybeWho, canteen_id: str, week: str, *,
    status: int = 200, down: list[str] | None = None, **values: Any,
) -> Response:  # fmt: skip
    common = {
        "canteen_id": canteen_id, "week": week, "mw": mw, "today": ctx.today().isoformat(),
        "new_id": lambda: str(uuid4()), "earlier": mw.shift_week(week, -1),
        "later": mw.shift_week(week, 1),
    }  # fmt: skip
    values.setdefault("errors", FormErrors())
    values.setdefault("values", {})
    try:
        menu = await h.public_menu(ctx, canteen_id, week)
    except ServiceDown as exc:
        return await page(
            request, ctx, TEMPLATE, who=who, status=503, down=[exc.service], menu=None,
            meals=[], **common, **values,
        )  # fmt: skip
    return await page(
        request, ctx, TEMPLATE, who=who, status=status if menu else 404, menu=menu,
        meals=_meals(menu), down=down or [], **common, **values,
    )  # fmt: skip


@router.get("/menu/{canteen_id}")
async def this_week(canteen_id: CanteenId, request: Request, ctx: Ctx, who: MaybeWho) -> Response:
    """This week's menu of the canteen."""
    return await _menu_page(request, ctx, who, canteen_id, mw.week_of(ctx.today()))


@router.get("/menu/{canteen_id}/{week}")
async def of_week(
    canteen_id: CanteenId, week: Week, request: Request, ctx: Ctx, who: MaybeWho
) -> Response:
    """A week's menu of the canteen (404 while it is not published)."""
    if mw.valid_week(week) is None:
        return await _menu_page(request, ctx, who, canteen_id, mw.week_of(ctx.today()))
    return await _menu_page(request, ctx, who, canteen_id, week)


async def _send(
    request: Request, ctx: Ctx, who: MaybeWho, canteen_id: str, week: str, kind: str
) -> Response:
    values = await form_values(request)
    model, thanks = (
        (RatingForm, N_("Thank you: your rating is counted."))
        if kind == "ratings"
        else (ComplaintForm, N_("Thank you: the canteen's manager will answer your complaint."))
    )
    translate = translator(request, ctx)
    hints = {**HINTS, "dish_id": HINTS["dish_id_rated"]}
    parsed, errors = checked(model, values, translate, hints)
    status, limited = 422, False
    if parsed is not None:
        try:
            await h.feedback(
                ctx, who, canteen_id, kind, parsed.body(), client_ip=client_ip(request)
            )
        except ApiRefused as exc:
            status, limited = exc.status, exc.status == 429
            errors = FormErrors() if limited else FormErrors.of(exc.problem)
        except ServiceDown as exc:
            return await _menu_page(
                request, ctx, who, canteen_id, week, status=503, down=[exc.service],
                values=values,
            )  # fmt: skip
        else:
            flash(request, thanks)
            anchor = f"#meal-{parsed.meal_id}" if kind == "ratings" else "#complain"
            return see_other(f"/menu/{canteen_id}/{week}{anchor}")
    return await _menu_page(
        request, ctx, who, canteen_id, week, status=status, errors=errors, values=values,
        failed=kind, rate_limited=limited,
    )  # fmt: skip


@router.post("/menu/{canteen_id}/{week}/ratings")
async def rate(
    canteen_id: CanteenId, week: Week, request: Request, ctx: Ctx, who: MaybeWho
) -> Response:
    """A diner's stars for a dish or a meal (counted once however often the form is sent)."""
    return await _send(request, ctx, who, canteen_id, week, "ratings")


@router.post("/menu/{canteen_id}/{week}/complaints")
async def complain(
    canteen_id: CanteenId, week: Week, request: Request, ctx: Ctx, who: MaybeWho
) -> Response:
    """A diner's complaint, to be answered by the canteen's manager."""
    return await _send(request, ctx, who, canteen_id, week, "complaints")
