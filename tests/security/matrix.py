"""The authorisation matrix: who may call which route of which service, in and out of scope.

One source for `docs/security.md` (its table is `render()`, checked by
tests/security/test_security_doc.py) and for the table-driven test (test_matrix.py), so the two
cannot drift. A new route without a row fails the test with a message naming the row to add.

A row is `(service, method, path, rule)`. The rule lists `role:code` for every role allowed;
a role not listed is refused (401/403; 404 too when the row says `hides`):

- `A`  allowed whatever the caller's scope (global roles, or data not scoped);
- `S`  allowed in scope (the canteen, building or campus the request names), refused outside it;
- `public`     no token needed (health, documentation, QR and follow-up links);
- `signed-in`  every role may call it (what it returns is the caller's own: `/…/me`);
- `own`        object-level only: each object says who may see it (their own loan, notification,
               stock-take of their buildings); refused objects answer 403 or 404;
- `hides`      a refusal may be 404, so a caller cannot learn that an object exists.

For the console the rule is `public` or `signed-in` (its pages' own role table is
services/console/domain/access.py `PAGES`; each service still decides on every call).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth import Role

ABBREVIATIONS = {
    "req": Role.REQUESTER,
    "cstaff": Role.CANTEEN_STAFF,
    "cmgr": Role.CANTEEN_MANAGER,
    "tech": Role.TECHNICIAN,
    "disp": Role.DISPATCHER,
    "amgr": Role.ASSET_MANAGER,
    "admin": Role.LOGISTICS_ADMIN,
    "aud": Role.AUDITOR,
    "ops": Role.OPS,
    "svc": Role.SERVICE,
}
#: Routes every service app has (FastAPI docs, problem types, health, metrics).
COMMON = (
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),
    ("GET", "/problems/{code}"),
    ("GET", "/health"),
    ("GET", "/ready"),
    ("GET", "/metrics"),
    ("MOUNT", "/static-offline-docs"),
)

ROWS: tuple[tuple[str, str, str, str], ...] = (
    # canteen
    ("canteen", "GET", "/canteens", "signed-in"),
    ("canteen", "PUT", "/canteens/{canteen_id}", "admin:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/batches/{batch_id}/write-offs", "cmgr:S admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/corrective-actions",
        "cstaff:S cmgr:S admin:A aud:A",
    ),
    (
        "canteen",
        "POST",
        "/canteens/{canteen_id}/corrective-actions/{action_id}/close",
        "cstaff:S cmgr:S admin:A",
    ),
    ("canteen", "GET", "/canteens/{canteen_id}/deliveries", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/deliveries", "cstaff:S cmgr:S admin:A"),
    ("canteen", "DELETE", "/canteens/{canteen_id}/deliveries/{delivery_id}", "admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/deliveries/{delivery_id}",
        "cstaff:S cmgr:S admin:A aud:A",
    ),
    ("canteen", "GET", "/canteens/{canteen_id}/devices", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "PUT", "/canteens/{canteen_id}/devices/{device_id}", "cmgr:S admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/devices/{device_id}/readings",
        "cstaff:S cmgr:S admin:A aud:A",
    ),
    (
        "canteen",
        "POST",
        "/canteens/{canteen_id}/devices/{device_id}/readings",
        "cstaff:S cmgr:S admin:A svc:S",
    ),
    ("canteen", "GET", "/canteens/{canteen_id}/equipment-faults", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/equipment-faults", "cstaff:S cmgr:S admin:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/expiry-scan", "cmgr:S admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/food-safety/today",
        "cstaff:S cmgr:S admin:A aud:A ops:A",
    ),
    ("canteen", "POST", "/canteens/{canteen_id}/food-safety/watch", "cmgr:S admin:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/inspections", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/inspections", "cstaff:S cmgr:S admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/inspections/{inspection_id}",
        "cstaff:S cmgr:S admin:A aud:A",
    ),
    ("canteen", "POST", "/canteens/{canteen_id}/issues", "cstaff:S cmgr:S admin:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/issues/{issue_no}", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/ledger", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/licences", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/meals", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/meals", "cstaff:S cmgr:S admin:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/meals/{meal_id}", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/meals/{meal_id}/close", "cstaff:S cmgr:S admin:A"),
    ("canteen", "PUT", "/canteens/{canteen_id}/meals/{meal_id}/dishes", "cstaff:S cmgr:S admin:A"),
    (
        "canteen",
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}",
        "cstaff:S cmgr:S admin:A",
    ),
    (
        "canteen",
        "POST",
        "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}/discard",
        "cstaff:S cmgr:S admin:A",
    ),
    ("canteen", "GET", "/canteens/{canteen_id}/morning-checks", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/morning-checks", "cstaff:S cmgr:S admin:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/readings", "cstaff:S cmgr:S admin:A svc:S"),
    ("canteen", "GET", "/canteens/{canteen_id}/rosters/{day}", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "PUT", "/canteens/{canteen_id}/rosters/{day}", "cmgr:S admin:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/sample-violations", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/samples", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/staff", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/staff/{staff_id}", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "PUT", "/canteens/{canteen_id}/staff/{staff_id}", "cmgr:S admin:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/stock", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "GET", "/canteens/{canteen_id}/stock-counts", "cstaff:S cmgr:S admin:A aud:A"),
    ("canteen", "POST", "/canteens/{canteen_id}/stock-counts", "cmgr:S admin:A"),
    (
        "canteen",
        "GET",
        "/canteens/{canteen_id}/stock-counts/{count_id}",
        "cstaff:S cmgr:S admin:A aud:A",
    ),
    ("canteen", "GET", "/checklists", "cstaff:A cmgr:A admin:A aud:A"),
    ("canteen", "GET", "/checklists/{template_id}", "cstaff:A cmgr:A admin:A aud:A"),
    ("canteen", "PUT", "/checklists/{template_id}", "cmgr:S admin:A"),
    ("canteen", "GET", "/suppliers", "cstaff:A cmgr:A admin:A aud:A"),
    ("canteen", "GET", "/suppliers/{supplier_id}", "cstaff:A cmgr:A admin:A aud:A"),
    ("canteen", "PUT", "/suppliers/{supplier_id}", "cmgr:S admin:A"),
    # assets
    ("assets", "GET", "/assets", "amgr:A admin:A aud:A"),
    ("assets", "POST", "/assets", "amgr:S admin:A"),
    ("assets", "GET", "/assets/by-tag/{tag}", "amgr:S admin:A aud:A"),
    ("assets", "GET", "/assets/custody/me", "signed-in"),
    ("assets", "GET", "/assets/export", "amgr:A admin:A aud:A"),
    ("assets", "GET", "/assets/{asset_id}", "amgr:S admin:A aud:A"),
    ("assets", "GET", "/assets/{asset_id}/book-value", "amgr:S admin:A aud:A"),
    ("assets", "POST", "/assets/{asset_id}/custody", "amgr:S admin:A"),
    ("assets", "POST", "/assets/{asset_id}/custody/acknowledge", "own"),
    ("assets", "GET", "/assets/{asset_id}/damages", "amgr:S admin:A aud:A"),
    ("assets", "POST", "/assets/{asset_id}/damages", "amgr:S admin:A"),
    ("assets", "POST", "/assets/{asset_id}/disposal", "amgr:S admin:A"),
    ("assets", "POST", "/assets/{asset_id}/disposal/decision", "admin:A"),
    ("assets", "GET", "/assets/{asset_id}/history", "amgr:S admin:A aud:A"),
    ("assets", "GET", "/assets/{asset_id}/label", "amgr:S admin:A aud:A"),
    ("assets", "POST", "/assets/{asset_id}/move", "amgr:S admin:A"),
    ("assets", "POST", "/assets/{asset_id}/repaired", "amgr:S admin:A"),
    ("assets", "GET", "/categories", "signed-in"),
    ("assets", "POST", "/imports", "amgr:A admin:A"),
    ("assets", "GET", "/imports/{import_id}", "own"),
    ("assets", "GET", "/labels/sheet", "signed-in"),
    ("assets", "GET", "/loans", "amgr:A admin:A aud:A"),
    ("assets", "POST", "/loans", "own"),
    ("assets", "GET", "/loans/{loan_id}", "own"),
    ("assets", "POST", "/loans/{loan_id}/acknowledge", "own"),
    ("assets", "POST", "/loans/{loan_id}/cancel", "own"),
    ("assets", "POST", "/loans/{loan_id}/return", "own"),
    ("assets", "GET", "/reservations", "amgr:A admin:A aud:A"),
    ("assets", "POST", "/reservations", "own"),
    ("assets", "GET", "/reservations/{reservation_id}", "own"),
    ("assets", "POST", "/reservations/{reservation_id}/cancel", "own"),
    ("assets", "POST", "/reservations/{reservation_id}/collect", "own"),
    ("assets", "GET", "/stocktakes", "amgr:A admin:A aud:A"),
    ("assets", "POST", "/stocktakes", "admin:A"),
    ("assets", "GET", "/stocktakes/{stocktake_id}", "own"),
    ("assets", "POST", "/stocktakes/{stocktake_id}/decision", "own"),
    ("assets", "GET", "/stocktakes/{stocktake_id}/report", "own"),
    ("assets", "POST", "/stocktakes/{stocktake_id}/scans", "own"),
    ("assets", "POST", "/stocktakes/{stocktake_id}/submit", "own"),
    # maintenance
    ("maintenance", "GET", "/assets/{tag}", "own"),
    ("maintenance", "PUT", "/assets/{tag}", "disp:A admin:A"),
    ("maintenance", "GET", "/contractors", "disp:A admin:A"),
    ("maintenance", "PUT", "/contractors/{contractor_id}", "disp:A admin:A"),
    ("maintenance", "GET", "/devices", "tech:A disp:A admin:A"),
    ("maintenance", "GET", "/devices/{tag}", "own"),
    ("maintenance", "POST", "/devices/{tag}/incidents", "tech:A disp:A admin:A"),
    ("maintenance", "GET", "/dispatch/rules", "disp:A admin:A"),
    ("maintenance", "PUT", "/dispatch/rules/{rule_id}", "disp:S admin:A"),
    ("maintenance", "GET", "/locations", "signed-in"),
    ("maintenance", "POST", "/locations/import", "disp:A admin:A"),
    ("maintenance", "GET", "/locations/{location_id}", "signed-in"),
    ("maintenance", "GET", "/patrol-routes", "tech:A disp:A admin:A"),
    ("maintenance", "PUT", "/patrol-routes/{route_id}", "disp:S admin:A"),
    ("maintenance", "POST", "/patrol-routes/{route_id}/runs", "tech:A disp:A admin:A"),
    ("maintenance", "GET", "/public/qr/{token}", "public"),
    ("maintenance", "POST", "/public/requests", "public"),
    ("maintenance", "GET", "/public/requests/{ticket_id}", "public"),
    ("maintenance", "POST", "/public/requests/{ticket_id}/close", "public"),
    ("maintenance", "POST", "/public/requests/{ticket_id}/reopen", "public"),
    ("maintenance", "POST", "/qr-codes", "disp:S admin:A"),
    ("maintenance", "POST", "/qr-codes/{code_id}/revoke", "disp:A admin:A"),
    ("maintenance", "GET", "/reports/summary", "disp:S admin:A aud:A ops:A"),
    ("maintenance", "GET", "/schedules", "disp:A admin:A"),
    ("maintenance", "PUT", "/schedules/{schedule_id}", "disp:A admin:A"),
    ("maintenance", "GET", "/teams", "disp:A admin:A"),
    ("maintenance", "PUT", "/teams/{team_id}", "disp:S admin:A"),
    ("maintenance", "GET", "/technicians", "disp:S admin:A"),
    ("maintenance", "GET", "/technicians/{technician_id}", "disp:A admin:A"),
    ("maintenance", "PUT", "/technicians/{technician_id}", "disp:S admin:A"),
    ("maintenance", "GET", "/tickets", "req:A tech:A disp:A admin:A aud:A ops:A"),
    ("maintenance", "POST", "/tickets", "req:A tech:A disp:A admin:A"),
    ("maintenance", "GET", "/tickets/{ticket_id}", "req:A disp:S admin:A aud:A ops:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/assign", "disp:S admin:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/close", "req:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/hold", "disp:S admin:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/photos", "req:A disp:S admin:A hides"),
    ("maintenance", "GET", "/tickets/{ticket_id}/photos/{photo_id}", "own"),
    ("maintenance", "POST", "/tickets/{ticket_id}/reopen", "req:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/resolve", "disp:S admin:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/resume", "disp:S admin:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/start", "disp:S admin:A hides"),
    ("maintenance", "POST", "/tickets/{ticket_id}/triage", "disp:S admin:A hides"),
    ("maintenance", "GET", "/warranties", "disp:A admin:A"),
    ("maintenance", "PUT", "/warranties/{warranty_id}", "disp:S admin:A"),
    ("maintenance", "GET", "/workload", "disp:A admin:A"),
    # notifications
    ("notifications", "GET", "/deliveries", "admin:A ops:A"),
    ("notifications", "GET", "/endpoints", "admin:A aud:A ops:A"),
    ("notifications", "GET", "/endpoints/{endpoint_id}", "admin:A aud:A ops:A"),
    ("notifications", "PUT", "/endpoints/{endpoint_id}", "admin:A"),
    ("notifications", "GET", "/incidents", "admin:A aud:A ops:A"),
    ("notifications", "GET", "/notifications", "admin:A aud:A"),
    ("notifications", "GET", "/notifications/me", "signed-in"),
    ("notifications", "GET", "/notifications/me/unread-count", "signed-in"),
    ("notifications", "POST", "/notifications/{notification_id}/acknowledge", "own"),
    ("notifications", "GET", "/notifications/{notification_id}/deliveries", "own"),
    ("notifications", "POST", "/notifications/{notification_id}/read", "own"),
    ("notifications", "GET", "/people", "admin:A aud:A"),
    ("notifications", "GET", "/people/me", "own"),
    (
        "notifications",
        "PUT",
        "/people/me/preferences",
        "req:A cstaff:A cmgr:A tech:A disp:A amgr:A admin:A aud:A ops:A",
    ),
    ("notifications", "GET", "/people/{user_id}", "admin:A aud:A"),
    ("notifications", "PUT", "/people/{user_id}", "admin:A"),
    ("notifications", "GET", "/routing-rules", "signed-in"),
    ("notifications", "DELETE", "/routing-rules/{rule_id}", "admin:A"),
    ("notifications", "GET", "/routing-rules/{rule_id}", "own"),
    ("notifications", "PUT", "/routing-rules/{rule_id}", "admin:A"),
    ("notifications", "GET", "/templates", "admin:A aud:A ops:A"),
    ("notifications", "DELETE", "/templates/{name}", "admin:A"),
    ("notifications", "GET", "/templates/{name}", "admin:A aud:A ops:A"),
    ("notifications", "PUT", "/templates/{name}", "admin:A"),
    ("notifications", "POST", "/templates/{name}/preview", "admin:A"),
    # audit
    ("audit", "GET", "/audit/archives", "admin:A aud:A"),
    ("audit", "POST", "/audit/archives", "admin:A"),
    ("audit", "GET", "/audit/chain", "admin:A aud:A"),
    ("audit", "GET", "/audit/correlations/{correlation_id}", "admin:A aud:A"),
    ("audit", "GET", "/audit/export", "admin:A aud:A"),
    ("audit", "GET", "/audit/records", "admin:A aud:A"),
    ("audit", "GET", "/audit/records/{seq}", "admin:A aud:A"),
    ("audit", "POST", "/audit/replays", "admin:A svc:A"),
    ("audit", "GET", "/audit/verify", "admin:A aud:A"),
    # console (sign-in; the services decide roles)
    ("console", "GET", "/", "public"),
    ("console", "GET", "/assets", "signed-in"),
    ("console", "POST", "/assets", "signed-in"),
    ("console", "GET", "/assets/labels.pdf", "signed-in"),
    ("console", "GET", "/assets/{asset_id}", "signed-in"),
    ("console", "POST", "/assets/{asset_id}/fault", "signed-in"),
    ("console", "GET", "/audit", "signed-in"),
    ("console", "GET", "/audit/export.{fmt}", "signed-in"),
    ("console", "GET", "/audit/story/{correlation_id}", "signed-in"),
    ("console", "GET", "/audit/verify", "signed-in"),
    ("console", "GET", "/board", "signed-in"),
    ("console", "GET", "/board/{ticket_id}", "signed-in"),
    ("console", "POST", "/board/{ticket_id}/{action}", "signed-in"),
    ("console", "GET", "/canteen/day", "signed-in"),
    ("console", "POST", "/canteen/day/actions/{action_id}/close", "signed-in"),
    ("console", "POST", "/canteen/day/checks", "signed-in"),
    ("console", "POST", "/canteen/day/inspection", "signed-in"),
    ("console", "POST", "/canteen/day/samples/meal", "signed-in"),
    ("console", "POST", "/canteen/day/samples/{meal_id}/close", "signed-in"),
    ("console", "POST", "/canteen/day/samples/{meal_id}/{dish_id}", "signed-in"),
    ("console", "POST", "/canteen/day/samples/{meal_id}/{dish_id}/discard", "signed-in"),
    ("console", "POST", "/canteen/day/temperatures/{device_id}", "signed-in"),
    ("console", "GET", "/canteen/day/{section}", "signed-in"),
    ("console", "GET", "/canteen/setup", "signed-in"),
    ("console", "GET", "/canteen/setup/checklists", "signed-in"),
    ("console", "POST", "/canteen/setup/checklists", "signed-in"),
    ("console", "GET", "/canteen/setup/checklists/{template_id}", "signed-in"),
    ("console", "POST", "/canteen/setup/checklists/{template_id}", "signed-in"),
    ("console", "GET", "/canteen/setup/devices", "signed-in"),
    ("console", "POST", "/canteen/setup/devices", "signed-in"),
    ("console", "GET", "/canteen/setup/devices/{device_id}", "signed-in"),
    ("console", "POST", "/canteen/setup/devices/{device_id}", "signed-in"),
    ("console", "GET", "/canteen/setup/new-checklist", "signed-in"),
    ("console", "GET", "/canteen/setup/roster", "signed-in"),
    ("console", "POST", "/canteen/setup/roster", "signed-in"),
    ("console", "POST", "/canteen/setup/staff", "signed-in"),
    ("console", "GET", "/canteen/setup/staff/{staff_id}", "signed-in"),
    ("console", "POST", "/canteen/setup/staff/{staff_id}", "signed-in"),
    ("console", "GET", "/canteen/today", "signed-in"),
    ("console", "GET", "/endpoints", "signed-in"),
    ("console", "GET", "/endpoints/new", "signed-in"),
    ("console", "POST", "/endpoints/new", "signed-in"),
    ("console", "GET", "/endpoints/{endpoint_id}", "signed-in"),
    ("console", "POST", "/endpoints/{endpoint_id}", "signed-in"),
    ("console", "GET", "/follow", "public"),
    ("console", "POST", "/follow", "public"),
    ("console", "GET", "/follow/{ticket_id}", "public"),
    ("console", "POST", "/follow/{ticket_id}/{action}", "public"),
    ("console", "GET", "/imports", "signed-in"),
    ("console", "POST", "/imports", "signed-in"),
    ("console", "GET", "/imports/{import_id}", "signed-in"),
    ("console", "GET", "/inbox", "signed-in"),
    ("console", "POST", "/inbox/{notification_id}/acknowledge", "signed-in"),
    ("console", "POST", "/inbox/{notification_id}/read", "signed-in"),
    ("console", "GET", "/incidents", "signed-in"),
    ("console", "POST", "/lang", "public"),
    ("console", "GET", "/loans", "signed-in"),
    ("console", "POST", "/loans", "signed-in"),
    ("console", "GET", "/loans/new", "signed-in"),
    ("console", "GET", "/loans/{loan_id}", "signed-in"),
    ("console", "POST", "/loans/{loan_id}/return", "signed-in"),
    ("console", "POST", "/loans/{loan_id}/{step}", "signed-in"),
    ("console", "GET", "/ops", "signed-in"),
    ("console", "GET", "/photos/{ticket_id}/{photo_id}", "signed-in"),
    ("console", "GET", "/qr/{token}", "public"),
    ("console", "POST", "/qr/{token}", "public"),
    ("console", "GET", "/requests", "signed-in"),
    ("console", "GET", "/requests/new", "signed-in"),
    ("console", "POST", "/requests/new", "signed-in"),
    ("console", "GET", "/requests/{ticket_id}", "signed-in"),
    ("console", "POST", "/requests/{ticket_id}/{action}", "signed-in"),
    ("console", "POST", "/reservations", "signed-in"),
    ("console", "GET", "/reservations/new", "signed-in"),
    ("console", "POST", "/reservations/{reservation_id}/{step}", "signed-in"),
    ("console", "GET", "/rules", "signed-in"),
    ("console", "GET", "/rules/new", "signed-in"),
    ("console", "POST", "/rules/new", "signed-in"),
    ("console", "GET", "/rules/{rule_id}", "signed-in"),
    ("console", "POST", "/rules/{rule_id}", "signed-in"),
    ("console", "POST", "/rules/{rule_id}/delete", "signed-in"),
    ("console", "GET", "/settings", "signed-in"),
    ("console", "POST", "/settings", "signed-in"),
    ("console", "GET", "/signin", "public"),
    ("console", "GET", "/signin/callback", "public"),
    ("console", "POST", "/signin/demo", "public"),
    ("console", "GET", "/signin/oidc", "public"),
    ("console", "GET", "/signout", "public"),
    ("console", "POST", "/signout", "public"),
    ("console", "GET", "/stocktakes", "signed-in"),
    ("console", "POST", "/stocktakes", "signed-in"),
    ("console", "GET", "/stocktakes/{stocktake_id}", "signed-in"),
    ("console", "GET", "/stocktakes/{stocktake_id}/scan", "signed-in"),
    ("console", "POST", "/stocktakes/{stocktake_id}/scan", "signed-in"),
    ("console", "POST", "/stocktakes/{stocktake_id}/{step}", "signed-in"),
    ("console", "GET", "/templates", "signed-in"),
    ("console", "GET", "/templates/{name}", "signed-in"),
    ("console", "POST", "/templates/{name}", "signed-in"),
    ("console", "POST", "/templates/{name}/reset", "signed-in"),
    ("console", "GET", "/work", "signed-in"),
    ("console", "GET", "/work/{ticket_id}", "signed-in"),
    ("console", "POST", "/work/{ticket_id}/{action}", "signed-in"),
    ("console", "MOUNT", "/static", "public"),
)


@dataclass(frozen=True)
class Rule:
    """One row, parsed: the roles allowed and how."""

    public: bool
    signed_in: bool
    own: bool
    hides: bool
    allowed: dict[Role, str]

    def expects(self, role: Role, in_scope: bool) -> str:
        """`allow`, `refuse` or `object` (the object decides) for one role and scope."""
        if self.public or self.signed_in:
            return "allow"
        if self.own:
            return "object"
        code = self.allowed.get(role)
        if code == "A" or (code == "S" and in_scope):
            return "allow"
        return "refuse"


def parse(rule: str) -> Rule:
    """A rule string as a `Rule` (ValueError on an unknown word)."""
    words = rule.split()
    allowed: dict[Role, str] = {}
    for word in words:
        if word in ("public", "signed-in", "own", "hides"):
            continue
        name, _, code = word.partition(":")
        if name not in ABBREVIATIONS or code not in ("A", "S"):
            raise ValueError(f"unknown matrix word {word!r}")
        allowed[ABBREVIATIONS[name]] = code
    return Rule(
        public="public" in words,
        signed_in="signed-in" in words,
        own="own" in words,
        hides="hides" in words,
        allowed=allowed,
    )


def rows_for(service: str) -> dict[tuple[str, str], Rule]:
    """(METHOD, path) → rule of one service, the common routes included."""
    table = {(m, p): parse("public") for m, p in COMMON}
    for name, method, path, rule in ROWS:
        if name == service:
            table[method, path] = parse(rule)
    return table


def render() -> str:
    """The matrix as the Markdown table docs/security.md carries."""
    roles = list(ABBREVIATIONS)
    lines = [
        "| service | route | " + " | ".join(roles) + " |",
        "| --- | --- |" + " --- |" * len(roles),
    ]
    for name, method, path, rule in ROWS:
        parsed = parse(rule)
        if parsed.public or parsed.signed_in or parsed.own:
            word = "public" if parsed.public else "signed-in" if parsed.signed_in else "own"
            cells = [word] * len(roles)
        else:
            cells = [
                {"A": "✓", "S": "scope"}.get(parsed.allowed.get(ABBREVIATIONS[r], ""), "·")
                for r in roles
            ]
        hides = " (404)" if parsed.hides else ""
        lines.append(f"| {name} | `{method} {path}`{hides} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
