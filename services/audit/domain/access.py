"""Who may do what with the audit record (the service's one place for authorisation).

- Read it (searches, one record, a correlation's story, exports, verify, archive manifests, the
  chain status): auditors and logistics administrators.
- Run retention now: logistics administrators (the retention loop runs as the service itself).
- Replay stored events to a queue: logistics administrators and campus systems (`service`
  tokens), which consume what they asked for; auditors read, they do not push events.
"""

from __future__ import annotations

from shared.access import require_role
from shared.auth import Principal, Role

READERS = (Role.AUDITOR, Role.LOGISTICS_ADMIN)
ARCHIVERS = (Role.LOGISTICS_ADMIN,)
REPLAYERS = (Role.SERVICE, Role.LOGISTICS_ADMIN)


def require_reader(who: Principal) -> Principal:
    """The caller if it may read the record (auditor, logistics administrator); else 403."""
    return require_role(who, *READERS)


def require_archiver(who: Principal) -> Principal:
    """The caller if it may start a retention run (logistics administrator); else 403."""
    return require_role(who, *ARCHIVERS)


def require_replayer(who: Principal) -> Principal:
    """The caller if it may replay events to a queue (campus system, administrator); else 403."""
    return require_role(who, *REPLAYERS)
