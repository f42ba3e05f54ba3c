"""The notifications model: directory, routing, notifications, channels, e-mail life, access."""
