"""Routes of the routing rules, endpoints and templates (the service's configuration)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Response

from services.notifications.api.deps import Ctx
from services.notifications.api.schemas_config import (
    EndpointIn,
    EndpointRead,
    RuleIn,
    RuleRead,
    TemplateIn,
    TemplatePreview,
    TemplateRead,
)
from services.notifications.handlers import preview as ph
from services.notifications.handlers import rules as h
from services.notifications.handlers import templates as th
from shared.api import Caller, Uow

router = APIRouter(tags=["configuration"])
RuleId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
EndpointId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
TemplateName = Annotated[
    str, Path(min_length=3, max_length=200, pattern=r"^[a-z0-9_.-]+\.(zh-CN|en|html)$")
]


@router.get("/routing-rules", response_model=list[RuleRead], summary="Every routing rule")
async def list_rules(uow: Uow, ctx: Ctx, who: Caller) -> list[RuleRead]:
    """Which event types reach whom, on which channels (anyone signed in)."""
    return [RuleRead.of(r) for r in await h.list_rules(uow, ctx, who)]


@router.get("/routing-rules/{rule_id}", response_model=RuleRead)
async def get_rule(rule_id: RuleId, uow: Uow, ctx: Ctx, who: Caller) -> RuleRead:
    """One rule."""
    return RuleRead.of(await h.get_rule(uow, ctx, who, rule_id))


@router.put(
    "/routing-rules/{rule_id}",
    response_model=RuleRead,
    summary="Create or replace a rule (200 replaced or unchanged, 201 created)",
)
async def put_rule(
    rule_id: RuleId, body: RuleIn, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> RuleRead:
    """Logistics administrators; open incidents are routed again by the new rules."""
    rule, created = await h.save_rule(uow, ctx, who, rule_id, body)
    response.status_code = 201 if created else 200
    return RuleRead.of(rule)


@router.delete("/routing-rules/{rule_id}", status_code=204, summary="Remove a rule")
async def delete_rule(rule_id: RuleId, uow: Uow, ctx: Ctx, who: Caller) -> Response:
    """A rule of the file comes back at the next start, as the file has it."""
    await h.delete_rule(uow, ctx, who, rule_id)
    return Response(status_code=204)


@router.get("/endpoints", response_model=list[EndpointRead], summary="Webhooks and robots")
async def list_endpoints(uow: Uow, ctx: Ctx, who: Caller) -> list[EndpointRead]:
    """Administrators, auditors, ops (no secrets)."""
    return [EndpointRead.of(e) for e in await h.list_endpoints(uow, ctx, who)]


@router.get("/endpoints/{endpoint_id}", response_model=EndpointRead)
async def get_endpoint(endpoint_id: EndpointId, uow: Uow, ctx: Ctx, who: Caller) -> EndpointRead:
    """One endpoint (administrators, auditors, ops; no secret, no URL query)."""
    return EndpointRead.of(await h.get_endpoint(uow, ctx, who, endpoint_id))


@router.put(
    "/endpoints/{endpoint_id}",
    response_model=EndpointRead,
    summary="Create or replace a webhook or robot endpoint (201 created)",
)
async def put_endpoint(
    endpoint_id: EndpointId, body: EndpointIn, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> EndpointRead:
    """Logistics administrators; without `secret` (or `url`) the stored one is kept."""
    saved, created = await h.save_endpoint(
        uow,
        ctx,
        who,
        body.to_endpoint(endpoint_id),
        keep_secret=body.secret is None,
        keep_url=body.url is None,
    )
    response.status_code = 201 if created else 200
    return EndpointRead.of(saved)


@router.get("/templates", response_model=list[TemplateRead], summary="Message templates")
async def list_templates(uow: Uow, ctx: Ctx, who: Caller) -> list[TemplateRead]:
    """Every template and whether an override is in force."""
    found = await th.list_templates(uow, ctx, who)
    return [TemplateRead(name=n, origin=o) for n, o in found]  # type: ignore[arg-type]


@router.get("/templates/{name}", response_model=TemplateRead)
async def get_template(name: TemplateName, uow: Uow, ctx: Ctx, who: Caller) -> TemplateRead:
    """The source in force and the file's."""
    source, origin, file = await th.get_template(uow, ctx, who, name)
    return TemplateRead(name=name, origin=origin, source=source, file_source=file)  # type: ignore[arg-type]


@router.put(
    "/templates/{name}",
    response_model=TemplateRead,
    summary="Override a template (refused when it does not compile)",
)
async def put_template(
    name: TemplateName, body: TemplateIn, uow: Uow, ctx: Ctx, who: Caller
) -> TemplateRead:
    """Logistics administrators; takes effect for the next event."""
    source, origin, file = await th.save_template(uow, ctx, who, name, body.source)
    return TemplateRead(name=name, origin=origin, source=source, file_source=file)  # type: ignore[arg-type]


@router.post(
    "/templates/{name}/preview",
    response_model=TemplatePreview,
    summary="Render a template's source for the newest event of its type (nothing is saved)",
)
async def preview_template(
    name: TemplateName, body: TemplateIn, uow: Uow, ctx: Ctx, who: Caller
) -> TemplatePreview:
    """Logistics administrators; a template that fails shows its error (200, not saved)."""
    found = await ph.preview_template(uow, ctx, who, name, body.source)
    return TemplatePreview.model_validate(asdict(found))


@router.delete("/templates/{name}", status_code=204, summary="Remove an override")
async def reset_template(name: TemplateName, uow: Uow, ctx: Ctx, who: Caller) -> Response:
    """The file applies again."""
    await th.reset_template(uow, ctx, who, name)
    return Response(status_code=204)
