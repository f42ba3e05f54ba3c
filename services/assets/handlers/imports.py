"""Importing a register from XLSX or CSV (every cell checked first), exporting any search."""

from __future__ import annotations

import anyio

from services.assets import events as ev
from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.domain.imports import COLUMNS, CellError, RowFacts, parse_rows, tags_in
from services.assets.domain.spreadsheets import read_sheet, write_csv, write_xlsx
from services.assets.domain.valuation import to_yuan
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets, imports
from services.assets.repository.imports import ImportRecord
from services.assets.repository.search import Criteria, each
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)
#: Refused cells named in one answer (the count says how many there were in all).
SHOWN_ERRORS = 1000


def _cells(errors: list[CellError]) -> list[dict]:
    return [
        {
            "cell": e.cell,
            "row": e.row,
            "column": e.column,
            "field": e.field,
            "value": e.value,
            "reason": e.reason,
        }
        for e in errors[:SHOWN_ERRORS]
    ]


def _asset(ctx: AssetsContext, who: Principal, row: RowFacts, import_id: str) -> Asset:
    asset = Asset.register(
        today=ctx.today(),
        id=ctx.new_id("ast"),
        tag=row.tag,
        name=row.name,
        category_code=row.category_code,
        building_id=row.building_id,
        room_id=row.room_id,
        department_id=row.department_id,
        purchase_value_fen=row.purchase_value_fen,
        purchase_date=row.purchase_date,
        useful_life_years=row.carrying.useful_life_years,
        low_value=row.carrying.low_value,
        import_id=import_id,
        at=ctx.now(),
        by=who.user_id,
    )
    if row.custodian_id is not None:
        asset.assign(row.custodian_id, at=ctx.now(), by=who.user_id)
    return asset


async def import_register(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    content: bytes,
    filename: str,
    encoding: str | None = None,
    valid_only: bool = False,
) -> ImportRecord:
    """Register every row of a file, or nothing: a bad cell refuses the file (422 naming every
    cell), unless `valid_only`, when the valid rows are registered and the rest reported."""
    access.require_some_manager(who)
    max_rows = ctx.settings.import_max_rows
    # Parsing a workbook is CPU work of seconds: off the event loop.
    sheet = await anyio.to_thread.run_sync(read_sheet, content, filename, max_rows, encoding)
    taken = await assets.tags_taken(uow.store, tags_in(sheet))
    valid, errors = parse_rows(
        sheet,
        today=ctx.today(),
        taken=taken,
        in_scope=lambda b: access.may_manage(who, b),
        thresholds=ctx.thresholds,
    )
    if errors and (not valid_only or not valid):
        raise Invalid(
            f"{len(errors)} cell(s) refused in {len({e.row for e in errors})} row(s); "
            "nothing was imported",
            field="file",
            errors=_cells(errors),
            refused_cells=len(errors),
            rows=len(sheet.rows),
        )
    record = ImportRecord(
        id=ctx.new_id("imp"),
        filename=filename,
        format=sheet.format,
        encoding=sheet.encoding,
        rows=len(sheet.rows),
        imported=len(valid),
        skipped=len({e.row for e in errors}),
        errors=_cells(errors),
        buildings=sorted({r.building_id for r in valid}),
        imported_at=iso(ctx.now()),
        imported_by=who.user_id,
    )
    for row in valid:
        assets.stage(uow, _asset(ctx, who, row, record.id))
    imports.stage(uow, record)
    uow.emit(
        ev.ImportCompleted(
            import_id=record.id,
            filename=filename,
            format=sheet.format,
            rows=record.rows,
            imported=record.imported,
            skipped=record.skipped,
        ),
        subject=record.id,
    )
    await uow.commit()
    log.info("assets.imported", import_id=record.id, imported=record.imported)
    return record


async def get_import(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, import_id: str
) -> ImportRecord:
    """One import record, for a reader of every building it registered in."""
    record = await imports.load(uow.store, import_id)
    for building in record.buildings:
        access.require_reader(who, building)
    return record


async def export(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    criteria: Criteria,
    *,
    format: str,
    encoding: str = "utf-8",
) -> bytes:
    """Any search as XLSX or CSV, in the import's columns (an export imports again)."""
    scope = access.register_filter(who, criteria.building_id)
    cap = ctx.settings.export_max_rows
    rows: list[list] = []
    today = ctx.today()
    async for a in each(uow.store, scope, criteria):
        if len(rows) >= cap:
            raise Invalid(f"more than {cap} assets match: narrow the search", field="filter")
        rows.append(_row(a, today))
    header = [c.title for c in COLUMNS] + ["状态 status", "账面价值 book_value_today"]
    if format == "xlsx":
        return await anyio.to_thread.run_sync(write_xlsx, header, rows, "资产 assets")
    return write_csv(header, rows, encoding)


def _row(a: Asset, today) -> list:
    """One export row: the import's columns, then the status and today's book value."""
    return [
        a.tag,
        a.name,
        a.category_code,
        a.building_id,
        a.room_id,
        a.department_id,
        to_yuan(a.purchase_value_fen),
        a.purchase_date.isoformat(),
        a.useful_life_years,
        a.custody.custodian_id if a.custody else None,
        a.status.value,
        to_yuan(a.valuation(today).book_value_fen),
    ]
