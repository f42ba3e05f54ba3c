"""Helpers the assets unit tests share."""

from __future__ import annotations

from shared.auth import AuthSettings, mint_token


def token(sub: str, *roles: str, **scopes: list[str]) -> dict[str, str]:
    """Authorization header of a development token."""
    signed = mint_token(AuthSettings(), sub=sub, roles=roles, scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


MANAGER = token("u-asset-manager-1", "asset_manager", building=["B01", "B02", "B03"])
B01_MANAGER = token("u-asset-manager-2", "asset_manager", building=["B01"])
ADMIN = token("u-admin-1", "logistics_admin")
AUDITOR = token("u-auditor-1", "auditor")
STUDENT = token("u-student-1", "requester", campus=["main"])
TEACHER = token("u-teacher-1", "requester", campus=["main"])
