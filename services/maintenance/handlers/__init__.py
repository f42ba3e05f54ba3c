"""Use cases: load, decide in the domain, save state and events in one write."""
