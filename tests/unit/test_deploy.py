"""The production-shaped deployment files stay valid and agree with the code.

Docker cannot run here, so the compose file is checked against the Compose schema and against
the code: every command, port, variable, metric, node and database it names must exist.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from campusctl.platform import SERVICES
from shared.settings import ServiceSettings
from shared.topology import SUBSCRIPTIONS, Names, definitions

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
RABBIT_NODES = ("rabbitmq-1", "rabbitmq-2", "rabbitmq-3")
DASHBOARDS = sorted((ROOT / "deploy/grafana/dashboards").glob("*.json"))


def settings_class(service: str) -> type[ServiceSettings]:
    """The service's settings class (the one its module defines)."""
    module = importlib.import_module(f"services.{service}.settings")
    return next(
        v
        for k, v in vars(module).items()
        if k.endswith("Settings") and getattr(v, "__module__", "") == module.__name__
    )


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


def test_every_service_runs_two_replicas_of_a_module_that_exists_on_its_port():
    for svc in SERVICES:
        spec = COMPOSE["services"][svc.name]
        assert spec["command"] == ["python", "-m", f"services.{svc.name}"]
        assert (ROOT / "services" / svc.name / "__main__.py").is_file()
        assert spec["deploy"]["replicas"] == 2 and spec["restart"] == "unless-stopped"
        assert "ports" not in spec, "replicas share no host port: the gateway publishes it"
        check = " ".join(spec["healthcheck"]["test"])
        assert f"127.0.0.1:{svc.port}/{'health' if svc.stateless else 'ready'}" in check
        prefix = f"CAMPUS_{svc.name.upper()}_"
        env = spec["environment"]
        assert env[prefix + "HTTP_PORT"] == str(svc.port)
        settings_cls = settings_class(svc.name)
        assert settings_cls.model_config["env_prefix"] == prefix
        assert settings_cls().http_port == svc.port


#: Values for the variables compose requires (`${NAME:?…}`), as an operator would set them.
REQUIRED = {
    "CAMPUS_JWT_SECRET": "compose-test-jwt-secret-0123456789abcdef",
    "CAMPUS_CONSOLE_SESSION_SECRET": "compose-test-session-secret-0123456789abcdef",
}


