"""The error of the progress store, in a module of its own so that every part of the store
(settings, rows, statistics) can raise it without importing the store."""


class StoreError(Exception):
    """Progress cannot be read or saved; the message says why in one line."""
