"""The canteen manager's reference pages, people first: food handlers with their health
certificates (those expiring soon marked), and a day's roster with who is barred and why.
Devices and checklist templates are in `canteen_devices.py`; every change goes through the
canteen API, which publishes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.canteen_pages import Loader, canteen_page
from services.console.api.canteen_setup_forms import ALIASES, HINTS, StaffForm
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.respond import flash, see_other
from services.console.api.schemas import CODE_PATTERN
from services.console.domain import canteen as cw
from services.console.domain import canteen_setup as sw
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen_setup as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
CanteenQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]
Code = Annotated[str, Path(pattern=CODE_PATTERN)]
DayQuery = Annotated[date | None, Query()]


def back(tab: str, canteen_id: str, extra: str = "") -> str:
    """A tab of the set-up pages for the canteen."""
    path = "/canteen/setup" + (f"/{tab}" if tab != "staff" else "")
    return f"{path}?canteen={canteen_id}{extra}"


async def setup_page(
    request: Request, ctx: Ctx, who: Who, template: str, tab: str, wanted: str | None,
    load: Loader, *, status: int = 200, **values: Any,
) -> Response:  # fmt: skip
    """A set-up page of the canteen asked for (else the person's own), or a banner."""
    return await canteen_page(
        request, ctx, who, template, "canteen_setup", wanted, load, status=status, tab=tab,
        cw=cw, sw=sw, today=ctx.today(), **values,
    )  # fmt: skip


def refused(problem: dict[str, Any]) -> FormErrors:
    """The canteen's refusal at the form's fields (a certificate's problem at its date)."""
    if problem.get("field") == "certificate" and problem.get("problems"):
        fields: dict[str, str] = {}
        for reason in problem["problems"]:
            name = "cert_issued_on" if reason.startswith("issued_on") else "cert_expires_on"
            fields.setdefault(name, reason)
        return FormErrors(fields)
    return FormErrors.of(problem, ALIASES)


@router.get("/canteen/setup")
async def staff(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """The food handlers, their certificates (expiring soon marked), a form to add one."""

    async def load(cid: str) -> dict[str, Any]:
        return await h.staff(ctx, who, cid)

    return await setup_page(
        request, ctx, who, "canteen_setup/staff.html", "staff", canteen, load,
        values={"active": "on"}, errors=FormErrors(),
    )  # fmt: skip


async def _save_staff(
    request: Request, ctx: Ctx, who: Who, values: dict[str, str], *, new: bool
) -> FormErrors | None:
    """PUT the food handler; None when saved (a flash says so), else the errors by field."""
    form, errors = checked(StaffForm, values, translator(request, ctx), HINTS)
    if form is None:
        return errors
    if new:
        try:
            taken = await h.member(ctx, who, form.canteen, form.staff_id)
        except ApiRefused as exc:
            if exc.status != 404:
                return FormErrors.of(exc.problem)
        else:
            reason = N_("%(name)s has this code already: edit them instead.")
            text = translator(request, ctx)(reason) % {"name": taken["name"]}
            return FormErrors.one("staff_id", text)
    try:
        saved = await h.save_staff(ctx, who, form.canteen, form.staff_id, form.body())
    except ApiRefused as exc:
        return refused(exc.problem)
    flash(request, N_("%(name)s is saved."), name=saved["name"])
    return None


@router.post("/canteen/setup/staff")
async def add_staff(request: Request, ctx: Ctx, who: Who) -> Response:
    """Register a food handler with their health certificate."""
    require_page(who.principal, "canteen_setup")
    values = await form_values(request)
    errors = await _save_staff(request, ctx, who, values, new=True)
    if errors is None:
        return see_other(back("staff", values["canteen"]))

    async def load(cid: str) -> dict[str, Any]:
        return await h.staff(ctx, who, cid)

    return await setup_page(
        request, ctx, who, "canteen_setup/staff.html", "staff", values.get("canteen"), load,
        status=422, values=values, errors=errors,
    )  # fmt: skip


def _staff_values(member: dict[str, Any]) -> dict[str, str]:
    cert = member.get("certificate") or {}
    return {
        "staff_id": member["staff_id"],
        "name": member["name"],
        "position": member["position"],
        "active": "on" if member["active"] else "",
        "cert_number": cert.get("number", ""),
        "cert_issued_on": cert.get("issued_on", ""),
        "cert_expires_on": cert.get("expires_on", ""),
    }


@router.get("/canteen/setup/staff/{staff_id}")
async def edit_staff(
    staff_id: Code, request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """A food handler's record: a renewed certificate, another position, no longer active."""

    async def load(cid: str) -> dict[str, Any]:
        found = await h.member(ctx, who, cid, staff_id)
        return {"member": found, "values": _staff_values(found)}

    return await setup_page(
        request, ctx, who, "canteen_setup/staff_edit.html", "staff", canteen, load,
        errors=FormErrors(),
    )  # fmt: skip


@router.post("/canteen/setup/staff/{staff_id}")
async def save_staff(staff_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """Save the food handler's record."""
    require_page(who.principal, "canteen_setup")
    values = {**await form_values(request), "staff_id": staff_id}
    errors = await _save_staff(request, ctx, who, values, new=False)
    if errors is None:
        return see_other(back("staff", values["canteen"]))

    async def load(cid: str) -> dict[str, Any]:
        return {"member": await h.member(ctx, who, cid, staff_id)}

    return await setup_page(
        request, ctx, who, "canteen_setup/staff_edit.html", "staff", values.get("canteen"),
        load, status=422, values=values, errors=errors,
    )  # fmt: skip


def _roster_loader(ctx: Ctx, who: Who, day: date) -> Loader:
    async def load(cid: str) -> dict[str, Any]:
        found = await h.roster_day(ctx, who, cid, day)
        shifts = sw.roster_view(
            found["roster"], found["staff"], found["checks"], day=day, today=ctx.today()
        )
        barred = sw.barred_people(found["staff"], found["checks"], day=day, today=ctx.today())
        return {**found, "shifts": shifts, "barred": barred}

    return load


@router.get("/canteen/setup/roster")
async def roster(
    request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None, day: DayQuery = None
) -> Response:
    """A day's shifts and who is on them (barred people with the reason), and its form."""
    shown = day or ctx.today()
    load = _roster_loader(ctx, who, shown)

    async def with_rows(cid: str) -> dict[str, Any]:
        found = await load(cid)
        return {**found, "rows": sw.roster_rows(found["roster"])}

    return await setup_page(
        request, ctx, who, "canteen_setup/roster.html", "roster", canteen, with_rows,
        day=shown, errors=FormErrors(),
    )  # fmt: skip


@router.post("/canteen/setup/roster")
async def save_roster(request: Request, ctx: Ctx, who: Who) -> Response:
    """Set the day's roster; the canteen refuses anyone who may not handle food that day."""
    require_page(who.principal, "canteen_setup")
    form = await request.form()
    canteen_id = str(form.get("canteen", ""))
    translate = translator(request, ctx)
    try:
        day = date.fromisoformat(str(form.get("day", "")))
    except ValueError:
        flash(request, N_("Please check what you entered."), "error")
        return see_other(back("roster", canteen_id))
    load = _roster_loader(ctx, who, day)
    found = await load(canteen_id) if canteen_id else {"staff": []}
    rows = sw.shifts_from(form, {s["staff_id"] for s in found["staff"]})
    errors = FormErrors({k: translate(v) for k, v in rows.errors.items()})
    if not errors:
        try:
            await h.save_roster(ctx, who, canteen_id, day, rows.body)
        except ApiRefused as exc:
            errors = _roster_refusal(exc.problem, rows.rows, found["staff"], translate)
        else:
            flash(request, N_("The roster of %(day)s is saved."), day=day.isoformat())
            return see_other(back("roster", canteen_id, f"&day={day.isoformat()}"))

    async def keep(cid: str) -> dict[str, Any]:
        return {**await load(cid), "rows": sw.with_blank_shifts(rows.rows, 1)}

    return await setup_page(
        request, ctx, who, "canteen_setup/roster.html", "roster", canteen_id, keep,
        status=422, day=day, errors=errors,
    )  # fmt: skip


def _roster_refusal(
    problem: dict[str, Any], rows: list[dict], staff: list[dict], translate: Callable
) -> FormErrors:
    """Each refused person named at the shifts they are on, with the canteen's reason."""
    refusals = problem.get("refused") or ()
    if not refusals:
        return FormErrors.of(problem, ALIASES)
    names = {s["staff_id"]: s["name"] for s in staff}
    who_why = translate(N_("%(name)s: %(reason)s"))
    fields: dict[str, str] = {}
    for row in rows:
        said = [
            who_why
            % {
                "name": names.get(r["staff_id"], r["staff_id"]),
                "reason": sw.roster_reason(r["reason"], translate),
            }
            for r in refusals
            if r["staff_id"] in row["staff"]
        ]
        if said:
            fields[f"shift-{row['index']}-staff"] = translate(N_("; ")).join(said)
    return FormErrors(fields)
