"""Notifications: who hears about what, on which channel, once; inbox and delivery log."""
