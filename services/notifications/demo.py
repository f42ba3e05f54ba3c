"""Demo data: the campus people directory, one person per role, loaded over the HTTP API.

The dispatcher and the canteen manager also take e-mail. `campus up` starts no mail server, so
their e-mail is retried and finally recorded as failed (see GET /deliveries?status=failed),
until CAMPUS_NOTIFICATIONS_SMTP_HOST/PORT point at a relay (services/notifications/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

BUILDINGS = ["B01", "B02", "B03"]

#: user id -> directory entry; the ids are the `sub` of the development tokens per role.
PEOPLE: dict[str, dict[str, Any]] = {
    "u-dispatcher-1": {
        "name": "王调度 Wang (dispatcher)",
        "roles": ["dispatcher"],
        "scopes": {"campus": ["main"], "building": BUILDINGS},
        "email": "wang.dispatch@example.edu.cn",
        "channels": ["in_app", "email"],
    },
    "u-tech-1": {
        "name": "李师傅 Li (electrician)",
        "roles": ["technician"],
        "scopes": {"campus": ["main"], "building": BUILDINGS},
    },
    "u-tech-2": {
        "name": "张师傅 Zhang (plumber)",
        "roles": ["technician"],
        "scopes": {"campus": ["main"], "building": BUILDINGS},
    },
    "u-canteen-manager-1": {
        "name": "赵经理 Zhao (北区食堂 manager)",
        "roles": ["canteen_manager"],
        "scopes": {"campus": ["main"], "building": ["B03"], "canteen": ["north"]},
        "email": "zhao.canteen@example.edu.cn",
        "channels": ["in_app", "email"],
    },
    "u-canteen-staff-1": {
        "name": "孙师傅 Sun (北区食堂 store keeper)",
        "roles": ["canteen_staff"],
        "scopes": {"campus": ["main"], "building": ["B03"], "canteen": ["north"]},
    },
    "u-asset-manager-1": {
        "name": "钱老师 Qian (校产 asset manager)",
        "roles": ["asset_manager"],
        "scopes": {"campus": ["main"], "building": BUILDINGS},
    },
    "u-admin-1": {
        "name": "周主任 Zhou (后勤集团 logistics admin)",
        "roles": ["logistics_admin"],
        "scopes": {"campus": ["main"]},
        # Maintenance escalates SLA breaches to this duty roster by default.
        "duties": ["logistics-duty-officer"],
    },
    "u-auditor-1": {
        "name": "吴审计 Wu (auditor)",
        "roles": ["auditor"],
        "scopes": {"campus": ["main"]},
    },
    "u-ops-1": {"name": "郑工 Zheng (ops)", "roles": ["ops"], "scopes": {"campus": ["main"]}},
    "u-student-1": {
        "name": "陈同学 Chen (student, B02 dorm room head)",
        "roles": ["requester"],
        "scopes": {"campus": ["main"]},
    },
    "u-teacher-1": {
        "name": "刘老师 Liu (class teacher)",
        "roles": ["requester"],
        "scopes": {"campus": ["main"]},
    },
}


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """PUT every demo person; a second run finds them unchanged and writes nothing."""
    headers = {"Authorization": f"Bearer {token_for('logistics_admin')}"}
    for user_id, entry in PEOPLE.items():
        response = await http.put(f"/people/{user_id}", json=entry, headers=headers)
        response.raise_for_status()
