"""The check context: everything a check may read (precision, seed, fast mode, the statement in force)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import InvalidArgument
from ..validation import MIN_DPS  # the smallest working precision a claim is run at (the CLI refuses less)
from ._statement import Mutant, Statement

__all__ = ["CheckContext", "MIN_DPS"]


@dataclass(frozen=True)
class CheckContext:
    """What a check may use.

    ``dps``: working digits; ``seed``: the seed of every random draw; ``fast``: shorter horizons, fewer points and
    Hypothesis examples (the test-suite's smoke run).  ``statement`` is the statement in force: the claim's printed
    statement, or a mutant of it under ``symflow verify --mutate`` (``mutant`` then says which, and ``printed`` keeps
    the printed one, e.g. to tell a weaker mutant of an inequality from a wrong one).  Checks read it as ``ctx.s``.
    """

    dps: int = 50
    seed: int = 0
    fast: bool = False
    statement: Statement | None = None
    printed: Statement | None = None
    mutant: Mutant | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.dps, int) or isinstance(self.dps, bool) or self.dps < MIN_DPS:
            raise InvalidArgument(f"dps={self.dps!r} ({type(self.dps).__name__}) must be an integer >= {MIN_DPS}; "
                                  "pass e.g. --dps 50")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise InvalidArgument(f"seed={self.seed!r} ({type(self.seed).__name__}) must be an integer")
        if not isinstance(self.fast, bool):
            raise InvalidArgument(f"fast={self.fast!r} ({type(self.fast).__name__}) must be True or False")

    @property
    def s(self) -> Statement:
        """The statement in force (raises when the claim declared none)."""
        if self.statement is None:
            raise InvalidArgument("this claim declares no statement; pass statement=Statement(...) to @claim")
        return self.statement

    @property
    def mutating(self) -> bool:
        return self.mutant is not None

    def examples(self, full: int = 100, fast: int = 10) -> int:
        """How many Hypothesis examples a property claim draws (``full`` >= 100 in a full run)."""
        return fast if self.fast else full

    def with_statement(self, statement: Statement | None, mutant: Mutant | None = None) -> "CheckContext":
        return replace(self, statement=statement, mutant=mutant,
                       printed=self.printed if mutant is not None else statement)
