"""The canteen manager's week: the menu editor (days × meals, dishes chosen, suppliers shown or
not, save, publish), complaints to answer, costs and margins, and the satisfaction trend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.canteen_dishes import PAGE, CanteenQuery, back, menus_page
from services.console.api.canteen_menus_forms import HINTS, AnswerForm
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.respond import flash, see_other
from services.console.domain import menus as mw
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen_menus as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
WeekQuery = Annotated[str | None, Query(pattern=mw.WEEK_PATTERN)]
Week = Annotated[str, Path(pattern=mw.WEEK_PATTERN)]
ComplaintId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
LONGEST_COSTS = 400  # the canteen answers at most 400 days


def _editor(ctx: Ctx, who: Who, week: str, form: mw.MenuForm | None = None):
    async def load(cid: str) -> dict[str, Any]:
        found = await h.week_menu(ctx, who, cid, week)
        menu = found["menu"]
        entries = form.entries if form else (menu["entries"] if menu else [])
        shown = form.show_suppliers if form else bool(menu and menu["show_suppliers"])
        return {**found, "grid": mw.menu_grid(week, entries), "show_suppliers": shown}

    return load


@router.get("/canteen/menus")
async def week_menu(
    request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None, week: WeekQuery = None
) -> Response:
    """The week's menu editor (this week unless another is asked for)."""
    shown = mw.valid_week(week) or mw.week_of(ctx.today())
    return await menus_page(
        request, ctx, who, "canteen_menus/menu.html", "menu", canteen,
        _editor(ctx, who, shown), week=shown, errors=FormErrors(),
    )  # fmt: skip


@router.post("/canteen/menus/week/{week}")
async def save_menu(week: Week, request: Request, ctx: Ctx, who: Who) -> Response:
    """Save the week's menu (and publish it when that button was pressed)."""
    require_page(who.principal, PAGE)
    if mw.valid_week(week) is None:
        flash(request, N_("Please check what you entered."), "error")
        return see_other("/canteen/menus")
    form = await request.form()
    canteen_id = str(form.get("canteen", ""))
    translate = translator(request, ctx)
    listed = await h.dishes(ctx, who, canteen_id)
    asked = mw.menu_from(form, week, {d["dish_id"] for d in listed["dishes"]})
    errors = FormErrors({k: translate(v) for k, v in asked.errors.items()})
    if not errors:
        body = {"entries": asked.entries, "show_suppliers": asked.show_suppliers}
        try:
            await h.save_menu(ctx, who, canteen_id, week, body)
            if form.get("publish") == "yes":
                await h.publish_menu(ctx, who, canteen_id, week)
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            done = N_("The menu of %(week)s is published.") if form.get("publish") == "yes" else (
                N_("The menu of %(week)s is saved.")
            )  # fmt: skip
            flash(request, done, week=week)
            return see_other(back("menu", canteen_id, f"&week={week}"))
    return await menus_page(
        request, ctx, who, "canteen_menus/menu.html", "menu", canteen_id,
        _editor(ctx, who, week, asked), status=422, week=week, errors=errors,
    )  # fmt: skip


async def _dish_names(ctx: Ctx, who: Who, canteen_id: str) -> dict[str, str]:
    listed = await h.dishes(ctx, who, canteen_id)
    return {d["dish_id"]: d["name_zh"] for d in listed["dishes"]}


StatusQuery = Annotated[Literal["open", "answered", "all"], Query()]


@router.get("/canteen/menus/complaints")
async def complaints(
    request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None, status: StatusQuery = "open"
) -> Response:
    """The diners' complaints of one status (open first), each with its answer form."""

    async def load(cid: str) -> dict[str, Any]:
        found = await h.complaints(ctx, who, cid, None if status == "all" else status)
        return {"complaints": found, "dish_names": await _dish_names(ctx, who, cid)}

    return await menus_page(
        request, ctx, who, "canteen_menus/complaints.html", "complaints", canteen, load,
        status_shown=status, errors=FormErrors(), values={},
    )  # fmt: skip


@router.post("/canteen/menus/complaints/{complaint_id}/answer")
async def answer(complaint_id: ComplaintId, request: Request, ctx: Ctx, who: Who) -> Response:
    """Answer a complaint; the diner's contact, if given, is the canteen's to use."""
    require_page(who.principal, PAGE)
    values = await form_values(request)
    parsed, errors = checked(AnswerForm, values, translator(request, ctx), HINTS)
    if parsed is not None:
        try:
            await h.answer(ctx, who, parsed.canteen, complaint_id, parsed.answer)
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            flash(request, N_("Your answer is sent."))
            return see_other(back("complaints", parsed.canteen))

    async def load(cid: str) -> dict[str, Any]:
        found = await h.complaints(ctx, who, cid, "open")
        return {"complaints": found, "dish_names": await _dish_names(ctx, who, cid)}

    return await menus_page(
        request, ctx, who, "canteen_menus/complaints.html", "complaints",
        values.get("canteen"), load, status=422, status_shown="open", errors=errors,
        values=values, answering=complaint_id,
    )  # fmt: skip


DayQuery = Annotated[date | None, Query()]


@router.get("/canteen/menus/costs")
async def costs(
    request: Request,
    ctx: Ctx,
    who: Who,
    canteen: CanteenQuery = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """Cost per portion and margin per day, week and dish between two days (this week so far
    unless asked)."""
    today = ctx.today()
    end = end or today
    start = start or (end - timedelta(days=end.weekday()))
    errors = FormErrors()
    if start > end or (end - start).days >= LONGEST_COSTS:
        errors = FormErrors.one("to", translator(request, ctx)(HINTS["to"]))

    async def load(cid: str) -> dict[str, Any]:
        if errors:
            return {"costs": None}
        return {"costs": await h.costs(ctx, who, cid, start, end)}

    return await menus_page(
        request, ctx, who, "canteen_menus/costs.html", "costs", canteen, load,
        status=422 if errors else 200, errors=errors,
        values={"from": start.isoformat(), "to": end.isoformat()},
    )  # fmt: skip


@router.get("/canteen/menus/satisfaction")
async def satisfaction(
    request: Request,
    ctx: Ctx,
    who: Who,
    canteen: CanteenQuery = None,
    weeks: Annotated[int, Query(ge=2, le=104)] = 12,
) -> Response:
    """The weekly satisfaction index: a small line and the table of its figures."""

    async def load(cid: str) -> dict[str, Any]:
        found = await h.satisfaction(ctx, who, cid, weeks)
        return {"weeks": found, "trend": mw.trend(found)}

    return await menus_page(
        request, ctx, who, "canteen_menus/satisfaction.html", "satisfaction", canteen, load,
        weeks_shown=weeks,
    )  # fmt: skip
