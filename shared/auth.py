"""Bearer tokens of every service: the settings, the roles, the principal, minting (development).
Verifying them is `shared.authenticator`.

Claim layout of a Campus Logistics access token (JWT)::

    {
      "iss": "campus-logistics-dev", "aud": "campus-logistics",
      "sub": "u-dispatcher-1", "iat": 1767225600, "exp": 1767254400,
      "name": "Dana Dispatcher", "email": "dana@campus.example",      # optional
      "roles": ["dispatcher"],                                        # optional, default []
      "scopes": {"campus": ["main"], "building": ["B12"], "canteen": ["north"]}  # optional
    }

`scopes` is an object rather than the OAuth `scope` string so the two never collide; kinds other
than campus / building / canteen are ignored (they grant nothing). Unknown role names are kept as
plain strings: they never match a `Role`, so they grant nothing either.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import urlsplit

import jwt
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

from shared.environment import DEV_JWT_SECRET, refuse_in_production

ScopeKind = Literal["campus", "building", "canteen"]
SCOPE_KINDS: tuple[ScopeKind, ...] = ("campus", "building", "canteen")

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
PUBLIC_KEY_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA", "PS256"})
ALLOWED_ALGORITHMS = HMAC_ALGORITHMS | PUBLIC_KEY_ALGORITHMS
# RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
_HMAC_MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}


class Role(StrEnum):
    """Roles a token may carry; `service` is a machine client (another campus system)."""

    REQUESTER = "requester"
    CANTEEN_STAFF = "canteen_staff"
    CANTEEN_MANAGER = "canteen_manager"
    TECHNICIAN = "technician"
    DISPATCHER = "dispatcher"
    ASSET_MANAGER = "asset_manager"
    LOGISTICS_ADMIN = "logistics_admin"
    AUDITOR = "auditor"
    OPS = "ops"
    SERVICE = "service"


#: Roles that are in scope for every campus, building and canteen.
GLOBAL_SCOPE_ROLES = frozenset({Role.LOGISTICS_ADMIN, Role.AUDITOR, Role.OPS})


class AuthSettings(BaseModel):
    """How tokens are verified; embedded in each service's settings."""

    issuer: str = "campus-logistics-dev"
    audience: str = "campus-logistics"
    algorithms: list[str] = ["HS256"]
    hs256_secret: SecretStr | None = SecretStr(DEV_JWT_SECRET)
    jwks_url: str | None = None
    leeway_seconds: int = Field(default=30, ge=0, le=300)

    @field_validator("algorithms")
    @classmethod
    def _known_algorithms(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("algorithms must list at least one algorithm")
        for alg in value:
            if alg.lower() == "none":
                raise ValueError("unsigned tokens (alg 'none') are never accepted")
            if alg not in ALLOWED_ALGORITHMS:
                raise ValueError(f"algorithm {alg!r} not in {sorted(ALLOWED_ALGORITHMS)}")
        return value

    @model_validator(mode="after")
    def _one_key_source(self) -> AuthSettings:
        hmac = HMAC_ALGORITHMS.intersection(self.algorithms)
        public = PUBLIC_KEY_ALGORITHMS.intersection(self.algorithms)
        # Mixing would let a JWKS deployment keep accepting tokens signed with the shared
        # development secret, which anyone with the repository can mint.
        if hmac and public:
            raise ValueError("algorithms must not mix HMAC (HS*) and public-key algorithms")
        if hmac:
            if self.jwks_url is not None:
                raise ValueError("jwks_url is set but the allow-list has only HMAC algorithms")
            if self.hs256_secret is None:
                raise ValueError("HMAC algorithms need hs256_secret")
            size = len(self.hs256_secret.get_secret_value().encode())
            needed = max(_HMAC_MIN_KEY_BYTES[alg] for alg in hmac)
            if size < needed:
                raise ValueError(f"hs256_secret must be at least {needed} bytes for {sorted(hmac)}")
        if public:
            if self.jwks_url is None:
                raise ValueError("public-key algorithms need jwks_url")
            url = urlsplit(self.jwks_url)
            loopback = url.hostname in {"127.0.0.1", "::1", "localhost"}
            if url.scheme != "https" and not (url.scheme == "http" and loopback):
                raise ValueError("jwks_url must use https (plain http only for loopback)")
        return self

    def production_problems(self) -> list[str]:
        """Why these settings may not run in production (empty when they may)."""
        problems = []
        if HMAC_ALGORITHMS.intersection(self.algorithms):
            problems.append(
                "tokens must be verified with the identity provider's keys: set AUTH__JWKS_URL "
                'and AUTH__ALGORITHMS=["RS256"] (HMAC algorithms are development only)'
            )
        if (
            self.hs256_secret is not None
            and (self.hs256_secret.get_secret_value() == DEV_JWT_SECRET)
            and HMAC_ALGORITHMS.intersection(self.algorithms)
        ):
            problems.append("the development HS256 secret is refused")
        if self.jwks_url is None:
            problems.append("a JWKS URL (AUTH__JWKS_URL) is required")
        return problems


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: who it is, what roles it holds, where it may act."""

    user_id: str
    name: str | None
    roles: frozenset[str]
    scopes: dict[str, frozenset[str]]
    email: str | None = None

    def has_role(self, *roles: str) -> bool:
        """True when the principal holds at least one of `roles`."""
        return not self.roles.isdisjoint(roles)

    def in_scope(self, kind: ScopeKind, value: str) -> bool:
        """True when `value` of `kind` is in scope; logistics_admin, auditor and ops see all.

        Everyone else is limited to the values listed for that kind: no entries means nothing of
        that kind, not everything. Scopes are not hierarchical here (a campus entry does not
        imply its buildings); services that need that expand it themselves.
        """
        if kind not in SCOPE_KINDS:
            raise ValueError(f"unknown scope kind {kind!r}; expected one of {SCOPE_KINDS}")
        if self.has_role(*GLOBAL_SCOPE_ROLES):
            return True
        return value in self.scopes.get(kind, frozenset())


def system_principal(service: str) -> Principal:
    """The principal a service acts as when it handles a consumed event (no person, no scope)."""
    return Principal(
        user_id=f"system:{service}", name=None, roles=frozenset({Role.SERVICE}), scopes={}
    )


def mint_token(
    settings: AuthSettings,
    *,
    sub: str,
    roles: Iterable[str],
    scopes: Mapping[str, Iterable[str]] | None = None,
    name: str | None = None,
    ttl_seconds: int = 8 * 3600,
    now: datetime | None = None,
) -> str:
    """Sign a development token with the shared secret (first HMAC algorithm allowed).

    Refused (`DevelopmentOnly`) when `CAMPUS_ENV=production`: tokens there come from the
    campus identity provider.
    """
    refuse_in_production("minting tokens")
    alg = next((a for a in settings.algorithms if a in HMAC_ALGORITHMS), None)
    if settings.hs256_secret is None or alg is None:
        raise ValueError("minting needs hs256_secret and an HMAC algorithm in the allow-list")
    if not sub:
        raise ValueError("sub must not be empty")
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")
    scopes = scopes or {}
    unknown = set(scopes) - set(SCOPE_KINDS)
    if unknown:
        raise ValueError(f"unknown scope kinds {sorted(unknown)}; expected {SCOPE_KINDS}")
    if any(isinstance(values, str) for values in scopes.values()):
        raise ValueError("scope values must be lists of strings, not a bare string")
    issued_at = int(now.timestamp() if now is not None else time.time())
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": sub,
        "iat": issued_at,
        "exp": issued_at + ttl_seconds,
        "roles": sorted(Role(role).value for role in roles),
        "scopes": {kind: sorted(values) for kind, values in scopes.items()},
    }
    if name is not None:
        claims["name"] = name
    return jwt.encode(claims, settings.hs256_secret.get_secret_value(), algorithm=alg)
