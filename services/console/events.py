"""The console publishes no events: every change it makes is a call to a service's API."""
