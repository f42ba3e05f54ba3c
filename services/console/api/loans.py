"""Pages of loans (借还): what I borrowed (sign for it on the phone), the loans of a manager's
buildings (overdue first), lending, and the return with its condition check (a damaged return
shows the compensation the borrower owes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.loan_forms import HINTS, LendForm, ReturnForm
from services.console.api.respond import flash, page, see_other, translated
from services.console.api.schemas import CODE_PATTERN
from services.console.domain import loans as words
from services.console.domain.access import require_page, safe_next
from services.console.domain.forms import FormErrors
from services.console.domain.loans import Overlap, manages
from services.console.domain.vocabulary import N_
from services.console.handlers import loans as h
from services.console.handlers.backends import ApiRefused
from shared.errors import Forbidden

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
Id = Annotated[str, Path(pattern=CODE_PATTERN)]
IdQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]
StatusQuery = Annotated[str | None, Query(pattern="^(all|offered|open|returned|cancelled)$")]


def refusal(request: Request, ctx: Ctx, exc: ApiRefused, field: str) -> FormErrors:
    """What the assets service refused, named at the form's field: overlapping days in plain
    words naming the other booking, else the service's own field and reason."""
    overlap = Overlap.of(exc.problem)
    if overlap is not None:
        people = {p.id: p.name for p in ctx.people}
        text = translated(request, ctx, overlap.message()) % overlap.words(people)
        return FormErrors.one(field, text)
    return FormErrors.of(exc.problem)


async def resolve_asset(ctx: Ctx, who: Who, request: Request, form: Any) -> tuple[str | None, Any]:
    """The asset id a form names (its page's id, or a typed tag), or the tag field's error."""
    if form.asset_id:
        return form.asset_id, None
    try:
        found = await h.asset_by_tag(ctx, who, form.tag)
    except ApiRefused as exc:
        reason = (
            N_("This tag is not in your buildings: open the asset's page from its label.")
            if exc.status == 403
            else N_("No asset has this tag.")
        )
        return None, FormErrors.one("tag", translated(request, ctx, reason))
    return found["asset_id"], None


@router.get("/loans")
async def overview(
    request: Request,
    ctx: Ctx,
    who: Who,
    status: StatusQuery = None,
    asset_id: IdQuery = None,
) -> Response:
    """My loans and reservations; a manager's buildings' loans (open ones unless asked)."""
    require_page(who.principal, "loans")
    wanted = status or "open"
    shown = await h.overview(
        ctx, who, status=None if wanted == "all" else wanted, asset_id=asset_id
    )
    return await page(
        request, ctx, "loans/list.html", who=who, lw=words, today=ctx.today(), wanted=wanted,
        asset_id=asset_id, manager=manages(who.principal), **shown,
    )  # fmt: skip


async def _lend_page(
    request: Request, ctx: Ctx, who: Who, asset_id: str | None, *, values=None, errors=None,
    status: int = 200,
) -> Response:  # fmt: skip
    asset = await h.asset_or_none(ctx, who, asset_id) if asset_id else None
    return await page(
        request, ctx, "loans/lend.html", who=who, status=status, asset=asset,
        asset_id=asset_id, values=values or {}, errors=errors or FormErrors(),
        today=ctx.today(),
    )  # fmt: skip


def _require_manager(who: Who) -> None:
    require_page(who.principal, "loans")
    if not manages(who.principal):
        raise Forbidden("lending is for asset managers")


@router.get("/loans/new")
async def lend_form(request: Request, ctx: Ctx, who: Who, asset: IdQuery = None) -> Response:
    """Lend an asset (from its page, or by typing its tag)."""
    _require_manager(who)
    return await _lend_page(request, ctx, who, asset)


