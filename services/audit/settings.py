"""Audit settings, read from `CAMPUS_AUDIT_…` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    """Chain checkpoints, retention and paging of the audit service."""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_AUDIT_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "audit"
    http_port: int = Field(default=8105, ge=0, le=65535)
    #: Unacknowledged deliveries in flight: the largest batch audit records in one transaction.
    prefetch: int = Field(default=256, ge=1, le=1000)
    #: A checkpoint of the chain head after this many records ...
    checkpoint_every_records: int = Field(default=1000, ge=1, le=10_000_000)
    #: ... or this many seconds since the last one, whichever comes first.
    checkpoint_every_seconds: float = Field(default=300.0, gt=0)
    #: How often the checkpoint loop looks at the head.
    checkpoint_poll_seconds: float = Field(default=1.0, gt=0)
    #: Records recorded longer ago than this are moved to archive files.
    retention_days: int = Field(default=1095, ge=1, le=36_500)
    #: Where archive files go (default: <data_dir>/audit-archive).
    archive_dir: Path | None = None
    #: How often the retention loop runs.
    archive_every_seconds: float = Field(default=3600.0, gt=0)
    #: Records per archive file (one atomic delete each).
    archive_batch: int = Field(default=10_000, ge=1, le=1_000_000)
    #: Records read per page by verify, export and replay.
    read_page: int = Field(default=1000, ge=10, le=10_000)
    #: Publisher confirms in flight during a replay.
    replay_window: int = Field(default=256, ge=1, le=10_000)

    def resolved_archive_dir(self) -> Path:
        """The archive folder, defaulting to one under the data directory."""
        return (self.archive_dir or self.data_dir / "audit-archive").resolve()
