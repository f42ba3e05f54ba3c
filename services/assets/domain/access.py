"""Who may do what in the register.

Asset managers manage the assets of the buildings in their scope; logistics administrators
manage every building; auditors read everything; a custodian signs for their own custody, and
anyone may list what is in their own custody. A caller who may not see an asset still learns
that it exists (403, not 404): tags are printed on the items, they are no secret.
"""

from __future__ import annotations

from typing import Any

from services.assets.domain.assets import Asset
from shared.access import require_in_scope, require_role, scope_filter
from shared.auth import Principal, Role
from shared.errors import Forbidden

MANAGERS = (Role.ASSET_MANAGER, Role.LOGISTICS_ADMIN)
READERS = (*MANAGERS, Role.AUDITOR)


def require_manager(who: Principal, building_id: str) -> Principal:
    """Register, hand out, report damage, mark repaired: a manager of the building."""
    return require_in_scope(who, "building", building_id, MANAGERS)


def require_reader(who: Principal, building_id: str) -> Principal:
    """See an asset, its book value and its damages: a manager of the building or an auditor."""
    return require_in_scope(who, "building", building_id, READERS)


def require_custodian(who: Principal, asset: Asset) -> Principal:
    """Sign for an asset: only the person it is in the custody of."""
    if asset.custody is None or asset.custody.custodian_id != who.user_id:
        raise Forbidden(f"asset {asset.tag} is not in your custody")
    return who


def register_filter(who: Principal, building_id: str | None) -> dict[str, Any]:
    """The part of the register a reader may list: the building asked for, or their scope."""
    require_role(who, *READERS)
    if building_id is not None:
        require_reader(who, building_id)
        return {"building_id": building_id}
    return scope_filter(who, "building", "building_id")
