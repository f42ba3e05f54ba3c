"""Use cases of the assets service: load, decide in the domain, save state and events at once."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.assets import domain
from services.assets import repository as repo
from shared.clock import iso
from shared.errors import Conflict, NotFound
from shared.logging import get_logger
from shared.store import Doc
from shared.uow import UnitOfWork

log = get_logger(__name__)


def local_day(moment: datetime, timezone: str) -> date:
    """The campus calendar day of a moment."""
    return moment.astimezone(ZoneInfo(timezone)).date()


async def asset_or_404(uow: UnitOfWork, asset_id: str) -> Doc:
    """The stored asset, or NotFound."""
    doc = await uow.store.get(repo.ASSETS, asset_id)
    if doc is None:
        raise NotFound(f"no asset {asset_id}")
    return doc


async def register_asset(uow: UnitOfWork, asset: domain.Asset, *, today: date) -> Doc:
    """Put an asset on the books; its tag is unique."""
    if await uow.store.count(repo.ASSETS, {"tag": asset.tag}):
        raise Conflict(f"tag {asset.tag} is already registered")
    asset, event = domain.register(asset, today=today)
    doc = repo.asset_doc(
        asset,
        custody_history=[],
        registered_at=iso(uow.clock()),
        registered_by=uow.actor,
    )
    uow.insert(repo.ASSETS, doc)
    uow.emit(event, subject=asset.asset_id)
    await uow.commit()
    log.info("asset.registered", asset_id=asset.asset_id, tag=asset.tag)
    return {**doc, "_v": 1}


async def assign_custody(uow: UnitOfWork, asset_id: str, *, custodian_id: str) -> Doc:
    """Put an asset in a person's custody (责任到人); the previous custody goes to the history."""
    doc = await asset_or_404(uow, asset_id)
    current = repo.asset_from_doc(doc)
    stamp = iso(uow.clock())
    assigned, event = domain.assign(current, custodian_id=custodian_id, by=uow.actor, at=stamp)
    history = list(doc["custody_history"])
    if doc["custody"] is not None:
        history.append({**doc["custody"], "released_at": stamp})
    updated = repo.asset_doc(assigned, base=doc, custody_history=history)
    uow.replace(repo.ASSETS, updated)
    uow.emit(event, subject=asset_id)
    await uow.commit()
    log.info("asset.assigned", asset_id=asset_id, custodian_id=custodian_id)
    return {**updated, "_v": doc["_v"] + 1}


async def acknowledge_custody(uow: UnitOfWork, asset_id: str) -> Doc:
    """The caller signs for an asset in their custody; signing twice writes nothing."""
    doc = await asset_or_404(uow, asset_id)
    current = repo.asset_from_doc(doc)
    signed, event = domain.acknowledge(current, user_id=uow.actor or "", at=iso(uow.clock()))
    if event is None:
        return doc
    updated = repo.asset_doc(signed, base=doc)
    uow.replace(repo.ASSETS, updated)
    uow.emit(event, subject=asset_id)
    await uow.commit()
    log.info("asset.custody_acknowledged", asset_id=asset_id)
    return {**updated, "_v": doc["_v"] + 1}


async def report_damage(
    uow: UnitOfWork,
    asset_id: str,
    *,
    description: str,
    deliberate: bool,
    responsible_person_id: str | None,
    occurred_on: date,
    today: date,
) -> Doc:
    """Record a damage with its compensation: book value, doubled when deliberate."""
    doc = await asset_or_404(uow, asset_id)
    damage_id = f"dmg-{uuid.uuid4().hex[:12]}"
    damaged, owed, event = domain.damage(
        repo.asset_from_doc(doc),
        damage_id=damage_id,
        description=description,
        deliberate=deliberate,
        responsible_person_id=responsible_person_id,
        occurred_on=occurred_on,
        today=today,
    )
    report = repo.damage_doc(
        damage_id=damage_id,
        asset=damaged,
        description=description,
        deliberate=deliberate,
        responsible_person_id=responsible_person_id,
        occurred_on=occurred_on,
        owed=owed,
        reported_by=uow.actor,
        reported_at=iso(uow.clock()),
    )
    uow.replace(repo.ASSETS, repo.asset_doc(damaged, base=doc))
    uow.insert(repo.DAMAGES, report)
    uow.emit(event, subject=asset_id)
    await uow.commit()
    log.info(
        "asset.damaged",
        asset_id=asset_id,
        damage_id=damage_id,
        compensation_fen=owed.amount_fen,
        deliberate=deliberate,
    )
    return {**report, "_v": 1}


async def mark_repaired(uow: UnitOfWork, asset_id: str) -> Doc:
    """A damaged asset is back in use."""
    doc = await asset_or_404(uow, asset_id)
    fixed, event = domain.repaired(repo.asset_from_doc(doc))
    updated = repo.asset_doc(fixed, base=doc)
    uow.replace(repo.ASSETS, updated)
    uow.emit(event, subject=asset_id)
    await uow.commit()
    log.info("asset.repaired", asset_id=asset_id)
    return {**updated, "_v": doc["_v"] + 1}
