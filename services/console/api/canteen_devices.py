"""The canteen manager's reference pages, things: temperature devices with their ranges and
intervals, and checklist templates with their items, scores and pass mark. Every change goes
through the canteen API, which publishes it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console.api.canteen_setup import CanteenQuery, Code, back, refused, setup_page
from services.console.api.canteen_setup_forms import HINTS, ChecklistForm, DeviceForm
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.respond import flash, see_other
from services.console.domain import checklist_form as sw
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import canteen_setup as h
from services.console.handlers.backends import ApiRefused
from shared.errors import NotFound

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
NEW_DEVICE = {"active": "on", "kind": "fridge"}


def _device_values(d: dict[str, Any]) -> dict[str, str]:
    return {
        "device_id": d["device_id"],
        "name": d["name"],
        "kind": d["kind"],
        "location": d.get("location") or "",
        "min_c": d.get("min_c") or "",
        "max_c": d.get("max_c") or "",
        "interval_minutes": str(d["interval_minutes"] or ""),
        "active": "on" if d["active"] else "",
    }


@router.get("/canteen/setup/devices")
async def devices(request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None) -> Response:
    """The devices, their ranges and intervals, and a form to add one."""

    async def load(cid: str) -> dict[str, Any]:
        return {"devices": await h.devices(ctx, who, cid)}

    return await setup_page(
        request, ctx, who, "canteen_setup/devices.html", "devices", canteen, load,
        values=NEW_DEVICE, errors=FormErrors(),
    )  # fmt: skip


async def _save_device(
    request: Request, ctx: Ctx, who: Who, values: dict[str, str], known: list[dict], new: bool
) -> FormErrors | None:
    form, errors = checked(DeviceForm, values, translator(request, ctx), HINTS)
    if form is None:
        return errors
    taken = next((d for d in known if d["device_id"] == form.device_id), None)
    if new and taken is not None:
        reason = translator(request, ctx)(N_("%(name)s has this code already: edit it instead."))
        return FormErrors.one("device_id", reason % {"name": taken["name"]})
    try:
        saved = await h.save_device(ctx, who, form.canteen, form.device_id, form.body())
    except ApiRefused as exc:
        return refused(exc.problem)
    flash(request, N_("%(name)s is saved."), name=saved["name"])
    return None


async def _device_post(
    request: Request, ctx: Ctx, who: Who, values: dict[str, str], template: str, new: bool
) -> Response:
    require_page(who.principal, "canteen_setup")
    cid = values.get("canteen", "")
    known = await h.devices(ctx, who, cid) if cid else []
    errors = await _save_device(request, ctx, who, values, known, new)
    if errors is None:
        return see_other(back("devices", cid))

    async def load(found: str) -> dict[str, Any]:
        device = next((d for d in known if d["device_id"] == values.get("device_id")), None)
        return {"devices": known, "device": device}

    return await setup_page(
        request, ctx, who, template, "devices", cid, load, status=422, values=values,
        errors=errors,
    )  # fmt: skip


@router.post("/canteen/setup/devices")
async def add_device(request: Request, ctx: Ctx, who: Who) -> Response:
    """Register a device (a blank range or interval: its kind's default)."""
    values = await form_values(request)
    return await _device_post(request, ctx, who, values, "canteen_setup/devices.html", True)


@router.get("/canteen/setup/devices/{device_id}")
async def edit_device(
    device_id: Code, request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """A device's name, place, range, interval; out of use."""

    async def load(cid: str) -> dict[str, Any]:
        every = await h.devices(ctx, who, cid)
        found = next((d for d in every if d["device_id"] == device_id), None)
        if found is None:
            raise NotFound(f"no device {device_id} in canteen {cid}")
        return {"device": found, "values": _device_values(found)}

    return await setup_page(
        request, ctx, who, "canteen_setup/device_edit.html", "devices", canteen, load,
        errors=FormErrors(),
    )  # fmt: skip


@router.post("/canteen/setup/devices/{device_id}")
async def save_device(device_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """Save the device."""
    values = {**await form_values(request), "device_id": device_id}
    return await _device_post(request, ctx, who, values, "canteen_setup/device_edit.html", False)


@router.get("/canteen/setup/checklists")
async def checklists(
    request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """The checklist templates serving the canteen: items, points, pass mark."""

    async def load(cid: str) -> dict[str, Any]:
        return {"checklists": await h.checklists(ctx, who, cid)}

    return await setup_page(
        request, ctx, who, "canteen_setup/checklists.html", "checklists", canteen, load
    )


def _checklist_values(t: dict[str, Any] | None) -> dict[str, str]:
    if t is None:
        return {"kind": "daily_kitchen", "pass_mark": "80"}
    return {
        "template_id": t["template_id"],
        "name": t["name"],
        "kind": t["kind"],
        "place": t.get("place") or "",
        "pass_mark": str(t["pass_mark"]),
        "due_days": str(t["due_days"]),
    }


async def _checklist_page(
    request: Request, ctx: Ctx, who: Who, canteen: str | None, template: dict | None, *,
    values: dict | None = None, rows: list | None = None, errors=None, status: int = 200,
) -> Response:  # fmt: skip
    async def load(cid: str) -> dict[str, Any]:
        return {
            "checklist": template,
            "values": values or _checklist_values(template),
            "rows": rows if rows is not None else sw.item_rows(template, 3 if template else 5),
        }

    return await setup_page(
        request, ctx, who, "canteen_setup/checklist_edit.html", "checklists", canteen, load,
        status=status, errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/canteen/setup/new-checklist")
async def new_checklist(
    request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """A new checklist template for the canteen."""
    return await _checklist_page(request, ctx, who, canteen, None)


@router.get("/canteen/setup/checklists/{template_id}")
async def edit_checklist(
    template_id: Code, request: Request, ctx: Ctx, who: Who, canteen: CanteenQuery = None
) -> Response:
    """A template's items, points, pass mark and the days a corrective action has."""
    require_page(who.principal, "canteen_setup")
    template = await h.checklist(ctx, who, template_id)
    if template is None:
        raise NotFound(f"no checklist {template_id}")
    return await _checklist_page(request, ctx, who, canteen, template)


async def _checklist_post(
    request: Request, ctx: Ctx, who: Who, template_id: str | None
) -> Response:
    require_page(who.principal, "canteen_setup")
    form_data = await request.form()
    values = await form_values(request)
    if template_id is not None:
        values["template_id"] = template_id
    head = {k: v for k, v in values.items() if not k.startswith("item-")}
    translate = translator(request, ctx)
    form, errors = checked(ChecklistForm, head, translate, HINTS)
    items = sw.items_from(form_data)
    fields = {**errors.fields, **{k: translate(v) for k, v in items.errors.items()}}
    detail = None
    existing = await h.checklist(ctx, who, values.get("template_id", "")) if form else None
    if form is not None and not fields:
        if template_id is None and existing is not None:
            reason = translate(N_("%(name)s has this code already: edit it instead."))
            fields["template_id"] = reason % {"name": existing["name"]}
        else:
            canteens = None if existing is not None else [form.canteen]
            try:
                saved = await h.save_checklist(
                    ctx, who, form.template_id, form.body(items.body, canteens)
                )
            except ApiRefused as exc:
                said = refused(exc.problem)
                fields, detail = said.fields, said.detail
            else:
                flash(request, N_("%(name)s is saved."), name=saved["name"])
                return see_other(back("checklists", form.canteen))
    return await _checklist_page(
        request, ctx, who, values.get("canteen"), existing if template_id else None,
        values=head, rows=sw.with_blank_items(items.rows, 2),
        errors=FormErrors(fields, detail), status=422,
    )  # fmt: skip


@router.post("/canteen/setup/checklists")
async def add_checklist(request: Request, ctx: Ctx, who: Who) -> Response:
    """Register a checklist template serving this canteen."""
    return await _checklist_post(request, ctx, who, None)


@router.post("/canteen/setup/checklists/{template_id}")
async def save_checklist(template_id: Code, request: Request, ctx: Ctx, who: Who) -> Response:
    """Replace a template (the canteens it serves unchanged)."""
    return await _checklist_post(request, ctx, who, template_id)
