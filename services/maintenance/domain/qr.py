"""Signed QR-code tokens and follow-up keys (HMAC-SHA256). Pure: the secret is passed in.

A QR sticker on a room or an asset carries a token naming that place; whoever scans it may file
a request for that place only. The token is signed so nobody can forge one for another place;
the code it names can still be revoked in the store. A follow-up key lets a requester without
an account see, rate and close their own request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from services.maintenance.domain.locations import Place, PlaceNames
from shared.errors import Conflict

TargetKind = Literal["location", "asset"]
_TOKEN_DOMAIN = b"campus.maintenance.qr.v1."
_FOLLOW_UP_DOMAIN = b"campus.maintenance.follow-up.v1."
MAX_TOKEN_LENGTH = 512


class BadToken(ValueError):
    """The token is malformed or its signature does not match."""


@dataclass(frozen=True)
class QrClaim:
    """What a verified token names."""

    code_id: str
    kind: TargetKind
    target: str


@dataclass(frozen=True)
class QrCode:
    """A minted code, recorded so that it can be revoked (a sticker copied or moved)."""

    id: str
    kind: TargetKind
    target: str
    label: str | None
    campus_id: str
    building_id: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None
    version: int | None = field(default=None, compare=False, repr=False)

    def revoke(self, at: datetime) -> QrCode:
        """The code withdrawn at `at`; a Conflict if it already is."""
        if self.revoked_at is not None:
            raise Conflict(f"QR code {self.id} is already revoked")
        return replace(self, revoked_at=at)

    def names(self, claim: QrClaim) -> bool:
        """True when a verified claim is this code's, for the same place."""
        return (claim.code_id, claim.kind, claim.target) == (self.id, self.kind, self.target)


@dataclass(frozen=True)
class ScannedPlace:
    """What a scanned code names, with the names the form shows."""

    claim: QrClaim
    place: Place
    names: PlaceNames


def rate_window(now: datetime, seconds: int) -> tuple[int, datetime]:
    """The fixed window `now` falls in: its number and when it ends."""
    index = int(now.timestamp()) // seconds
    return index, datetime.fromtimestamp((index + 1) * seconds, tz=UTC)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, domain: bytes, message: bytes) -> bytes:
    return hmac.new(secret, domain + message, hashlib.sha256).digest()


def mint_qr_token(secret: bytes, claim: QrClaim) -> str:
    """`<payload>.<signature>`, both base64url."""
    body = json.dumps(
        {"c": claim.code_id, "k": claim.kind, "t": claim.target}, separators=(",", ":")
    ).encode()
    payload = _b64(body)
    return f"{payload}.{_b64(_sign(secret, _TOKEN_DOMAIN, payload.encode()))}"


def verify_qr_token(secret: bytes, token: str) -> QrClaim:
    """The claim of a genuine token; `BadToken` otherwise (compared in constant time)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise BadToken("malformed token")
    payload, signature = token.split(".")
    try:
        given = _unb64(signature)
    except ValueError as exc:
        raise BadToken("malformed token") from exc
    if not hmac.compare_digest(given, _sign(secret, _TOKEN_DOMAIN, payload.encode())):
        raise BadToken("bad signature")
    try:
        body = json.loads(_unb64(payload))
        claim = QrClaim(code_id=body["c"], kind=body["k"], target=body["t"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BadToken("malformed token") from exc
    if claim.kind not in ("location", "asset") or not all(
        isinstance(v, str) and v for v in (claim.code_id, claim.target)
    ):
        raise BadToken("malformed token")
    return claim


def follow_up_key(secret: bytes, ticket_id: str) -> str:
    """The key that lets an account-less requester follow one ticket."""
    return _b64(_sign(secret, _FOLLOW_UP_DOMAIN, ticket_id.encode())[:16])


def check_follow_up_key(secret: bytes, ticket_id: str, key: str) -> bool:
    """True when `key` belongs to `ticket_id` (constant-time)."""
    return hmac.compare_digest(key.encode(), follow_up_key(secret, ticket_id).encode())
