"""`python -m bench [NAME [ARGS...]]`: one benchmark with its own arguments, or all with defaults.

Each benchmark prints its figures and a ratio against a baseline measured in the same run:
relay (one confirm in flight), audit (hashing alone; a primary-key read), maintenance (GET
/health through the same HTTP stack).
"""

from __future__ import annotations

import pkgutil
import runpy
import sys
import time

import bench


def main(argv: list[str]) -> int:
    """Run the named benchmark (passing the rest of the arguments) or every one."""
    available = sorted(
        m.name.removesuffix("_bench")
        for m in pkgutil.iter_modules(bench.__path__)
        if m.name.endswith("_bench")
    )
    if argv and argv[0] not in available:
        print(f"unknown benchmark {argv[0]!r}; available: {', '.join(available)}")
        return 2
    runs = [(argv[0], argv[1:])] if argv else [(name, []) for name in available]
    for name, args in runs:
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        sys.argv = [f"bench/{name}_bench.py", *args]
        runpy.run_module(f"bench.{name}_bench", run_name="__main__")
        print(f"({name} took {time.perf_counter() - started:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
