"""Logs are JSON lines off a terminal, bound to service, event id and correlation id."""

from __future__ import annotations

import json
import logging

from shared.context import Causality, caused_by
from shared.logging import configure_logging, get_logger


def test_json_lines_carry_service_event_and_correlation(capsys):
    configure_logging("maintenance", json=True)
    log = get_logger("test")
    with caused_by(Causality(correlation_id="corr-42"), event_id="evt-7"):
        log.info("ticket.assigned", ticket_id="T-1", technician="u-tech-1")
        logging.getLogger("uvicorn.error").warning("stdlib line")
    log.info("outside")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    first, stdlib, outside = lines
    assert first["event"] == "ticket.assigned"
    assert first["service"] == "maintenance"
    assert first["correlation_id"] == "corr-42" and first["event_id"] == "evt-7"
    assert first["ticket_id"] == "T-1" and first["level"] == "info" and "timestamp" in first
    assert stdlib["event"] == "stdlib line" and stdlib["correlation_id"] == "corr-42"
    assert stdlib["service"] == "maintenance"
    assert "correlation_id" not in outside and outside["service"] == "maintenance"
