"""Use cases of the register, commands and queries alike: `verb(uow, ctx, who, /, ...)`."""
