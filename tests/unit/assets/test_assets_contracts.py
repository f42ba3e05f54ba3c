"""Until the catalogue is regenerated: maintenance's models of the events it now consumes
accept the examples the assets service registers, and every new event has an example."""

from __future__ import annotations

import pytest

from services.assets.events import registry
from services.maintenance.consumed import AssetMoved, AssetRegistered


@pytest.mark.parametrize("model", [AssetRegistered, AssetMoved])
def test_maintenance_reads_the_assets_examples(model) -> None:
    example = registry.example(model.event_type)
    assert example is not None
    data = model.model_validate(example)
    assert data.tag == example["tag"] and data.building_id == example["building_id"]


def test_every_assets_event_has_an_example() -> None:
    missing = [t for t in registry.types() if registry.example(t) is None]
    assert missing == []
    assert len(registry.types()) == 24
