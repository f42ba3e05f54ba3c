"""Sign-in and sign-out: the demo-person picker (development) and the campus provider (OIDC)."""

from __future__ import annotations

from typing import Annotated

from authlib.integrations.base_client.errors import OAuthError
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, MaybeWho, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.domain.access import safe_next
from services.console.handlers import signin as h
from services.console.handlers.context import Viewer
from shared.errors import DomainError
from shared.logging import get_logger

log = get_logger(__name__)
router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
Next = Annotated[str | None, Query(alias="next", max_length=500)]
CALLBACK = "/signin/callback"


def start_session(request: Request, viewer: Viewer) -> None:
    """A new session for the person (a fresh CSRF token too: no fixation across sign-in)."""
    keep = {k: v for k, v in request.session.items() if k == "keys"}
    request.session.clear()
    request.session.update(keep)
    request.session["token"] = viewer.token


@router.get("/signin")
async def signin_page(
    request: Request, ctx: Ctx, who: MaybeWho, next_path: Next = None
) -> Response:
    """The campus sign-in button and, in development, the demo people."""
    return await page(
        request, ctx, "signin.html", who=who, next_path=safe_next(next_path),
        people=h.demo_people(ctx), oidc=ctx.settings.oidc,
    )  # fmt: skip


@router.post("/signin/demo")
async def signin_demo(request: Request, ctx: Ctx) -> Response:
    """Sign in as the chosen demo person."""
    form = await request.form()
    target = safe_next(str(form.get("next", "/")))
    viewer = h.sign_in_demo(ctx, str(form.get("person_id", "")))
    start_session(request, viewer)
    return see_other(target)


@router.get("/signin/oidc")
async def signin_oidc(request: Request, ctx: Ctx, next_path: Next = None) -> Response:
    """Off to the campus identity provider (authorisation code with PKCE)."""
    client = request.app.state.oauth
    if client is None:
        flash(request, "Campus sign-in is not configured here.", "error")
        return see_other("/signin")
    request.session["after_signin"] = safe_next(next_path)
    redirect_uri = ctx.settings.public_base_url.rstrip("/") + CALLBACK
    return await client.authorize_redirect(request, redirect_uri)


@router.get(CALLBACK)
async def signin_callback(request: Request, ctx: Ctx) -> Response:
    """Back from the provider: exchange the code (with the PKCE verifier), start the session."""
    client = request.app.state.oauth
    if client is None:
        return see_other("/signin")
    try:
        token_response = await client.authorize_access_token(request)
        viewer = h.sign_in_oidc(ctx, dict(token_response))
    except (OAuthError, DomainError) as exc:
        log.warning("console.oidc_failed", error=repr(exc))
        flash(request, "Campus sign-in did not succeed; please try again.", "error")
        return see_other("/signin")
    target = safe_next(request.session.pop("after_signin", "/"))
    start_session(request, viewer)
    return see_other(target)


@router.post("/signout")
async def signout(request: Request) -> Response:
    """End the session (the language choice, a separate cookie, stays)."""
    request.session.clear()
    flash(request, "You have signed out.")
    return see_other("/")
