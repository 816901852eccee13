"""Verdicts: the four answers symflow gives, each with the evidence a reader needs to re-run it.

* :class:`Proved` -- an exact symbolic argument (identity in an exact ring, exact rank over QQ, ...).
* :class:`Verified` -- numerical agreement to ``digits`` significant digits, *measured* (precision doubling or a
  second method), at the listed ``points``.  Numeric agreement never upgrades to ``Proved``.
* :class:`Refuted` -- a counterexample: the point, the parameters and both sides' values, as exact strings.
* :class:`Inconclusive` -- with a :class:`Reason` whose message names the remedy.

The words ``proved | verified | refuted | inconclusive`` are the contract of DESIGN.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

__all__ = ["Verdict", "Proved", "Verified", "Refuted", "Inconclusive", "Reason", "WORDS"]

WORDS = ("proved", "verified", "refuted", "inconclusive")


def _jsonable(value: Any) -> Any:
    """Exact, JSON-friendly rendering: numbers and SymPy objects become strings, containers recurse."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):  # floats only ever reach here from plain-Python callers (timings)
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


class Reason(enum.Enum):
    """Why a check could not decide, with the remedy in the message (diffrax ``RESULTS`` style)."""

    TIMEOUT = "time limit reached: raise the time limit or give a simpler expression"
    PRECISION = "precision exhausted: the two computations disagree; rerun with a higher --dps"
    DOMAIN = "outside the domain: the point or initialization violates a hypothesis of the claim"
    UNDECIDED = "the exact test could not decide (non-polynomial expression); the numeric test was not conclusive"
    INCOMPLETE = "the search found fewer objects than exist: raise the degree (or the objects are not polynomial)"
    PROSE = "pure prose: no statement a machine can check; listed, not skipped"
    NO_PEER = "an optional dependency is missing: install it to run this check"
    FAILED = "the check raised an error; this is a bug in symflow: please report it with the command line"

    @property
    def message(self) -> str:
        return self.value


@dataclass(frozen=True)
class Verdict:
    """Base class of the four verdicts; ``word`` is the contract word, ``detail`` one readable line."""

    word: ClassVar[str] = ""
    detail: str = ""

    @property
    def digits(self) -> int | None:
        return None

    @property
    def holds(self) -> bool:
        """True for ``proved`` and ``verified``."""
        return self.word in ("proved", "verified")

    def evidence(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.word, "digits": self.digits, "detail": self.detail}
        out.update(_jsonable(self.evidence()))
        return out

    def summary(self) -> str:
        return f"{self.word}: {self.detail}" if self.detail else self.word


@dataclass(frozen=True)
class Proved(Verdict):
    """An exact symbolic argument; ``certificate`` holds what was computed (ring, points, ranks ...)."""

    word: ClassVar[str] = "proved"
    certificate: Mapping[str, Any] = field(default_factory=dict)

    def evidence(self) -> dict[str, Any]:
        return {"certificate": dict(self.certificate)} if self.certificate else {}


@dataclass(frozen=True)
class Verified(Verdict):
    """Numerical agreement to ``digits`` measured significant digits at ``points`` (never assumed)."""

    word: ClassVar[str] = "verified"
    n_digits: int = 0
    points: tuple = ()
    dps: int | None = None
    method: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.n_digits, int) or self.n_digits < 1:
            raise ValueError(f"Verified needs n_digits >= 1 measured digits, got n_digits={self.n_digits!r}")
        if not self.points:
            raise ValueError("Verified needs the points (or initializations) where it was checked; got none")

    @property
    def digits(self) -> int | None:
        return self.n_digits

    def evidence(self) -> dict[str, Any]:
        return {"points": list(self.points), "dps": self.dps, "method": self.method}

    def __repr__(self) -> str:
        return f"Verified(digits={self.n_digits}, points={len(self.points)}, dps={self.dps}, method={self.method!r})"


@dataclass(frozen=True)
class Refuted(Verdict):
    """A counterexample a reader can re-run: point, parameters and both sides, as exact strings."""

    word: ClassVar[str] = "refuted"
    counterexample: Mapping[str, Any] = field(default_factory=dict)
    measured_digits: int | None = None

    def __post_init__(self) -> None:
        if not self.counterexample:
            raise ValueError("Refuted needs a counterexample (the point and both sides); got none")

    @property
    def digits(self) -> int | None:
        return self.measured_digits

    def evidence(self) -> dict[str, Any]:
        return {"counterexample": dict(self.counterexample)}


@dataclass(frozen=True)
class Inconclusive(Verdict):
    """Undecided, with a :class:`Reason` naming the remedy."""

    word: ClassVar[str] = "inconclusive"
    reason: Reason = Reason.UNDECIDED

    def evidence(self) -> dict[str, Any]:
        return {"reason": self.reason.name.lower(), "remedy": self.reason.message}

    def summary(self) -> str:
        return f"inconclusive ({self.reason.message}){': ' + self.detail if self.detail else ''}"
