"""What every service's `api/` shares: the caller, the runtime, the service context, path ids,
paging parameters. Routes only translate HTTP: they take these, call one handler, and return
its result as a Read schema. Authorisation is not decided here but in the handlers.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict

from shared.auth import Principal
from shared.authenticator import AuthError, AuthProviderUnavailable
from shared.errors import Unauthenticated, Unavailable
from shared.service import Runtime
from shared.uow import UnitOfWork

#: Ids and codes in paths: letters, digits and `._:-`, up to 64 characters.
ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[
    str | None, Query(max_length=2000, description="`next_cursor` of the previous page")
]


class Input(BaseModel):
    """Base of every request body: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


_bearer = HTTPBearer(auto_error=False)


async def authenticated(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """FastAPI dependency: the caller's principal, or 401 (503 if the key provider is down)."""
    authenticator = request.app.state.authenticator
    if credentials is None:
        raise Unauthenticated("missing bearer token")
    token = credentials.credentials
    try:
        known = authenticator.known(token)  # verified before: no signature check, no thread
        if known is not None:
            return known
        if authenticator.may_block:
            # A JWKS lookup may fetch keys over the network: off the event loop.
            return await anyio.to_thread.run_sync(authenticator.verify, token)
        return authenticator.verify(token)
    except AuthError as exc:
        raise Unauthenticated(exc.reason) from None
    except AuthProviderUnavailable:
        raise Unavailable("signing keys of the identity provider are unavailable") from None


# Dependencies are `async def` even when they do not await: FastAPI runs a plain `def` one in
# anyio's thread pool, a thread hop per dependency per request for an attribute read.


async def runtime_of(request: Request) -> Runtime:
    """FastAPI dependency: the service's runtime (store, unit of work, clock, settings)."""
    return request.app.state.runtime


async def context_of(request: Request) -> Any:
    """FastAPI dependency: the service context its handlers take (`ServiceSpec.context`)."""
    return request.app.state.runtime.context


Caller = Annotated[Principal, Depends(authenticated)]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


async def unit_of_work(runtime: RuntimeDep, caller: Caller) -> UnitOfWork:
    """FastAPI dependency: a unit of work whose events name the caller as their actor."""
    return runtime.uow(caller)


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
