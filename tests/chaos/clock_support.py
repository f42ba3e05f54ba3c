"""What the clock-step scenario sets up for the timers to watch, in each service's own terms."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from campusctl.catalogue import CATALOGUE, examples
from services.notifications.domain.directory import Person
from services.notifications.handlers import directory as people
from services.notifications.handlers.rules import load_rules_file
from services.notifications.subscribers import SYSTEM
from shared.auth import Principal
from shared.envelope import Envelope
from tests.integration.maintenance.maint_support import FakeDelivery
from tests.unit.canteen.support import STAFF
from tests.unit.canteen.test_canteen_api import rice, setup
from tests.unit.canteen.test_canteen_samples import LUNCH, sample

#: Monday 12 January 2026, 09:00 in Shanghai (the maintenance harness's calendar).
MAINT_START = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)
#: 08:30 in Shanghai on 3 March 2025: the canteen's campus day is 2025-03-03.
CANTEEN_START = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)
NOTIFY_START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
#: Made 5 February with 30 days' shelf life: keeps until 7 March, inside the 3-day warning
#: window (today included) from 4 March, tomorrow; not today.
RICE_MADE = "2025-02-05"
FRIDGE = {
    **examples(json.loads(CATALOGUE.read_text()))["canteen.temperature.out_of_range.v1"],
    "canteen_id": "south",
}
ADMIN = Principal("u-admin-1", None, frozenset({"logistics_admin"}), {})


async def file_orders(maint: Any, count: int) -> list[str]:
    """`count` emergency orders (answer within 1 h, fix within 24 h): both clocks breach by
    tomorrow."""
    await maint.seed_locations()
    ids = []
    for _ in range(count):
        tid = (await maint.file())["id"]
        r = await maint.act(tid, "triage", priority="emergency")
        assert r.status_code == 200, r.text
        ids.append(tid)
    return ids


async def deliver_rice(canteen: Any, count: int) -> list[str]:
    """The north canteen, its suppliers, and `count` deliveries of rice expiring on 7 March."""
    await setup(canteen)
    notes = []
    for n in range(count):
        r = await canteen.post(
            "/canteens/north/deliveries", json=rice(1, "10", RICE_MADE, f"HM-{n}"), headers=STAFF
        )
        assert r.status_code == 201, r.text
        notes.append(f"HM-{n}")
    return notes


async def lunch_with_sample(canteen: Any) -> None:
    """Lunch on 3 March with two dishes sampled now (a sample is kept 48 hours)."""
    r = await canteen.post("/canteens/north/meals", json=LUNCH, headers=STAFF)
    assert r.status_code == 201, r.text
    await sample(canteen, "hongshao-rou", "150")
    await sample(canteen, "tudou-si", "140")


async def directory(notify: Any) -> None:
    """The default rules, the south canteen's manager and the duty officer escalations reach."""
    runtime = notify.runtime
    await load_rules_file(runtime.uow(SYSTEM), runtime.context, SYSTEM)
    south = Person(
        user_id="u-south",
        name="south manager",
        roles=frozenset({"canteen_manager"}),
        scopes={"canteen": frozenset({"south"})},
        email="u-south@example.edu.cn",
        channels=("in_app", "email"),
    )
    duty = Person(
        "u-duty",
        "值班",
        frozenset({"logistics_admin"}),
        duties=frozenset({"logistics-duty-officer"}),
    )
    for person in (south, duty):
        await people.save_person(runtime.uow(ADMIN), runtime.context, ADMIN, person)


async def fridge_alert(notify: Any, n: int) -> str:
    """A critical fridge reading, consumed as it arrives from the broker; its event id."""
    runtime = notify.runtime
    env = Envelope(
        id=str(uuid.uuid4()),
        source="/campus-logistics/canteen",
        type="canteen.temperature.out_of_range.v1",
        time=runtime.clock(),
        subject=None,
        correlationid=f"fridge-{n}",
        data={**FRIDGE, "device_id": f"south-fridge-{n}"},
    )
    delivery = FakeDelivery(json.dumps(env.to_json()).encode())
    await runtime.consumer.handle(delivery)
    assert delivery.settled == "ack"
    return env.id
