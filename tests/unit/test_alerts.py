"""Prometheus' own checks of the deployment: `promtool check config`, `check rules`, `test rules`.

promtool comes with Debian's `prometheus` package; `./campus test` installs it when missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROMETHEUS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
#: The unit-test files of alerts.yml: minutes-long windows, and days-long ones (15 min steps).
TEST_FILES = ("alerts_test.yml", "alerts_days_test.yml")


def promtool(*args: str) -> str:
    """Run promtool in deploy/prometheus; fails the test with its output when it refuses."""
    exe = shutil.which("promtool")
    if exe is None:
        pytest.fail("promtool not found: install Debian's prometheus package (./campus test does)")
    done = subprocess.run(
        [exe, *args], cwd=PROMETHEUS, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_prometheus_config_and_its_rule_files_are_valid():
    out = promtool("check", "config", "prometheus.yml")
    assert "SUCCESS" in out and "1 rule files found" in out


def test_alert_rules_are_valid():
    assert "SUCCESS" in promtool("check", "rules", "alerts.yml")


def test_alert_rules_pass_their_unit_tests():
    out = promtool("test", "rules", *TEST_FILES)
    assert out.count("SUCCESS") == len(TEST_FILES), out


def test_every_alert_has_a_unit_test():
    import yaml

    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
    tested = {
        case["alertname"]
        for name in TEST_FILES
        for test in yaml.safe_load((PROMETHEUS / name).read_text())["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert alerts == tested, f"alerts never seen firing in {TEST_FILES}: {alerts - tested}"
