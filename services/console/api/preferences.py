"""The person's own notification settings: channels, quiet hours, daily digest, language, phone."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import parse_form
from services.console.api.schemas_notify import PreferencesForm
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import preferences as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
#: Fields of the service's refusal, as the form names them.
ALIASES = {"body": "form"}


def values_of(entry: dict[str, Any]) -> dict[str, Any]:
    """The form's values from the directory entry (quiet hours "22:00-07:00" split in two)."""
    start, _, end = (entry.get("quiet_hours") or "").partition("-")
    return {
        "channels": list(entry.get("channels") or ["in_app"]),
        "quiet_hours_start": start,
        "quiet_hours_end": end,
        "digest": bool(entry.get("digest")),
        "language": entry.get("language") or "zh-CN",
        "phone": entry.get("phone") or "",
    }


async def _page(
    request: Request,
    ctx: Ctx,
    who: Who,
    *,
    entry: dict[str, Any] | None,
    values: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    if values is None:
        values = values_of(entry) if entry else {}
    return await page(
        request, ctx, "settings.html", who=who, status=status, entry=entry, values=values,
        errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/settings")
async def my_settings(request: Request, ctx: Ctx, who: Who) -> Response:
    """The form, filled with what the directory holds for the person."""
    require_page(who.principal, "settings")
    return await _page(request, ctx, who, entry=await h.my_entry(ctx, who))


@router.post("/settings")
async def save_settings(request: Request, ctx: Ctx, who: Who) -> Response:
    """Save them; the form again with what was typed and the field named when refused."""
    require_page(who.principal, "settings")
    form = await request.form()
    values: dict[str, Any] = {
        k: v for k, v in form.items() if isinstance(v, str) and k not in ("csrf", "channels")
    }
    values["channels"] = [v for v in form.getlist("channels") if isinstance(v, str)]
    values["digest"] = bool(form.get("digest"))
    entry = await h.my_entry(ctx, who)
    if entry is None:
        return await _page(request, ctx, who, entry=None, status=404)
    parsed, errors = parse_form(PreferencesForm, values)
    if parsed is not None:
        try:
            await h.save_preferences(ctx, who, parsed.body())
        except ApiRefused as exc:
            if exc.status != 422:
                raise
            errors = FormErrors.of(exc.problem, ALIASES)
        else:
            flash(request, "Your notification settings are saved.")
            return see_other("/settings")
    return await _page(request, ctx, who, entry=entry, values=values, errors=errors, status=422)
