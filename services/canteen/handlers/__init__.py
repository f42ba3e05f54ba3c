"""Use cases of the canteen: `async def verb(uow, ctx, who, /, ...)`, commands and queries."""
