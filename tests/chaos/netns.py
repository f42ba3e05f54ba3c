"""A network namespace of the suite's own, joined to the host by a veth pair, to partition.

    with namespace_link() as link:
        process = ServiceProcess(..., host=link.service_ip, prefix=link.prefix)
        link.partition()   # a blackhole route to the broker's address, inside the namespace
        link.heal()

The host side of the veth has two addresses: `broker_ip`, where the broker listens, and
`client_ip`, which the test's HTTP client binds to. The blackhole cuts only what goes to the
broker, so the test can still send commands to the service and read its /ready. The namespace
has no other route: its traffic goes only to its own loopback and to this link. Root only;
the veth and the namespace are deleted afterwards, even when the test fails.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import random
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


def netns_available() -> str | None:
    """None when network namespaces can be made here, else why not."""
    if os.geteuid() != 0:
        return "network namespaces and veth pairs need root (id -u is not 0)"
    if subprocess.run(["ip", "netns", "list"], capture_output=True, check=False).returncode:
        return "`ip netns` does not work here"
    return None


def ip(*args: str) -> str:
    """Run `ip ARGS…`; raises with its output on failure."""
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@dataclass
class Link:
    """One namespace and its veth pair."""

    namespace: str
    host_if: str
    service_ip: str
    broker_ip: str
    client_ip: str
    partitioned: bool = False

    @property
    def prefix(self) -> tuple[str, ...]:
        """What runs a command inside the namespace."""
        return ("ip", "netns", "exec", self.namespace)

    def partition(self) -> None:
        """Drop everything the namespace sends to the broker (its connections go silent)."""
        ip("-n", self.namespace, "route", "add", "blackhole", f"{self.broker_ip}/32")
        self.partitioned = True

    def heal(self) -> None:
        """Remove the blackhole."""
        ip("-n", self.namespace, "route", "del", "blackhole", f"{self.broker_ip}/32")
        self.partitioned = False


def _free_subnet() -> ipaddress.IPv4Network:
    """A /29 in 10.0.0.0/8 that no route of the host covers other than the default one."""
    for _ in range(50):
        net = ipaddress.ip_network(
            f"10.{random.randint(64, 250)}.{random.randint(0, 255)}.{8 * random.randint(1, 30)}/29"
        )
        routes = ip("route", "show", "table", "all")
        if str(net.network_address).rsplit(".", 1)[0] not in routes:
            return net
    raise RuntimeError("no free 10.x.y.z/29 for the test's veth pair")


@contextlib.contextmanager
def namespace_link() -> Iterator[Link]:
    """Make the namespace and the veth pair; delete both afterwards."""
    tag = uuid.uuid4().hex[:8]
    namespace, host_if, ns_if = f"campus-{tag}", f"vh{tag}", f"vn{tag}"
    hosts = list(_free_subnet().hosts())
    broker_ip, service_ip, client_ip = (str(hosts[i]) for i in (0, 1, 2))
    ip("netns", "add", namespace)
    try:
        ip("link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        ip("link", "set", ns_if, "netns", namespace)
        ip("addr", "add", f"{broker_ip}/29", "dev", host_if)
        ip("addr", "add", f"{client_ip}/29", "dev", host_if)
        ip("link", "set", host_if, "up")
        ip("-n", namespace, "addr", "add", f"{service_ip}/29", "dev", ns_if)
        ip("-n", namespace, "link", "set", ns_if, "up")
        ip("-n", namespace, "link", "set", "lo", "up")
        yield Link(namespace, host_if, service_ip, broker_ip, client_ip)
    finally:
        with contextlib.suppress(RuntimeError):
            ip("link", "del", host_if)  # its peer goes with it
        ip("netns", "del", namespace)
