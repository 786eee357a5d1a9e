"""The one error the format readers raise for malformed input."""


class FormatError(ValueError):
    """A file that does not follow the format; the message names the line and column."""
