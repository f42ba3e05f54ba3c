"""Private RabbitMQ nodes and clusters for fault tests (a vanishing TCP proxy: tests/tcp_proxy.py).

Every node has its own name, AMQP and distribution ports, data and log directories, Erlang
cookie, config and plugin files, and registers with an epmd of its own on a private port: the
machine's broker (127.0.0.1:5672, rabbit@localhost) is never touched. Nodes run as the
`rabbitmq` user (RabbitMQ's own scripts refuse root), so their directories belong to it; the
test process must be root to start them. Every wait is bounded, and `private_cluster()` kills
every process it started and removes every directory it made, even when the test fails.

    with private_cluster(3) as cluster:   # or private_node() for one
        urls = cluster.amqp_urls()        # every node, for AMQP_URL
        cluster.nodes[0].kill()           # SIGKILL by the pid in its pid file: a real crash
        cluster.nodes[0].start()          # same name and data: it rejoins the cluster
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import free_port

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
USER = "rabbitmq"
START_TIMEOUT = 120.0  # a node starts in 5-20 s on a loaded two-core machine
CTL_TIMEOUT = 90.0


def nodes_available() -> str | None:
    """None when private nodes can be started here, else the reason they cannot."""
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        return "rabbitmq-server is not installed (./campus test installs it)"
    if shutil.which("epmd") is None:
        return "epmd (Erlang) is not installed"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"no {USER!r} user (the rabbitmq-server package creates it)"
    if os.geteuid() != 0:
        return "private RabbitMQ nodes run as the rabbitmq user: the tests must run as root"
    return None


def _chown(path: Path) -> None:
    user = pwd.getpwnam(USER)
    os.chown(path, user.pw_uid, user.pw_gid)


def _kill_group(proc: subprocess.Popen | None, timeout: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=timeout)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child of ours still "exists"; a finished process reads as not alive.
    with contextlib.suppress(FileNotFoundError):
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
        return state != "Z"
    return False


@dataclass
class Epmd:
    """An Erlang port mapper of our own, so our nodes never register with the machine's."""

    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start it on loopback and wait until it answers."""
        self.proc = subprocess.Popen(
            ["epmd", "-port", str(self.port), "-address", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            done = subprocess.run(
                ["epmd", "-port", str(self.port), "-names"],
                capture_output=True,
                timeout=10,
                check=False,
            )
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"epmd on port {self.port} did not answer within 10 s")
            time.sleep(0.1)

    def stop(self) -> None:
        """Kill it (and nothing else)."""
        _kill_group(self.proc)


@dataclass
class PrivateNode:
    """One RabbitMQ node with everything of its own under `base`."""

    name: str
    base: Path
    epmd_port: int
    cookie: str
    amqp_port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    started: list[subprocess.Popen] = field(default_factory=list)
    #: More rabbitmq.conf lines (another listener, `loopback_users = none`, ...).
    extra_conf: str = ""

    @property
    def node(self) -> str:
        """The Erlang node name (`name@localhost`)."""
        return f"{self.name}@localhost"

    @property
    def pid_file(self) -> Path:
        return self.base / "rabbitmq.pid"

    def amqp_url(self, vhost: str = "/") -> str:
        """The node's AMQP URL as guest (a loopback connection, which guest may use)."""
        path = "" if vhost == "/" else vhost
        return f"amqp://guest:guest@127.0.0.1:{self.amqp_port}/{path}"

    def prepare(self) -> None:
        """Create the node's directories and files, owned by the rabbitmq user."""
        for sub in ("", "mnesia", "log"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)
            _chown(self.base / sub)
        files = {
            "rabbitmq.conf": f"listeners.tcp.default = 127.0.0.1:{self.amqp_port}\n"
            + self.extra_conf,
            "enabled_plugins": "[].\n",
            "rabbitmq-env.conf": "# no machine-wide settings for a private node\n",
            ".erlang.cookie": self.cookie,
        }
        for name, text in files.items():
            path = self.base / name
            path.write_text(text)
            _chown(path)
        (self.base / ".erlang.cookie").chmod(0o400)

    def env(self) -> dict[str, str]:
        """The environment the node's server and CLI commands run with."""
        base = str(self.base)
        return {
            "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "HOME": base,  # the CLI and the node read the cookie from $HOME/.erlang.cookie
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.amqp_port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": f"{base}/mnesia",
            "RABBITMQ_LOG_BASE": f"{base}/log",
            "RABBITMQ_PID_FILE": str(self.pid_file),
            "RABBITMQ_CONFIG_FILE": f"{base}/rabbitmq.conf",
            "RABBITMQ_ADVANCED_CONFIG_FILE": f"{base}/advanced.config",
            "RABBITMQ_ENABLED_PLUGINS_FILE": f"{base}/enabled_plugins",
            "RABBITMQ_CONF_ENV_FILE": f"{base}/rabbitmq-env.conf",
            "ERL_EPMD_PORT": str(self.epmd_port),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def start(self) -> None:
        """Start the server process (returns at once; `await_startup` waits for it)."""
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError(f"{self.node} is already running")
        log = open(self.base / "log" / "console.log", "ab")  # noqa: SIM115 (the child owns it)
        try:
            self.proc = subprocess.Popen(
                [str(RABBITMQ_BIN / "rabbitmq-server")],
                env=self.env(),
                cwd=self.base,
                user=USER,
                group=USER,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        self.started.append(self.proc)

    def ctl(self, *args: str, timeout: float = CTL_TIMEOUT, check: bool = True) -> str:
        """`rabbitmqctl -n NODE ARGS…` as the rabbitmq user; raises with its output on failure."""
        return self._cli("rabbitmqctl", *args, timeout=timeout, check=check)

    def queues(self, *args: str, timeout: float = CTL_TIMEOUT) -> str:
        """`rabbitmq-queues -n NODE ARGS…` (quorum queue membership and status)."""
        return self._cli("rabbitmq-queues", *args, timeout=timeout)

    def _cli(self, tool: str, *args: str, timeout: float, check: bool = True) -> str:
        done = subprocess.run(
            [str(RABBITMQ_BIN / tool), "-n", self.node, *args],
            env=self.env(),
            cwd=self.base,
            user=USER,
            group=USER,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{tool} -n {self.node} {' '.join(args)} failed ({done.returncode}): "
                f"{done.stdout.strip()} {done.stderr.strip()}"[-3000:]
            )
        return done.stdout

    def await_startup(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until the node runs RabbitMQ (not just Erlang) and its AMQP port is open."""
        deadline = time.monotonic() + timeout
        while not self.pid_file.exists():
            self._fail_if_exited()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.node} wrote no pid file within {timeout} s")
            time.sleep(0.2)
        left = max(5.0, deadline - time.monotonic())
        self.ctl("await_startup", "--timeout", str(int(left)), timeout=left + 10)

    def leaderless(self) -> list[str]:
        """Quorum queues of every vhost with no leader this node knows of (their Ra names)."""
        found = self.ctl("eval", _LEADERLESS, timeout=CTL_TIMEOUT)
        return re.findall(r'<<"([^"]+)">>', found)

    def elect_leaders(self, settle: float = 10.0) -> list[str]:
        """Give every quorum queue `settle` seconds to elect its leader after a start, then
        trigger an election in each that has none; the queues that needed one.

        RabbitMQ 3.10 (Debian's) sometimes leaves a single-member quorum queue without a leader
        after the node is SIGKILLed and started again ("leader call - leader not known" for
        ever: rabbitmq-server#10070). Publishes routed to it are never confirmed, so producers
        keep their events in the outbox, and its consumer gets nothing, until an election is
        triggered, which is that issue's remedy and what an operator does.
        """
        deadline = time.monotonic() + settle
        while (stuck := self.leaderless()) and time.monotonic() < deadline:
            time.sleep(0.5)
        for name in stuck:
            self.ctl("eval", f"ra:trigger_election({{'{name}', node()}}).")
        return stuck

    def _fail_if_exited(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            tail = (self.base / "log" / "console.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{self.node} exited with {self.proc.returncode}: {tail}")

    def pid(self) -> int:
        """The node's OS process id, from its pid file."""
        return int(self.pid_file.read_text().strip())

    def kill(self, timeout: float = 30.0) -> float:
        """SIGKILL the node by the pid in its pid file (a crash); returns when it is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        deadline = killed_at + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.node} (pid {pid}) still alive {timeout} s after SIGKILL")
            time.sleep(0.05)
        _kill_group(self.proc)  # the wrapper script and helpers of the dead node
        self.pid_file.unlink(missing_ok=True)
        return killed_at

    def stop(self) -> None:
        """A clean stop (`rabbitmqctl stop PIDFILE` waits until the node is gone)."""
        self.ctl("stop", str(self.pid_file))

    def cleanup(self) -> None:
        """Kill whatever this node left running (any start of it)."""
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(self.pid(), signal.SIGKILL)
        for proc in self.started:
            _kill_group(proc)


#: Erlang, for `rabbitmqctl eval`: the Ra names of quorum queues with no known leader.
_LEADERLESS = (
    "[atom_to_binary(element(1, amqqueue:get_pid(Q))) || Q <- rabbit_amqqueue:list(), "
    "amqqueue:get_type(Q) =:= rabbit_quorum_queue, "
    "ra_leaderboard:lookup_leader(element(1, amqqueue:get_pid(Q))) =:= undefined]."
)


@dataclass
class Cluster:
    """Private nodes clustered together (the first is the one the others joined)."""

    nodes: list[PrivateNode]

    def amqp_urls(self, vhost: str = "/") -> str:
        """Every node's URL, comma-separated, as `AMQP_URL` takes them."""
        return ",".join(n.amqp_url(vhost) for n in self.nodes)

    def running_nodes(self, via: PrivateNode | None = None) -> list[str]:
        """Node names the cluster reports running (asked through `via`, or the first alive)."""
        node = via or self.nodes[0]
        status = json.loads(node.ctl("cluster_status", "--formatter", "json"))
        return sorted(status["running_nodes"])

    def quorum_members(self, queue: str, vhost: str = "/") -> list[str]:
        """The nodes holding a replica of a quorum queue."""
        text = self.nodes[0].ctl(
            "list_queues", "-p", vhost, "--no-table-headers", "name", "members"
        )
        for line in text.splitlines():
            parts = line.split(None, 1)
            if parts and parts[0] == queue:
                return sorted(m.strip("[]' ") for m in parts[1].split(",") if m.strip("[]' "))
        raise LookupError(f"no queue {queue!r} in vhost {vhost!r}")

    def add_vhost(self, name: str) -> str:
        """A vhost with full rights for guest; returns its name."""
        self.nodes[0].ctl("add_vhost", name)
        self.nodes[0].ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return name


def start_node(node: PrivateNode) -> PrivateNode:
    """Prepare, start and wait for one node."""
    node.prepare()
    node.start()
    node.await_startup()
    return node


@contextlib.contextmanager
def private_cluster(
    size: int = 3, *, root: Path | None = None, extra_conf: str = ""
) -> Iterator[Cluster]:
    """Start `size` private nodes, cluster them; kill everything and remove it all afterwards."""
    reason = nodes_available()
    if reason is not None:
        raise RuntimeError(reason)
    base = Path(tempfile.mkdtemp(prefix="campus-rmq-", dir=root))
    _chown(base)
    tag = uuid.uuid4().hex[:6]
    cookie = uuid.uuid4().hex.upper() + uuid.uuid4().hex.upper()
    epmd = Epmd()
    nodes = [
        PrivateNode(f"campus{tag}{i}", base / f"node{i}", epmd.port, cookie, extra_conf=extra_conf)
        for i in range(size)
    ]
    try:
        epmd.start()
        for node in nodes:  # start them all, then wait: the starts overlap
            node.prepare()
            node.start()
        for node in nodes:
            node.await_startup()
        first = nodes[0]
        for node in nodes[1:]:
            node.ctl("stop_app")
            node.ctl("join_cluster", first.node)
            node.ctl("start_app")
            node.await_startup()
        cluster = Cluster(nodes)
        running = cluster.running_nodes()
        if running != sorted(n.node for n in nodes):
            raise RuntimeError(f"cluster formed with {running}, expected every node")
        yield cluster
    finally:
        for node in nodes:
            node.cleanup()
        epmd.stop()
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def private_node(*, root: Path | None = None, extra_conf: str = "") -> Iterator[PrivateNode]:
    """One private node (a cluster of one), removed afterwards like a cluster."""
    with private_cluster(1, root=root, extra_conf=extra_conf) as cluster:
        yield cluster.nodes[0]
