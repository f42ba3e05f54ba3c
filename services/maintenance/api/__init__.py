"""The HTTP API of maintenance, one router per area."""

from __future__ import annotations

from services.maintenance.api import (
    dispatch,
    patrols,
    places,
    preventive,
    public,
    reports,
    technicians,
    tickets,
)

ROUTERS = (
    tickets.router,
    public.router,
    places.router,
    dispatch.router,
    technicians.router,
    patrols.router,
    preventive.router,
    reports.router,
)
