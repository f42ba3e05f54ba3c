"""Every route of every service app, read from the built FastAPI app itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import _IncludedRouter
from starlette.routing import Mount

SERVICES = ("canteen", "assets", "maintenance", "notifications", "audit", "console")


def build_app(service: str, store_url: str = "memory://", **settings: Any) -> Any:
    """The service's app as `main.build` makes it, on the given store."""
    import importlib

    main = importlib.import_module(f"services.{service}.main")
    module = importlib.import_module(f"services.{service}.settings")
    cls = getattr(module, f"{service.capitalize()}Settings")
    return main.build(cls(store_url=store_url, **settings))


def _walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if isinstance(route, _IncludedRouter):
            yield from route.effective_route_contexts()
        else:
            yield route


def app_routes(app: Any) -> list[tuple[str, str]]:
    """(METHOD, path) of every route the app answers (HEAD implied by GET is left out)."""
    found: set[tuple[str, str]] = set()
    for route in _walk(app.fastapi.routes):
        path = getattr(route, "path", None) or route.path_format
        if isinstance(getattr(route, "original_route", route), Mount) or isinstance(route, Mount):
            found.add(("MOUNT", path))
            continue
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method, path))
    return sorted(found, key=lambda r: (r[1], r[0]))
