"""Notification metrics: delivered and failed per channel, latency from the event to delivery,
undeliverable incidents, template failures. Counted after the write that settles a line commits
(`uow.after_commit`), so a retried handler never counts twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram

#: Seconds from the consumed event's time to the delivery: in-app is milliseconds, a webhook
#: under a second, e-mail seconds, a retried or held one minutes to hours.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600)


class NotificationMetrics:
    """The collectors, on a registry of their own that the service's registry takes in."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.delivered = Counter(
            "campus_notifications_delivered_total",
            "Notifications that reached their recipient, per channel.",
            ["channel"],
            registry=self.registry,
        ).labels
        self.failed = Counter(
            "campus_notifications_failed_total",
            "Notifications that will not reach their recipient on a channel.",
            ["channel"],
            registry=self.registry,
        ).labels
        self.latency = Histogram(
            "campus_notifications_delivery_latency_seconds",
            "From the consumed event's time to the delivery, per channel.",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        ).labels
        self.undeliverable_total = Counter(
            "campus_notifications_undeliverable_total",
            "Consumed events recorded as reaching nobody (routed again when the directory or "
            "rules change).",
            ["type"],
            registry=self.registry,
        ).labels
        self.template_failures = Counter(
            "campus_notifications_template_failures_total",
            "Templates that failed to render (the plain default was sent).",
            ["template"],
            registry=self.registry,
        ).labels
        self.undeliverable = 0
        self.escalated = Counter(
            "campus_notifications_escalated_total",
            "Critical alerts escalated after nobody acknowledged them.",
            registry=self.registry,
        )

    def settled(self, lines: Iterable[object], event_time: datetime | None, now: datetime) -> None:
        """Count lines that reached an end (delivered, sent, failed) in a committed write."""
        for line in lines:
            status = getattr(line, "status", None)
            channel = getattr(line, "channel", "unknown")
            if status in ("delivered", "sent"):
                self.delivered(channel).inc()
                if event_time is not None:
                    self.latency(channel).observe(max(0.0, (now - event_time).total_seconds()))
            elif status == "failed":
                self.failed(channel).inc()
