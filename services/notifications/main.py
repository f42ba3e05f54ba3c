"""Composition root: `build(settings, clock=...)` wires the notifications service."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.notifications.api import ROUTERS
from services.notifications.handlers import jobs
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import INDEXES
from services.notifications.settings import NotificationsSettings
from services.notifications.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service, every


def build(
    settings: NotificationsSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The notifications app: directory, rules and inbox over HTTP, routing on the queue, the
    senders, re-routing, escalation and digest loops."""
    spec = ServiceSpec(
        name="notifications",
        title="Campus Logistics — notifications (通知)",
        description=(
            "Who hears about what, once: routes maintenance, canteen and assets events by "
            "configurable rules to the people, contacts and endpoints in scope; keeps their "
            "in-app inbox; sends e-mail, SMS, signed webhooks and WeCom / DingTalk / Feishu robot "
            "messages with retries; holds non-critical alerts through quiet hours, gathers "
            "low ones into a daily digest, escalates unacknowledged critical ones; keeps the "
            "delivery log and routes again what reached nobody."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        context=NotificationsContext.from_settings(settings, clock),
        on_start=[jobs.prepare],
        background=[
            jobs.send_email,
            jobs.send_http,
            jobs.send_sms,
            every("reroute", lambda s: s.reroute_poll_seconds, jobs.reroute),
            every("escalate", lambda s: s.escalation_poll_seconds, jobs.escalate),
            every("digest", lambda s: s.digest_poll_seconds, jobs.digests),
        ],
        topology=topology,
    )
    return build_service(spec, settings, clock=clock)
