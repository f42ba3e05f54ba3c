"""Sign-in: OpenID Connect (authorisation code with PKCE) against a fake campus provider, the
demo picker, and the production rules."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.auth import AuthSettings, mint_token
from tests.fakes.console_services import FakeMaintenance, transports

IDP = "https://idp.campus.example"
HTML = {"accept": "text/html"}


class FakeProvider:
    """The campus identity provider: discovery, and a token endpoint that checks the PKCE
    verifier against the challenge the authorisation request carried."""

    def __init__(self) -> None:
        self.challenge: str | None = None
        self.exchanged: list[dict[str, str]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(
                200,
                json={
                    "issuer": IDP,
                    "authorization_endpoint": f"{IDP}/authorize",
                    "token_endpoint": f"{IDP}/token",
                    "jwks_uri": f"{IDP}/jwks",
                },
            )
        if request.url.path == "/token":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            self.exchanged.append(form)
            digest = hashlib.sha256(form["code_verifier"].encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != self.challenge:
                return httpx.Response(400, json={"error": "invalid_grant"})
            token = mint_token(
                AuthSettings(), sub="u-dispatcher-9", roles=["dispatcher"], name="调度 9"
            )
            return httpx.Response(
                200, json={"access_token": token, "token_type": "Bearer", "expires_in": 3600}
            )
        return httpx.Response(404)


def client_with(provider: FakeProvider, **settings: object) -> TestClient:
    wired = transports(FakeMaintenance())
    wired["oidc"] = httpx.MockTransport(provider.handle)
    config = ConsoleSettings(
        oidc={"metadata_url": f"{IDP}/.well-known/openid-configuration", "client_id": "console"},
        **settings,
    )
    return TestClient(build(config, transports=wired), follow_redirects=False)


def test_oidc_code_flow_with_pkce_signs_in_and_returns_to_the_page():
    provider = FakeProvider()
    with client_with(provider, demo_sign_in=False) as http:
        assert "使用校园统一身份认证登录" in http.get("/signin", headers=HTML).text
        start = http.get("/signin/oidc?next=/board")
        assert start.status_code == 302
        target = urlsplit(start.headers["location"])
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        assert f"{target.scheme}://{target.netloc}{target.path}" == f"{IDP}/authorize"
        assert query["code_challenge_method"] == "S256" and query["client_id"] == "console"
        assert query["redirect_uri"] == "http://127.0.0.1:8106/signin/callback"
        provider.challenge = query["code_challenge"]
        back = http.get(f"/signin/callback?code=the-code&state={query['state']}")
        assert back.status_code == 303 and back.headers["location"] == "/board"
        assert provider.exchanged[0]["code"] == "the-code"
        board = http.get("/board", headers=HTML)
        assert board.status_code == 200 and "调度 9" in board.text


def test_a_callback_with_a_foreign_state_is_refused():
    with client_with(FakeProvider(), demo_sign_in=False) as http:
        http.get("/signin/oidc")
        back = http.get("/signin/callback?code=x&state=forged")
        assert back.status_code == 303 and back.headers["location"] == "/signin"
        assert http.get("/board", headers=HTML).status_code == 303  # still signed out


def test_a_verifier_that_does_not_match_the_challenge_signs_nobody_in():
    provider = FakeProvider()
    with client_with(provider, demo_sign_in=False) as http:
        start = urlsplit(http.get("/signin/oidc").headers["location"])
        state = parse_qs(start.query)["state"][0]
        provider.challenge = "something-else"
        back = http.get(f"/signin/callback?code=x&state={state}")
        assert back.headers["location"] == "/signin"


def test_the_demo_picker_is_off_when_disabled_and_refuses_then():
    with client_with(FakeProvider(), demo_sign_in=False) as http:
        page = http.get("/signin", headers=HTML)
        assert "data-person" not in page.text


def test_production_refuses_development_settings():
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        ConsoleSettings(environment="production")
    with pytest.raises(ValidationError, match="demo sign-in"):
        ConsoleSettings(environment="production", session_secret="s" * 40, demo_sign_in=True)
    with pytest.raises(ValidationError, match="identity provider"):
        ConsoleSettings(environment="production", session_secret="s" * 40)
    strict = ConsoleSettings(
        environment="production",
        session_secret="s" * 40,
        oidc={"metadata_url": f"{IDP}/.well-known/openid-configuration", "client_id": "c"},
        auth={"algorithms": ["RS256"], "jwks_url": f"{IDP}/jwks"},
    )
    assert not strict.demo_enabled
    assert strict.cookie_secure, "production sends the session cookie over HTTPS only"


def test_campus_env_production_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAMPUS_ENV", "production")
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        ConsoleSettings()
