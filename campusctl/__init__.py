"""The `campus` command: operator tooling around the services (not imported by them)."""
