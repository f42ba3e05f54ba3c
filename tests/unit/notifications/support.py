"""Helpers the notifications unit tests share."""

from __future__ import annotations

from shared.auth import AuthSettings, mint_token


def token(sub: str, *roles: str, **scopes: list[str]) -> dict[str, str]:
    """Authorization header of a development token."""
    signed = mint_token(AuthSettings(), sub=sub, roles=roles, scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}
