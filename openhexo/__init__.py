"""openhexo: a self-hostable server that speaks the Hexoskin REST API."""

__version__ = "0.1.0"
