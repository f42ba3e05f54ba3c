"""The console built with fakes of the services' APIs, driven through Starlette's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from services.console.main import build
from services.console.settings import ConsoleSettings
from tests.fakes.console_notifications import FakeNotifications
from tests.fakes.console_services import FakeMaintenance, transports


@pytest.fixture
def maintenance() -> FakeMaintenance:
    """The fake maintenance API (inspect `calls`, change `tickets`)."""
    return FakeMaintenance()


@pytest.fixture
def notifications() -> FakeNotifications:
    """The fake notifications API (inspect `calls`, change `notes`, `person`, `rules`)."""
    return FakeNotifications()


def console(
    maintenance: FakeMaintenance,
    notifications: FakeNotifications | None = None,
    **settings: object,
) -> TestClient:
    """A console client; `down` names services that do not answer."""
    down = settings.pop("down", ())
    given = transports(maintenance, down=down, notifications=notifications)
    app = build(ConsoleSettings(**settings), transports=given)
    return TestClient(app, follow_redirects=False, base_url="http://console.test")


@pytest.fixture
def client(maintenance: FakeMaintenance, notifications: FakeNotifications) -> Iterator[TestClient]:
    """A signed-out browser on the console."""
    with console(maintenance, notifications) as http:
        yield http


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(http: TestClient, person_id: str, next_path: str = "/") -> None:
    """Sign in through the demo picker as a person of deploy/demo/people.json."""
    page = http.get("/signin", headers={"accept": "text/html"})
    answer = http.post(
        "/signin/demo",
        data={"csrf": csrf_of(page.text), "person_id": person_id, "next": next_path},
    )
    assert answer.status_code == 303, answer.text
