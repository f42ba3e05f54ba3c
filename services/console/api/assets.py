"""Pages of the register: search and register, an asset's page (where its QR label leads, with
"report a fault"), label sheets, stock-takes with the phone scanner and the reconciliation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import (
    AssetForm,
    FaultForm,
    ScanForm,
    StocktakeForm,
    parse_form,
)
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import assets as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
LAYOUTS = ("a4-3x8", "a4-3x7", "a4-2x7", "a4-5x13")


async def _values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}


async def _search_page(
    request: Request, ctx: Ctx, who: Who, *, values=None, errors=None, status: int = 200
) -> Response:
    query = dict(request.query_params)
    params = h.search_params(query)
    found = await h.search(ctx, who, params, query.get("cursor"))
    return await page(
        request, ctx, "assets/search.html", who=who, status=status, found=found,
        params=params, layouts=LAYOUTS, values=values or {}, errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/assets")
async def search(request: Request, ctx: Ctx, who: Who) -> Response:
    """Search by tag, name, building, room, status or custodian; register; print labels."""
    require_page(who.principal, "assets")
    return await _search_page(request, ctx, who)


@router.post("/assets")
async def register(request: Request, ctx: Ctx, who: Who) -> Response:
    """Register an asset: its page on success, the form with what was typed otherwise."""
    require_page(who.principal, "assets")
    values = await _values(request)
    parsed, errors = parse_form(AssetForm, values)
    if parsed is not None:
        try:
            asset = await h.register(ctx, who, parsed.body())
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            flash(request, "Asset %(tag)s registered.", tag=asset["tag"])
            return see_other(f"/assets/{asset['asset_id']}")
    return await _search_page(request, ctx, who, values=values, errors=errors, status=422)


@router.get("/assets/labels.pdf")
async def labels(request: Request, ctx: Ctx, who: Who) -> Response:
    """The label sheets of a building (or one room, or an import) as the assets service draws
    them."""
    require_page(who.principal, "assets")
    query = dict(request.query_params)
    keys = ("building_id", "room_id", "import_id", "layout", "offset")
    params = {k: query[k] for k in keys if query.get(k)}
    content, media = await h.label_sheet(ctx, who, params)
    return Response(content, media_type=media)


async def _asset_page(
    request: Request, ctx: Ctx, who: Who, asset_id: str, *, values=None, errors=None, status=200
) -> Response:
    shown = await h.asset_page(ctx, who, asset_id)
    return await page(
        request, ctx, "assets/detail.html", who=who, status=status, **shown,
        values=values or {}, errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/assets/{asset_id}")
async def asset(asset_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """Where a label's QR code leads: details, book value, custody, history, report a fault."""
    return await _asset_page(request, ctx, who, asset_id)


@router.post("/assets/{asset_id}/fault")
async def fault(asset_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """File a repair request for the asset with maintenance."""
    values = await _values(request)
    parsed, errors = parse_form(FaultForm, values)
    if parsed is not None:
        try:
            ticket = await h.report_fault(
                ctx, who, tag=parsed.tag, category=parsed.category,
                description=parsed.description,
            )  # fmt: skip
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            flash(request, "Your request %(id)s has been sent.", id=ticket["id"])
            return see_other(f"/assets/{asset_id}")
    return await _asset_page(request, ctx, who, asset_id, values=values, errors=errors, status=422)


@router.get("/stocktakes")
async def stocktakes(request: Request, ctx: Ctx, who: Who) -> Response:
    """The campaigns, and a form to start one."""
    require_page(who.principal, "stocktakes")
    items = await h.stocktakes(ctx, who)
    return await page(
        request, ctx, "stocktakes/list.html", who=who, items=items, values={}, errors=FormErrors()
    )


@router.post("/stocktakes")
async def start(request: Request, ctx: Ctx, who: Who) -> Response:
    """Start counting a building."""
    require_page(who.principal, "stocktakes")
    values = await _values(request)
    parsed, errors = parse_form(StocktakeForm, values)
    if parsed is not None:
        try:
            st = await h.start_stocktake(ctx, who, building_id=parsed.building_id, name=parsed.name)
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            return see_other(f"/stocktakes/{st['stocktake_id']}/scan")
    items = await h.stocktakes(ctx, who)
    return await page(
        request, ctx, "stocktakes/list.html", who=who, status=422, items=items, values=values,
        errors=errors,
    )  # fmt: skip


async def _scan_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    stocktake_id: str,
    *,
    values=None,
    errors=None,
    status: int = 200,
) -> Response:
    shown = await h.report(ctx, who, stocktake_id)
    return await page(
        request, ctx, "stocktakes/scan.html", who=who, status=status, report=shown,
        values=values or {}, errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/stocktakes/{stocktake_id}/scan")
async def scanner(stocktake_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """The phone scanner: a room, then the camera reads labels (or tags are typed)."""
    require_page(who.principal, "stocktakes")
    values = {"room_id": request.query_params.get("room_id", "")}
    return await _scan_page(request, ctx, who, stocktake_id, values=values)


@router.post("/stocktakes/{stocktake_id}/scan")
async def scanned(stocktake_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """Send what was seen in the room; back to the scanner for the next room."""
    require_page(who.principal, "stocktakes")
    values = await _values(request)
    parsed, errors = parse_form(ScanForm, values)
    if parsed is not None:
        try:
            await h.scan(ctx, who, stocktake_id, room_id=parsed.room_id, codes=parsed.codes)
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            flash(request, "Room %(room)s counted.", room=parsed.room_id)
            return see_other(f"/stocktakes/{stocktake_id}/scan")
    return await _scan_page(
        request, ctx, who, stocktake_id, values=values, errors=errors, status=422
    )


@router.get("/stocktakes/{stocktake_id}")
async def reconciliation(stocktake_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """In place, misplaced, missing, not on the books, on loan; submit and approve."""
    require_page(who.principal, "stocktakes")
    shown = await h.report(ctx, who, stocktake_id)
    return await page(request, ctx, "stocktakes/report.html", who=who, report=shown)


@router.post("/stocktakes/{stocktake_id}/{step}")
async def step(
    stocktake_id: Id,
    step: Annotated[str, Path(pattern="^(submit|approve|reject)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Submit with the agreed moves, or (an administrator) approve or send back."""
    require_page(who.principal, "stocktakes")
    form = await request.form()
    try:
        if step == "submit":
            moves = [v for k, v in form.multi_items() if k == "move" and isinstance(v, str)]
            await h.submit(ctx, who, stocktake_id, moves=moves)
            flash(request, "Sent to an administrator for approval.")
        else:
            await h.decide(ctx, who, stocktake_id, approve=step == "approve")
            if step == "approve":
                flash(request, "The stock-take is closed.")
            else:
                flash(request, "Sent back: counting goes on.")
    except ApiRefused as exc:
        flash(request, "Refused: %(reason)s", kind="error", reason=exc.detail)
    return see_other(f"/stocktakes/{stocktake_id}")
