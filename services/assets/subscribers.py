"""Events the assets service consumes: none yet (shared/topology.py has no assets queue).

The register changes only by its own commands today; a consumed event (a disposal approved
elsewhere, say) would be declared here with its routing keys added to the platform topology.
"""

from __future__ import annotations

from shared.consumer import Subscription

SUBSCRIPTIONS: dict[str, Subscription] = {}
