"""The checks every service's access rules are built from: a role, a role within a scope.

A service's rules (`domain/access.py`) say who may do what to which object using these; its
handlers call the rules before they change or return anything. That is the one layer where
authorisation is decided: routes only authenticate, so a rule holds however a use case is
reached.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.auth import GLOBAL_SCOPE_ROLES, Principal, Role, ScopeKind
from shared.errors import Forbidden


def is_global(principal: Principal) -> bool:
    """Logistics administrators, auditors and ops see every campus, building and canteen."""
    return principal.has_role(*GLOBAL_SCOPE_ROLES)


def require_role(principal: Principal, *roles: Role) -> Principal:
    """The principal if it holds one of `roles`; Forbidden (403) naming them otherwise."""
    if not roles:
        raise ValueError("require_role needs at least one role")
    wanted = tuple(Role(role) for role in roles)  # a misspelt role fails loudly, not silently
    if not principal.has_role(*wanted):
        raise Forbidden("requires one of roles: " + ", ".join(wanted))
    return principal


def require_in_scope(
    principal: Principal, kind: ScopeKind, value: str, roles: Iterable[Role]
) -> Principal:
    """The principal if it holds one of `roles` with `value` of `kind` in scope; else 403."""
    require_role(principal, *roles)
    if not principal.in_scope(kind, value):
        raise Forbidden(f"{kind} {value} is not in your scope")
    return principal


def scope_values(principal: Principal, kind: ScopeKind) -> list[str] | None:
    """The values of `kind` a principal may see, sorted; None when it sees all of them."""
    if is_global(principal):
        return None
    return sorted(principal.scopes.get(kind, frozenset()))


def scope_filter(principal: Principal, kind: ScopeKind, field: str) -> dict[str, object]:
    """A store filter limiting `field` to the principal's `kind` scope (empty when global)."""
    values = scope_values(principal, kind)
    if values is None:
        return {}
    if len(values) == 1:
        return {field: values[0]}
    return {field: {"$in": values}}
