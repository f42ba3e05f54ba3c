"""deploy/bootstrap.sh's ensure_postgres, on stand-in commands (never the machine's cluster).

The stand-ins record how they were called: `pg_isready` answers once `pg_ctlcluster … start` has
run, and `apt-get install postgresql` lays out a Debian cluster directory as the package does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("bash", "cat", "cp", "env", "ls", "mkdir", "sed", "seq", "sleep", "sort", "tail", "touch")

PG_CTLCLUSTER = """#!/bin/bash
echo "pg_ctlcluster $*" >> "$STATE/calls"
case " $* " in *" start "*) touch "$STATE/up" ;; esac
"""
RUNUSER = """#!/bin/bash
case "$*" in
  *"CREATE ROLE"*) echo "create role" >> "$STATE/calls"; touch "$STATE/role" ;;
  *"FROM pg_roles"*) [ -f "$STATE/role" ] && echo 1 ;;
esac
exit 0
"""
APT_GET = """#!/bin/bash
echo "apt-get $*" >> "$STATE/calls"
case " $* " in *" install "*)
  mkdir -p "$CAMPUS_POSTGRES_ETC/15/main"
  cp "$STATE/pg_ctlcluster" "$BIN/pg_ctlcluster" ;;
esac
"""


def _script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


def ensure_postgres(
    tmp_path: Path, *, installed: bool, running: bool, role: bool = False
) -> tuple[int, list[str]]:
    """Run ensure_postgres with only the stand-ins and a few core tools on PATH."""
    bin_dir, state, etc = tmp_path / "bin", tmp_path / "state", tmp_path / "etc"
    for d in (bin_dir, state, etc):
        d.mkdir()
    for tool in TOOLS:
        os.symlink(shutil.which(tool), bin_dir / tool)
    _script(bin_dir / "id", "#!/bin/bash\necho 0\n")  # as root: as_root runs commands directly
    _script(bin_dir / "pg_isready", '#!/bin/bash\n[ -f "$STATE/up" ]\n')
    _script(bin_dir / "apt-get", APT_GET)
    _script(bin_dir / "runuser", RUNUSER)
    if role:
        (state / "role").touch()
    _script(state / "pg_ctlcluster", PG_CTLCLUSTER)
    if installed:
        for version in ("9.6", "15"):  # the newest by version, not by text (9.6 > 15)
            (etc / version / "main").mkdir(parents=True)
        shutil.copy(state / "pg_ctlcluster", bin_dir / "pg_ctlcluster")
    if running:
        (state / "up").touch()
    env = {
        "PATH": str(bin_dir),
        "STATE": str(state),
        "BIN": str(bin_dir),
        "CAMPUS_POSTGRES_ETC": str(etc),
    }
    done = subprocess.run(
        [str(bin_dir / "bash"), "-c", f". {ROOT / 'deploy/bootstrap.sh'}; ensure_postgres"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    calls = (state / "calls").read_text().splitlines() if (state / "calls").exists() else []
    return done.returncode, calls


def test_a_running_postgres_with_the_test_role_is_left_alone(tmp_path: Path) -> None:
    assert ensure_postgres(tmp_path, installed=True, running=True, role=True) == (0, [])


def test_a_running_postgres_gets_the_test_role_once(tmp_path: Path) -> None:
    assert ensure_postgres(tmp_path, installed=True, running=True) == (0, ["create role"])
    assert ensure_postgres_again(tmp_path) == []


def ensure_postgres_again(tmp_path: Path) -> list[str]:
    """A second run on the same stand-ins: the role exists now, so nothing is called."""
    state = tmp_path / "state"
    (state / "calls").unlink()
    env = {"PATH": str(tmp_path / "bin"), "STATE": str(state), "BIN": str(tmp_path / "bin")}
    env["CAMPUS_POSTGRES_ETC"] = str(tmp_path / "etc")
    script = f". {ROOT / 'deploy/bootstrap.sh'}; ensure_postgres"
    subprocess.run([str(tmp_path / "bin/bash"), "-c", script], env=env, check=True, timeout=60)
    calls = state / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_a_stopped_cluster_is_started_and_waited_for(tmp_path: Path) -> None:
    code, calls = ensure_postgres(tmp_path, installed=True, running=False, role=True)
    assert code == 0
    assert calls == ["pg_ctlcluster --skip-systemctl-redirect 15 main start"]


def test_a_fresh_machine_gets_the_package_a_started_cluster_and_the_test_role(
    tmp_path: Path,
) -> None:
    code, calls = ensure_postgres(tmp_path, installed=False, running=False)
    assert code == 0
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq postgresql",
        "pg_ctlcluster --skip-systemctl-redirect 15 main start",
        "create role",
    ]
