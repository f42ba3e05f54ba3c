"""Bearer-token authentication: rejections, roles, scopes, JWKS keys and the dev token command."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from pydantic import SecretStr, ValidationError

from campusctl import tokens
from shared.access import require_role
from shared.api import Caller
from shared.auth import AuthSettings, Principal, Role, mint_token
from shared.authenticator import Authenticator, AuthError
from shared.http import install_problems

SETTINGS = AuthSettings()
OTHER_SECRET = "another-secret-that-is-also-32-bytes-long"
SCOPES = {"campus": ["main"], "building": ["B12"], "canteen": ["north"]}


def build_app(settings: AuthSettings) -> FastAPI:
    app = FastAPI()
    app.state.authenticator = Authenticator(settings)
    install_problems(app)

    @app.get("/dispatch")
    def dispatch(caller: Caller) -> dict[str, Any]:
        principal = require_role(caller, Role.DISPATCHER)
        return {
            "user_id": principal.user_id,
            "name": principal.name,
            "roles": sorted(principal.roles),
            "scopes": {kind: sorted(values) for kind, values in principal.scopes.items()},
        }

    return app


def http_client(settings: AuthSettings) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_app(settings))
    return httpx.AsyncClient(transport=transport, base_url="http://campus.test")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(SETTINGS) as test_client:
        yield test_client


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": SETTINGS.issuer,
        "aud": SETTINGS.audience,
        "sub": "u-dispatcher-1",
        "iat": now,
        "exp": now + 600,
        "roles": ["dispatcher"],
        "scopes": SCOPES,
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def sign(payload: dict[str, Any], secret: str | None = None, alg: str = "HS256") -> str:
    assert SETTINGS.hs256_secret is not None
    return jwt.encode(payload, secret or SETTINGS.hs256_secret.get_secret_value(), algorithm=alg)


def b64url(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def get(client: httpx.AsyncClient, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return await client.get("/dispatch", headers=headers)


def assert_unauthenticated(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (problem["code"], problem["detail"], problem["status"]) == (
        "unauthenticated",
        reason,
        401,
    )
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


# --- HTTP: rejections -------------------------------------------------------------------------


async def test_missing_token_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await get(client, None), "missing bearer token")


async def test_non_bearer_scheme_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/dispatch", headers={"Authorization": f"Basic {sign(claims())}"})
    assert_unauthenticated(response, "missing bearer token")


async def test_garbage_token_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await get(client, "not-a-jwt"), "malformed token")


async def test_alg_none_token_is_401(client: httpx.AsyncClient) -> None:
    token = f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(claims())}."
    assert_unauthenticated(await get(client, token), "algorithm not allowed")


async def test_wrong_audience_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await get(client, sign(claims(aud="someone-else"))), "wrong audience")


async def test_wrong_issuer_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await get(client, sign(claims(iss="evil-idp"))), "wrong issuer")


async def test_expired_token_is_401(client: httpx.AsyncClient) -> None:
    now = int(time.time())
    # Past the 30-second leeway.
    token = sign(claims(iat=now - 3600, exp=now - SETTINGS.leeway_seconds - 5))
    assert_unauthenticated(await get(client, token), "token expired")


async def test_expiry_within_leeway_is_accepted(client: httpx.AsyncClient) -> None:
    now = int(time.time())
    response = await get(client, sign(claims(iat=now - 3600, exp=now - 5)))
    assert response.status_code == 200


async def test_bad_signature_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await get(client, sign(claims(), secret=OTHER_SECRET)), "bad signature")


@pytest.mark.parametrize("claim", ["sub", "exp", "iat"])
async def test_missing_required_claim_is_401(client: httpx.AsyncClient, claim: str) -> None:
    token = sign(claims(**{claim: None}))
    assert_unauthenticated(await get(client, token), f"missing claim: {claim}")


async def test_malformed_roles_claim_is_401(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(
        await get(client, sign(claims(roles="dispatcher"))), "invalid roles claim"
    )


async def test_hs256_token_rejected_when_allow_list_is_rs256(jwks_url: str) -> None:
    settings = AuthSettings(algorithms=["RS256"], jwks_url=jwks_url)
    async with http_client(settings) as rs_client:
        assert_unauthenticated(await get(rs_client, sign(claims())), "algorithm not allowed")


# --- HTTP: roles ------------------------------------------------------------------------------


async def test_valid_token_with_wrong_role_is_403(client: httpx.AsyncClient) -> None:
    response = await get(client, sign(claims(roles=["technician", "auditor"])))
    assert response.status_code == 403
    problem = response.json()
    assert (problem["code"], problem["detail"]) == (
        "forbidden",
        "requires one of roles: dispatcher",
    )


async def test_valid_token_with_right_role_is_200_and_echoes_principal(
    client: httpx.AsyncClient,
) -> None:
    response = await get(client, sign(claims(name="Dana", roles=["dispatcher", "requester"])))
    assert response.status_code == 200
    assert response.json() == {
        "user_id": "u-dispatcher-1",
        "name": "Dana",
        "roles": ["dispatcher", "requester"],
        "scopes": {"campus": ["main"], "building": ["B12"], "canteen": ["north"]},
    }


def test_require_role_rejects_unknown_role_names() -> None:
    someone = Principal(user_id="u-1", name=None, roles=frozenset({"dispatcher"}), scopes={})
    with pytest.raises(ValueError):
        require_role(someone, "dispatchr")  # type: ignore[arg-type]


# --- JWKS (RS256 through a real local HTTP server) --------------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(rsa_key: rsa.RSAPrivateKey) -> Iterator[str]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "campus-key-1", "alg": "RS256", "use": "sig"}]})

    class JWKSHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JWKSHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


async def test_rs256_token_verified_through_jwks(rsa_key: rsa.RSAPrivateKey, jwks_url: str) -> None:
    settings = AuthSettings(algorithms=["RS256"], jwks_url=jwks_url)
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "campus-key-1"})
    async with http_client(settings) as rs_client:
        response = await get(rs_client, token)
    assert response.status_code == 200
    assert response.json()["user_id"] == "u-dispatcher-1"


def test_rs256_token_signed_by_unknown_key_is_rejected(jwks_url: str) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings = AuthSettings(algorithms=["RS256"], jwks_url=jwks_url)
    token = jwt.encode(claims(), stranger, algorithm="RS256", headers={"kid": "campus-key-1"})
    with pytest.raises(AuthError) as excinfo:
        Authenticator(settings).verify(token)
    assert excinfo.value.reason == "bad signature"


async def test_unreachable_jwks_is_503_not_401(rsa_key: rsa.RSAPrivateKey) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = AuthSettings(algorithms=["RS256"], jwks_url=f"http://127.0.0.1:{port}/jwks")
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "campus-key-1"})
    async with http_client(settings) as rs_client:
        response = await get(rs_client, token)
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


# --- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"algorithms": ["none"]},
        {"algorithms": ["HS256", "None"]},
        {"algorithms": ["HS1"]},
        {"algorithms": []},
        {"algorithms": ["HS256", "RS256"], "jwks_url": "https://idp.campus.example/jwks"},
        {"algorithms": ["RS256"]},
        {"algorithms": ["RS256"], "jwks_url": "http://idp.campus.example/jwks"},
        {"hs256_secret": None},
        {"hs256_secret": SecretStr("too-short")},
        {"jwks_url": "https://idp.campus.example/jwks"},
    ],
)
def test_unsafe_settings_are_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        AuthSettings(**overrides)


# --- scopes -----------------------------------------------------------------------------------


def principal(roles: set[str], **scopes: list[str]) -> Principal:
    return Principal(
        user_id="u-1",
        name=None,
        roles=frozenset(roles),
        scopes={kind: frozenset(values) for kind, values in scopes.items()},
    )


def test_in_scope_only_for_listed_values() -> None:
    dispatcher = principal({"dispatcher"}, campus=["main"], building=["B12"])
    assert dispatcher.in_scope("campus", "main")
    assert dispatcher.in_scope("building", "B12")
    assert not dispatcher.in_scope("building", "B13")
    assert not dispatcher.in_scope("campus", "south")


def test_no_entries_for_a_kind_means_nothing_of_that_kind() -> None:
    dispatcher = principal({"dispatcher"}, campus=["main"])
    assert not dispatcher.in_scope("canteen", "north")
    assert not principal({"service"}).in_scope("campus", "main")


@pytest.mark.parametrize("role", ["logistics_admin", "auditor", "ops"])
def test_global_roles_see_everything(role: str) -> None:
    unscoped = principal({role})
    assert unscoped.in_scope("campus", "anywhere")
    assert unscoped.in_scope("building", "B99")
    assert unscoped.in_scope("canteen", "south")


def test_in_scope_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        principal({"ops"}).in_scope("floor", "3")  # type: ignore[arg-type]


def test_has_role_matches_any_of() -> None:
    technician = principal({"technician"})
    assert technician.has_role(Role.DISPATCHER, Role.TECHNICIAN)
    assert not technician.has_role("dispatcher", "ops")


# --- minting ----------------------------------------------------------------------------------


def test_minted_token_round_trips() -> None:
    scopes = {"campus": ["main"]}
    token = mint_token(SETTINGS, sub="u-7", roles=["auditor"], scopes=scopes, name="Ari")
    got = Authenticator(SETTINGS).verify(token)
    assert got.user_id == "u-7"
    assert got.name == "Ari"
    assert got.roles == {"auditor"}
    assert got.scopes == {"campus": {"main"}, "building": frozenset(), "canteen": frozenset()}


def test_minted_token_in_the_past_is_expired() -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    token = mint_token(SETTINGS, sub="u-7", roles=["ops"], ttl_seconds=3600, now=past)
    with pytest.raises(AuthError) as excinfo:
        Authenticator(SETTINGS).verify(token)
    assert excinfo.value.reason == "token expired"


def test_mint_refuses_without_a_secret(jwks_url: str) -> None:
    rs_settings = AuthSettings(algorithms=["RS256"], jwks_url=jwks_url, hs256_secret=None)
    with pytest.raises(ValueError):
        mint_token(rs_settings, sub="u-1", roles=["ops"])


def test_mint_refuses_unknown_roles_and_scope_kinds() -> None:
    with pytest.raises(ValueError):
        mint_token(SETTINGS, sub="u-1", roles=["superuser"])
    with pytest.raises(ValueError):
        mint_token(SETTINGS, sub="u-1", roles=["ops"], scopes={"floor": ["3"]})


# --- CLI --------------------------------------------------------------------------------------


def test_cli_prints_a_token_that_verifies(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("CAMPUS_JWT_SECRET", "CAMPUS_JWT_ISSUER", "CAMPUS_JWT_AUDIENCE"):
        monkeypatch.delenv(var, raising=False)
    argv = ["--sub", "u-dispatcher-1", "--role", "dispatcher", "--campus", "main"]
    argv += ["--building", "B12", "--canteen", "north", "--ttl", "3600", "--name", "Dana"]
    assert tokens.main(argv) == 0
    token = capsys.readouterr().out.strip()
    got = Authenticator(SETTINGS).verify(token)
    assert (got.user_id, got.name, got.roles) == ("u-dispatcher-1", "Dana", {"dispatcher"})
    assert got.scopes == {"campus": {"main"}, "building": {"B12"}, "canteen": {"north"}}
    claims_seen = jwt.decode(token, options={"verify_signature": False})
    assert claims_seen["exp"] - claims_seen["iat"] == 3600


def test_cli_reads_secret_issuer_and_audience_from_env(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "CAMPUS_JWT_SECRET": OTHER_SECRET,
        "CAMPUS_JWT_ISSUER": "campus-staging",
        "CAMPUS_JWT_AUDIENCE": "campus-staging-api",
    }
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert tokens.main(["--sub", "u-2", "--role", "ops"]) == 0
    token = capsys.readouterr().out.strip()
    staging = AuthSettings(
        hs256_secret=SecretStr(OTHER_SECRET), issuer="campus-staging", audience="campus-staging-api"
    )
    assert Authenticator(staging).verify(token).roles == {"ops"}
    with pytest.raises(AuthError):
        Authenticator(SETTINGS).verify(token)


def test_cli_rejects_unknown_role(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        tokens.main(["--sub", "u-1", "--role", "superuser"])
    assert excinfo.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
