"""Prometheus metrics every service exposes, on a registry of its own (one per built app).

No metric carries a `service` label: the scrape target's labels say which service (and which
replica) a sample came from (deploy/prometheus/prometheus.yml sets `service` from the DNS name
each replica is discovered by), and a label of that name on the metric would collide with it
(Prometheus renames the metric's one `exported_service`). Each process serves its own
/metrics; replicas are scraped one by one (no multiprocess mode: docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector


class Metrics:
    """The shared counters, histograms and gauges of one service."""

    def __init__(self, service: str, registry: CollectorRegistry | None = None) -> None:
        self.service = service
        self.registry = registry or CollectorRegistry()
        self.published = Counter(
            "campus_events_published_total",
            "Events the outbox relay published and the broker confirmed.",
            ["type"],
            registry=self.registry,
        ).labels
        self.publish_failures = Counter(
            "campus_events_publish_failures_total",
            "Publish attempts that failed (unroutable, nacked, broker down); the entry stays.",
            ["reason"],
            registry=self.registry,
        ).labels
        self.consumed = Counter(
            "campus_events_consumed_total",
            "Events a consumer handled, by outcome (processed, duplicate, retried, dead_lettered).",
            ["consumer", "type", "outcome"],
            registry=self.registry,
        ).labels
        self.dead_lettered = Counter(
            "campus_events_dead_lettered_total",
            "Messages sent to a dead-letter queue, by reason kind.",
            ["consumer", "reason"],
            registry=self.registry,
        ).labels
        self.handler_seconds = Histogram(
            "campus_event_handler_seconds",
            "Time to handle one event, including the committing write.",
            ["consumer", "type"],
            registry=self.registry,
        ).labels
        self.http_errors = Counter(
            "campus_http_client_errors_total",
            "Requests refused with a 4xx, by status.",
            ["status"],
            registry=self.registry,
        ).labels
        self._gauges: list[tuple[str, str, Callable[[], float]]] = []
        self.registry.register(_GaugeCollector(self._gauges))

    def gauge(self, name: str, doc: str, read: Callable[[], float]) -> None:
        """A gauge read at scrape time from a cached value (never I/O in the scrape)."""
        self._gauges.append((name, doc, read))


class _GaugeCollector(Collector):
    def __init__(self, gauges: list[tuple[str, str, Callable[[], float]]]) -> None:
        self._gauges = gauges

    def collect(self) -> Iterable[Metric]:
        for name, doc, read in self._gauges:
            yield GaugeMetricFamily(name, doc, value=read())
