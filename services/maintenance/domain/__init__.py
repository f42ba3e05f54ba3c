"""The maintenance domain: pure rules, no I/O."""
