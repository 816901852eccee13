"""The error hierarchy of symflow.

Every error a user can trigger derives from :class:`SymflowError`; argument and input errors also derive from
``ValueError`` so that generic callers can catch them.  The CLI turns any :class:`InvalidArgument` into one line on
stderr and exit code 2.
"""

from __future__ import annotations

__all__ = ["SymflowError", "InvalidArgument", "ParseError", "UnknownClaim", "PrecisionError"]


class SymflowError(Exception):
    """Root of all symflow errors."""


class InvalidArgument(SymflowError, ValueError):
    """An argument or user input breaks a rule; the message says which rule and how to fix it."""


class ParseError(InvalidArgument):
    """User text is not in the whitelist grammar of :mod:`symflow.parse` (message names token and position)."""


class UnknownClaim(InvalidArgument):
    """A claim ID or source name that the registry does not know (message lists close matches)."""


class PrecisionError(SymflowError):
    """A numeric computation could not reach the digits asked for (message names the dps to try)."""
