"""What every page's use case needs: settings, clock, the services' APIs, the demo people.

A console use case is `async def verb(ctx, who, /, ...)`: no unit of work, since the console
owns no data; `who` is the signed-in `Viewer` (the principal and the token it calls with).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from services.console.domain.people import DemoPerson, parse_people
from services.console.handlers.backends import Backends
from services.console.settings import BACKENDS, ConsoleSettings
from shared.auth import Principal
from shared.authenticator import Authenticator
from shared.usecase import ServiceContext


@dataclass(frozen=True)
class Viewer:
    """The signed-in person: who they are, and the bearer token the console calls with."""

    principal: Principal
    token: str

    @property
    def name(self) -> str:
        """How the page greets them."""
        return self.principal.name or self.principal.user_id


@dataclass(frozen=True)
class ConsoleContext(ServiceContext):
    """Built once in `main.build`."""

    settings: ConsoleSettings = field(default_factory=ConsoleSettings)
    backends: Backends | None = None
    authenticator: Authenticator | None = None
    people: tuple[DemoPerson, ...] = ()

    @property
    def api(self) -> Backends:
        """The services' APIs."""
        assert self.backends is not None  # set by main.build
        return self.backends


def load_people(settings: ConsoleSettings) -> tuple[DemoPerson, ...]:
    """The demo people, when the demo sign-in is on (the file is not needed otherwise)."""
    if not settings.demo_enabled:
        return ()
    return parse_people(json.loads(settings.demo_people_file.read_text(encoding="utf-8")))


def backend_urls(settings: ConsoleSettings) -> dict[str, str]:
    """Base URL of every service the console calls."""
    return {name: settings.backend_url(name) for name in BACKENDS}
