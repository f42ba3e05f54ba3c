"""What the assets routes take besides the caller and the unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from services.assets.handlers.context import AssetsContext
from services.assets.repository.search import Criteria
from shared.api import PathId, context_of

Ctx = Annotated[AssetsContext, Depends(context_of)]
AssetId = PathId
#: A tag as scanned from the label (looked up as is; registration checks its form).
TagPath = Annotated[str, Path(max_length=40)]
_ID = Query(max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
STATUSES = "^(in_use|on_loan|damaged|pending_disposal|disposed)$"


async def criteria(
    tag: Annotated[str | None, Query(max_length=40, description="exact tag")] = None,
    name: Annotated[
        str | None, Query(min_length=1, max_length=200, description="name prefix (any case)")
    ] = None,
    category_code: Annotated[str | None, Query(pattern=r"^[1-6][0-9]{6}$")] = None,
    building_id: Annotated[str | None, _ID] = None,
    room_id: Annotated[str | None, _ID] = None,
    custodian_id: Annotated[str | None, _ID] = None,
    department_id: Annotated[str | None, _ID] = None,
    status: Annotated[str | None, Query(pattern=STATUSES)] = None,
    import_id: Annotated[str | None, _ID] = None,
) -> Criteria:
    """The search filters shared by the list, the export and the label sheets."""
    return Criteria(
        tag=tag,
        name=name,
        category_code=category_code,
        building_id=building_id,
        room_id=room_id,
        custodian_id=custodian_id,
        department_id=department_id,
        status=status,
        import_id=import_id,
    )


Search = Annotated[Criteria, Depends(criteria)]
