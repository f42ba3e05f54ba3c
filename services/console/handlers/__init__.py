"""Use cases of the pages: each calls the services' APIs as the signed-in person."""
