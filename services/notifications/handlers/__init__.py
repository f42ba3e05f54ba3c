"""Use cases of notifications: `async def verb(uow, ctx, who, /, ...)`, commands and queries."""
