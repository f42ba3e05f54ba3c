"""Use cases of routing rules and endpoints: the rules file at start, and administrators' edits.

The file (`deploy/notifications/rules.toml`) owns the rules it names while nobody edits them:
at start, a file rule missing from the store is inserted, one the file changed is replaced,
one the file dropped is deleted, each with its `notifications.rule.changed.v1`. A rule an
administrator saved (`origin = "api"`) is theirs: the file no longer touches it (DELETE it to
hand it back to the file at the next start). An invalid file stops the service at start.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from services.notifications.domain import access
from services.notifications.domain.endpoints import Endpoint, host_allowed
from services.notifications.domain.rules import Rule, RuleSpec
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import rules as repo
from shared.auth import Principal
from shared.errors import Invalid, NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)
FILE_ACTOR = "deploy:rules.toml"


def read_rules_file(path: Path) -> dict[str, RuleSpec]:
    """The rules of the file by id; ValueError naming the rule and field that is wrong."""
    with path.open("rb") as f:
        raw = tomllib.load(f)
    rules: dict[str, RuleSpec] = {}
    for n, entry in enumerate(raw.get("rule", []), start=1):
        entry = dict(entry)
        rule_id = entry.pop("id", None)
        if not rule_id:
            raise ValueError(f"{path}: rule #{n} has no id")
        if rule_id in rules:
            raise ValueError(f"{path}: rule id {rule_id} appears twice")
        try:
            rules[rule_id] = RuleSpec.model_validate(entry)
        except ValidationError as exc:
            raise ValueError(f"{path}: rule {rule_id}: {exc}") from exc
    return rules


async def load_rules_file(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> int:
    """Bring the store's file rules in line with the file; returns how many changed."""
    access.require_service(who)
    wanted = read_rules_file(ctx.settings.rules_file)
    stored = {r.rule_id: r for r in await repo.all_rules(uow.store)}
    now, changed = ctx.now(), 0
    for rule_id, spec in wanted.items():
        have = stored.get(rule_id)
        if have is not None and (have.origin == "api" or have.spec == spec):
            continue
        base = have or Rule(rule_id, spec, "file")
        repo.stage_rule(uow, base.saved(spec, origin="file", at=now, by=FILE_ACTOR))
        changed += 1
    for rule_id, have in stored.items():
        if have.origin == "file" and rule_id not in wanted:
            repo.stage_rule_delete(uow, have.deleted(by=FILE_ACTOR))
            changed += 1
    if changed:
        await uow.commit()
    log.info("rules.file_loaded", rules=len(wanted), changed=changed)
    return changed


async def list_rules(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> list[Rule]:
    """Every rule (anyone signed in may see who hears about what)."""
    return await repo.all_rules(uow.store)


async def get_rule(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, rule_id: str
) -> Rule:
    """One rule."""
    rule = await repo.load_rule(uow.store, rule_id)
    if rule is None:
        raise NotFound(f"no routing rule {rule_id}")
    return rule


async def save_rule(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, rule_id: str, spec: RuleSpec
) -> tuple[Rule, bool]:
    """Create or replace a rule (logistics_admin); returns it and whether it was created."""
    access.require_configurer(who)
    # The API's input subclass and the stored rule compare as the same plain spec.
    spec = RuleSpec.model_validate(spec.model_dump(by_alias=True))
    have = await repo.load_rule(uow.store, rule_id)
    if have is not None and have.spec == spec and have.origin == "api":
        return have, False
    base = have or Rule(rule_id, spec, "api")
    saved = base.saved(spec, origin="api", at=ctx.now(), by=who.user_id)
    repo.stage_rule(uow, saved)
    await uow.commit()
    log.info("rule.saved", rule_id=rule_id, by=who.user_id)
    return replace(saved, version=(have.version if have else 0) + 1), have is None


async def delete_rule(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, rule_id: str
) -> None:
    """Remove a rule (a file rule returns at the next start, as the file says)."""
    access.require_configurer(who)
    have = await repo.load_rule(uow.store, rule_id)
    if have is None:
        raise NotFound(f"no routing rule {rule_id}")
    repo.stage_rule_delete(uow, have.deleted(by=who.user_id))
    await uow.commit()


async def list_endpoints(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /
) -> list[Endpoint]:
    """Every endpoint (administrators, auditors, ops; secrets are never shown)."""
    access.require_config_reader(who)
    return await repo.all_endpoints(uow.store)


async def get_endpoint(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, endpoint_id: str
) -> Endpoint:
    """One endpoint (administrators, auditors, ops; the read view hides the secret)."""
    access.require_config_reader(who)
    found = await repo.load_endpoint(uow.store, endpoint_id)
    if found is None:
        raise NotFound(f"no endpoint {endpoint_id}")
    return found


async def save_endpoint(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    endpoint: Endpoint,
    *,
    keep_secret: bool,
    keep_url: bool = False,
) -> tuple[Endpoint, bool]:
    """Create or replace an endpoint; `keep_secret`, `keep_url`: the stored one stays (reads
    never show either whole, so an edit need not send them again)."""
    access.require_configurer(who)
    have = await repo.load_endpoint(uow.store, endpoint.endpoint_id)
    if keep_url:
        if have is None:
            raise Invalid("a new endpoint needs its url", field="url")
        endpoint = replace(endpoint, url=have.url)
    if not host_allowed(endpoint.url, ctx.settings.allowed_hosts):
        raise Invalid(
            f"{urlsplit(endpoint.url).hostname} is not an allowed host: an administrator adds "
            "it to CAMPUS_NOTIFICATIONS_ALLOWED_HOSTS (the setting `allowed_hosts`)",
            field="url",
        )
    if keep_secret and have is not None:
        endpoint = replace(endpoint, secret=have.secret)
    endpoint = replace(endpoint, version=have.version if have else None)
    if have is not None and have == endpoint:
        return have, False
    saved = endpoint.saved(have, at=ctx.now())
    repo.stage_endpoint(uow, saved)
    await uow.commit()
    log.info("endpoint.saved", endpoint_id=endpoint.endpoint_id, by=who.user_id)
    return replace(saved, version=(have.version if have else 0) + 1), have is None
