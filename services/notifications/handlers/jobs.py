"""The service's start-up steps and background loops, each a handler run as the service.

- at start: the metrics join the service's registry, the rules file is loaded into the store,
  the three senders are built (e-mail, webhooks and robots, SMS);
- loops: each sender; `reroute` (open incidents, when the directory, an endpoint or a rule
  changed since the last pass, and once after every start); `escalate` (unacknowledged
  critical alerts past their time); `digest` (due daily digests). Every loop body is safe to
  run twice and after a restart: what it changes is keyed and conditional in the store.
"""

from __future__ import annotations

import httpx

from services.notifications.domain.directory import DINGTALK, FEISHU, SMS, WEBHOOK, WECOM
from services.notifications.handlers import digest, followups, rules
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.sender import Family, OutboundSender, install, run
from services.notifications.handlers.sms import DevelopmentSms
from services.notifications.handlers.transports import EmailTransport, HttpTransport, SmsTransport
from services.notifications.repository import directory as directory_repo
from services.notifications.repository import rules as rules_repo
from shared.auth import system_principal
from shared.logging import get_logger
from shared.service import Runtime

log = get_logger(__name__)
SYSTEM = system_principal("notifications")
SENDERS = ("email_sender", "http_sender", "sms_sender")


def _ctx(runtime: Runtime) -> NotificationsContext:
    ctx = runtime.context
    assert isinstance(ctx, NotificationsContext)
    return ctx


def families(ctx: NotificationsContext) -> dict[str, Family]:
    """The channel families, each with its sender's policy and pace."""
    s = ctx.settings
    return {
        "email": Family("email", ("email",), ctx.policy, s.email_concurrency, s.email_poll_seconds),
        "webhook": Family(
            "webhook",
            (WEBHOOK, WECOM, DINGTALK, FEISHU),
            ctx.webhook_policy,
            s.webhook_concurrency,
            s.webhook_poll_seconds,
        ),
        "sms": Family("sms", (SMS,), ctx.sms_policy, 2, s.webhook_poll_seconds),
    }


async def prepare(runtime: Runtime) -> None:
    """On start: metrics, the rules file, and the senders (once per runtime)."""
    if "prepared" in runtime.state:
        return
    ctx = _ctx(runtime)
    runtime.metrics.registry.register(ctx.metrics.registry)
    runtime.metrics.gauge(
        "campus_notifications_undeliverable",
        "Consumed events that reach nobody yet (kept, and routed again on directory changes).",
        lambda: ctx.metrics.undeliverable,
    )
    await rules.load_rules_file(runtime.uow(SYSTEM), ctx, SYSTEM)
    fam = families(ctx)
    common = {"store": runtime.store, "on_commit": runtime.relay.notify}
    registry = runtime.metrics.registry
    client = httpx.AsyncClient(timeout=ctx.settings.webhook_timeout_seconds)
    runtime.state["http_client"] = client
    install(
        runtime,
        "email_sender",
        OutboundSender(ctx, fam["email"], EmailTransport(ctx), registry=registry, **common),
    )
    install(
        runtime,
        "http_sender",
        OutboundSender(
            ctx,
            fam["webhook"],
            HttpTransport(ctx, runtime.store, client),
            registry=registry,
            **common,
        ),
    )
    sms = DevelopmentSms(ctx.settings.sms_file(), ctx.clock)
    install(
        runtime,
        "sms_sender",
        OutboundSender(ctx, fam["sms"], SmsTransport(sms), registry=registry, **common),
    )
    runtime.state["prepared"] = True


async def send_email(runtime: Runtime) -> None:
    """Background loop: e-mail."""
    await run(runtime.state["email_sender"])


async def send_http(runtime: Runtime) -> None:
    """Background loop: webhooks and robots."""
    await run(runtime.state["http_sender"])


async def send_sms(runtime: Runtime) -> None:
    """Background loop: SMS."""
    await run(runtime.state["sms_sender"])


async def reroute(runtime: Runtime) -> None:
    """Route open incidents again when the directory, an endpoint or a rule changed."""
    stamp = (
        await directory_repo.last_change(runtime.store),
        await rules_repo.last_change(runtime.store),
    )
    if runtime.state.get("reroute_seen") == stamp:
        return
    changed = await followups.reroute(runtime.uow(SYSTEM), _ctx(runtime), SYSTEM)
    runtime.state["reroute_seen"] = stamp
    if changed:
        log.info("incidents.rerouted", changed=changed)


async def escalate(runtime: Runtime) -> None:
    """Escalate unacknowledged critical alerts whose time has come."""
    await followups.escalate(runtime.uow(SYSTEM), _ctx(runtime), SYSTEM)


async def digests(runtime: Runtime) -> None:
    """Compose the digests that are due."""
    await digest.send_digests(runtime.uow(SYSTEM), _ctx(runtime), SYSTEM)
