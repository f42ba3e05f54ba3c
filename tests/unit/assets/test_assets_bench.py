"""The assets benchmark runs end to end at a few hundred assets (figures are not checked)."""

from __future__ import annotations

from bench.assets_bench import run


async def test_the_benchmark_runs_small(capsys):
    await run(assets=300, buildings=5, people=40, requests=3, import_rows=50)
    out = capsys.readouterr().out
    assert "imported 50 rows" in out and "slowest HTTP p95" in out
