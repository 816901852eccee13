"""The kinds of claims (a type, not a string)."""

from __future__ import annotations

import enum

__all__ = ["Kind", "IMPLIED", "LOOSE", "Survivor"]

# the key a check puts in Verified.info when its (mutated) statement is weaker than the printed one
IMPLIED = "implied_by_printed"
# the key a check puts in Verified.info when its (mutated) statement is stronger than the printed one but every instance
# it tried has room for it: the value says how loose the printed bound was measured to be (ratio, instance)
LOOSE = "loose_printed_bound"


class _Word(enum.Enum):
    """An enum whose value is the word printed in the JSON contract."""

    def __str__(self) -> str:
        return self.value


class Survivor(_Word):
    """Why a scored mutant survived (``survivors[].class`` in the JSON), from the strongest evidence at hand:

    * ``LOOSE`` -- stronger than the printed statement (proved, or tighter at some instance of the check), and the
      check measured the room at its instances (:data:`LOOSE`): a true statement as far as the search reached;
    * ``STRONGER`` -- proved stronger than the printed statement (``_implied`` run the other way) and accepted at every
      instance, no looseness measured: either the printed bound is loose there or the check lacks a tight instance;
    * ``WEAKER`` -- the check found it at least as slack as the printed statement at each of its instances (evidence,
      not proof: the prover could not show it weaker on the whole domain);
    * ``CONTRADICTED`` -- the check called it weaker, but it is proved stronger: the check's flag is wrong;
    * ``UNDECIDED`` -- the check came back inconclusive;
    * ``MISSED`` -- none of the above: the check accepts a mutant nothing explains (a gap of the check).
    """

    LOOSE = "loose"
    STRONGER = "stronger"
    WEAKER = "weaker"
    CONTRADICTED = "contradicted"
    UNDECIDED = "undecided"
    MISSED = "not detected"


class Kind(_Word):
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
