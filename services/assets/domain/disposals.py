"""Disposal (报废) in two steps: an asset manager proposes with a reason, a logistics
administrator approves or rejects; nobody approves their own proposal (four eyes).

Universities decide disposals themselves since 财资〔2017〕72号; the value tiers that need a
higher approval vary by province and are not encoded (DOMAIN.md: unverified thresholds).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from services.assets import events as ev
from services.assets.domain.assets import Asset, Disposal, Status
from services.assets.domain.valuation import to_yuan
from shared.errors import Conflict, Forbidden


def propose(asset: Asset, *, reason: str, today: date, at: datetime, by: str | None) -> None:
    """Step one: the asset waits for an administrator's decision."""
    previous = asset.status
    asset.status = asset.require("propose_disposal")
    asset.disposal = Disposal(reason, proposed_by=by, proposed_at=at, previous_status=previous)
    asset.record(
        ev.DisposalProposed(
            asset_id=asset.id,
            tag=asset.tag,
            building_id=asset.building_id,
            reason=reason,
            proposed_by=by,
            book_value=to_yuan(asset.valuation(today).book_value_fen),
        )
    )


def _pending(asset: Asset, by: str | None) -> Disposal:
    asset.require("decide_disposal")
    assert asset.disposal is not None  # pending_disposal always carries its proposal
    if by is not None and by == asset.disposal.proposed_by:
        raise Forbidden(f"you proposed disposing of {asset.tag}: another administrator decides")
    return asset.disposal


def approve(asset: Asset, *, note: str | None, today: date, at: datetime, by: str | None) -> None:
    """Step two: written off; nothing may happen to it any more."""
    proposal = _pending(asset, by)
    asset.disposal = replace(
        proposal, decided_by=by, decided_at=at, approved=True, decision_note=note
    )
    asset.status = Status.DISPOSED
    asset.record(
        ev.AssetDisposed(
            asset_id=asset.id,
            tag=asset.tag,
            building_id=asset.building_id,
            room_id=asset.room_id,
            reason=proposal.reason,
            proposed_by=proposal.proposed_by,
            approved_by=by,
            purchase_value=to_yuan(asset.purchase_value_fen),
            book_value=to_yuan(asset.valuation(today).book_value_fen),
        )
    )


def reject(asset: Asset, *, note: str | None, at: datetime, by: str | None) -> None:
    """The proposal is refused: the asset is back in the status it had."""
    proposal = _pending(asset, by)
    if proposal.previous_status in (Status.PENDING_DISPOSAL, Status.DISPOSED):
        raise Conflict(f"asset {asset.tag} has no status to go back to")
    asset.disposal = replace(
        proposal, decided_by=by, decided_at=at, approved=False, decision_note=note
    )
    asset.status = proposal.previous_status
    asset.record(
        ev.DisposalRejected(
            asset_id=asset.id,
            tag=asset.tag,
            building_id=asset.building_id,
            note=note,
            decided_by=by,
            status=asset.status.value,
        )
    )
