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

For any parameterization (not only the families)::

    from symflow.testing import assert_commuting, assert_law_count, assert_cross_check

    def test_my_map():
        G = Parameterization.from_strings("a b c", "a*b*c")
        assert_commuting(G)                      # [grad G_i, grad G_j] = 0, exactly
        assert_law_count(G, 2)                   # D - dim Lie(G) = 2, the count proved
        assert_cross_check(G, {"a": "1/2", "b": 1, "c": 2}, min_digits=20)

:func:`property_settings` gives Hypothesis settings that keep a failing property fast (no explain phase, no
deadline, few examples): ``@property_settings(max_examples=10)`` above ``@given``.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .errors import InvalidArgument
from .verdict import Verdict

__all__ = ["assert_proved", "assert_holds", "assert_refuted", "assert_conserved", "assert_potential",
           "assert_commuting", "assert_law_count", "assert_cross_check", "property_settings", "describe"]


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


def _check_G(G):
    from .parameterization import Parameterization

    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization, e.g. "
                              "Parameterization.from_strings('u v', 'u*v') or symflow.families.uv(1)")
    return G


def assert_commuting(G, *, proved: bool = True):
    r"""Assert that G is commuting: :math:`[\nabla G_i, \nabla G_j] \equiv 0` for all i < j (Li et al. 2022,
    Def. 4.1; :func:`symflow.lie.is_commuting`).  ``proved=True`` (default) requires the exact argument (always
    available for polynomial G); ``False`` also accepts a numeric ``verified``.  On failure the message carries the
    pair, the rational point and the bracket's value there.

    >>> from symflow import families
    >>> assert_commuting(families.deep_diagonal(3, 2)).word
    'proved'
    """
    from .lie import is_commuting

    verdict = is_commuting(_check_G(G))
    ctx = f"commuting: {G!r}"
    return assert_proved(verdict, context=ctx) if proved else assert_holds(verdict, context=ctx)


def assert_law_count(G, expected: int, *, degree: int = 2, exact: bool = True):
    """Assert that gradient flow under G has exactly ``expected`` functionally independent conservation laws
    (:func:`symflow.conservation.conservation_laws`: D - dim Lie(G), Marcotte, Gribonval, Peyré 2023, fed with the
    polynomial laws of degree <= ``degree`` it finds).  ``exact=True`` (default) also requires the count to be proved,
    not only an upper bound.  Returns the :class:`~symflow.conservation.LawSet`.

    >>> from symflow import families
    >>> assert_law_count(families.uv(2), 2).count
    2
    """
    from .conservation import conservation_laws

    G = _check_G(G)
    if isinstance(expected, bool) or not isinstance(expected, int) or expected < 0:
        raise InvalidArgument(f"expected={expected!r} ({type(expected).__name__}) must be an integer >= 0")
    laws = conservation_laws(G, degree=degree)
    found = ", ".join(str(law.expr) for law in laws.laws) or "none"
    if laws.count != expected:
        raise AssertionError(f"expected {expected} conservation law(s) under {G!r}, got {laws.count}\n"
                             f"explicit laws found: {found}\n{describe(laws.count_verdict)}")
    if exact and laws.count_verdict.word != "proved":
        raise AssertionError(f"the count {laws.count} under {G!r} is not proved (pass exact=False to accept an "
                             f"upper bound)\n{describe(laws.count_verdict)}")
    return laws


def _default_loss(G):
    """A fixed least-squares loss (1/2)||X theta - y||^2 with exact data, n = max(1, d - 1) rows."""
    import sympy

    from .flows import least_squares

    n = max(1, G.d - 1)
    X = [[sympy.Rational(((i + 2 * j) % 5) - 2 or 1, j + 1) for j in range(G.d)] for i in range(n)]
    y = [sympy.Rational(i + 1, 2) for i in range(n)]
    return least_squares(X, y, G.theta, sympy.Rational(1, 2))


def assert_cross_check(G, init, *, loss=None, T=1, min_digits: int = 20, dps: int = 50):
    r"""Assert that gradient flow in x and the mirror flow in :math:`\theta` of the potential derived from G and
    ``init`` agree to at least ``min_digits`` measured digits on (0, T] (:func:`symflow.flows.cross_check`).

    Arguments:
        G: a Parameterization (commuting and regular, so that Li et al. Thm 4.8 gives a potential).
        init: x(0), a dict parameter (Symbol or name) -> exact number, or a sequence in ``G.params`` order.
        loss: a SymPy expression or string in ``G.theta``, or a ``LeastSquares``; default a fixed least squares.
        T: horizon (exact). min_digits: the least digits accepted. dps: working precision (> min_digits).

    Returns the :class:`~symflow.flows.CrossCheck`.
    """
    from .flows import cross_check

    G = _check_G(G)
    if isinstance(min_digits, bool) or not isinstance(min_digits, int) or not 1 <= min_digits < dps:
        raise InvalidArgument(f"min_digits={min_digits!r} must be an integer in [1, dps) with dps={dps}")
    if isinstance(init, Mapping):
        by_name = {str(k): v for k, v in init.items()}
        missing = [str(s) for s in G.params if str(s) not in by_name]
        if missing:
            raise InvalidArgument(f"init gives no value for {', '.join(missing)}")
        x0 = [by_name[str(s)] for s in G.params]
    else:
        x0 = list(init)
    if isinstance(loss, str):
        loss = _parse_expr(loss, G, "loss")
    cc = cross_check(G, _default_loss(G) if loss is None else loss, x0, T, dps=dps)
    assert_holds(cc.verdict, min_digits, context=f"cross-check of {G!r} from {x0}, T={T}, dps={dps}")
    return cc


def property_settings(max_examples: int = 10, **kwargs):
    """Hypothesis settings for properties whose examples are expensive (mpmath, SymPy): few examples, no deadline,
    and no *explain* phase (which re-runs a failing example many times to comment on it: minutes instead of seconds
    when each run integrates a flow).  Failing examples still shrink, and are printed for re-running.

    Use as a decorator above ``@given`` (extra keyword arguments go to ``hypothesis.settings``)::

        @property_settings(max_examples=5)
        @given(init=strategies.initializations(G))
        def test_law(init): ...
    """
    from hypothesis import Phase, settings

    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise InvalidArgument(f"max_examples={max_examples!r} ({type(max_examples).__name__}) must be an int >= 1")
    phases = tuple(p for p in Phase if p is not Phase.explain)
    return settings(max_examples=max_examples, deadline=None, phases=kwargs.pop("phases", phases),
                    print_blob=kwargs.pop("print_blob", True), **kwargs)
