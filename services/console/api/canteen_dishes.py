"""The canteen manager's dishes and prices: the list with each category's cap, a dish's form
(names, recipe lines, allergens derived or set by hand, price) with its price history, and the
caps. A price above the cap is the canteen's refusal, shown at the price with its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.canteen_menus_forms import DISH_ID, HINTS, CapForm, DishForm
from services.console.api.canteen_pages import Loader, canteen_page
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.respond import flash, see_other
from services.console.api.schemas import CODE_PATTERN
from services.console.domain import menus as mw
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen_menus as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
CanteenQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]
DishId = Annotated[str, Path(pattern=DISH_ID)]
PAGE = "canteen_menus"


def back(tab: str, canteen_id: str, extra: str = "") -> str:
    """A tab of the menu pages for the canteen."""
    path = "/canteen/menus" + (f"/{tab}" if tab != "menu" else "")
    return f"{path}?canteen={canteen_id}{extra}"


async def menus_page(
    request: Request, ctx: Ctx, who: Who, template: str, tab: str, wanted: str | None,
    load: Loader, *, status: int = 200, **values: Any,
) -> Response:  # fmt: skip
    """A menu page of the canteen asked for (else the person's own), or a banner."""
    return await canteen_page(
        request, ctx, who, template, PAGE, wanted, load, status=status, tab=tab, mw=mw,
        today=ctx.today(), **values,
    )  # fmt: skip


def cap_refusal(problem: dict[str, Any], translate: Callable[[str], str]) -> FormErrors:
    """The canteen's refusal at the form's fields: above the cap at the price, with its words."""
    if problem.get("code") == "price_above_cap":
        said = translate(N_("Above the cap of ¥%(cap)s for everyday dishes of this category."))
        text = said % {"cap": problem.get("cap", "")}
        return FormErrors.one("price", f"{text} {problem.get('detail', '')}".strip())
    errors = FormErrors.of(problem)
    fields = {}
    for name, reason in errors.fields.items():
        parts = name.split(".")
        if parts[0] == "ingredients" and len(parts) == 3:
            name = f"ing-{parts[1]}-{parts[2]}"
        fields[name] = reason
    return FormErrors(fields, errors.detail)


@router.get("/canteen/menus/dishes")
async def dishes(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """Every dish with its category, price, everyday mark and the category's cap; the caps."""

    async def load(cid: str) -> dict[str, Any]:
        return await h.dishes(ctx, who, cid)

    return await menus_page(
        request, ctx, who, "canteen_menus/dishes.html", "dishes", canteen, load,
        values={}, errors=FormErrors(),
    )  # fmt: skip


def _dish_values(dish: dict[str, Any] | None) -> dict[str, Any]:
    if dish is None:
        return {"active": "on", "everyday": "on"}
    return {
        "dish_id": dish["dish_id"],
        "name_zh": dish["name_zh"],
        "name_en": dish["name_en"],
        "category": dish["category"],
        "price": dish["price"],
        "everyday": "on" if dish["everyday"] else "",
        "active": "on" if dish["active"] else "",
        "allergens_by_hand": "on" if dish.get("allergens_edited") else "",
    }


def _dish_loader(ctx: Ctx, who: Who, dish_id: str | None) -> Loader:
    async def load(cid: str) -> dict[str, Any]:
        listed = await h.dishes(ctx, who, cid)
        found = await h.dish(ctx, who, cid, dish_id) if dish_id else {"dish": None, "prices": []}
        return {**listed, **found}

    return load


@router.get("/canteen/menus/dishes/new")
async def new_dish(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """An empty dish form."""
    return await menus_page(
        request, ctx, who, "canteen_menus/dish.html", "dishes", canteen,
        _dish_loader(ctx, who, None), values=_dish_values(None), rows=mw.recipe_rows([], 3),
        chosen=[], new=True, errors=FormErrors(),
    )  # fmt: skip


@router.get("/canteen/menus/dishes/{dish_id}")
async def edit_dish(
    dish_id: DishId, request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """A dish's form and its price history (newest first)."""
    load = _dish_loader(ctx, who, dish_id)

    async def with_form(cid: str) -> dict[str, Any]:
        found = await load(cid)
        dish = found["dish"]
        if dish is None:
            return {**found, "values": {}, "rows": [], "chosen": []}
        return {
            **found,
            "values": _dish_values(dish),
            "rows": mw.recipe_rows(dish["ingredients"]),
            "chosen": dish["allergens"],
        }

    return await menus_page(
        request, ctx, who, "canteen_menus/dish.html", "dishes", canteen, with_form,
        new=False, errors=FormErrors(),
    )  # fmt: skip


@router.post("/canteen/menus/dishes")
async def save_dish(request: Request, ctx: Ctx, who: Who) -> Response:
    """Save a dish; a refusal (a price above the cap) keeps what was typed, named at its field."""
    require_page(who.principal, PAGE)
    form = await request.form()
    values = await form_values(request)
    new = values.pop("new", "") == "yes"
    translate = translator(request, ctx)
    fields = {k: v for k, v in values.items() if k in DishForm.model_fields}
    parsed, errors = checked(DishForm, fields, translate, HINTS)
    recipe = mw.recipe_from(values)
    allergens = mw.allergens_from(form)
    errors = FormErrors({**errors.fields, **{k: translate(v) for k, v in recipe.errors.items()}})
    if parsed is not None and not errors and new:
        taken = await h.dish(ctx, who, parsed.canteen, parsed.dish_id)
        if taken["dish"] is not None:
            reason = translate(N_("%(name)s has this code already: edit it instead."))
            errors = FormErrors.one("dish_id", reason % {"name": taken["dish"]["name_zh"]})
    if parsed is not None and not errors:
        body = parsed.body(recipe.lines, allergens)
        try:
            saved = await h.save_dish(ctx, who, parsed.canteen, parsed.dish_id, body)
        except ApiRefused as exc:
            errors = cap_refusal(exc.problem, translate)
        else:
            flash(request, N_("%(name)s is saved."), name=saved["name_zh"])
            return see_other(back(f"dishes/{saved['dish_id']}", parsed.canteen))
    dish_id = None if new else values.get("dish_id")
    return await menus_page(
        request, ctx, who, "canteen_menus/dish.html", "dishes", values.get("canteen"),
        _dish_loader(ctx, who, dish_id), status=422, values=values,
        rows=mw.with_blank_rows(recipe.rows, 1), chosen=form.getlist("allergens"), new=new,
        errors=errors,
    )  # fmt: skip


@router.post("/canteen/menus/caps")
async def save_cap(request: Request, ctx: Ctx, who: Who) -> Response:
    """Set a category's cap for everyday dishes."""
    require_page(who.principal, PAGE)
    values = await form_values(request)
    translate = translator(request, ctx)
    parsed, errors = checked(CapForm, values, translate, HINTS)
    if parsed is not None:
        try:
            await h.save_cap(ctx, who, parsed.canteen, parsed.category, parsed.body())
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            flash(request, N_("The cap of %(category)s is saved."), category=parsed.category)
            return see_other(back("dishes", parsed.canteen))

    async def load(cid: str) -> dict[str, Any]:
        return await h.dishes(ctx, who, cid)

    return await menus_page(
        request, ctx, who, "canteen_menus/dishes.html", "dishes", values.get("canteen"), load,
        status=422, values=values, errors=errors,
    )  # fmt: skip
