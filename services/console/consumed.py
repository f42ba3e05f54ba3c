"""The console consumes no events: each page reads the services' APIs when it is opened."""
