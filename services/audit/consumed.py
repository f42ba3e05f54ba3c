"""What audit needs from other services' events: nothing in particular, and everything kept."""

from __future__ import annotations

from pydantic import ConfigDict

from shared.envelope import EventData


class AnyEventData(EventData):
    """The `data` of any event on the exchange; every field is kept (audit records it whole)."""

    model_config = ConfigDict(extra="allow", frozen=True)
