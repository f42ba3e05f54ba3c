"""Every service has the anatomy of docs/building-a-service.md: the same file roles, no strays."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "main.py").exists())
FILES = (
    "__init__.py",
    "__main__.py",
    "README.md",
    "main.py",
    "settings.py",
    "events.py",
    "consumed.py",
    "subscribers.py",
    "demo.py",
    "domain/__init__.py",
    "domain/access.py",
    "handlers/__init__.py",
    "handlers/context.py",
    "repository/__init__.py",
    "api/__init__.py",
    "api/deps.py",
    "api/schemas.py",
)
OPTIONAL_TOP_LEVEL = {"metrics.py", "cli.py"}
FOLDERS = {"domain", "handlers", "repository", "api"}
#: A role a service may hold as one module or, grown past ~300 lines, as a package of that name.
MAY_BE_PACKAGES = {"events.py", "consumed.py"}


def _has(folder: Path, role: str) -> bool:
    if (folder / role).exists():
        return True
    return role in MAY_BE_PACKAGES and (folder / role.removesuffix(".py") / "__init__.py").exists()


def test_every_service_is_found() -> None:
    assert {"canteen", "assets", "maintenance", "notifications", "audit"} <= set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_has_every_file_role(service: str) -> None:
    folder = ROOT / "services" / service
    missing = [f for f in FILES if not _has(folder, f)]
    assert not missing, f"services/{service} lacks {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_has_no_stray_top_level_module(service: str) -> None:
    folder = ROOT / "services" / service
    top = {p.name for p in folder.iterdir() if p.suffix == ".py"}
    strays = top - {f for f in FILES if "/" not in f} - OPTIONAL_TOP_LEVEL
    dirs = {p.name for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert not strays, f"services/{service}: {sorted(strays)} has no role in the anatomy"
    packages = {r.removesuffix(".py") for r in MAY_BE_PACKAGES if not (folder / r).exists()}
    allowed = FOLDERS | packages | {"templates", "static", "locales"}
    assert dirs <= allowed, sorted(dirs - allowed)
    for role in MAY_BE_PACKAGES:
        both = (folder / role).exists() and (folder / role.removesuffix(".py")).is_dir()
        assert not both, f"services/{service}: {role} and its package both exist"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_routes_do_not_touch_the_store_and_the_domain_does_no_io(service: str) -> None:
    folder = ROOT / "services" / service
    for path in sorted((folder / "api").glob("*.py")):
        text = path.read_text()
        assert ".store." not in text and "store.find(" not in text, f"{path}: store call in api"
    for path in sorted((folder / "domain").glob("*.py")):
        bad = {
            m
            for m in _imports(path)
            if m.startswith(("shared.store", "shared.uow", "fastapi", "aio_pika", "faststream"))
        }
        assert not bad, f"{path} imports {sorted(bad)}: the domain is pure"


def test_shared_imports_no_service() -> None:
    for path in sorted((ROOT / "shared").rglob("*.py")):
        services = {m for m in _imports(path) if m.startswith(("services", "campusctl", "tests"))}
        assert not services, f"{path} imports {sorted(services)}"


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another(service: str) -> None:
    for path in sorted((ROOT / "services" / service).rglob("*.py")):
        others = {
            m
            for m in _imports(path)
            if m.startswith("services.") and not m.startswith(f"services.{service}")
        }
        assert not others, f"{path} imports {sorted(others)}"
