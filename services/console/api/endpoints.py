"""Webhooks and group robots (logistics administrators): the list, one endpoint's form, a new one.

A secret is never shown back (notifications returns only whether there is one and a short
fingerprint), nor the query of a URL (a WeCom robot's key is its credential): left blank in the
form, both stay as stored. A refused form is shown again without the secret typed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import parse_form
from services.console.api.schemas_notify import ENDPOINT_ID, EndpointForm
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import notify_config as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
EndpointId = Annotated[str, Path(min_length=1, max_length=64, pattern=ENDPOINT_ID)]
#: The API's field paths, as the form names them.
ALIASES = {
    "scopes.campus": "scope_campus",
    "scopes.building": "scope_building",
    "scopes.canteen": "scope_canteen",
    "body": "form",
}


def values_of(endpoint: dict[str, Any]) -> dict[str, Any]:
    """The form's values of a stored endpoint (URL and secret blank: kept unless typed)."""
    scopes = endpoint.get("scopes") or {}
    return {
        "kind": endpoint.get("kind", "webhook"),
        "name": endpoint.get("name", ""),
        "language": endpoint.get("language", "zh-CN"),
        "active": endpoint.get("active", True),
        **{f"scope_{k}": ", ".join(scopes.get(k) or ()) for k in ("campus", "building", "canteen")},
    }


def _typed(form: Any) -> dict[str, Any]:
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    values["active"] = bool(form.get("active"))
    return values


async def _form(
    request: Request,
    ctx: Ctx,
    who: Who,
    *,
    endpoint: dict[str, Any] | None,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    # Never echo a secret back, not even the one just typed into a refused form.
    shown = {k: v for k, v in values.items() if k != "secret"}
    return await page(
        request, ctx, "notify/endpoint.html", who=who, status=status, endpoint=endpoint,
        values=shown, errors=errors, tab="endpoints",
    )  # fmt: skip


@router.get("/endpoints")
async def endpoints(request: Request, ctx: Ctx, who: Who) -> Response:
    """Every webhook and robot, with the places it serves."""
    require_page(who.principal, "rules")
    found = await h.list_endpoints(ctx, who)
    return await page(request, ctx, "notify/endpoints.html", who=who, endpoints=found,
                      tab="endpoints")  # fmt: skip


@router.get("/endpoints/new")
async def new_endpoint(request: Request, ctx: Ctx, who: Who) -> Response:
    """An empty endpoint."""
    require_page(who.principal, "rules")
    return await _form(request, ctx, who, endpoint=None, values=values_of({}), errors=FormErrors())


async def _save(
    request: Request, ctx: Ctx, who: Who, endpoint_id: str, endpoint: dict[str, Any] | None
) -> Response:
    values = _typed(await request.form())
    parsed, errors = parse_form(EndpointForm, values)
    if parsed is not None and endpoint is None and not parsed.url:
        errors = FormErrors({"url": "a new endpoint needs its web address"})
    elif parsed is not None:
        try:
            await h.save_endpoint(ctx, who, endpoint_id, parsed.body())
        except ApiRefused as exc:
            if exc.status != 422:
                raise
            errors = FormErrors.of(exc.problem, ALIASES)
        else:
            flash(request, "Endpoint %(endpoint)s saved.", endpoint=endpoint_id)
            return see_other(f"/endpoints/{endpoint_id}")
    return await _form(request, ctx, who, endpoint=endpoint, values=values, errors=errors,
                       status=422)  # fmt: skip


@router.post("/endpoints/new")
async def create_endpoint(request: Request, ctx: Ctx, who: Who) -> Response:
    """Create it under a new id (an id in use is refused, not replaced)."""
    require_page(who.principal, "rules")
    form = await request.form()
    endpoint_id = str(form.get("endpoint_id", "")).strip()
    problem = None
    if not re.fullmatch(ENDPOINT_ID, endpoint_id) or endpoint_id == "new":
        problem = "lower-case letters, digits, . _ -"
    else:
        try:
            await h.get_endpoint(ctx, who, endpoint_id)
        except ApiRefused as exc:
            if exc.status != 404:
                raise
        else:
            problem = "an endpoint with this id exists"
    if problem is not None:
        return await _form(request, ctx, who, endpoint=None, values=_typed(form),
                           errors=FormErrors({"endpoint_id": problem}), status=422)  # fmt: skip
    return await _save(request, ctx, who, endpoint_id, None)


@router.get("/endpoints/{endpoint_id}")
async def one_endpoint(endpoint_id: EndpointId, request: Request, ctx: Ctx, who: Who) -> Response:
    """The endpoint's form."""
    require_page(who.principal, "rules")
    endpoint = await h.get_endpoint(ctx, who, endpoint_id)
    return await _form(request, ctx, who, endpoint=endpoint, values=values_of(endpoint),
                       errors=FormErrors())  # fmt: skip


@router.post("/endpoints/{endpoint_id}")
async def save_endpoint(endpoint_id: EndpointId, request: Request, ctx: Ctx, who: Who) -> Response:
    """Replace it; a blank URL or secret keeps the stored one."""
    require_page(who.principal, "rules")
    endpoint = await h.get_endpoint(ctx, who, endpoint_id)
    return await _save(request, ctx, who, endpoint_id, endpoint)
