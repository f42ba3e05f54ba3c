"""docs/security.md carries the matrix the test reads, so the two cannot drift."""

from __future__ import annotations

from tests.security.matrix import DOC, ROWS, documented, parse, render


def test_the_documented_matrix_is_the_tested_one():
    assert documented(DOC.read_text(encoding="utf-8")) == render(), (
        "docs/security.md and tests/security/matrix.py disagree: run `make security-doc`"
    )


def test_every_row_parses_and_names_a_route_once():
    seen = set()
    for service, method, path, rule in ROWS:
        parse(rule)  # raises on an unknown word
        assert (service, method, path) not in seen, f"two rows for {service} {method} {path}"
        seen.add((service, method, path))
