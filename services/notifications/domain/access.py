"""Who may read and change what in notifications; the handlers call these before they act.

Logistics administrators manage the directory; they and auditors read it and search every
notification. Anyone reads and marks their own inbox; a notification of someone else is
reported missing, not forbidden. Operations and administrators read the delivery log across
notifications; one notification's log is for its recipient, administrators and auditors.
"""

from __future__ import annotations

from services.notifications.domain.notices import Notification
from shared.access import require_role
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

DIRECTORY_READERS = (Role.LOGISTICS_ADMIN, Role.AUDITOR)
LOG_READERS = (Role.LOGISTICS_ADMIN, Role.OPS)


def require_directory_admin(who: Principal) -> None:
    """403 unless the caller may create and replace directory entries."""
    require_role(who, Role.LOGISTICS_ADMIN)


def require_directory_reader(who: Principal) -> None:
    """403 unless the caller may read the directory and search everyone's notifications."""
    require_role(who, *DIRECTORY_READERS)


def require_log_reader(who: Principal) -> None:
    """403 unless the caller may read the delivery log across notifications."""
    require_role(who, *LOG_READERS)


def require_configurer(who: Principal) -> None:
    """403 unless the caller may change routing rules, endpoints and templates."""
    require_role(who, Role.LOGISTICS_ADMIN)


def require_config_reader(who: Principal) -> None:
    """403 unless the caller may read endpoints, templates and incidents (never secrets)."""
    require_role(who, Role.LOGISTICS_ADMIN, Role.AUDITOR, Role.OPS)


def require_person(who: Principal) -> None:
    """403 for a machine client: only a person has their own settings."""
    if who.has_role(Role.SERVICE) and len(who.roles) == 1:
        raise Forbidden("a service has no personal settings")


def require_service(who: Principal) -> None:
    """403 unless the caller is a service handling a consumed event (never a person)."""
    require_role(who, Role.SERVICE)


def require_recipient(
    who: Principal, note: Notification | None, notification_id: str
) -> Notification:
    """The caller's own notification; 404 for a missing one and for anyone else's."""
    if note is None or note.recipient_id != who.user_id:
        raise NotFound(f"no notification {notification_id} for you")
    return note


def require_log_of(who: Principal, note: Notification | None, notification_id: str) -> Notification:
    """A notification whose delivery log the caller may read: their own, or any for readers."""
    if note is None or not (note.recipient_id == who.user_id or who.has_role(*DIRECTORY_READERS)):
        raise NotFound(f"no notification {notification_id}")
    return note
