"""Console settings, read from `CAMPUS_CONSOLE_…` environment variables (and `CAMPUS_ENV`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
DEV_SESSION_SECRET = "dev-only-console-session-secret-change-me-32b"
#: The services the console calls, in the order the ops page lists them.
BACKENDS = ("canteen", "assets", "maintenance", "notifications", "audit")


class OidcProvider(BaseModel):
    """The campus identity provider (OpenID Connect, authorisation code with PKCE)."""

    #: The provider's discovery document (`…/.well-known/openid-configuration`).
    metadata_url: str | None = None
    client_id: str | None = None
    #: Unset for a public client (PKCE alone); set for a confidential one.
    client_secret: SecretStr | None = None
    scope: str = "openid profile email"

    @property
    def configured(self) -> bool:
        """True when a provider is named."""
        return bool(self.metadata_url and self.client_id)


class ConsoleSettings(ServiceSettings):
    """Where the services are, how people sign in, how sessions are kept."""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_CONSOLE_",
        env_nested_delimiter="__",
        extra="ignore",
        populate_by_name=True,
    )

    service_name: str = "console"
    http_port: int = Field(default=8106, ge=0, le=65535)
    environment: Literal["development", "production"] = Field(
        default="development",
        validation_alias=AliasChoices("CAMPUS_CONSOLE_ENVIRONMENT", "CAMPUS_ENV"),
    )
    #: The console's own address as people's browsers reach it (sign-in redirects).
    public_base_url: str = "http://127.0.0.1:8106"
    canteen_url: str = "http://127.0.0.1:8101"
    assets_url: str = "http://127.0.0.1:8102"
    maintenance_url: str = "http://127.0.0.1:8103"
    notifications_url: str = "http://127.0.0.1:8104"
    audit_url: str = "http://127.0.0.1:8105"
    #: Seconds to wait for a service before the page says it is unavailable.
    backend_timeout_seconds: float = Field(default=8.0, gt=0, le=120)
    #: Signs the session cookie; production refuses the development value.
    session_secret: SecretStr = SecretStr(DEV_SESSION_SECRET)
    session_max_age_seconds: int = Field(default=8 * 3600, ge=60, le=30 * 86400)
    #: Send the cookie over HTTPS only (on whenever the console is served over HTTPS).
    cookie_secure: bool = False
    #: The demo-person picker that mints development tokens (never in production).
    demo_sign_in: bool | None = None
    demo_people_file: Path = ROOT / "deploy" / "demo" / "people.json"
    oidc: OidcProvider = OidcProvider()
    default_locale: Literal["zh_CN", "en"] = "zh_CN"
    #: Largest upload the console forwards: photos (per form, all together), a register file.
    upload_max_bytes: int = Field(default=21 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024)

    def production_problems(self) -> list[str]:
        """The console's development-only parts: its session secret, the demo sign-in."""
        problems = []
        if self.session_secret.get_secret_value() == DEV_SESSION_SECRET:
            problems.append("production needs CAMPUS_CONSOLE_SESSION_SECRET(_FILE)")
        if self.demo_sign_in:
            problems.append("production refuses the demo sign-in (development tokens)")
        if not self.oidc.configured:
            problems.append("production needs the campus identity provider (OIDC__…)")
        return problems

    @model_validator(mode="after")
    def _secure_cookies_in_production(self) -> ConsoleSettings:
        # Production is served over HTTPS: the session cookie never travels in clear.
        if self.environment == "production":
            self.cookie_secure = True
        return self

    @property
    def demo_enabled(self) -> bool:
        """Whether the demo-person picker is offered."""
        if self.demo_sign_in is not None:
            return self.demo_sign_in
        return self.environment == "development" and self.auth.hs256_secret is not None

    def backend_url(self, name: str) -> str:
        """Base URL of one service."""
        return str(getattr(self, f"{name}_url")).rstrip("/")
