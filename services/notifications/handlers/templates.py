"""The template catalogue (files, and administrators' overrides in the store) and its use cases.

Names: `<template>.<lang>` (every channel), `<template>.<channel>.<lang>` (one channel's own
wording: a short SMS, a robot's markdown), and `email.html` (the HTML e-mail layout, autoescaped).
`<template>` is the event type unless a rule names another. Resolution: the administrator's
override, else the file; for a channel, its own template first, then the general one, then the
plain default. A failure to render is logged, counted, recorded on the notification, and
published as `notifications.template.failed.v1`; the plain default goes out instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services.notifications.domain import access
from services.notifications.domain.templates import Rendered, check, plain, safe_render
from services.notifications.events import TemplateChanged
from services.notifications.repository import templates as repo
from shared.auth import Principal
from shared.errors import Invalid, NotFound
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

if TYPE_CHECKING:
    from services.notifications.handlers.context import NotificationsContext

log = get_logger(__name__)
SUFFIX = ".j2"


@dataclass(frozen=True)
class Catalogue:
    """The template files, read once at start."""

    files: Mapping[str, str]

    @classmethod
    def from_dir(cls, folder: Path) -> Catalogue:
        """Every `*.j2` under `folder`, by name without the suffix."""
        if not folder.is_dir():
            raise FileNotFoundError(f"templates folder {folder} does not exist")
        return cls(
            {p.name[: -len(SUFFIX)]: p.read_text("utf-8") for p in folder.glob(f"*{SUFFIX}")}
        )

    async def source(self, store: DocumentStore, name: str) -> str | None:
        """The override of `name`, else its file, else None."""
        override = await repo.load(store, name)
        return override.source if override is not None else self.files.get(name)

    async def render(
        self,
        store: DocumentStore,
        *,
        template: str,
        channel: str | None,
        lang: str,
        values: Mapping[str, Any],
        event_type: str,
    ) -> tuple[Rendered, str]:
        """The text for one channel and language, and the name of the template used."""
        names = ([f"{template}.{channel}.{lang}"] if channel else []) + [f"{template}.{lang}"]
        for name in names:
            src = await self.source(store, name)
            if src is not None:
                return safe_render(src, values, event_type=event_type, lang=lang), name
        return plain(event_type, values.get("data", {}), lang), f"{template}.{lang}"


async def list_templates(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /
) -> list[tuple[str, str]]:
    """Every template name and where its text comes from (file, override, or both)."""
    access.require_config_reader(who)
    overrides = await repo.all_overrides(uow.store)
    names = sorted(set(ctx.templates.files) | set(overrides))
    return [(n, "override" if n in overrides else "file") for n in names]


async def get_template(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, name: str
) -> tuple[str, str, str | None]:
    """(source in force, origin, the file's source) of one template."""
    access.require_config_reader(who)
    override = await repo.load(uow.store, name)
    file = ctx.templates.files.get(name)
    if override is None and file is None:
        raise NotFound(f"no template {name}")
    if override is not None:
        return override.source, "override", file
    assert file is not None
    return file, "file", file


async def save_template(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, name: str, source: str
) -> tuple[str, str, str | None]:
    """Override a template; refused (422) when it does not compile or lacks a block."""
    access.require_configurer(who)
    if not name.endswith(".html"):
        error = check(source)
        if error is not None:
            raise Invalid(f"the template does not compile: {error}", field="source")
    existing = await repo.load(uow.store, name)
    repo.stage(
        uow,
        repo.Override(name, source, ctx.now(), who.user_id, existing.version if existing else None),
    )
    digest = hashlib.sha256(source.encode()).hexdigest()
    uow.emit(TemplateChanged(name=name, change="saved", sha256=digest), subject=name)
    await uow.commit()
    log.info("template.saved", name=name, by=who.user_id)
    return source, "override", ctx.templates.files.get(name)


async def reset_template(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, name: str
) -> None:
    """Remove an override: the file applies again."""
    access.require_configurer(who)
    existing = await repo.load(uow.store, name)
    if existing is None:
        raise NotFound(f"template {name} has no override")
    repo.stage_delete(uow, existing)
    uow.emit(TemplateChanged(name=name, change="reset", sha256=None), subject=name)
    await uow.commit()
