"""Pages of the register's import: upload an XLSX or CSV (UTF-8 or GBK), the report naming
each refused cell, importing the valid rows only, the result with its label sheet."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from services.console.api.assets import LAYOUTS
from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import translator
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import CODE_PATTERN
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.domain.imports import Refusal, cells_of, file_reason, is_cell_report
from services.console.domain.vocabulary import N_
from services.console.handlers import imports as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
ImportId = Annotated[str, Path(pattern=CODE_PATTERN)]
#: A refused file small enough rides along in the report's form (base64, under Starlette's
#: 1 MiB limit of a form field), so importing its valid rows needs no second upload; a larger
#: one is chosen again. The console keeps nothing between requests.
KEEP_MAX_BYTES = 700 * 1024
ENCODINGS = ("", "utf-8", "gbk")
_UNSAFE_NAME = re.compile(r"[^\w.\- ()\u4e00-\u9fff]+")


def _name(raw: str | None) -> str:
    """The file's own name (no folders, nothing odd), for the service's format check."""
    base = (raw or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", base)[:120] or "upload"


async def _file_of(form: Any) -> tuple[bytes, str, str] | None:
    """The uploaded file (content, name, media type), or the one kept by the report."""
    item = form.get("file")
    if isinstance(item, UploadFile) and item.filename:
        content = await item.read()
        if content:
            return content, _name(item.filename), item.content_type or ""
    kept = form.get("kept")
    if isinstance(kept, str) and kept:
        try:
            content = base64.b64decode(kept, validate=True)
        except (binascii.Error, ValueError):
            return None
        return content, _name(str(form.get("kept_name", ""))), ""
    return None


def _choice(form: Any) -> dict[str, str]:
    encoding = str(form.get("encoding", ""))
    mode = str(form.get("mode", "all"))
    return {
        "encoding": encoding if encoding in ENCODINGS else "",
        "mode": mode if mode in ("all", "valid") else "all",
    }


async def _upload_page(
    request: Request, ctx: Ctx, who: Who, *, values=None, errors=None, status: int = 200
) -> Response:
    return await page(
        request, ctx, "imports/upload.html", who=who, status=status,
        values=values or {"encoding": "", "mode": "all"}, errors=errors or FormErrors(),
    )  # fmt: skip


@router.get("/imports")
async def upload_form(request: Request, ctx: Ctx, who: Who) -> Response:
    """Choose the file, its encoding (CSV) and whether only valid rows may go in."""
    require_page(who.principal, "imports")
    return await _upload_page(request, ctx, who)


@router.post("/imports")
async def upload(request: Request, ctx: Ctx, who: Who) -> Response:
    """Every row registered, or the report of each refused cell (nothing registered)."""
    require_page(who.principal, "imports")
    form = await request.form()
    values = _choice(form)
    translate = translator(request, ctx)
    found = await _file_of(form)
    if found is None:
        errors = FormErrors.one("file", translate(N_("Choose an XLSX or CSV file.")))
        return await _upload_page(request, ctx, who, values=values, errors=errors, status=422)
    content, filename, media = found
    try:
        record = await h.upload(
            ctx, who, content=content, filename=filename, media_type=media,
            encoding=values["encoding"] or None, valid_only=values["mode"] == "valid",
        )  # fmt: skip
    except ApiRefused as exc:
        if exc.status == 422 and is_cell_report(exc.problem):
            return await _report(request, ctx, who, exc.problem, content, filename, values)
        reason = file_reason(exc.detail, translate)
        errors = FormErrors.one("file", reason)
        return await _upload_page(request, ctx, who, values=values, errors=errors, status=422)
    flash(
        request,
        N_("%(imported)s of %(rows)s rows imported from %(file)s."),
        imported=record["imported"],
        rows=record["rows"],
        file=record["filename"],
    )
    return see_other(f"/imports/{record['import_id']}")


async def _report(
    request: Request,
    ctx: Ctx,
    who: Who,
    problem: dict[str, Any],
    content: bytes,
    filename: str,
    values: dict[str, str],
) -> Response:
    """The refused cells, and the choice of importing the valid rows only."""
    refusal = Refusal.of(problem, translator(request, ctx))
    kept = base64.b64encode(content).decode() if len(content) <= KEEP_MAX_BYTES else None
    return await page(
        request, ctx, "imports/report.html", who=who, status=422, refusal=refusal,
        kept=kept, filename=filename, values=values, errors=FormErrors(),
    )  # fmt: skip


@router.get("/imports/{import_id}")
async def result(import_id: ImportId, request: Request, ctx: Ctx, who: Who) -> Response:
    """What was imported, the cells of rows left out, the label sheet of the new assets."""
    require_page(who.principal, "imports")
    record = await h.record(ctx, who, import_id)
    cells = cells_of(record.get("errors") or (), translator(request, ctx))
    return await page(
        request, ctx, "imports/result.html", who=who, record=record, cells=cells,
        layouts=LAYOUTS,
    )  # fmt: skip
