"""The canteen pages: a staff member's day on the kitchen tablet (samples, morning checks,
temperatures, the inspection checklist) and the manager's food-safety today page."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.canteen_forms import (
    CheckForm,
    EvidenceForm,
    MealForm,
    ReadingForm,
    SampleForm,
    StepForm,
    inspection_body,
)
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import CODE_PATTERN, parse_form
from services.console.domain import canteen as words
from services.console.domain.access import require_page
from services.console.domain.canteen import dishes_from
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen as h
from services.console.handlers.backends import ApiRefused, ServiceDown

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
CanteenQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]
Code = Annotated[str, Path(pattern=CODE_PATTERN)]
MealId = Annotated[str, Path(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\.[A-Za-z0-9._:-]{1,60}$")]


def back(section: str, canteen_id: str) -> str:
    """The section's page of the canteen."""
    return f"/canteen/day/{section}?canteen={canteen_id}"


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["symptoms"] = [v for v in form.getlist("symptoms") if isinstance(v, str)]
    return values


async def _section(
    request: Request, ctx: Ctx, who: Who, section: str, wanted: str | None, **values: Any
) -> Response:
    """One section of the day: the canteen chosen, the section's data, or a banner."""
    require_page(who.principal, "canteen_day")
    template = f"canteen/{section}.html"
    try:
        found = await h.canteen_for(ctx, who, wanted)
        canteen = found["current"]
        data: dict[str, Any] = {}
        if canteen is not None:
            data = await _load(ctx, who, section, canteen["canteen_id"], values)
    except ServiceDown as exc:
        return await page(
            request, ctx, template, who=who, status=503, down=[exc.service], canteen=None,
            canteens=[], cw=words, section=section, **values,
        )  # fmt: skip
    status = values.pop("status", 200)
    return await page(
        request, ctx, template, who=who, status=status, canteen=canteen,
        canteens=found["all"], cw=words, section=section, **data, **values,
    )  # fmt: skip


async def _load(ctx: Ctx, who: Who, section: str, cid: str, values: dict) -> dict[str, Any]:
    if section == "day":
        return {"today": await h.today(ctx, who, cid)}
    if section == "samples":
        found = await h.samples(ctx, who, cid)
        return {"meals": found.meals, "fridge": found.fridge}
    if section == "checks":
        return {"people": await h.morning(ctx, who, cid, ctx.today().isoformat())}
    if section == "temperatures":
        return {"devices": await h.devices(ctx, who, cid)}
    found = await h.inspection(ctx, who, cid)
    wanted = values.pop("checklist_id", None)
    chosen = next((c for c in found.checklists if c["template_id"] == wanted), None)
    return {
        "checklists": found.checklists,
        "checklist": chosen or (found.checklists[0] if found.checklists else None),
        "done": found.today,
        "actions": found.actions,
    }


