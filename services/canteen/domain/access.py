"""Who may do what in the canteen service.

- Canteen staff and managers act in the canteens of their scope (`canteen` in the token);
  logistics administrators act everywhere; auditors read everything and change nothing.
- Staff receive deliveries, issue stock to the kitchen and report equipment faults; only a
  manager writes stock off (报损) or runs the expiry scan by hand.
- Canteens are registered by logistics administrators only; anyone signed in sees the list.
- A supplier, or a checklist template, may be changed only by a manager of a canteen it
  serves, or a logistics administrator; a manager adds or removes only canteens of their scope.
- Food handlers, their rosters and the temperature-logged devices of a canteen are kept by its
  managers; staff record samples, morning checks, temperatures and inspections, and close
  corrective actions; a sensor gateway (a `service` token scoped to the canteen) posts readings.
- Full stock counts adjust the books: managers only. Deleting a purchase-inspection record
  after its retention period: logistics administrators only.
- Today's food-safety status: whoever reads the canteen, and ops (the dashboard).
- Complaints: the canteen's managers answer them; auditors read them too, but a diner's contact
  is shown only to those who answer (the canteen's managers, logistics administrators), and
  every showing of one is in the access log.
"""

from __future__ import annotations

from shared.access import require_in_scope, require_role
from shared.auth import Principal, Role, system_principal
from shared.errors import Forbidden

STAFF = (Role.CANTEEN_STAFF, Role.CANTEEN_MANAGER, Role.LOGISTICS_ADMIN)
MANAGERS = (Role.CANTEEN_MANAGER, Role.LOGISTICS_ADMIN)
READERS = (*STAFF, Role.AUDITOR)
#: The service itself, running its daily expiry scan.
SYSTEM = system_principal("canteen")


def require_staff(who: Principal, canteen_id: str) -> None:
    """Receive, issue, report a fault: staff of this canteen."""
    require_in_scope(who, "canteen", canteen_id, STAFF)


def require_manager(who: Principal, canteen_id: str) -> None:
    """Write off stock, scan for expiry: a manager of this canteen."""
    require_in_scope(who, "canteen", canteen_id, MANAGERS)


def require_reader(who: Principal, canteen_id: str) -> None:
    """Read a canteen's stock, ledger, deliveries and faults: its staff, or a global reader."""
    require_in_scope(who, "canteen", canteen_id, READERS)


def require_manager_or_auditor(who: Principal, canteen_id: str) -> None:
    """Cost accounts and complaints: the canteen's managers, logistics admins, auditors."""
    require_in_scope(who, "canteen", canteen_id, (*MANAGERS, Role.AUDITOR))


def sees_diner_contact(who: Principal, canteen_id: str) -> bool:
    """A diner's contact on a complaint: whoever answers it (an auditor reads without it)."""
    return who.has_role(*MANAGERS) and who.in_scope("canteen", canteen_id)


def require_admin(who: Principal) -> None:
    """Register or change a canteen: a logistics administrator."""
    require_role(who, Role.LOGISTICS_ADMIN)


def require_supplier_reader(who: Principal) -> None:
    """Suppliers and their licences: whoever works in or audits the canteens."""
    require_role(who, *READERS)


def own_canteens(who: Principal) -> tuple[str, ...]:
    """The canteens a manager registers a new supplier for when none are named: their own."""
    if who.has_role(Role.LOGISTICS_ADMIN):
        return ()
    return tuple(sorted(who.scopes.get("canteen", frozenset())))


def require_supplier_keeper(
    who: Principal, supplier_id: str, serves: tuple[str, ...] | None, canteens: tuple[str, ...]
) -> None:
    """Create or change a supplier that serves `serves` (None: new) to serve `canteens`."""
    require_keeper(who, f"supplier {supplier_id}", serves, canteens)


def require_template_keeper(
    who: Principal, template_id: str, serves: tuple[str, ...] | None, canteens: tuple[str, ...]
) -> None:
    """Create or change a checklist template, as for suppliers."""
    require_keeper(who, f"checklist {template_id}", serves, canteens)


def require_keeper(
    who: Principal, what: str, serves: tuple[str, ...] | None, canteens: tuple[str, ...]
) -> None:
    """Shared reference data serving canteens: their managers, or logistics administrators."""
    if who.has_role(Role.LOGISTICS_ADMIN):
        return
    require_role(who, Role.CANTEEN_MANAGER)
    mine = [c for c in (serves or ()) if who.in_scope("canteen", c)]
    if serves is not None and not mine:
        raise Forbidden(f"{what} serves none of your canteens")
    if not canteens:
        raise Forbidden(f"a canteen manager's {what.split()[0]} must serve a canteen of theirs")
    touched = set(canteens) ^ set(serves or ())
    outside = sorted(c for c in touched if not who.in_scope("canteen", c))
    if outside:
        raise Forbidden(f"canteen {', '.join(outside)} is not in your scope")


def require_reading_source(who: Principal, canteen_id: str) -> None:
    """Temperature readings: the canteen's staff, or a sensor gateway scoped to the canteen."""
    if who.has_role(Role.SERVICE) and who.user_id != SYSTEM.user_id:
        if not who.in_scope("canteen", canteen_id):
            raise Forbidden(f"canteen {canteen_id} is not in your scope")
        return
    require_staff(who, canteen_id)


def require_today_reader(who: Principal, canteen_id: str) -> None:
    """Today's food-safety status: the canteen's readers, and ops."""
    require_in_scope(who, "canteen", canteen_id, (*READERS, Role.OPS))


def require_template_reader(who: Principal) -> None:
    """Checklist templates: whoever works in or audits the canteens."""
    require_role(who, *READERS)


def require_watcher(who: Principal, canteen_id: str) -> None:
    """The food-safety watch: the service's own loop, or a manager of the canteen by hand."""
    require_expiry_scanner(who, canteen_id)


def require_expiry_scanner(who: Principal, canteen_id: str) -> None:
    """The expiry scan: the service's own daily loop, or a manager of the canteen by hand."""
    if who.user_id == SYSTEM.user_id and who.has_role(Role.SERVICE):
        return
    require_manager(who, canteen_id)


def require_system(who: Principal) -> None:
    """The daily scan's bookkeeping: the service's own loop only."""
    if who.user_id != SYSTEM.user_id or not who.has_role(Role.SERVICE):
        raise Forbidden("only the canteen service's own daily scan may do this")
