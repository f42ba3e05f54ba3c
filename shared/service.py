"""Composition of one service process: store, relay, consumer, broker and HTTP in one lifespan.

A service's `main.build(settings)` describes itself as a `ServiceSpec` and calls
`build_service`; nothing connects until the returned ASGI app's lifespan starts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline
from faststream.rabbit import RabbitBroker
from faststream.rabbit.prometheus import RabbitPrometheusMiddleware
from faststream_fastapi import FastStreamAPI

from shared import amqp
from shared import consumer as consumer_mod
from shared import outbox as outbox_mod
from shared.auth import Principal
from shared.authenticator import Authenticator
from shared.batching import BatchSubscription
from shared.clock import Clock, utcnow
from shared.consumer import Consumer, Subscription
from shared.deadletters import DeadLetters
from shared.http import install
from shared.logging import get_logger
from shared.metrics import Metrics
from shared.openapi import problem_openapi
from shared.relay import OutboxRelay
from shared.settings import ServiceSettings
from shared.store import DocumentStore, Index, store_from_url
from shared.topology import Names
from shared.uow import UnitOfWork

log = get_logger(__name__)
BackgroundTask = Callable[["Runtime"], Awaitable[None]]


@dataclass
class ServiceSpec:
    """What a service is made of; `main.py` fills it in."""

    name: str
    title: str
    description: str = ""
    routers: Sequence[APIRouter] = ()
    indexes: Sequence[Index] = ()
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    #: Handles any type without its own subscription (the audit service's catch-all).
    fallback: Subscription | None = None
    #: Long-running loops (SLA checks, schedules) started after the broker, stopped before it.
    background: Sequence[BackgroundTask] = ()
    #: Called once the store is open (for example to load reference data).
    on_start: Sequence[BackgroundTask] = ()
    #: Whether this service consumes a queue (every service publishes).
    consumes: bool = True
    #: Handle every type in batches, one transaction each (for a consumer whose every write
    #: touches one document: audit's chain head); replaces `subscriptions` and `fallback`.
    batch: BatchSubscription | None = None
    #: The platform's subscription list; tests pass their own.
    topology: dict[str, tuple[str, ...]] | None = None
    #: What the service's handlers take besides the unit of work and the caller (its
    #: settings, clock and policies), built once in `main.build`.
    context: Any = None
    #: Path pattern -> body limit for routes that take uploads (the default is the settings').
    body_limits: Mapping[str, int] = field(default_factory=dict)
    #: No store, broker or relay (the console: it owns no data and publishes nothing).
    stateless: bool = False


class Runtime:
    """The live parts of one service, reachable from routes as `request.app.state.runtime`."""

    def __init__(self, spec: ServiceSpec, settings: ServiceSettings, clock: Clock) -> None:
        self.spec = spec
        self.settings = settings
        self.clock = clock
        self.context = spec.context
        self.names = Names(settings.namespace)
        self.metrics = Metrics(spec.name)
        self.authenticator = Authenticator(settings.auth)
        self.consumer: Consumer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.state: dict[str, Any] = {}
        if spec.stateless:
            return
        self.store: DocumentStore = store_from_url(settings.resolved_store_url())
        nodes = settings.amqp_urls
        self.broker = RabbitBroker(
            nodes[0],
            middlewares=[RabbitPrometheusMiddleware(registry=self.metrics.registry)],
            logger=None,  # our consumer logs each event once, as structured keys
            graceful_timeout=10.0,
        )
        if len(nodes) > 1:
            # faststream passes these to aio-pika's connect_robust: fail over across the nodes.
            self.broker._connection_kwargs["connection_class"] = amqp.connection_class(nodes)
            self.broker._connection_kwargs["timeout"] = amqp.ATTEMPT_TIMEOUT
        self.relay = OutboxRelay(
            store=self.store,
            amqp_url=settings.amqp_url,
            names=self.names,
            metrics=self.metrics,
            delivery_limit=settings.delivery_limit,
            window=settings.relay_window,
            batch=settings.relay_batch,
            idle_seconds=settings.relay_idle_seconds,
            lease_seconds=settings.relay_lease_seconds,
            clock=clock,
            subscriptions=spec.topology,
            declare=settings.declare_topology,
            retention_hours=settings.outbox_retention_hours,
            max_attempts=settings.outbox_max_attempts,
        )
        if spec.consumes:
            self.consumer = Consumer(
                name=spec.name,
                source=self.source,
                store=self.store,
                subscriptions=spec.subscriptions,
                fallback=spec.fallback,
                metrics=self.metrics,
                delivery_limit=settings.delivery_limit,
                on_commit=self.relay.notify,
                clock=clock,
                batch=spec.batch,
                context=spec.context,
            )
            self.consumer.attach(self.broker, self.names, settings.prefetch)

    @property
    def source(self) -> str:
        """The CloudEvents `source` of this service's events."""
        return f"/campus-logistics/{self.spec.name}"

    def uow(self, principal: Principal | None = None) -> UnitOfWork:
        """A unit of work whose events name the acting user and wake the relay on commit."""
        return UnitOfWork(
            self.store,
            source=self.source,
            clock=self.clock,
            on_commit=self.relay.notify,
            actor=principal.user_id if principal else None,
        )

    async def readiness(self) -> dict[str, bool]:
        """Each readiness check by name."""
        if self.spec.stateless:
            return {"http": True}
        try:
            store_ok = await self.store.ping()
        except Exception as exc:  # a failing store is exactly what readiness reports
            log.warning("ready.store_failed", error=repr(exc))
            store_ok = False
        broker_ok = await self.broker.ping(timeout=2.0)
        return {"store": store_ok, "broker": broker_ok, "relay": self.relay.connected}

    async def open_store(self) -> None:
        """Open the store with every index the service, its outbox and its consumer query by."""
        await self.store.open()
        await self.store.ensure_indexes(
            [*outbox_mod.INDEXES, *consumer_mod.INDEXES, *self.spec.indexes]
        )

    @contextlib.asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        """Open the store, declare the topology, start the relay; undo in reverse."""
        if self.spec.stateless:
            self.start_background()
            try:
                yield
            finally:
                await self.stop_background()
            return
        await self.open_store()
        for hook in self.spec.on_start:
            await hook(self)
        await self.relay.start()
        if self.consumer is not None:
            assert self.relay.connection is not None
            self.consumer.dead_letters = DeadLetters(self.relay.connection, self.names)
        try:
            yield
        finally:
            await self.stop_background()
            if self.consumer is not None:
                await self.consumer.close()
            await self.relay.stop()
            await self.store.close()

    def start_background(self) -> None:
        """Start the service's loops (after the broker is up)."""
        loops = list(self.spec.background)
        if self.consumer is not None:
            loops.append(_purge_processed)
        for loop in loops:
            task = asyncio.create_task(_supervised(loop, self), name=loop.__name__)
            self._tasks.append(task)

    async def stop_background(self) -> None:
        """Cancel the service's loops and wait for them."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()


def every(
    name: str, seconds: Callable[[Any], float], job: Callable[[Runtime], Awaitable[object]]
) -> BackgroundTask:
    """A background loop that runs `job(runtime)`, then sleeps `seconds(settings)`, forever."""

    async def loop(runtime: Runtime) -> None:
        while True:
            await job(runtime)
            await asyncio.sleep(seconds(runtime.settings))

    loop.__name__ = name
    return loop


async def _purge_processed(runtime: Runtime) -> None:
    """Every hour: drop the consumer's processed markers past their retention."""
    assert runtime.consumer is not None
    keep = timedelta(hours=runtime.settings.processed_retention_hours)
    while True:
        deleted = await runtime.consumer.purge_processed(keep)
        if deleted:
            log.info("consumer.processed_purged", deleted=deleted)
        await asyncio.sleep(3600.0)


