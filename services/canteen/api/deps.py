"""What every canteen route shares: dependencies, the canteen-scope check, today's date."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Path, Query
from pydantic import BaseModel

from services.canteen import handlers
from services.canteen import repository as repo
from services.canteen.api.schemas import SupplierRead
from services.canteen.domain.receiving import qualification_problems
from services.canteen.settings import CanteenSettings
from shared.api import authenticated, require_roles, runtime_of
from shared.auth import Principal, Role
from shared.errors import Forbidden
from shared.service import Runtime

PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[str | None, Query(max_length=1000)]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
Caller = Annotated[Principal, Depends(authenticated)]
Admin = Annotated[Principal, Depends(require_roles("logistics_admin"))]
SupplierKeeper = Annotated[Principal, Depends(require_roles("canteen_manager", "logistics_admin"))]

STAFF = (Role.CANTEEN_STAFF, Role.CANTEEN_MANAGER, Role.LOGISTICS_ADMIN)
MANAGERS = (Role.CANTEEN_MANAGER, Role.LOGISTICS_ADMIN)
READERS = (*STAFF, Role.AUDITOR)


def allow(principal: Principal, canteen_id: str, roles: tuple[Role, ...]) -> Principal:
    """The principal, if it holds one of `roles` with this canteen in scope; else Forbidden."""
    if not principal.has_role(*roles):
        raise Forbidden("requires one of roles: " + ", ".join(roles))
    if not principal.in_scope("canteen", canteen_id):
        raise Forbidden(f"canteen {canteen_id} is not in your scope")
    return principal


def settings_of(runtime: Runtime) -> CanteenSettings:
    """The canteen service's settings."""
    settings = runtime.settings
    assert isinstance(settings, CanteenSettings)
    return settings


def today_of(runtime: Runtime) -> date:
    """Today on the campus calendar."""
    return handlers.local_day(runtime.clock(), settings_of(runtime).timezone)


def read(model: type[BaseModel], doc: dict[str, Any], id_field: str) -> Any:
    """A Read schema from a stored document, its `_id` named `id_field`."""
    fields = {k: doc[k] for k in model.model_fields if k != id_field}
    return model(**{id_field: doc["_id"]}, **fields)


def supplier_read(doc: dict[str, Any], today: date) -> SupplierRead:
    """A supplier as read, with whether it may deliver today and why not."""
    problems = qualification_problems(repo.supplier_from_doc(doc), today)
    return SupplierRead(
        supplier_id=doc["_id"],
        name=doc["name"],
        contact=doc["contact"],
        documents=doc["documents"],
        suspended=doc["suspended"],
        updated_at=doc["updated_at"],
        qualified_today=not problems,
        problems=problems,
    )
