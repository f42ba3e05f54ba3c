"""The services' HTTP APIs as the console calls them: as the person, with the request's ids.

A transport failure or a 502/503/504 is `ServiceDown` (the page shows a banner naming the
service); any other 4xx/5xx is `ApiRefused` carrying the service's RFC 9457 problem document.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from shared.context import current as current_causality
from shared.logging import get_logger

log = get_logger(__name__)
_DOWN_STATUSES = {502, 503, 504}
_CORRELATION = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def story_headers(story: str | None) -> dict[str, str]:
    """Carry a work order's correlation id (maintenance's `correlation_id`) onto a step of it,
    so audit tells its life as one story; without one, the request's own id goes."""
    if story and _CORRELATION.match(story):
        return {"X-Correlation-Id": story}
    return {}


class ServiceDown(Exception):
    """A service did not answer (or answered that it is unavailable)."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class ApiRefused(Exception):
    """A service refused the call; `problem` is its problem document."""

    def __init__(self, service: str, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{service} answered {status}: {problem.get('detail')}")
        self.service = service
        self.status = status
        self.problem = problem
        self.headers: Mapping[str, str] = {}

    @property
    def detail(self) -> str:
        """The service's reason, as it wrote it."""
        return str(self.problem.get("detail") or self.problem.get("title") or "")


@dataclass
class Backend:
    """One service's API."""

    name: str
    client: httpx.AsyncClient

    def _headers(self, token: str | None, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        causality = current_causality()
        if causality.correlation_id:
            headers["X-Correlation-Id"] = causality.correlation_id
        if token:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(extra or {})
        return headers

    async def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        unavailable_ok: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        """The raw answer of one call; ServiceDown when the service cannot be reached (or
        answers 502/503/504, unless `unavailable_ok`: a readiness probe reads that answer)."""
        headers = self._headers(token, kwargs.pop("headers", None))
        try:
            response = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            log.warning("backend.unreachable", service=self.name, path=path, error=repr(exc))
            raise ServiceDown(self.name, type(exc).__name__) from None
        if response.status_code in _DOWN_STATUSES and not unavailable_ok:
            log.warning("backend.unavailable", service=self.name, status=response.status_code)
            raise ServiceDown(self.name, f"HTTP {response.status_code}")
        return response

    async def call(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        """The JSON answer of one call, or ApiRefused with the problem document."""
        response = await self.send(method, path, token=token, **kwargs)
        if response.status_code >= 400:
            raise _refused(self.name, response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    async def get(self, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        """GET, JSON answer."""
        return await self.call("GET", path, token=token, **kwargs)

    async def post(self, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        """POST, JSON answer."""
        return await self.call("POST", path, token=token, **kwargs)

    async def put(self, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        """PUT, JSON answer."""
        return await self.call("PUT", path, token=token, **kwargs)

    async def delete(self, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        """DELETE (no content, or a JSON answer)."""
        return await self.call("DELETE", path, token=token, **kwargs)

    async def stream(
        self, path: str, *, token: str, params: Any = None
    ) -> tuple[httpx.Response, AsyncIterator[bytes]]:
        """A streamed GET (exports): the answer's head, and its body as it arrives."""
        request = self.client.build_request(
            "GET", path, params=params, headers=self._headers(token, None)
        )
        try:
            response = await self.client.send(request, stream=True)
        except httpx.TransportError as exc:
            raise ServiceDown(self.name, type(exc).__name__) from None
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
            if response.status_code in _DOWN_STATUSES:
                raise ServiceDown(self.name, f"HTTP {response.status_code}")
            raise _refused(self.name, response)

        async def body() -> AsyncIterator[bytes]:
            try:
                async for chunk in response.aiter_raw():
                    yield chunk
            finally:
                await response.aclose()

        return response, body()


def _refused(service: str, response: httpx.Response) -> ApiRefused:
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    problem.setdefault("status", response.status_code)
    error = ApiRefused(service, response.status_code, problem)
    error.headers = dict(response.headers)
    return error


class Backends:
    """Every service the console calls, by name."""

    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        timeout: float,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self.urls = dict(urls)
        transports = transports or {}
        self._backends = {
            name: Backend(
                name,
                httpx.AsyncClient(base_url=url, timeout=timeout, transport=transports.get(name)),
            )
            for name, url in urls.items()
        }

    def __getitem__(self, name: str) -> Backend:
        return self._backends[name]

    async def aclose(self) -> None:
        """Close every connection pool."""
        for backend in self._backends.values():
            await backend.client.aclose()
