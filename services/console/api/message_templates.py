"""Message templates (logistics administrators): the list, one template's editor with a preview,
saving an override, going back to the file.

The preview renders what was typed for the newest event of the template's type (notifications
does it in its Jinja2 sandbox; nothing is saved), so an administrator sees the text, or the
template's error, before anyone receives it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import parse_form
from services.console.api.schemas_notify import TemplateForm
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import notify_config as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
Name = Annotated[
    str, Path(min_length=3, max_length=200, pattern=r"^[a-z0-9_.-]+\.(zh-CN|en|html)$")
]


@router.get("/templates")
async def templates(
    request: Request,
    ctx: Ctx,
    who: Who,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Every template, those overridden marked; `q` narrows by name."""
    require_page(who.principal, "rules")
    found = await h.list_templates(ctx, who)
    wanted = q.strip().lower()
    shown = [t for t in found if wanted in t["name"].lower()] if wanted else found
    return await page(request, ctx, "notify/templates.html", who=who, templates=shown, q=q,
                      total=len(found), tab="templates")  # fmt: skip


async def _editor(
    request: Request,
    ctx: Ctx,
    who: Who,
    name: str,
    *,
    source: str | None = None,
    preview: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    template = await h.get_template(ctx, who, name)
    values = {"source": (template.get("source") or "") if source is None else source}
    return await page(
        request, ctx, "notify/template.html", who=who, status=status, tmpl=template,
        values=values, preview=preview, errors=errors or FormErrors(), tab="templates",
    )  # fmt: skip


@router.get("/templates/{name}")
async def one_template(name: Name, request: Request, ctx: Ctx, who: Who) -> Response:
    """The source in force, the file's, and the form."""
    require_page(who.principal, "rules")
    return await _editor(request, ctx, who, name)


@router.post("/templates/{name}")
async def save_or_preview(name: Name, request: Request, ctx: Ctx, who: Who) -> Response:
    """`action=preview`: the page again with what it would say; otherwise save the override."""
    require_page(who.principal, "rules")
    form = await request.form()
    typed = str(form.get("source", ""))
    parsed, errors = parse_form(TemplateForm, {"source": typed})
    if parsed is None:
        return await _editor(request, ctx, who, name, source=typed, errors=errors, status=422)
    try:
        if form.get("action") == "preview":
            shown = await h.preview_template(ctx, who, name, parsed.source)
            return await _editor(request, ctx, who, name, source=parsed.source, preview=shown)
        await h.save_template(ctx, who, name, parsed.source)
    except ApiRefused as exc:
        if exc.status != 422:
            raise
        return await _editor(request, ctx, who, name, source=parsed.source,
                             errors=FormErrors.of(exc.problem), status=422)  # fmt: skip
    flash(request, "Template %(name)s saved: the next alert uses it.", name=name)
    return see_other(f"/templates/{name}")


@router.post("/templates/{name}/reset")
async def reset(name: Name, request: Request, ctx: Ctx, who: Who) -> Response:
    """Remove the override: the file's text applies again."""
    require_page(who.principal, "rules")
    await h.reset_template(ctx, who, name)
    flash(request, "Template %(name)s: the default text applies again.", name=name)
    return see_other(f"/templates/{name}")
