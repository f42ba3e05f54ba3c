"""The web console (控制台): pages for every role, calling the services' APIs; owns no data."""
