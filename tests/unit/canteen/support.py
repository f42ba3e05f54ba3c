"""Helpers the canteen unit tests share."""

from __future__ import annotations

from shared.auth import AuthSettings, mint_token


def token(sub: str, *roles: str, **scopes: list[str]) -> dict[str, str]:
    """Authorization header of a development token."""
    signed = mint_token(AuthSettings(), sub=sub, roles=roles, scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


ADMIN = token("u-admin-1", "logistics_admin")
MANAGER = token("u-canteen-manager-1", "canteen_manager", canteen=["north"])
STAFF = token("u-canteen-staff-1", "canteen_staff", canteen=["north"])
SOUTH_STAFF = token("u-canteen-staff-9", "canteen_staff", canteen=["south"])
AUDITOR = token("u-auditor-1", "auditor")
