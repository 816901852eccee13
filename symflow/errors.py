"""The error hierarchy of symflow.

Every error a user can trigger derives from :class:`SymflowError`; argument and input errors also derive from
``ValueError`` so that generic callers can catch them.  The CLI turns any :class:`InvalidArgument` into one line on
stderr and exit code 2.
"""

from __future__ import annotations

__all__ = ["SymflowError", "InvalidArgument", "ParseError", "UnknownClaim", "PrecisionError", "MaxStepsReached",
           "StepUnderflow", "TimeLimitExceeded"]


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


class MaxStepsReached(PrecisionError):
    """An integrator used its ``max_steps`` before the end time (a bound on the work, not on the mathematics)."""


class StepUnderflow(PrecisionError):
    """The step size of an adaptive integrator fell below the working precision, or the state blew up: the solution
    is singular near that time (an edge of the domain, a blow-up)."""


class TimeLimitExceeded(SymflowError):
    """A time budget (``symflow.validation.time_limit``) ran out before the computation finished."""
