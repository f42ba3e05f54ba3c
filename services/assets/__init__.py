"""Assets (校产): the register with tags, custody to a person, damage and compensation."""
