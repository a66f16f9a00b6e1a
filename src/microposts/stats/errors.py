from microposts.core.errors import InvalidInput


class InvalidRange(InvalidInput):
    """A range of days that is backwards, too long, or in the future."""
