"""BENCHMARKS.md: the figures of the last run between two markers; the notes around them kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

BEGIN = "<!-- bench:run (written by `./campus bench`; edit outside these markers) -->"
END = "<!-- /bench:run -->"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)


def run_section(
    *, machine: str, date: str, command: str, load: str, outputs: Sequence[tuple[str, str]]
) -> str:
    """The generated section: where, when and how it ran, then each benchmark's output."""
    lines = [
        BEGIN,
        "## Last run",
        "",
        f"- machine: {machine}",
        f"- date: {date}",
        f"- command: `{command}`",
        f"- load average before the run: {load}",
        "- compare ratios taken in one run, not absolute figures across runs (other processes",
        "  on the machine, and the machine itself, change them).",
        "",
    ]
    for name, text in outputs:
        lines += [f"### {name}", "", "```", text.rstrip("\n"), "```", ""]
    lines.append(END)
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace the generated section of `path` (or append it; create the file if missing)."""
    old = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if _BLOCK.search(old):
        new = _BLOCK.sub(lambda _: section, old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new)
