"""Production mode (`CAMPUS_ENV=production`) and settings read from `*_FILE` variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from campusctl.tokens import main as token_main
from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.console.settings import ConsoleSettings
from services.maintenance.settings import MaintenanceSettings
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from shared.environment import DevelopmentOnly
from tests.harness import routes_client

JWKS = {"algorithms": ["RS256"], "jwks_url": "https://idp.example.edu.cn/jwks"}


def test_production_refuses_the_development_secret_and_asks_for_a_jwks_url():
    with pytest.raises(ValidationError, match="development HS256 secret is refused") as caught:
        CanteenSettings(environment="production")
    assert "JWKS URL" in str(caught.value)


def test_production_refuses_any_hmac_secret_not_only_the_development_one():
    own = {"hs256_secret": "a-real-but-shared-secret-of-at-least-32-bytes"}
    with pytest.raises(ValidationError, match="identity provider's keys"):
        CanteenSettings(environment="production", auth=own)


def test_production_starts_with_the_identity_providers_keys():
    settings = CanteenSettings(environment="production", auth=JWKS, store_url="memory://")
    assert settings.environment == "production"
    assert settings.auth.jwks_url == JWKS["jwks_url"]


def test_campus_env_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAMPUS_ENV", "production")
    with pytest.raises(ValidationError, match="CAMPUS_ENV=production"):
        CanteenSettings()
    monkeypatch.setenv("CAMPUS_ENV", "staging")
    with pytest.raises(ValidationError, match="CAMPUS_ENV"):
        CanteenSettings()


def test_production_refuses_the_development_qr_secret():
    with pytest.raises(ValidationError, match="QR secret"):
        MaintenanceSettings(environment="production", auth=JWKS)
    own = MaintenanceSettings(environment="production", auth=JWKS, qr_secret="q" * 40)
    assert own.environment == "production"


async def test_a_development_token_is_refused_with_401_in_production():
    app = build_canteen(CanteenSettings(environment="production", auth=JWKS, store_url="memory://"))
    dev = mint_token(AuthSettings(), sub="u-admin-1", roles=["logistics_admin"])
    async with routes_client(app) as http:
        answer = await http.get("/canteens", headers={"Authorization": f"Bearer {dev}"})
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["status"] == 401


def test_minting_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("CAMPUS_ENV", "production")
    with pytest.raises(DevelopmentOnly, match="minting tokens"):
        mint_token(AuthSettings(), sub="u-1", roles=["requester"])


def test_campus_token_exits_non_zero_with_a_clear_message_in_production(monkeypatch, capsys):
    monkeypatch.setenv("CAMPUS_ENV", "production")
    with pytest.raises(SystemExit) as stopped:
        token_main(["--sub", "u-1", "--role", "requester"])
    assert stopped.value.code != 0
    err = capsys.readouterr()
    assert "CAMPUS_ENV=production" in err.err and "identity provider" in err.err
    assert err.out == "", "no token is printed"


def test_campus_token_still_mints_in_development(monkeypatch, capsys):
    monkeypatch.delenv("CAMPUS_ENV", raising=False)
    assert token_main(["--sub", "u-1", "--role", "requester"]) == 0
    assert capsys.readouterr().out.count(".") == 2  # header.claims.signature


def test_the_console_in_production_has_no_demo_picker_and_secure_cookies():
    console = ConsoleSettings(
        environment="production",
        session_secret="s" * 40,
        oidc={
            "metadata_url": "https://idp.example.edu.cn/.well-known/openid-configuration",
            "client_id": "console",
        },
        auth=JWKS,
    )
    assert console.demo_enabled is False
    assert console.cookie_secure is True


def _secret(tmp_path, name: str, value: str) -> str:
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    return str(path)


def test_secrets_are_read_from_file_variables(tmp_path, monkeypatch):
    amqp = "amqps://canteen:s3cret@mq.campus.example:5671/"
    store = "postgresql://canteen:pg-pass@db.campus.example/canteen?sslmode=verify-full"
    jwt_secret = "j" * 48
    monkeypatch.setenv("CAMPUS_CANTEEN_AMQP_URL_FILE", _secret(tmp_path, "amqp", amqp))
    monkeypatch.setenv("CAMPUS_CANTEEN_STORE_URL_FILE", _secret(tmp_path, "store", store))
    monkeypatch.setenv(
        "CAMPUS_CANTEEN_AUTH__HS256_SECRET_FILE", _secret(tmp_path, "jwt", jwt_secret)
    )
    settings = CanteenSettings()
    assert settings.amqp_url == amqp
    assert settings.store_url == store
    assert settings.auth.hs256_secret is not None
    assert settings.auth.hs256_secret.get_secret_value() == jwt_secret


def test_oidc_client_secret_and_smtp_password_from_files(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "CAMPUS_CONSOLE_OIDC__CLIENT_SECRET_FILE", _secret(tmp_path, "oidc", "oidc-client-secret")
    )
    console = ConsoleSettings()
    assert console.oidc.client_secret is not None
    assert console.oidc.client_secret.get_secret_value() == "oidc-client-secret"
    monkeypatch.setenv("CAMPUS_NOTIFICATIONS_SMTP_USERNAME", "mailer")
    monkeypatch.setenv("CAMPUS_NOTIFICATIONS_SMTP_PASSWORD_FILE", _secret(tmp_path, "smtp", "pw"))
    notifications = NotificationsSettings(smtp_host="127.0.0.1")
    assert notifications.smtp_password is not None
    assert notifications.smtp_password.get_secret_value() == "pw"


def test_a_secret_given_twice_or_unreadable_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPUS_CANTEEN_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    monkeypatch.setenv("CAMPUS_CANTEEN_AMQP_URL_FILE", _secret(tmp_path, "amqp", "amqp://x@y/"))
    with pytest.raises(ValueError, match="both set"):
        CanteenSettings()
    monkeypatch.delenv("CAMPUS_CANTEEN_AMQP_URL")
    monkeypatch.setenv("CAMPUS_CANTEEN_AMQP_URL_FILE", str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="cannot read"):
        CanteenSettings()


def test_campus_token_reads_the_secret_from_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CAMPUS_ENV", raising=False)
    secret = "f" * 40
    monkeypatch.setenv("CAMPUS_JWT_SECRET_FILE", _secret(tmp_path, "jwt", secret))
    assert token_main(["--sub", "u-1", "--role", "requester"]) == 0
    token = capsys.readouterr().out.strip()
    import jwt

    claims = jwt.decode(token, secret, algorithms=["HS256"], audience="campus-logistics")
    assert claims["sub"] == "u-1"


async def test_tls_options_reach_the_clients_in_the_urls():
    from shared.store.postgres_sql import split_url

    url = (
        "postgresql://canteen:pw@db.campus.example/canteen"
        "?sslmode=verify-full&sslrootcert=/etc/campus/ca.pem&pool_max_size=3"
    )
    conninfo, pool = split_url(url)
    assert "sslmode=verify-full" in conninfo and "sslrootcert=%2Fetc%2Fcampus%2Fca.pem" in conninfo
    assert pool == {"pool_max_size": 3}
    amqps = "amqps://canteen:pw@mq1.campus.example:5671/?cafile=/etc/campus/ca.pem"
    settings = CanteenSettings(amqp_url=f"{amqps},{amqps.replace('mq1', 'mq2')}")
    assert settings.amqp_urls[0] == amqps

    from aiormq.connection import Connection
    from yarl import URL

    connection = Connection(URL(amqps))
    assert connection.ssl_certs.cafile == "/etc/campus/ca.pem"
    assert connection.ssl_certs.verify is True


def test_campus_up_refuses_to_start_the_development_platform_in_production(monkeypatch, capsys):
    from campusctl.cli import main as campus

    monkeypatch.setenv("CAMPUS_ENV", "production")
    assert campus(["up"]) == 2
    assert "CAMPUS_ENV=production" in capsys.readouterr().out


def test_production_drops_loopback_from_the_default_webhook_hosts():
    """Outside production a local receiver may be an endpoint; in production only the robots'
    official hosts by default, and a list given explicitly is taken as it is."""
    assert "127.0.0.1" in NotificationsSettings(store_url="memory://").allowed_hosts
    live = NotificationsSettings(environment="production", auth=JWKS, store_url="memory://")
    assert "qyapi.weixin.qq.com" in live.allowed_hosts
    assert not {"127.0.0.1", "::1", "localhost"} & set(live.allowed_hosts)
    chosen = NotificationsSettings(
        environment="production", auth=JWKS, store_url="memory://", allowed_hosts=["127.0.0.1"]
    )
    assert chosen.allowed_hosts == ("127.0.0.1",)
