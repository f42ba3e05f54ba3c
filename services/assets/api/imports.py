"""Routes of imports: an Excel or CSV register in, with a report naming each bad cell."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from services.assets.api.deps import Ctx
from services.assets.api.stocktake_schemas import ImportRead
from services.assets.handlers import imports as h
from shared.api import Caller, PathId, Uow
from shared.errors import TooLarge

router = APIRouter(tags=["imports"])


@router.post(
    "/imports", response_model=ImportRead, status_code=201, summary="Import an XLSX or CSV"
)
async def import_register(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    file: Annotated[UploadFile, File(description="XLSX, or CSV in UTF-8 or GBK")],
    valid_only: Annotated[bool, Form(description="import the valid rows, report the rest")] = False,
    encoding: Annotated[str | None, Form(pattern="^(utf-8|gbk)$")] = None,
) -> ImportRead:
    """Every row registered (assets.asset.registered.v1 each, then assets.import.completed.v1),
    or none: a 422 problem lists every bad cell (`errors[].cell`, e.g. C5, with the reason)."""
    cap = ctx.settings.import_max_bytes
    content = await file.read(cap + 1)
    if len(content) > cap:
        raise TooLarge(f"the file is larger than {cap} bytes", field="file")
    record = await h.import_register(
        uow,
        ctx,
        who,
        content=content,
        filename=file.filename or "upload",
        encoding=encoding,
        valid_only=valid_only,
    )
    return ImportRead.of(record)


@router.get("/imports/{import_id}", response_model=ImportRead, summary="One import")
async def get_import(import_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> ImportRead:
    """What was imported, and the cells of the rows left out."""
    return ImportRead.of(await h.get_import(uow, ctx, who, import_id))
