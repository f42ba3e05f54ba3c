"""Fault scenarios and the Jepsen-style checker that judges them (see RELIABILITY.md)."""
