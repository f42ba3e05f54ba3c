"""The console's pages: one router per area (a domain issue adds its own module here)."""

from services.console.api import (
    assets,
    audit,
    board,
    canteen,
    endpoints,
    home,
    inbox,
    incidents,
    message_templates,
    ops,
    preferences,
    public,
    requests,
    rules,
    signin,
    work,
)

ROUTERS = (
    home.router,
    signin.router,
    public.router,
    requests.router,
    board.router,
    work.router,
    canteen.router,
    inbox.router,
    audit.router,
    ops.router,
    assets.router,
    preferences.router,
    rules.router,
    endpoints.router,
    message_templates.router,
    incidents.router,
)
