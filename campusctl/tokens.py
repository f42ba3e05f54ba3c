"""Development tokens: `campus token --sub u-1 --role dispatcher --campus main`.

Signs with the shared HMAC secret, so it only helps where services run the development
`AuthSettings`; production tokens come from the campus OIDC provider.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence

from pydantic import SecretStr, ValidationError

from shared.auth import SCOPE_KINDS, AuthSettings, Role, mint_token
from shared.environment import FILE_SUFFIX, is_production, read_secret_file

_ENV_FIELDS = {
    "CAMPUS_JWT_SECRET": "hs256_secret",
    "CAMPUS_JWT_ISSUER": "issuer",
    "CAMPUS_JWT_AUDIENCE": "audience",
}


def settings_from_env(env: Mapping[str, str]) -> AuthSettings:
    """AuthSettings defaults, overridden by CAMPUS_JWT_SECRET / _ISSUER / _AUDIENCE when set
    (each also as a file: `CAMPUS_JWT_SECRET_FILE=/run/secrets/jwt`)."""
    overrides: dict[str, object] = {}
    for var, field in _ENV_FIELDS.items():
        if env.get(var):
            overrides[field] = env[var]
        elif env.get(var + FILE_SUFFIX):
            overrides[field] = read_secret_file(var + FILE_SUFFIX, env[var + FILE_SUFFIX])
    if "hs256_secret" in overrides:
        overrides["hs256_secret"] = SecretStr(str(overrides["hs256_secret"]))
    return AuthSettings(**overrides)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m campusctl.tokens", description="Print a signed development access token."
    )
    parser.add_argument("--sub", required=True, help="user id, e.g. u-dispatcher-1")
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        choices=[role.value for role in Role],
        help="repeatable",
    )
    for kind in SCOPE_KINDS:
        parser.add_argument(f"--{kind}", action="append", default=[], help="repeatable")
    parser.add_argument("--name", help="display name")
    parser.add_argument("--ttl", type=int, default=8 * 3600, help="lifetime in seconds")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, print one token to stdout and return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        production = is_production(os.environ)
    except ValueError as exc:
        parser.error(str(exc))
    if production:
        parser.exit(
            2,
            "campus token: refused, CAMPUS_ENV=production: development tokens are not minted "
            "there; sign in through the campus identity provider (OIDC) instead.\n",
        )
    if args.ttl <= 0:
        parser.error("--ttl must be positive")
    try:
        settings = settings_from_env(os.environ)
    except (ValidationError, ValueError) as exc:
        parser.error(f"invalid token settings from environment: {exc}")
    scopes = {kind: getattr(args, kind) for kind in SCOPE_KINDS if getattr(args, kind)}
    token = mint_token(
        settings, sub=args.sub, roles=args.role, scopes=scopes, name=args.name, ttl_seconds=args.ttl
    )
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