@router.get("/canteen/day")
async def day(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """The tablet's start: the canteen's day at a glance and its four sections."""
    return await _section(request, ctx, who, "day", canteen)


@router.get("/canteen/day/{section}")
async def section(
    section: Annotated[str, Path(pattern="^(samples|checks|temperatures|inspection)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
    canteen: CanteenQuery = None,
    checklist: CanteenQuery = None,
) -> Response:
    """One section of the day."""
    return await _section(request, ctx, who, section, canteen, checklist_id=checklist)


async def _done(request: Request, call, ok: str, to: str, **params: Any) -> Response:
    """Run one call; a flash of what happened (or of the canteen's reason), back to `to`."""
    try:
        await call
    except ApiRefused as exc:
        flash(request, "Not recorded: %(detail)s", "error", detail=exc.detail)
    else:
        flash(request, ok, **params)
    return see_other(to)


def _refused(request: Request, to: str) -> Response:
    flash(request, "Please check what you entered.", "error")
    return see_other(to)


@router.post("/canteen/day/samples/meal")
async def register_meal(request: Request, ctx: Ctx, who: Who) -> Response:
    """A served meal with its dishes (one a line)."""
    require_page(who.principal, "canteen_day")
    values = await _form(request)
    form, errors = parse_form(MealForm, {k: v for k, v in values.items() if k != "symptoms"})
    if form is None:
        return await _section(
            request, ctx, who, "samples", values.get("canteen"), values=values, errors=errors,
            status=422,
        )  # fmt: skip
    body = {
        "served_on": ctx.today().isoformat(),
        "kind": form.kind,
        "dishes": dishes_from(form.dishes),
    }
    call = h.register_meal(ctx, who, form.canteen, body)
    return await _done(
        request,
        call,
        N_("The meal is registered: sample each dish."),
        back("samples", form.canteen),
    )


@router.post("/canteen/day/samples/{meal_id}/close")
async def close_meal(meal_id: MealId, request: Request, ctx: Ctx, who: Who) -> Response:
    """End of service: what was not sampled is told to the manager."""
    require_page(who.principal, "canteen_day")
    form, _ = parse_form(
        StepForm, {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    )
    if form is None:
        return _refused(request, "/canteen/day/samples")
    call = h.meal_step(ctx, who, form.canteen, meal_id, "close")
    return await _done(request, call, N_("The meal is closed."), back("samples", form.canteen))


@router.post("/canteen/day/samples/{meal_id}/{dish_id}/discard")
async def discard(meal_id: MealId, dish_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """A sample out of the fridge."""
    require_page(who.principal, "canteen_day")
    form, _ = parse_form(
        StepForm, {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    )
    if form is None:
        return _refused(request, "/canteen/day/samples")
    call = h.meal_step(ctx, who, form.canteen, meal_id, f"samples/{dish_id}/discard")
    return await _done(request, call, N_("The sample is discarded."), back("samples", form.canteen))


@router.post("/canteen/day/samples/{meal_id}/{dish_id}")
async def record_sample(
    meal_id: MealId, dish_id: Code, request: Request, ctx: Ctx, who: Who
) -> Response:
    """A dish's sample, weighed, into the fridge."""
    require_page(who.principal, "canteen_day")
    values = {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    form, _ = parse_form(SampleForm, values)
    to = back("samples", values.get("canteen", ""))
    if form is None:
        return _refused(request, to)
    body = {"grams": str(form.grams), "fridge": form.fridge}
    call = h.record_sample(ctx, who, form.canteen, meal_id, dish_id, body)
    return await _done(
        request, call, N_("Sample of %(grams)s g recorded."), to, grams=str(form.grams)
    )


@router.post("/canteen/day/checks")
async def record_check(request: Request, ctx: Ctx, who: Who) -> Response:
    """A morning check."""
    require_page(who.principal, "canteen_day")
    values = await _form(request)
    form, _ = parse_form(CheckForm, values)
    to = back("checks", values.get("canteen", ""))
    if form is None:
        return _refused(request, to)
    return await _done(
        request, h.record_check(ctx, who, form.canteen, form.body()), N_("Check recorded."), to
    )


@router.post("/canteen/day/temperatures/{device_id}")
async def record_reading(device_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """A thermometer reading."""
    require_page(who.principal, "canteen_day")
    values = {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    form, _ = parse_form(ReadingForm, values)
    to = back("temperatures", values.get("canteen", ""))
    if form is None:
        return _refused(request, to)
    call = h.record_reading(ctx, who, form.canteen, device_id, {"celsius": str(form.celsius)})
    return await _done(request, call, N_("%(celsius)s ℃ recorded."), to, celsius=str(form.celsius))


@router.post("/canteen/day/inspection")
async def record_inspection(request: Request, ctx: Ctx, who: Who) -> Response:
    """An inspection against a checklist, every item scored; failed items need a finding."""
    require_page(who.principal, "canteen_day")
    values = {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    form, _ = parse_form(StepForm, {"canteen": values.get("canteen", "")})
    checklist_id = values.get("checklist", "")
    if form is None or not re.match(CODE_PATTERN, checklist_id):
        return _refused(request, "/canteen/day/inspection")
    checklist = await h.checklist(ctx, who, checklist_id)
    body, errors = inspection_body(checklist, values)
    if body is None:
        return await _section(
            request, ctx, who, "inspection", form.canteen, checklist_id=checklist_id,
            values=values, errors=FormErrors(errors), status=422,
        )  # fmt: skip
    try:
        done = await h.record_inspection(ctx, who, form.canteen, body)
    except ApiRefused as exc:
        flash(request, "Not recorded: %(detail)s", "error", detail=exc.detail)
        return see_other(back("inspection", form.canteen))
    message = (
        N_("Inspection recorded: %(percent)s %%, passed.")
        if done["passed"]
        else N_("Inspection recorded: %(percent)s %%, below the pass mark.")
    )
    flash(request, message, "ok" if done["passed"] else "error", percent=done["percent"])
    return see_other(back("inspection", form.canteen))


@router.post("/canteen/day/actions/{action_id}/close")
async def close_action(action_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """A corrective action closed with its evidence."""
    require_page(who.principal, "canteen_day")
    values = {k: v for k, v in (await _form(request)).items() if k != "symptoms"}
    form, _ = parse_form(EvidenceForm, values)
    to = back("inspection", values.get("canteen", ""))
    if form is None:
        return _refused(request, to)
    call = h.close_action(ctx, who, form.canteen, action_id, form.evidence)
    return await _done(request, call, N_("The corrective action is closed."), to)


@router.get("/canteen/today")
async def today(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """The manager's page: today's food-safety status, what needs them now."""
    require_page(who.principal, "canteen_today")
    try:
        found = await h.canteen_for(ctx, who, canteen)
        current = found["current"]
        status = await h.today(ctx, who, current["canteen_id"]) if current else None
    except ServiceDown as exc:
        return await page(
            request, ctx, "canteen/today.html", who=who, status=503, down=[exc.service],
            canteen=None, canteens=[], cw=words, today=None,
        )  # fmt: skip
    return await page(
        request, ctx, "canteen/today.html", who=who, canteen=current, canteens=found["all"],
        cw=words, today=status,
    )  # fmt: skip
