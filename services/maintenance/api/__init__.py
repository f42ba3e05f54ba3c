"""The HTTP API of maintenance, one router per area."""

from __future__ import annotations

from services.maintenance.api import dispatch, patrols, places, preventive, public, reports, tickets

ROUTERS = (
    tickets.router,
    public.router,
    places.router,
    dispatch.router,
    patrols.router,
    preventive.router,
    reports.router,
)
