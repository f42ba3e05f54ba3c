"""The canteen model and its rules: pure, synchronous, no I/O; aggregates record events."""
