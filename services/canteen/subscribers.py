"""Events the canteen service consumes: none yet (shared/topology.py has no canteen queue).

The canteen publishes its receiving, stock and equipment events; the day it reacts to another
service's event (a resolved work order on its equipment, say), the subscription goes here and
its routing keys into the platform topology.
"""

from __future__ import annotations

from shared.consumer import Subscription

SUBSCRIPTIONS: dict[str, Subscription] = {}
