"""Verifying bearer tokens: the `Authenticator` every service's `Caller` dependency uses.

Allow-listed algorithms only (checked before any key lookup), audience, issuer and the required
claims checked by PyJWT; HS256 keys from the settings, public keys from the identity provider's
JWKS. A token verified once is known until it expires (`shared.verified_tokens`).
"""

from __future__ import annotations

from typing import Any

import jwt

from shared.auth import HMAC_ALGORITHMS, SCOPE_KINDS, AuthSettings, Principal
from shared.verified_tokens import VerifiedTokens

_REQUIRED_CLAIMS = ["sub", "exp", "iat", "iss", "aud"]
# Short, because verification runs in a request thread that waits for the provider.
_JWKS_TIMEOUT_SECONDS = 5.0
_JWKS_CACHE_SECONDS = 300


class AuthError(Exception):
    """A token was rejected; `reason` is safe to return to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AuthProviderUnavailable(Exception):
    """The JWKS endpoint could not be reached, so no token can be judged (a 503, not a 401)."""


_DECODE_ERRORS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    # Order matters: subclasses before their bases.
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidIssuedAtError, "invalid iat claim"),
    (jwt.exceptions.InvalidSubjectError, "invalid sub claim"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.InvalidKeyError, "signing key unusable for this token"),
    (jwt.DecodeError, "malformed token"),
)


class Authenticator:
    """Verifies bearer tokens against one `AuthSettings`; a token verified once is known until
    it expires (`VerifiedTokens`), so a client's every request costs one signature check."""

    def __init__(self, settings: AuthSettings, verified: VerifiedTokens | None = None) -> None:
        self._settings = settings
        self._verified = verified if verified is not None else VerifiedTokens()
        self._jwks: jwt.PyJWKClient | None = None
        if settings.jwks_url is not None:
            # Constructing the client fetches nothing; keys are fetched and cached on first use.
            self._jwks = jwt.PyJWKClient(
                settings.jwks_url,
                cache_jwk_set=True,
                lifespan=_JWKS_CACHE_SECONDS,
                timeout=_JWKS_TIMEOUT_SECONDS,
            )

    @property
    def may_block(self) -> bool:
        """True when verifying can wait on the network (a JWKS fetch), so not on the loop."""
        return self._jwks is not None

    def known(self, token: str) -> Principal | None:
        """The principal of a token verified before and still in date (never blocks)."""
        return self._verified.get(token)

    def verify(self, token: str) -> Principal:
        """Return the principal a valid token names, or raise `AuthError`."""
        if not isinstance(token, str) or not token:
            raise AuthError("malformed token")
        known = self._verified.get(token)
        if known is not None:
            return known
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("malformed token") from None
        alg = header.get("alg")
        # Checked before any key lookup so `alg: none` and algorithm switching never reach PyJWT.
        if not isinstance(alg, str) or alg not in self._settings.algorithms:
            raise AuthError("algorithm not allowed")
        try:
            claims = jwt.decode(
                token,
                key=self._key_for(token, alg),
                algorithms=[alg],
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": _REQUIRED_CLAIMS, "enforce_minimum_key_length": True},
            )
        except jwt.MissingRequiredClaimError as exc:
            raise AuthError(f"missing claim: {exc.claim}") from None
        except jwt.PyJWTError as exc:
            raise AuthError(_reason_for(exc)) from None
        principal = _principal_from(claims)
        self._verified.put(token, principal, claims["exp"] + self._settings.leeway_seconds)
        return principal

    def _key_for(self, token: str, alg: str) -> Any:
        if alg in HMAC_ALGORITHMS:
            assert self._settings.hs256_secret is not None  # guaranteed by AuthSettings
            return self._settings.hs256_secret.get_secret_value().encode()
        assert self._jwks is not None  # guaranteed by AuthSettings
        try:
            return self._jwks.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as exc:
            raise AuthProviderUnavailable(str(exc)) from exc
        except jwt.PyJWTError:
            raise AuthError("no matching signing key") from None


def _reason_for(exc: jwt.PyJWTError) -> str:
    for kind, reason in _DECODE_ERRORS:
        if isinstance(exc, kind):
            return reason
    return "invalid token"


def _principal_from(claims: dict[str, Any]) -> Principal:
    sub, name, email = claims["sub"], claims.get("name"), claims.get("email")
    if not isinstance(sub, str) or not sub:
        raise AuthError("invalid sub claim")
    if not isinstance(name, str | None) or not isinstance(email, str | None):
        raise AuthError("invalid name or email claim")
    roles = claims.get("roles", [])
    if not _is_str_list(roles):
        raise AuthError("invalid roles claim")
    raw_scopes = claims.get("scopes", {})
    if not isinstance(raw_scopes, dict):
        raise AuthError("invalid scopes claim")
    scopes: dict[str, frozenset[str]] = {}
    for kind in SCOPE_KINDS:
        values = raw_scopes.get(kind, [])
        if not _is_str_list(values):
            raise AuthError(f"invalid scopes.{kind} claim")
        scopes[kind] = frozenset(values)
    return Principal(user_id=sub, name=name, roles=frozenset(roles), scopes=scopes, email=email)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
