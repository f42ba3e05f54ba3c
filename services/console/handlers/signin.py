"""Signing in: a demo person's development token, or the campus identity provider's (OIDC)."""

from __future__ import annotations

from typing import Any

from services.console.domain.people import DemoPerson, sign_in_people
from services.console.handlers.context import ConsoleContext, Viewer
from shared.auth import mint_token
from shared.authenticator import AuthError
from shared.errors import Forbidden, NotFound, Unauthenticated
from shared.logging import get_logger

log = get_logger(__name__)


def demo_people(ctx: ConsoleContext) -> list[DemoPerson]:
    """The people the development picker offers."""
    return sign_in_people(ctx.people) if ctx.settings.demo_enabled else []


def sign_in_demo(ctx: ConsoleContext, person_id: str) -> Viewer:
    """Mint the demo person's token with the development secret (development only)."""
    if not ctx.settings.demo_enabled:
        raise Forbidden("the demo sign-in is off")
    person = next((p for p in demo_people(ctx) if p.id == person_id), None)
    if person is None:
        raise NotFound(f"no demo person {person_id}")
    token = mint_token(
        ctx.settings.auth,
        sub=person.id,
        roles=person.roles,
        scopes={k: list(v) for k, v in person.scopes.items()},
        name=person.name,
        ttl_seconds=ctx.settings.session_max_age_seconds,
    )
    log.info("console.signed_in", user_id=person.id, method="demo")
    return _verified(ctx, token)


def sign_in_oidc(ctx: ConsoleContext, token_response: dict[str, Any]) -> Viewer:
    """The provider's access token, verified as every service will verify it."""
    access = token_response.get("access_token")
    if not isinstance(access, str) or not access:
        raise Unauthenticated("the identity provider returned no access token")
    viewer = _verified(ctx, access)
    log.info("console.signed_in", user_id=viewer.principal.user_id, method="oidc")
    return viewer


def _verified(ctx: ConsoleContext, token: str) -> Viewer:
    assert ctx.authenticator is not None
    try:
        principal = ctx.authenticator.verify(token)
    except AuthError as exc:
        raise Unauthenticated(f"the token was not accepted: {exc.reason}") from None
    return Viewer(principal=principal, token=token)
