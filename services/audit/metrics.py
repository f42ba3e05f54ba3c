"""Gauges of the chain position, read from a cache the checkpoint job keeps (no I/O in a scrape)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.metrics import Metrics


@dataclass
class ChainGauges:
    """The chain head and the last checkpoint, as the checkpoint job last saw them."""

    head_seq: int = 0
    checkpoint_seq: int = 0


def register_gauges(metrics: Metrics, gauges: ChainGauges) -> None:
    """Expose the cached chain position on the service's `/metrics`."""
    metrics.gauge(
        "campus_audit_chain_seq",
        "Sequence number of the audit chain head.",
        lambda: float(gauges.head_seq),
    )
    metrics.gauge(
        "campus_audit_checkpoint_seq",
        "Sequence number covered by the last published checkpoint.",
        lambda: float(gauges.checkpoint_seq),
    )
