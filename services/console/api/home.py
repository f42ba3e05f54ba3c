"""The role-aware home page, the language switch, and photos shown on work-order pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import LANG_COOKIE, Ctx, MaybeWho, Who, check_csrf
from services.console.api.respond import page, see_other
from services.console.domain.access import pages_for, safe_next
from services.console.domain.locale import LOCALES
from services.console.handlers import tickets as h

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
PhotoId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]


@router.get("/")
async def home(request: Request, ctx: Ctx, who: MaybeWho) -> Response:
    """What the person can do here, by their roles; the way in when signed out."""
    tiles = pages_for(who.principal) if who else []
    return await page(request, ctx, "home.html", who=who, tiles=tiles)


@router.post("/lang")
async def switch_language(request: Request) -> Response:
    """Remember the chosen language (a year) and go back to the page."""
    form = await request.form()
    chosen = str(form.get("lang", ""))
    response = see_other(safe_next(str(form.get("next", "/"))))
    if chosen in LOCALES:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, httponly=True, samesite="lax")
    return response


@router.get("/photos/{ticket_id}/{photo_id}")
async def photo(ticket_id: TicketId, photo_id: PhotoId, ctx: Ctx, who: Who) -> Response:
    """A work order's photo, fetched as the person (maintenance decides who may see it)."""
    answer = await h.photo(ctx, who, ticket_id, photo_id)
    return Response(
        answer.content,
        media_type=answer.headers.get("content-type", "application/octet-stream"),
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
    )


@router.get("/signout")
async def signout_page() -> Response:
    """Sign-out is a form (POST); a plain link lands on the home page."""
    return see_other("/")
