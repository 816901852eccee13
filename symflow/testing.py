"""pytest helpers for regression tests of derivations: assert a verdict, a conservation law or a potential.

Each helper raises ``AssertionError`` whose message shows the verdict word, its one-line detail and the evidence a
reader needs to re-run it (counterexample, digits, points, reason), so a failing test explains itself::

    from symflow import families
    from symflow.testing import assert_conserved, assert_holds

    def test_uv_balancedness():
        assert_conserved(families.uv(1), "u**2 - v**2")

Plain ``assert`` statements on ``verdict.holds`` would lose that evidence.  The helpers never weaken a verdict:
``assert_holds`` accepts ``proved`` or ``verified`` (with at least ``min_digits`` measured digits when given),
``assert_proved`` only ``proved``.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .errors import InvalidArgument
from .verdict import Verdict

__all__ = ["assert_proved", "assert_holds", "assert_refuted", "assert_conserved", "assert_potential",
           "describe"]


def _check_verdict(verdict) -> Verdict:
    if not isinstance(verdict, Verdict):
        raise InvalidArgument(f"verdict={verdict!r} ({type(verdict).__name__}) must be a symflow Verdict (Proved, "
                              "Verified, Refuted, Inconclusive) as returned by a symflow check")
    return verdict


def describe(verdict: Verdict) -> str:
    """The verdict as a readable multi-line text: summary, then its evidence as JSON (exact strings)."""
    verdict = _check_verdict(verdict)
    ev = {k: v for k, v in verdict.to_dict().items() if k not in ("verdict", "detail")}
    return f"{verdict.summary()}\nevidence: {json.dumps(ev, indent=1, default=str)}"


def _fail(expected: str, verdict: Verdict, context: str | None) -> None:
    head = f"expected {expected}, got {verdict.word}"
    if context:
        head += f" ({context})"
    raise AssertionError(f"{head}\n{describe(verdict)}")


def assert_proved(verdict: Verdict, *, context: str | None = None) -> Verdict:
    """Assert an exact symbolic proof (``proved``); numeric agreement is not enough.  Returns the verdict."""
    verdict = _check_verdict(verdict)
    if verdict.word != "proved":
        _fail("proved", verdict, context)
    return verdict


def assert_holds(verdict: Verdict, min_digits: int | None = None, *, context: str | None = None) -> Verdict:
    """Assert ``proved``, or ``verified`` with at least ``min_digits`` measured digits (any when None)."""
    verdict = _check_verdict(verdict)
    if min_digits is not None and (isinstance(min_digits, bool) or not isinstance(min_digits, int)
                                   or min_digits < 1):
        raise InvalidArgument(f"min_digits={min_digits!r} ({type(min_digits).__name__}) must be an integer >= 1 "
                              "or None")
    if not verdict.holds:
        _fail("proved or verified", verdict, context)
    if verdict.word == "verified" and min_digits is not None and (verdict.digits or 0) < min_digits:
        _fail(f"verified with >= {min_digits} digits (only {verdict.digits} measured)", verdict, context)
    return verdict


def assert_refuted(verdict: Verdict, *, context: str | None = None) -> Verdict:
    """Assert a counterexample (``refuted``): for regression tests of known misprints.  Returns the verdict."""
    verdict = _check_verdict(verdict)
    if verdict.word != "refuted":
        _fail("refuted", verdict, context)
    return verdict


def _parse_expr(text: Any, G, what: str):
    """User text through the whitelist parser (never eval); SymPy expressions pass through."""
    import sympy

    if isinstance(text, sympy.Expr):
        return text
    if isinstance(text, str):
        from .parse import parse_expr

        return parse_expr(text, list(G.params) + list(G.theta))
    raise InvalidArgument(f"{what}={text!r} ({type(text).__name__}) must be a SymPy expression or a string")


def assert_conserved(G, h, *, min_digits: int | None = None, proved: bool = False):
    """Assert that ``h(x)`` is conserved by gradient flow under ``G`` for every loss (``conservation.check_law``).

    Arguments:
        G: a Parameterization. h: a SymPy expression in ``G.params`` or a string (parsed by the whitelist).
        min_digits: for a numeric verdict, the least measured digits accepted. proved: require ``proved``.
    """
    from .parameterization import Parameterization

    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization")
    expr = _parse_expr(h, G, "h")
    from .conservation import check_law

    verdict = check_law(G, expr)
    ctx = f"law {expr} under {G!r}"
    return assert_proved(verdict, context=ctx) if proved else assert_holds(verdict, min_digits, context=ctx)


def assert_potential(G, init: Mapping, R, *, min_digits: int | None = None, dps: int = 50):
    """Assert that ``R(theta)`` is a mirror potential of gradient flow under ``G`` from ``init``
    (``potentials.check_potential``: the Hessian identity on the leaf, symbolic first, then numeric).

    Arguments:
        G: a Parameterization. init: x(0), dict Symbol (or name) -> exact number.
        R: a SymPy expression in ``G.theta`` or a string. min_digits: least measured digits for a numeric verdict.
    """
    from .parameterization import Parameterization
    from .potentials import check_potential

    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization")
    expr = _parse_expr(R, G, "R")
    verdict = check_potential(G, init, expr, dps=dps)
    return assert_holds(verdict, min_digits, context=f"potential {expr} under {G!r} from {dict(init)}")
