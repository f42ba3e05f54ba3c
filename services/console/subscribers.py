"""The console subscribes to nothing (it has no queue)."""

SUBSCRIPTIONS: dict = {}