async def _supervised(loop: BackgroundTask, runtime: Runtime) -> None:
    """Run a loop; if it raises, log it and start it again after a pause (never silently)."""
    while True:
        try:
            await loop(runtime)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a crashed loop restarts; the error is logged with its name
            log.error("background.failed", task=loop.__name__, error=repr(exc))
            await asyncio.sleep(5.0)


def build_service(
    spec: ServiceSpec, settings: ServiceSettings, *, clock: Clock = utcnow
) -> FastAPI:
    """The ASGI app of one service: FastAPI routes and the RabbitMQ broker in one lifespan."""
    runtime = Runtime(spec, settings, clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with runtime.lifespan():
            yield

    # Swagger UI and ReDoc from the package, not a CDN: campus networks are often closed.
    application = FastAPIOffline(
        title=spec.title,
        description=spec.description,
        version="1.0",
        lifespan=lifespan,
    )
    application.state.runtime = runtime
    application.state.authenticator = runtime.authenticator
    install(application, runtime)
    for router in spec.routers:
        application.include_router(router)
    application.openapi = lambda: problem_openapi(application)  # type: ignore[method-assign]
    if spec.stateless:
        application.runtime = runtime  # type: ignore[attr-defined]
        application.fastapi = application  # type: ignore[attr-defined]
        return application

    async def start_broker(broker: RabbitBroker) -> None:
        await broker.start()
        runtime.start_background()

    app = FastStreamAPI(
        runtime.broker,
        application=application,
        # The event catalogue is generated from the registries and committed (docs/events/);
        # faststream's page would list only this consumer and load its viewer from a CDN.
        asyncapi_path=None,
        safe_connection=True,
        connection_hook=start_broker,
    )
    app.runtime = runtime  # type: ignore[attr-defined]
    app.fastapi = application  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]
