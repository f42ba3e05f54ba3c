"""What the console's routes share: the context, the signed-in person, the language, CSRF."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request

from services.console.domain.locale import choose_locale
from services.console.handlers.context import ConsoleContext, Viewer
from shared.authenticator import AuthError, AuthProviderUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
LANG_COOKIE = "campus_lang"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class SignInRequired(Exception):
    """The page needs a signed-in person; they are sent to sign in and brought back."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(Exception):
    """A form came without the session's CSRF token (or with another one)."""


def context_of(request: Request) -> ConsoleContext:
    """FastAPI dependency: the console context."""
    return request.app.state.runtime.context


Ctx = Annotated[ConsoleContext, Depends(context_of)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use); every form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Router dependency: an unsafe method must carry the session's token (form or header)."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    given = request.headers.get("x-csrf-token")
    if given is None:
        form = await request.form()
        value = form.get("csrf")
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(expected, given):
        log.warning("console.csrf_refused", path=request.url.path)
        raise CsrfRefused()


def current_viewer(request: Request, ctx: Ctx) -> Viewer | None:
    """The signed-in person, or None (an expired or foreign token signs them out)."""
    token = request.session.get("token")
    if not token:
        return None
    assert ctx.authenticator is not None
    try:
        principal = ctx.authenticator.verify(token)
    except AuthError as exc:
        log.info("console.session_ended", reason=exc.reason)
        request.session.pop("token", None)
        return None
    except AuthProviderUnavailable:
        log.warning("console.identity_provider_unavailable")
        return None
    return Viewer(principal=principal, token=token)


def signed_in(
    request: Request, viewer: Annotated[Viewer | None, Depends(current_viewer)]
) -> Viewer:
    """FastAPI dependency: the signed-in person, or off to the sign-in page and back."""
    if viewer is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    return viewer


Who = Annotated[Viewer, Depends(signed_in)]
MaybeWho = Annotated[Viewer | None, Depends(current_viewer)]


def locale_of(request: Request, ctx: Ctx) -> str:
    """The page's language: the person's choice (a cookie), the browser's, or zh-CN."""
    return choose_locale(
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
        ctx.settings.default_locale,
    )


Locale = Annotated[str, Depends(locale_of)]


def is_htmx(request: Request) -> bool:
    """True for a request htmx made (it wants a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"


def client_ip(request: Request) -> str:
    """The browser's address, passed on so a service's per-client limits see the person."""
    return request.client.host if request.client else "unknown"


#: Form fields that are not an action's own (CSRF, where to go back, the order's story).
EXTRA = ("csrf", "back", "story")


def story_of(form: object) -> str | None:
    """The work order's correlation id a form carries (see handlers.backends.story_headers)."""
    value = form.get("story")  # type: ignore[attr-defined]
    return value if isinstance(value, str) else None
