"""Composition root: `build(settings, clock=...)` wires the notifications service."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.notifications.api import ROUTERS
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.email_sender import prepare_email, send_email
from services.notifications.repository import INDEXES
from services.notifications.settings import NotificationsSettings
from services.notifications.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service


def build(
    settings: NotificationsSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The notifications app: directory and inbox over HTTP, routing on the queue, e-mail loop."""
    spec = ServiceSpec(
        name="notifications",
        title="Campus Logistics — notifications (通知)",
        description=(
            "Who hears about what, once: routes maintenance, canteen and assets events to the "
            "people in scope, keeps their in-app inbox, sends e-mail to those who asked for it "
            "(with retries) and keeps the delivery log."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        context=NotificationsContext.from_settings(settings, clock),
        on_start=[prepare_email],
        background=[send_email],
        topology=topology,
    )
    return build_service(spec, settings, clock=clock)