@router.post("/loans")
async def lend(request: Request, ctx: Ctx, who: Who) -> Response:
    """Offer the loan; the borrower signs for it in the console."""
    _require_manager(who)
    values = await form_values(request)
    form, errors = checked(LendForm, values, translator(request, ctx), HINTS)
    asset_id = values.get("asset_id") or None
    if form is not None:
        found, errors = await resolve_asset(ctx, who, request, form)
        if found is not None:
            try:
                loan = await h.lend(ctx, who, form.body(found))
            except ApiRefused as exc:
                errors = refusal(request, ctx, exc, "due_on")
            else:
                people = {p.id: p.name for p in ctx.people}
                flash(
                    request,
                    N_("Lent %(tag)s to %(person)s until %(day)s: it is on loan once they sign."),
                    tag=loan["tag"],
                    person=people.get(loan["borrower_id"], loan["borrower_id"]),
                    day=loan["due_on"],
                )
                return see_other(f"/loans/{loan['loan_id']}")
    return await _lend_page(request, ctx, who, asset_id, values=values, errors=errors, status=422)


async def _loan_page(
    request: Request, ctx: Ctx, who: Who, loan_id: str, *, values=None, errors=None,
    status: int = 200,
) -> Response:  # fmt: skip
    shown = await h.loan(ctx, who, loan_id)
    return await page(
        request, ctx, "loans/loan.html", who=who, status=status, lw=words, today=ctx.today(),
        manager=manages(who.principal), values=values or {"condition": "good"},
        errors=errors or FormErrors(), **shown,
    )  # fmt: skip


@router.get("/loans/{loan_id}")
async def loan(loan_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """One loan: sign for it, withdraw it, take it back; the damage found and its price."""
    require_page(who.principal, "loans")
    return await _loan_page(request, ctx, who, loan_id)


@router.post("/loans/{loan_id}/return")
async def give_back(loan_id: Id, request: Request, ctx: Ctx, who: Who) -> Response:
    """Taken back after the condition check; a damaged return reports the damage."""
    require_page(who.principal, "loans")
    values = await form_values(request)
    form, errors = checked(ReturnForm, values, translator(request, ctx), HINTS)
    if form is not None:
        try:
            done = await h.loan_step(ctx, who, loan_id, "return", form.body())
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        else:
            _flash_return(request, ctx, done)
            return see_other(f"/loans/{loan_id}")
    return await _loan_page(request, ctx, who, loan_id, values=values, errors=errors, status=422)


def _flash_return(request: Request, ctx: Ctx, done: dict[str, Any]) -> None:
    damage = done.get("damage")
    if damage is None:
        flash(request, N_("%(tag)s is back in good condition."), tag=done["loan"]["tag"])
        return
    person = damage.get("responsible_person_id") or ""
    params = {
        "person": {p.id: p.name for p in ctx.people}.get(person, person),
        "amount": damage["compensation"],
        "value": damage["book_value"],
    }
    if damage["multiplier"] > 1:
        message = N_(
            "Returned damaged, deliberately: %(person)s owes ¥%(amount)s, twice the book value "
            "of ¥%(value)s. Maintenance is asked to repair it."
        )
    else:
        message = N_(
            "Returned damaged: %(person)s owes ¥%(amount)s, the book value. Maintenance is "
            "asked to repair it."
        )
    flash(request, message, "error", **params)


@router.post("/loans/{loan_id}/{step}")
async def loan_step(
    loan_id: Id,
    step: Annotated[str, Path(pattern="^(acknowledge|cancel)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """The borrower signs for the loan; a manager withdraws one not signed yet."""
    require_page(who.principal, "loans")
    form = await request.form()
    back = safe_next(str(form.get("back", "")), f"/loans/{loan_id}")
    try:
        done = await h.loan_step(ctx, who, loan_id, step)
    except ApiRefused as exc:
        flash(request, "Refused: %(reason)s", kind="error", reason=exc.detail)
    else:
        if step == "acknowledge":
            flash(
                request,
                N_("You signed for %(tag)s: bring it back by %(day)s."),
                tag=done["tag"],
                day=done["due_on"],
            )
        else:
            flash(request, N_("The loan of %(tag)s is withdrawn."), tag=done["tag"])
    return see_other(back)
