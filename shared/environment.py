"""Development or production (`CAMPUS_ENV`), and settings read from `*_FILE` variables.

Production (`CAMPUS_ENV=production`) refuses what only development may use: the HMAC secret
in the repository, minted tokens, the demo sign-in. Secrets may come from files (Docker and
Kubernetes secrets) as well as the environment: `CAMPUS_CANTEEN_AMQP_URL_FILE=/run/secrets/amqp`
sets `amqp_url` from the file's content, for every setting (nested ones with `__`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

Environment = Literal["development", "production"]
ENVIRONMENTS: tuple[Environment, ...] = ("development", "production")
#: The HMAC secret every development token is signed with; production refuses it.
DEV_JWT_SECRET = "dev-only-secret-change-me-in-production-32b"
FILE_SUFFIX = "_FILE"


class DevelopmentOnly(RuntimeError):
    """Something only development allows was asked for in production."""


def environment(env: Mapping[str, str] | None = None) -> Environment:
    """`CAMPUS_ENV` (default development); ValueError naming the allowed values otherwise."""
    value = (os.environ if env is None else env).get("CAMPUS_ENV", "development").strip()
    if value not in ENVIRONMENTS:
        raise ValueError(f"CAMPUS_ENV must be one of {ENVIRONMENTS}, not {value!r}")
    return value  # type: ignore[return-value]


def is_production(env: Mapping[str, str] | None = None) -> bool:
    """True when `CAMPUS_ENV=production`."""
    return environment(env) == "production"


def refuse_in_production(what: str, env: Mapping[str, str] | None = None) -> None:
    """Raise `DevelopmentOnly` naming `what` when running in production."""
    if is_production(env):
        raise DevelopmentOnly(f"CAMPUS_ENV=production: {what} is for development only")


def read_secret_file(variable: str, path: str) -> str:
    """The content of a secret file (one trailing newline dropped); ValueError naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{variable}: cannot read {path}: {exc.strerror}") from None
    return text[:-1] if text.endswith("\n") else text


class FileVariablesSource(PydanticBaseSettingsSource):
    """Settings from `<PREFIX><NAME>_FILE` variables: each names a file holding the value.

    A setting given both ways is refused: which one wins would be a guess.
    """

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str] | None = None):
        super().__init__(settings_cls)
        self._env = os.environ if env is None else env

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: `__call__` reads every variable at once (nested names included)."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        prefix = str(self.config.get("env_prefix", "")).upper()
        delimiter = self.config.get("env_nested_delimiter") or "__"
        found: dict[str, Any] = {}
        for variable, path in self._env.items():
            upper = variable.upper()
            if not (upper.startswith(prefix) and upper.endswith(FILE_SUFFIX)):
                continue
            plain = variable[: -len(FILE_SUFFIX)]
            name = upper[len(prefix) : -len(FILE_SUFFIX)].lower()
            if not name:
                continue
            if plain in self._env:
                raise ValueError(f"{plain} and {variable} are both set: keep one")
            parts = name.split(delimiter.lower())
            if parts[0] not in self.settings_cls.model_fields:
                continue
            target = found
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = read_secret_file(variable, path)
        return found
