"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from shared.amqp import split_urls
from shared.auth import AuthSettings
from shared.environment import Environment, FileVariablesSource


def known_zone(value: str) -> str:
    """A time-zone name the machine knows (`Asia/Shanghai`), or ValueError naming it."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc
    return value


class ServiceSettings(BaseSettings):
    """Read from `CAMPUS_<SERVICE>_…` variables (nested with `__`, e.g. `…_AUTH__AUDIENCE`)."""

    model_config = SettingsConfigDict(
        env_nested_delimiter="__", extra="ignore", populate_by_name=True
    )

    service_name: str = "campus"
    #: `CAMPUS_ENV`: production refuses development secrets and tokens (docs/security.md).
    environment: Environment = Field(
        default="development", validation_alias=AliasChoices("CAMPUS_ENV")
    )
    #: The broker; for a cluster, every node's URL separated by commas (the service fails over
    #: from one node to the next by itself: `shared.amqp`).
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    #: Prefix of every exchange and queue name, so test runs and tenants never collide.
    namespace: str = Field(default="campus", pattern=r"^[a-z][a-z0-9_-]{0,40}$")
    data_dir: Path = Path("data")
    #: `sqlite:///path.db` (default: <data_dir>/<service>.db), `postgresql://…` or `mongodb://…`.
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
    #: Publish attempts of one outbox entry before it is set aside as `failed` (with the reason,
    #: a metric, and `campus outbox list|retry`), so it stops taking the relay's time.
    outbox_max_attempts: int = Field(default=10, ge=1, le=1000)
    #: A consumer's processed markers (its duplicate check) are kept this long, then purged. It
    #: must outlast any redelivery: a dead letter redriven later than this is handled again.
    processed_retention_hours: float = Field(default=720.0, gt=0)
    #: Largest request body, refused with 413 before it is parsed (uploads have their own).
    http_max_body_bytes: int = Field(default=1_048_576, ge=1024, le=1_073_741_824)
    #: The campus calendar: "today", business hours and day boundaries are in this zone.
    timezone: str = "Asia/Shanghai"
    log_json: bool | None = None
    log_level: str = "INFO"
    auth: AuthSettings = AuthSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then the environment, then `*_FILE` variables (secrets in files)."""
        files = FileVariablesSource(settings_cls)
        return init_settings, env_settings, files, dotenv_settings, file_secret_settings

    @model_validator(mode="after")
    def _production_is_strict(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        problems = self.auth.production_problems() + self.production_problems()
        if problems:
            raise ValueError("CAMPUS_ENV=production: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """A service's own reasons not to run in production (its development secrets)."""
        return []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @property
    def zone(self) -> ZoneInfo:
        """The campus time zone."""
        return ZoneInfo(self.timezone)

    @field_validator("amqp_url")
    @classmethod
    def _amqp(cls, value: str) -> str:
        if not all(u.strip().startswith(("amqp://", "amqps://")) for u in value.split(",")):
            raise ValueError("amqp_url must start with amqp:// or amqps:// (each node's URL)")
        return value

    @property
    def amqp_urls(self) -> list[str]:
        """Every broker node's URL (one, unless `amqp_url` lists a cluster's nodes)."""
        return split_urls(self.amqp_url)

    def resolved_store_url(self) -> str:
        """The store URL, defaulting to one SQLite file per service under the data directory."""
        if self.store_url:
            return self.store_url
        return f"sqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"
