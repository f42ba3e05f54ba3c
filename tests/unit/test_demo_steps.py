"""`campus up`'s demo order: the directory first, every service's reference data, then the day."""

from __future__ import annotations

import importlib

from campusctl.platform import SERVICES, demo_steps


def test_the_directory_then_every_reference_then_every_day():
    steps = [(svc.name, step) for svc, step in demo_steps()]
    assert steps[0] == ("notifications", "seed_reference")
    first_day = steps.index(next(s for s in steps if s[1] == "seed_day"))
    assert {s for _, s in steps[:first_day]} == {"seed_reference"}
    assert {s for _, s in steps[first_day:]} == {"seed_day"}
    for step in ("seed_reference", "seed_day"):
        assert sorted(n for n, s in steps if s == step) == sorted(s.name for s in SERVICES)


def test_every_service_demo_has_both_steps_inside_its_own_package():
    for svc in SERVICES:
        module = importlib.import_module(f"services.{svc.name}.demo")
        for step in ("seed_reference", "seed_day", "seed"):
            assert callable(getattr(module, step, None)), f"{svc.name}.demo lacks {step}"
