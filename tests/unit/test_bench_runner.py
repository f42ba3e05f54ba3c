"""The bench runner's parsing and reporting (no timing: figures are made up, never measured)."""

from __future__ import annotations

from bench import report
from bench.__main__ import SUITE, available, plan
from bench.pipeline_phases import percentile
from bench.pipeline_report import goals, print_report
from bench.system import parse_wrk

FIGURES = {
    "baseline_per_s": 3000.0,
    "floor": {"per_s": 7000.0, "cpu_ms_per_request": 0.14, "rss_mib": 60.0, "failed": 0},
    "saturated": {
        "accepted": 12000,
        "failed": 0,
        "accepted_per_s": 2000.0,
        "end_to_end_per_s": 1200.0,
        "http_p50_ms": 10.0,
        "http_p99_ms": 40.0,
        "cpu_ms_per_command": {"assets": 0.8, "audit": 0.7, "notifications": 0.2},
        "rss_mib": {"assets": 120.0, "audit": 160.0, "broker": 400.0},
    },
    "paced": {
        "sent": 4000,
        "failed": 0,
        "p50_ms": 5.0,
        "p95_ms": 12.0,
        "p99_ms": 30.0,
        "http_p50_ms": 2.0,
        "http_p99_ms": 8.0,
        "mean_ms": 6.0,
    },  # fmt: skip
    "backlog": {"events": 500, "events_per_s": 3500.0, "cpu_ms_per_event": 0.3, "rss_mib": 90.0},
    "campus_up": {"total": 4.2},
}


def test_the_suite_names_only_benchmarks_that_exist_and_quick_passes_small_sizes():
    runs, suite = plan(["--quick"])
    assert suite
    assert [name for name, _ in runs] == [name for name, _, _ in SUITE]
    assert set(name for name, _ in runs) <= set(available())
    assert runs[0] == ("pipeline", ["--quick"])
    assert plan([])[0][1] == ("relay", ["--events", "2000"])


def test_a_named_benchmark_runs_alone_with_its_arguments_and_writes_no_report():
    assert plan(["relay", "--events", "5"]) == ([("relay", ["--events", "5"])], False)
    assert plan(["--quick", "audit"]) == ([("audit", [])], False)


def test_the_wrk_summary_line_is_read_with_every_kind_of_failure_counted():
    result = parse_wrk(
        '{"requests":1000,"duration_us":2000000,"status_errors":3,"connect":1,"read":0,'
        '"write":0,"timeout":1,"p50_us":1500,"p99_us":9000}'
    )
    assert (result.ok, result.failed, result.rate) == (995, 5, 497.5)
    assert (result.p50_ms, result.p99_ms) == (1.5, 9.0)


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 99), percentile(values, 100)) == (
        50,
        99,
        100,
    )
    assert percentile([], 50) != percentile([], 50)  # nan: no sample, no figure


def test_goals_are_judged_from_the_figures_and_the_broker_is_not_a_process_of_ours():
    judged = {name: met for name, _, met in goals(FIGURES)}
    assert judged == {
        "pipeline ≥ 0.5 × raw broker": False,  # 1200 / 3000
        "p99 ≤ 25 ms command → audit at 200/s": False,
        "≤ 1 ms CPU per command in assets": True,
        "≤ 0.5 ms CPU per event in audit": False,
        "audit ≥ 3,000 events/s live": True,
        "≤ 150 MiB per process": False,  # audit's 160, not the broker's 400
    }


def test_the_report_prints_every_figure_and_every_goal(capsys):
    print_report(FIGURES)
    out = capsys.readouterr().out
    assert "| ratio to raw broker" in out and "0.40" in out
    assert "5.0 / 12.0 / 30.0 ms" in out
    assert out.count("goal met") == 2 and out.count("goal NOT MET") == 4


def test_benchmarks_md_keeps_the_notes_around_the_generated_section(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    first = report.run_section(
        machine="cpu x",
        date="d1",
        command="./campus bench",
        load="0.1 / 0.2 / 0.3",
        outputs=[("relay", "fig 1\n")],
    )
    report.write(path, first)
    path.write_text("# Benchmarks\n\nnotes before\n\n" + path.read_text().split("\n\n", 1)[1])
    path.write_text(path.read_text() + "\nnotes after\n")
    second = report.run_section(
        machine="cpu y",
        date="d2",
        command="./campus bench --quick",
        load="1.5 / 1.0 / 0.5",
        outputs=[("audit", "fig 2")],
    )
    report.write(path, second)
    text = path.read_text()
    assert "notes before" in text and "notes after" in text
    assert "cpu y" in text and "fig 2" in text and "--quick" in text and "1.5 / 1.0 / 0.5" in text
    assert "cpu x" not in text and "fig 1" not in text
    assert text.count(report.BEGIN) == 1
