"""Who may do what in the register.

Asset managers manage the assets of the buildings in their scope; logistics administrators
manage every building and make the second-step decisions (approve a disposal, close a
stock-take); auditors read everything; a custodian signs for their own custody, a borrower
for their own loan; anyone may reserve for themselves and list what they hold. A caller who
may not see an asset still learns that it exists (403, not 404): tags are printed on the
items, they are no secret.
"""

from __future__ import annotations

from typing import Any

from services.assets.domain.assets import Asset
from services.assets.domain.loans import Loan
from services.assets.domain.reservations import Reservation
from services.assets.domain.stocktakes import Scope, Stocktake
from shared.access import is_global, require_in_scope, require_role, scope_filter
from shared.auth import Principal, Role, system_principal
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


def may_manage(who: Principal, building_id: str) -> bool:
    """Whether the caller manages a building (for checks cell by cell, as in an import)."""
    return who.has_role(*MANAGERS) and who.in_scope("building", building_id)


def require_some_manager(who: Principal) -> Principal:
    """Import a register: an asset manager or administrator (each row's building is checked)."""
    return require_role(who, *MANAGERS)


def require_admin(who: Principal) -> Principal:
    """The second step of a two-step decision: a logistics administrator."""
    return require_role(who, Role.LOGISTICS_ADMIN)


def require_manager_of_both(who: Principal, source: str, target: str) -> Principal:
    """A move: the caller manages the building it leaves and the one it goes to."""
    require_manager(who, source)
    return require_manager(who, target)


def require_borrower(who: Principal, loan: Loan) -> Principal:
    """Acknowledge a loan: only the borrower."""
    if loan.borrower_id != who.user_id:
        raise Forbidden(f"loan {loan.id} is not yours to acknowledge")
    return who


def require_loan_reader(who: Principal, loan: Loan) -> Principal:
    """See a loan: its borrower, or a reader of its building."""
    return who if loan.borrower_id == who.user_id else require_reader(who, loan.building_id)


def require_reserver(who: Principal, asset: Asset, person_id: str) -> Principal:
    """Reserve: anyone for themselves; a manager of the building for someone else."""
    if asset.status.value == "disposed":
        raise Forbidden(f"asset {asset.tag} is disposed")
    return who if person_id == who.user_id else require_manager(who, asset.building_id)


def require_reservation_holder(who: Principal, r: Reservation) -> Principal:
    """See or cancel a reservation: its person, or a manager (reader to see) of its building."""
    return who if r.person_id == who.user_id else require_manager(who, r.building_id)


def require_stocktake_manager(who: Principal, scope: Scope, scope_id: str) -> Principal:
    """Start or submit a campaign: a building's manager; a department's, an administrator."""
    if scope is Scope.BUILDING:
        return require_manager(who, scope_id)
    return require_admin(who)


def require_scanner(who: Principal, st: Stocktake, building_id: str) -> Principal:
    """Scan in a campaign: a manager of the building being counted."""
    return require_manager(who, building_id if st.scope is Scope.DEPARTMENT else st.scope_id)


def require_stocktake_reader(who: Principal, st: Stocktake) -> Principal:
    """See a campaign and its report: a reader of its building, or global readers."""
    if st.scope is Scope.BUILDING:
        return require_reader(who, st.scope_id)
    require_role(who, *READERS)
    if not is_global(who):
        raise Forbidden("department stock-takes are read by administrators and auditors")
    return who


def reader_filter(who: Principal, field: str = "building_id") -> dict[str, Any]:
    """What part of a building-scoped collection a reader may list."""
    require_role(who, *READERS)
    return scope_filter(who, "building", field)


def require_service_itself(who: Principal) -> Principal:
    """The dashboard figures: the assets service's own loop only."""
    if who.user_id != system_principal("assets").user_id or not who.has_role(Role.SERVICE):
        raise Forbidden("only the assets service's own loop refreshes its figures")
    return who
