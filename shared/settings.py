"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.auth import AuthSettings


class ServiceSettings(BaseSettings):
    """Read from `CAMPUS_<SERVICE>_…` variables (nested with `__`, e.g. `…_AUTH__AUDIENCE`)."""

    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="ignore")

    service_name: str = "campus"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    #: Prefix of every exchange and queue name, so test runs and tenants never collide.
    namespace: str = Field(default="campus", pattern=r"^[a-z][a-z0-9_-]{0,40}$")
    data_dir: Path = Path("data")
    #: `sqlite:///path.db` (default: <data_dir>/<service>.db), `mongodb://…`, or `memory://`.
    store_url: str | None = None
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)
    #: Declare every exchange, queue and binding at start-up (development). Production loads
    #: them from deploy/rabbitmq/definitions.json and gives services no configure permission.
    declare_topology: bool = True
    prefetch: int = Field(default=32, ge=1, le=1000)
    #: Deliveries before a failing message is dead-lettered (RabbitMQ's x-delivery-limit + 1).
    delivery_limit: int = Field(default=5, ge=1, le=100)
    relay_window: int = Field(default=256, ge=1, le=10_000)
    relay_batch: int = Field(default=500, ge=1, le=10_000)
    relay_idle_seconds: float = Field(default=0.2, gt=0)
    relay_lease_seconds: float = Field(default=15.0, gt=0)
    #: Sent outbox entries are kept this long (for inspection), then deleted by the relay.
    outbox_retention_hours: float = Field(default=168.0, ge=0)
    log_json: bool | None = None
    log_level: str = "INFO"
    auth: AuthSettings = AuthSettings()

    @field_validator("amqp_url")
    @classmethod
    def _amqp(cls, value: str) -> str:
        if not value.startswith(("amqp://", "amqps://")):
            raise ValueError("amqp_url must start with amqp:// or amqps://")
        return value

    def resolved_store_url(self) -> str:
        """The store URL, defaulting to one SQLite file per service under the data directory."""
        if self.store_url:
            return self.store_url
        return f"sqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"