def resolved(value: str) -> str:
    """A compose value with `${NAME:-default}` and `${NAME:?message}` filled in."""

    def fill(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        return rest if kind == ":-" else REQUIRED[name]

    return re.sub(r"\$\{([A-Z_]+)(:-|:\?)([^}]*)\}", fill, value)


def test_every_service_accepts_the_environment_compose_gives_it(monkeypatch):
    for svc in SERVICES:
        prefix = f"CAMPUS_{svc.name.upper()}_"
        settings_cls = settings_class(svc.name)
        env = COMPOSE["services"][svc.name]["environment"]
        for variable, value in env.items():
            assert variable.startswith(prefix), variable
            name = variable.removeprefix(prefix).lower().split("__")[0]
            assert name in settings_cls.model_fields, f"{variable} names no setting"
            monkeypatch.setenv(variable, resolved(str(value)))
        settings = settings_cls()  # a value the service would refuse fails here
        assert settings.http_host == "0.0.0.0" and settings.http_port == svc.port
        if not svc.stateless:
            assert len(settings.amqp_urls) == len(RABBIT_NODES)
            assert settings.resolved_store_url().startswith("mongodb://mongo-1:27017,")


def test_the_gateway_publishes_each_service_port_and_routes_it_to_that_service():
    gateway = COMPOSE["services"]["gateway"]
    assert gateway["ports"] == [f"{s.port}:{s.port}" for s in SERVICES]
    conf = (ROOT / "deploy/nginx/nginx.conf").read_text()
    routes = dict(re.findall(r"listen (\d+);.*?set \$up ([a-z]+:\d+);", conf))
    assert routes == {str(s.port): f"{s.name}:{s.port}" for s in SERVICES}


def test_three_rabbitmq_4_nodes_cluster_by_name_with_both_plugins_and_the_definitions():
    nodes = {k: v for k, v in COMPOSE["services"].items() if k.startswith("rabbitmq-")}
    assert tuple(sorted(nodes)) == RABBIT_NODES
    conf = (ROOT / "deploy/rabbitmq/rabbitmq.conf").read_text()
    for name, spec in nodes.items():
        assert re.fullmatch(r"rabbitmq:4\.\d+-management", spec["image"]), spec["image"]
        assert spec["hostname"] == name
        assert spec["environment"]["RABBITMQ_NODENAME"] == f"rabbit@{name}"
        assert f"= rabbit@{name}\n" in conf
        mounts = {m.split(":")[1] for m in spec["volumes"] if m.startswith("./")}
        assert {"/etc/rabbitmq/definitions.json", "/etc/rabbitmq/enabled_plugins"} <= mounts
    assert "load_definitions = /etc/rabbitmq/definitions.json" in conf
    plugins = (ROOT / "deploy/rabbitmq/enabled_plugins").read_text()
    assert "rabbitmq_management" in plugins and "rabbitmq_prometheus" in plugins


def test_services_get_every_node_and_their_own_user_and_no_configure_rights():
    committed = json.loads((ROOT / "deploy/rabbitmq/definitions.json").read_text())
    assert committed == definitions(Names("campus"), delivery_limit=5)
    queues = {q["name"] for q in committed["queues"]}
    assert {f"campus.{c}" for c in SUBSCRIPTIONS} <= queues
    users = {u["name"] for u in committed["users"]}
    for svc in (s for s in SERVICES if not s.stateless):
        env = COMPOSE["services"][svc.name]["environment"]
        prefix = f"CAMPUS_{svc.name.upper()}_"
        urls = ServiceSettings(amqp_url=env[prefix + "AMQP_URL"]).amqp_urls
        assert [urlsplit(u).hostname for u in urls] == list(RABBIT_NODES)
        assert {urlsplit(u).username for u in urls} == {svc.name} and svc.name in users
        assert {urlsplit(u).path for u in urls} == {"/campus"}
        assert env[prefix + "DECLARE_TOPOLOGY"] == "false"


def test_mongodb_is_a_replica_set_of_three_and_postgresql_a_profile_with_a_database_each():
    mongos = sorted(k for k in COMPOSE["services"] if k.startswith("mongo-"))
    assert mongos == ["mongo-1", "mongo-2", "mongo-3"]
    init = (ROOT / "deploy/mongo/init-replica-set.js").read_text()
    assert all(f'"{m}:27017"' in init for m in mongos)
    assert COMPOSE["services"]["postgres"]["profiles"] == ["postgres"]
    sql = (ROOT / "deploy/postgres/init-databases.sql").read_text()
    env_file = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy/postgres.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for svc in (s for s in SERVICES if not s.stateless):
        variable = f"CAMPUS_{svc.name.upper()}_STORE_URL"
        default = COMPOSE["services"][svc.name]["environment"][variable]
        # ${VAR:-mongodb://…}: MongoDB unless the PostgreSQL env file says otherwise.
        assert default == (
            f"${{{variable}:-mongodb://mongo-1:27017,mongo-2:27017,mongo-3:27017/"
            f"{svc.name}?replicaSet=rs0}}"
        )
        url = urlsplit(env_file[variable])
        assert url.scheme == "postgresql" and url.hostname == "postgres"
        assert f"CREATE DATABASE {url.path.strip('/')} " in sql


def _metric_names() -> tuple[set[str], list[re.Pattern[str]]]:
    """Metric names the code declares: literal ones, and f-string templates as patterns
    (`f"campus_notifications_{family.name}_total"` matches campus_notifications_email_total)."""
    source = "".join(
        p.read_text() for folder in ("shared", "services") for p in (ROOT / folder).rglob("*.py")
    )
    literal = set(re.findall(r'(?<!f)"(campus_[a-z_]+)"', source))
    templates = [
        re.compile(
            "".join(
                "[a-z]+" if part.startswith("{") else re.escape(part)
                for part in re.split(r"(\{[^}]+\})", t)
            )
        )
        for t in re.findall(r'f"(campus_[a-z_]*\{[^"]+)"', source)
    ]
    return literal, templates


def _exprs() -> list[str]:
    rules = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
    exprs = [r["expr"] for g in rules["groups"] for r in g.get("rules", [])]
    for path in DASHBOARDS:
        exprs += [t["expr"] for p in json.loads(path.read_text())["panels"] for t in p["targets"]]
    return exprs


def test_prometheus_finds_every_replica_and_rules_and_dashboards_name_real_metrics():
    prom = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    jobs = {sc["job_name"]: sc for sc in prom["scrape_configs"]}
    discovered = {f"{n}:{c['port']}" for c in jobs["campus"]["dns_sd_configs"] for n in c["names"]}
    assert discovered == {f"{s.name}:{s.port}" for s in SERVICES}
    relabel = jobs["campus"]["relabel_configs"]
    assert {"source_labels": ["__meta_dns_name"], "target_label": "service"} in relabel
    brokers = {t for c in jobs["rabbitmq"]["static_configs"] for t in c["targets"]}
    assert brokers == {f"{n}:15692" for n in RABBIT_NODES}
    declared, templates = _metric_names()
    assert "campus_outbox_backlog" in declared and "campus_maintenance_rating_average" in declared
    assert any(t.fullmatch("campus_notifications_email_backlog") for t in templates)
    for expr in _exprs():
        assert "exported_service" not in expr
        for name in re.findall(r"\bcampus_[a-z_]+", expr):
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            known = name in declared or base in declared
            assert known or any(t.fullmatch(name) for t in templates), f"{name} in {expr!r}"


def test_every_domain_gauge_is_on_its_service_s_dashboard():
    """What a service's metrics.py exports is shown: a gauge nobody looks at is a gap."""
    for service in ("canteen", "assets", "maintenance"):
        declared = set(
            re.findall(r'"(campus_[a-z_]+)"', (ROOT / f"services/{service}/metrics.py").read_text())
        )
        board = json.loads((ROOT / f"deploy/grafana/dashboards/campus-{service}.json").read_text())
        shown = {
            name
            for p in board["panels"]
            for t in p["targets"]
            for name in re.findall(r"\bcampus_[a-z_]+", t["expr"])
        }
        assert declared and declared <= shown, f"{service}: not on its dashboard {declared - shown}"


def test_dashboards_are_provisioned_from_their_folder_on_the_provisioned_datasource():
    assert {p.stem for p in DASHBOARDS} >= {
        "campus-delivery",
        "campus-maintenance",
        "campus-notifications",
        "campus-canteen",
        "campus-assets",
    }
    source = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    uid = source["datasources"][0]["uid"]
    uids = []
    for path in DASHBOARDS:
        board = json.loads(path.read_text())
        uids.append(board["uid"])
        ids = [p["id"] for p in board["panels"]]
        assert len(ids) == len(set(ids)), path.name
        assert all(p["datasource"]["uid"] == uid for p in board["panels"]), path.name
    assert len(uids) == len(set(uids))
    grafana = COMPOSE["services"]["grafana"]["volumes"]
    assert "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro" in grafana


def test_dockerfile_copies_what_exists_and_installs_the_locked_project():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    copies = [line.split()[1:-1] for line in lines if line.startswith("COPY ")]
    sources = [src for group in copies for src in group]
    assert sources and all((ROOT / src).exists() for src in sources), sources
    assert {"shared", "services", "requirements.lock", "pyproject.toml"} <= set(sources)
    assert any("-c requirements.lock" in line for line in lines if line.startswith("RUN "))
    assert COMPOSE["x-service"]["build"] == "."
