"""The kinds of claims (a type, not a string)."""

from __future__ import annotations

import enum

__all__ = ["Kind", "IMPLIED"]

# the key a check puts in Verified.info when its (mutated) statement is weaker than the printed one
IMPLIED = "implied_by_printed"


class Kind(enum.Enum):
    """How a claim is checked; the value is the word of the JSON contract.

    * ``SYMBOLIC`` -- an exact argument (identities in exact rings, exact ranks, exhaustive finite checks);
    * ``NUMERIC`` -- a high-precision computation at stated instances, digits measured;
    * ``PROPERTY`` -- a Hypothesis search over random instances (>= 100 examples in a full run), ``target()``
      driving it toward violation;
    * ``PROSE`` -- no machine-checkable statement: listed with the reason, never silently skipped.
    """

    SYMBOLIC = "symbolic"
    NUMERIC = "numeric"
    PROPERTY = "property"
    PROSE = "prose"

    def __str__(self) -> str:
        return self.value
