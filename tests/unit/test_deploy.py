"""The production-shaped deployment files stay valid and agree with the code."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from campusctl.platform import SERVICES
from shared.topology import SUBSCRIPTIONS, Names, definitions

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_validates_against_the_compose_spec_schema():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(ROOT / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_service_in_compose_runs_a_module_that_exists_on_its_port():
    for svc in SERVICES:
        spec = COMPOSE["services"][svc.name]
        assert spec["command"] == ["python", "-m", f"services.{svc.name}"]
        assert (ROOT / "services" / svc.name / "__main__.py").is_file()
        prefix = f"CAMPUS_{svc.name.upper()}_"
        env = spec["environment"]
        assert env[prefix + "HTTP_PORT"] == str(svc.port)
        assert spec["ports"] == [f"{svc.port}:{svc.port}"]
        if not svc.stateless:
            assert env[prefix + "STORE_URL"].startswith(f"mongodb://mongo:27017/{svc.name}?")
        settings_module = importlib.import_module(f"services.{svc.name}.settings")
        settings_cls = next(
            v
            for k, v in vars(settings_module).items()
            if k.endswith("Settings") and getattr(v, "__module__", "") == settings_module.__name__
        )
        assert settings_cls.model_config["env_prefix"] == prefix
        assert settings_cls().http_port == svc.port


def test_prometheus_scrapes_every_service_and_alerts_name_real_metrics():
    prom = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {
        t for sc in prom["scrape_configs"] for c in sc["static_configs"] for t in c["targets"]
    }
    assert targets == {f"{s.name}:{s.port}" for s in SERVICES}
    metrics_source = "".join(p.read_text() for p in sorted((ROOT / "shared").rglob("*.py")))
    rules = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/campus-delivery.json").read_text())
    exprs = [r["expr"] for g in rules["groups"] for r in g.get("rules", [])]
    exprs += [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    for expr in exprs:
        for name in re.findall(r"\b(campus_[a-z_]+?)(?:_bucket|_total)?\b", expr):
            assert name in metrics_source, f"{name} in {expr!r} is not a metric the code exports"


def test_rabbitmq_definitions_match_the_subscription_list():
    committed = json.loads((ROOT / "deploy/rabbitmq/definitions.json").read_text())
    assert committed == definitions(Names("campus"), delivery_limit=5)
    queues = {q["name"] for q in committed["queues"]}
    assert {f"campus.{c}" for c in SUBSCRIPTIONS} <= queues
    for svc in (s for s in SERVICES if not s.stateless):
        env = COMPOSE["services"][svc.name]["environment"]
        assert env[f"CAMPUS_{svc.name.upper()}_AMQP_URL"].startswith(f"amqp://{svc.name}:")
        assert env[f"CAMPUS_{svc.name.upper()}_DECLARE_TOPOLOGY"] == "false"


def test_dockerfile_copies_what_exists_and_installs_the_locked_project():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    copies = [line.split()[1:-1] for line in lines if line.startswith("COPY ")]
    sources = [src for group in copies for src in group]
    assert sources and all((ROOT / src).exists() for src in sources), sources
    assert {"shared", "services", "requirements.lock", "pyproject.toml"} <= set(sources)
    assert any("-c requirements.lock" in line for line in lines if line.startswith("RUN "))
    assert COMPOSE["x-service"]["build"] == "."
