"""The canteen consumes no other service's events (shared/topology.py has no canteen queue)."""
