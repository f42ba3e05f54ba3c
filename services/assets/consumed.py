"""The assets service consumes no other service's events (its register changes by command)."""
