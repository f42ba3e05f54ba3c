"""Answers of the console: a whole page (navigation, unread badge, banners) or a redirect."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.console.api.deps import csrf_token, locale_of
from services.console.api.render import Pages
from services.console.domain.access import pages_for
from services.console.handlers import inbox
from services.console.handlers.backends import ServiceDown
from services.console.handlers.context import ConsoleContext, Viewer

SECURITY_HEADERS = {
    # Everything a page needs is served by the console itself: no other origin, no inline script.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def flash(request: Request, message: str, kind: str = "ok", **params: Any) -> None:
    """A message for the next page (a message id of the catalogue and its parameters)."""
    request.session.setdefault("flash", []).append([kind, message, params])


def _context(
    request: Request, ctx: ConsoleContext, who: Viewer | None, values: dict[str, Any]
) -> dict[str, Any]:
    down = list(values.pop("down", ()))
    return {
        "request": request,
        "who": who,
        "csrf": csrf_token(request),
        "nav": pages_for(who.principal) if who else [],
        "demo": ctx.settings.demo_enabled,
        "path": request.url.path,
        "down": down,
        "people": {p.id: p.name for p in ctx.people},
        **values,
    }


async def page(
    request: Request,
    ctx: ConsoleContext,
    template: str,
    *,
    who: Viewer | None,
    status: int = 200,
    **values: Any,
) -> HTMLResponse:
    """A whole page: the template inside the layout, in the person's language."""
    context = _context(request, ctx, who, values)
    context["unread"] = None
    if who is not None and "unread" not in values:
        try:
            context["unread"] = await inbox.unread_count(ctx, who)
        except ServiceDown as exc:
            context["down"].append(exc.service)
    context["flashes"] = request.session.pop("flash", [])
    context["down"] = sorted(set(context["down"]))
    html = ctx_pages(request).render(locale_of(request, ctx), template, context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def translated(request: Request, ctx: ConsoleContext, message: str) -> str:
    """A message of the catalogue in the person's language (for a reason the console finds)."""
    return ctx_pages(request).translations[locale_of(request, ctx)].gettext(message)


def see_other(path: str) -> RedirectResponse:
    """After a form: go to the page that shows the result (POST, redirect, GET)."""
    return RedirectResponse(path, status_code=303)


def ctx_pages(request: Request) -> Pages:
    """The template environments (built once, in `main.build`)."""
    return request.app.state.pages
