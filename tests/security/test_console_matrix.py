"""The console's rows of the matrix: which pages need a signed-in person, tried signed out.

Every console route needs a row; a `signed-in` page sends a signed-out browser to sign in
(a form post without a session is refused before anything is sent to a service); a `public`
page answers without sign-in. Which role opens which page is services/console/domain/access.py
`PAGES`, tested with the pages; the services decide again on every call.
"""

from __future__ import annotations

import re

import httpx
from starlette.testclient import TestClient

from services.console.main import build
from services.console.settings import ConsoleSettings
from tests.fakes.console_canteen_menus import FakeCanteenMenus
from tests.fakes.console_notifications import FakeNotifications
from tests.fakes.console_services import FakeMaintenance, transports
from tests.security.matrix import rows_for
from tests.security.routes import app_routes

VALUES = {"fmt": "csv"}


def _console() -> TestClient:
    given = transports(FakeMaintenance(), notifications=FakeNotifications())
    # The public menu (食堂公示) calls the canteen before anyone signs in: a fake of its routes.
    given["canteen"] = httpx.ASGITransport(app=FakeCanteenMenus().app)
    app = build(ConsoleSettings(), transports=given)
    return TestClient(app, follow_redirects=False, base_url="http://console.test")


def test_every_console_route_has_a_row_and_signed_out_callers_get_what_it_says():
    rows = rows_for("console")
    with _console() as http:
        routes = app_routes(http.app)
        missing = [f"{m} {p}" for m, p in routes if (m, p) not in rows]
        assert not missing, f"add console rows to tests/security/matrix_rows.py: {missing}"
        wrong = []
        for method, path in routes:
            if method == "MOUNT":
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: VALUES.get(m.group(1), "x1"), path)
            answer = http.request(method, url, headers={"accept": "text/html"})
            to_signin = answer.status_code == 303 and answer.headers["location"].startswith(
                "/signin"
            )
            if answer.status_code >= 500:
                wrong.append(f"{method} {path}: {answer.status_code}")
            elif rows[method, path].signed_in:
                refused = to_signin or (method == "POST" and answer.status_code == 403)
                if not refused:
                    wrong.append(f"{method} {path}: {answer.status_code} while signed out")
            elif to_signin and not path.startswith("/signin"):
                # The sign-in steps themselves go back to /signin when a step fails.
                wrong.append(f"{method} {path}: public but sends to sign-in")
    assert not wrong, "\n".join(wrong)
