"""The committed AsyncAPI document passes the official parser, and every example its schema.

The parser is `@asyncapi/parser` from npm, pinned by tools/asyncapi/package-lock.json and
installed by `./campus test` (`npm ci`); tools/asyncapi/validate.mjs prints each diagnostic and
exits 1 on any error.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "asyncapi"
CATALOGUE = ROOT / "docs" / "events" / "asyncapi.json"


def parse(path: Path) -> subprocess.CompletedProcess[str]:
    """Run the official parser on `path`."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: install Debian's nodejs and npm (./campus test does)")
    if not (TOOL / "node_modules" / "@asyncapi" / "parser").is_dir():
        pytest.fail(
            "the AsyncAPI parser is not installed: `npm ci` in tools/asyncapi (./campus test)"
        )
    return subprocess.run(
        [node, str(TOOL / "validate.mjs"), str(path)],
        cwd=TOOL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_official_parser_reports_no_error_on_the_committed_catalogue():
    done = parse(CATALOGUE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: AsyncAPI 3.0.0" in done.stdout
    assert "\nerror\t" not in "\n" + done.stdout


def test_the_parser_refuses_a_ref_that_points_to_nothing(tmp_path):
    doc = json.loads(CATALOGUE.read_text())
    message = next(iter(doc["components"]["messages"].values()))
    message["payload"]["allOf"].append({"$ref": "#/$defs/Nowhere"})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    done = parse(broken)
    assert done.returncode == 1 and "invalid-ref" in done.stdout, done.stdout + done.stderr


def _validator(doc: dict, key: str) -> jsonschema.Draft202012Validator:
    # The payload's refs are relative to the document root: validate against the whole document
    # with a ref to the message's payload.
    root = {**doc, "$ref": f"#/components/messages/{key}/payload"}
    return jsonschema.Draft202012Validator(root)


def test_every_example_event_validates_against_its_message_schema():
    doc = json.loads(CATALOGUE.read_text())
    checked = 0
    for key, message in doc["components"]["messages"].items():
        validator = _validator(doc, key)
        for example in message.get("examples", ()):
            errors = sorted(validator.iter_errors(example["payload"]), key=str)
            assert not errors, f"{message['name']}: {errors[0].message} at {list(errors[0].path)}"
            checked += 1
    assert checked == len(doc["components"]["messages"]), "every message has an example"


def test_a_wrong_example_is_refused():
    doc = json.loads(CATALOGUE.read_text())
    key, message = next(
        (k, m) for k, m in doc["components"]["messages"].items() if m["payload"]["allOf"]
    )
    payload = copy.deepcopy(message["examples"][0]["payload"])
    payload["type"] = "not.this.type.v1"
    assert list(_validator(doc, key).iter_errors(payload)), "a wrong type must not validate"
    required = doc["components"]["messages"][key]["payload"]["allOf"][1]["properties"]["data"]
    if required.get("required"):
        del payload["data"][required["required"][0]]
        payload["type"] = message["name"]
        assert list(_validator(doc, key).iter_errors(payload))
