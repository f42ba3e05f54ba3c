"""Per-service RabbitMQ users from the generated definitions: each can do its job and no more."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from urllib.parse import quote

import aio_pika
import httpx
import pytest
from aiormq.exceptions import ChannelAccessRefused

from services.maintenance.consumed import AssetDamaged
from services.maintenance.main import build
from shared.outbox import amqp_message
from shared.store import Query
from shared.topology import Names, definitions
from tests.harness import eventually, peek, publish, rabbitmqctl, serve
from tests.integration.maintenance.maint_support import envelope_bytes, settings_for

pytestmark = pytest.mark.broker


@pytest.fixture
def production_vhost():
    """A vhost loaded from the production definitions, with users unique to this test."""
    vhost = f"campus-perm-{uuid.uuid4().hex[:8]}"
    prefix = f"{vhost}-"
    defs = definitions(Names("campus"), delivery_limit=5, vhost=vhost, user_prefix=prefix)
    # Debian's rabbitmqctl runs as the rabbitmq user: the file must be readable by it.
    folder = tempfile.mkdtemp(prefix="campus-defs-")
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "definitions.json")
    with open(path, "w") as fh:
        json.dump(defs, fh)
    os.chmod(path, 0o644)
    try:
        rabbitmqctl("import_definitions", path)
    finally:
        shutil.rmtree(folder)
    try:
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")

        def url(service: str | None) -> str:
            user = f"{prefix}{service}:{service}-dev-password" if service else "guest:guest"
            return f"amqp://{user}@127.0.0.1:5672/{quote(vhost, safe='')}"

        yield url
    finally:
        for user in defs["users"]:
            rabbitmqctl("delete_user", user["name"])
        rabbitmqctl("delete_vhost", vhost)


async def test_a_service_runs_on_its_own_user_and_is_refused_the_rest(production_vhost, tmp_path):
    settings = settings_for(
        tmp_path, amqp_url=production_vhost("maintenance"), declare_topology=False
    )
    app = build(settings)
    damaged = AssetDamaged(
        damage_id="D-1",
        asset_id="A-1",
        tag="DESK-1",
        building_id="B01",
        description="桌腿断了",
        deliberate=False,
    )
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/ready")).status_code == 200
        body = envelope_bytes(damaged, source="/campus-logistics/assets")
        envelope = json.loads(body)
        await publish(
            production_vhost("assets"),
            "campus.events",
            envelope["type"],
            [amqp_message(envelope)],
        )
        await eventually(lambda: app.runtime.store.count("tickets"), lambda n: n == 1, timeout=20)
        tickets = await app.runtime.store.find("tickets", Query())
        # The order it opened went out on its own user and reached audit's queue.
        audit_queue = await eventually(
            lambda: peek(production_vhost(None), "campus.audit"),
            lambda msgs: "maintenance.ticket.opened.v1" in [m.type for m in msgs],
        )
    assert "assets.asset.damaged.v1" in [m.type for m in audit_queue]
    assert tickets.items[0]["asset_tag"] == "DESK-1"

    # Another service's user may neither read maintenance's queue nor declare anything.
    connection = await aio_pika.connect(production_vhost("notifications"))
    try:
        with pytest.raises(ChannelAccessRefused):
            channel = await connection.channel()
            queue = await channel.get_queue("campus.maintenance", ensure=False)
            await queue.get(fail=False)
        with pytest.raises(ChannelAccessRefused):
            channel = await connection.channel()
            await channel.declare_queue("campus.sneaky", durable=True)
        with pytest.raises(ChannelAccessRefused):
            channel = await connection.channel(publisher_confirms=True)
            await channel.default_exchange.publish(
                aio_pika.Message(b"{}"), routing_key="campus.maintenance"
            )
    finally:
        await connection.close()


async def test_a_service_may_publish_only_its_own_routing_keys(production_vhost):
    """Issue 14: canteen's forged `maintenance.ticket.closed.v1` is refused by the broker (403,
    the channel closes) and never reaches audit's queue; its own key goes through."""
    from services.canteen.events import registry as canteen_events
    from services.maintenance.events import registry as maintenance_events

    def message(registry, event_type: str, source: str) -> aio_pika.Message:
        data = registry.model(event_type).model_validate(registry.example(event_type))
        return amqp_message(json.loads(envelope_bytes(data, source=source)))

    forged = message(
        maintenance_events, "maintenance.ticket.closed.v1", "/campus-logistics/maintenance"
    )
    own = message(canteen_events, "canteen.stock.issued.v1", "/campus-logistics/canteen")
    with pytest.raises(ChannelAccessRefused) as refused:
        await publish(
            production_vhost("canteen"), "campus.events", "maintenance.ticket.closed.v1", [forged]
        )
    assert "ACCESS_REFUSED" in str(refused.value)
    await publish(production_vhost("canteen"), "campus.events", "canteen.stock.issued.v1", [own])
    await publish(
        production_vhost("maintenance"),
        "campus.events",
        "maintenance.ticket.closed.v1",
        [
            message(
                maintenance_events, "maintenance.ticket.closed.v1", "/campus-logistics/maintenance"
            )
        ],
    )
    audit_queue = await eventually(
        lambda: peek(production_vhost(None), "campus.audit"),
        lambda msgs: len(msgs) >= 2,
    )
    by_id = {m.message_id: m.type for m in audit_queue}
    assert forged.message_id not in by_id
    assert by_id.get(own.message_id) == "canteen.stock.issued.v1"
    assert sorted(by_id.values()) == ["canteen.stock.issued.v1", "maintenance.ticket.closed.v1"]
