"""The pipeline bench's table and its goals (printed met / not met; never asserted)."""

from __future__ import annotations

from collections.abc import Callable


def _worst_rss(f: dict) -> float:
    return max(v for k, v in f["saturated"]["rss_mib"].items() if k != "broker")


#: (goal, how it reads from the figures, whether it is met)
GOALS: tuple[tuple[str, Callable[[dict], float], Callable[[float], bool]], ...] = (
    (
        "pipeline ≥ 0.5 × raw broker",
        lambda f: f["saturated"]["end_to_end_per_s"] / f["baseline_per_s"],
        lambda v: v >= 0.5,
    ),
    ("p99 ≤ 25 ms command → audit at 200/s", lambda f: f["paced"]["p99_ms"], lambda v: v <= 25),
    (
        "≤ 1 ms CPU per command in assets",
        lambda f: f["saturated"]["cpu_ms_per_command"]["assets"],
        lambda v: v <= 1,
    ),
    (
        "≤ 0.5 ms CPU per event in audit",
        lambda f: f["saturated"]["cpu_ms_per_command"]["audit"],
        lambda v: v <= 0.5,
    ),
    ("audit ≥ 3,000 events/s live", lambda f: f["backlog"]["events_per_s"], lambda v: v >= 3000),
    ("≤ 150 MiB per process", _worst_rss, lambda v: v <= 150),
)


def rows(f: dict) -> list[tuple[str, str]]:
    """(figure, value) for every figure of the run."""
    s, p, b, fl = f["saturated"], f["paced"], f["backlog"], f["floor"]
    out = [
        (
            "raw aio-pika end to end (confirms, manual acks, quorum)",
            f"{f['baseline_per_s']:,.0f} msg/s",
        ),
        ("load generator ceiling (wrk → bare endpoint)", f"{fl['per_s']:,.0f} req/s"),
        ("pipeline accepted (wrk, 32 connections)", f"{s['accepted_per_s']:,.0f} commands/s"),
        ("pipeline end to end (until audit recorded)", f"{s['end_to_end_per_s']:,.0f} commands/s"),
        ("ratio to raw broker", f"{s['end_to_end_per_s'] / f['baseline_per_s']:.2f}"),
        ("saturated HTTP p50 / p99", f"{s['http_p50_ms']:.1f} / {s['http_p99_ms']:.1f} ms"),
        ("commands accepted / failed (saturated)", f"{s['accepted']:,} / {s['failed']:,}"),
        (
            "paced 200/s: command → audit p50 / p95 / p99",
            f"{p['p50_ms']:.1f} / {p['p95_ms']:.1f} / {p['p99_ms']:.1f} ms",
        ),
        ("paced 200/s: HTTP p50 / p99", f"{p['http_p50_ms']:.1f} / {p['http_p99_ms']:.1f} ms"),
        *(
            (f"paced 200/s leg p50 / p99: {leg}", f"{p50:.1f} / {p99:.1f} ms")
            for leg, (p50, p99) in p.get("legs", {}).items()
        ),
        ("paced commands sent / failed", f"{p['sent']:,} / {p['failed']:,}"),
        ("CPU per request, bare endpoint (floor)", f"{fl['cpu_ms_per_request']:.3f} ms"),
    ]
    for name, ms in s["cpu_ms_per_command"].items():
        note = " (shared broker: other engineers' load too)" if name == "broker" else ""
        out.append((f"CPU per command, {name}{note}", f"{ms:.3f} ms"))
    out.append(("audit backlog drained live", f"{b['events_per_s']:,.0f} events/s"))
    out.append(("CPU per event, audit draining the backlog", f"{b['cpu_ms_per_event']:.3f} ms"))
    for name, mib in s["rss_mib"].items():
        out.append((f"peak RSS under load, {name}", f"{mib:.0f} MiB"))
    out.append(("RSS, bare endpoint", f"{fl['rss_mib']:.0f} MiB"))
    out.append(("RSS, audit after the backlog", f"{b['rss_mib']:.0f} MiB"))
    up = f["campus_up"]
    ready = f"{up['total']:.1f} s" if "error" not in up else up["error"]
    out.append(("`campus up` to ready (five services, no demo)", ready))
    return out


def goals(f: dict) -> list[tuple[str, str, bool]]:
    """(goal, measured, met) for every goal."""
    return [(name, f"{read(f):,.2f}", ok(read(f))) for name, read, ok in GOALS]


def print_report(f: dict) -> None:
    """The table of every figure, then the goals."""
    width = max(len(name) for name, _ in rows(f))
    print(f"| {'figure':<{width}} | value |")
    print(f"| {'-' * width} | ----- |")
    for name, value in rows(f):
        print(f"| {name:<{width}} | {value} |")
    print()
    for name, value, met in goals(f):
        print(f"goal {'met    ' if met else 'NOT MET'}  {name}: {value}")
