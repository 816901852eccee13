r"""The cross-check of Li, Wang, Lee, Arora (2022, Thm 4.8): when :math:`G` is commuting and regular,
:math:`\theta(t) = G(x(t))` follows the mirror flow of a potential determined by :math:`x(0)`.  :func:`cross_check`
integrates both, by different methods, and measures how many digits :math:`G(x(t))` and
:math:`\theta_{\rm mirror}(t)` share; it returns a :class:`CrossCheck` (frozen, every field always present).

Source: DD-Thm1 (deep_diagonal_000); Li et al. 2022 Thm 4.8.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import mpmath
import sympy

from ..errors import InvalidArgument, MaxStepsReached, PrecisionError, StepUnderflow, SymflowError, TimeLimitExceeded
from ..parameterization import Parameterization, check_parameterization
from ..precision import GUARD_DPS, agreeing_digits
from ..validation import check_dps, check_int, check_max_steps, time_limit, to_mpf
from ..verdict import Inconclusive, Reason, Refuted, Verdict, Verified
from ._dynamics import gradient_flow, mirror_flow
from ._losses import LeastSquares, least_squares, loss_expr
from ._losses import check_point as _check_point
from ._losses import check_T as _check_T

__all__ = ["cross_check", "CrossCheck", "LawDrift", "DualIdentity", "BregmanLimit"]

_BREGMAN_SECONDS = 20  # budget of the supplementary Bregman-projection field of cross_check

# ---------------------------------------------------------------------------------------------- cross-check

_DRIFT_NOTE = ("accuracy witness for the Taylor jet (not for Gauss-Legendre, which conserves quadratic invariants by "
               "construction)")


@dataclass(frozen=True)
class LawDrift:
    r"""Largest relative drift :math:`\max_k |h(x(t_k)) - h(x(0))| / \max(|h(x(0))|, 1)` of the degree-2 polynomial
    laws along the gradient flow (``drift`` None when G has none, ``error`` when they could not be computed)."""

    laws: tuple[str, ...]
    drift: str | None
    error: str | None = None
    note: str = _DRIFT_NOTE


@dataclass(frozen=True)
class DualIdentity:
    r"""Digits on which :math:`\nabla R(G(x(T))) - \nabla R(\theta_0)` equals :math:`\xi(T) = -\int_0^T
    \nabla\mathcal{L}(G(x))\,dt` (``error`` says why it is missing)."""

    digits: int | None
    xi: tuple[str, ...] = ()
    lhs: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class BregmanLimit:
    r"""Distance of :math:`\theta(T)` to :math:`\arg\min\{D_R(\theta, \theta_0): X\theta = y\}` (interpolating
    least-squares data); meaningful once ``converged`` (:math:`\mathcal{L}(\theta(T)) \le 10^{-dps/2}`)."""

    distance: str | None
    loss_at_T: str | None = None
    converged: bool = False
    projection: tuple[str, ...] = ()
    error: str | None = None
    note: str = "theta(T) approximates the limit only when converged (loss_at_T <= 10^-(dps/2)); otherwise lengthen T"


@dataclass(frozen=True)
class CrossCheck:
    r"""The result of :func:`cross_check`; every field is present whatever happened (None: the stage was not reached).

    ``verdict`` (its ``detail`` is ``self.detail``); ``digits`` = the verdict's digits, or the agreement when the
    verdict has none; ``T`` the horizon used and ``T_requested`` the one asked for (they differ when the gradient
    flow was singular before T); ``agreement_digits`` / ``max_gap`` between :math:`G(x(t_k))` and
    :math:`\theta_{\rm mirror}(t_k)`; ``flow_digits`` / ``mirror_digits`` measured by precision doubling; ``times``
    the comparison times; ``law_drift``, ``dual_identity``, ``limit_vs_bregman`` the supplementary checks.
    """

    verdict: Verdict
    dps: int
    T: str
    T_requested: str
    digits: int | None
    agreement_digits: int | None
    max_gap: str | None
    flow_digits: int | None
    mirror_digits: int | None
    potential_kind: str | None
    times: tuple[str, ...]
    law_drift: LawDrift | None
    dual_identity: DualIdentity | None
    limit_vs_bregman: BregmanLimit | None

    @property
    def detail(self) -> str:
        return self.verdict.detail

    def to_dict(self) -> dict:
        """JSON-ready: the verdict as its word (and evidence), the sub-results as dicts."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for key in ("law_drift", "dual_identity", "limit_vs_bregman"):
            out[key] = None if out[key] is None else dataclasses.asdict(out[key])
        ev = self.verdict.to_dict()
        out.update({k: v for k, v in ev.items() if k not in out})
        out["verdict"], out["detail"], out["times"] = self.verdict.word, self.detail, list(self.times)
        return out


class _Stop(Exception):
    """A stage of the cross-check ends it with a verdict (a failure of the mathematics, not of the input)."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.detail)
        self.verdict = verdict


def cross_check(G: Parameterization, loss, x0, T, dps: int | None = None, *, samples: int = 8,
                data: tuple | None = None, potential=None, max_steps: int = 20000) -> CrossCheck:
    r"""Gradient flow in x against the mirror flow in :math:`\theta`: do :math:`G(x(t))` and
    :math:`\theta_{\rm mirror}(t)` agree?

    1. integrate :math:`\dot x = -\partial G^\top\nabla\mathcal{L}(G(x))` (Taylor jet, digits by precision doubling),
       with :math:`\xi(t) = -\int_0^t\nabla\mathcal{L}` as extra state;
    2. if :math:`G` is commuting and regular and a potential can be derived for :math:`x(0)`, integrate its mirror
       flow from :math:`\theta(0) = G(x(0))` by :func:`mirror_flow` (a different ODE, in d unknowns);
    3. at ``samples`` equally spaced times :math:`t_k \in (0, T]`, measure the agreeing digits of :math:`G(x(t_k))`
       and :math:`\theta_{\rm mirror}(t_k)` (minimum over k) and the largest relative gap;
    4. supplementary: the drift of the degree-2 polynomial laws along x(t) (:class:`LawDrift`); the dual identity
       :math:`\nabla R(G(x(T))) - \nabla R(\theta_0) = \xi(T)` (:class:`DualIdentity`, it tests ``P.grad``, which
       the chart route of :func:`mirror_flow` does not use); for interpolating least-squares data, the distance of
       :math:`\theta(T)` to the Bregman projection (:class:`BregmanLimit`, 20 s budget).

    Keyword arguments: ``samples`` (comparison times), ``data = (X, y)`` (least-squares data; carried by a
    :class:`LeastSquares` loss already), ``potential`` (a Potential to test instead of the derived one),
    ``max_steps`` (bound on the steps of each integration, default 20000).

    Failures of the mathematics, not of the input, end in ``Inconclusive`` and never raise: a gradient flow that is
    singular before T (:class:`~symflow.errors.StepUnderflow` or another ``PrecisionError``: an edge of the domain of
    G, a blow-up) is retried once on T/8 and the detail says so; a map that is not smooth (abs, sign) or an
    integration or evaluation error gives reason DOMAIN; :class:`~symflow.errors.MaxStepsReached` gives TIMEOUT.

    Verdict: ``Refuted`` when the gap is more than 10 orders of magnitude above both flows' measured accuracy
    ``acc`` (>= 15 digits; the counterexample has the time and both values); ``Verified`` with
    ``min(agreement, acc)`` digits when the agreement is within 10 digits of ``acc`` and at least half of it;
    ``Inconclusive`` otherwise (too few digits to decide) or when no potential exists.

    Returns:
        a :class:`CrossCheck`.
    """
    G = check_parameterization(G)
    expr = loss_expr(loss, G.theta)
    run = _CrossCheckRun(G, expr, _check_point(x0, G.params, "x0"), _check_T(T), check_dps(dps),
                         check_int(samples, "samples", 1), check_max_steps(max_steps))
    ls = _ls_data(loss, data, G.theta)
    try:
        run.gradient_flow()
        run.law_drift()
        P = run.potential(potential)
        run.mirror_flow(P)
        verdict = run.compare(P)
        run.bregman(P, ls)
    except _Stop as stop:
        verdict = stop.verdict
    return run.result(verdict)


def _ls_data(loss, data, theta) -> LeastSquares | None:
    """The least-squares data of the cross-check: ``data = (X, y)`` if given, else those a LeastSquares carries."""
    if data is None:
        return loss if isinstance(loss, LeastSquares) else None
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise InvalidArgument(f"data={data!r} ({type(data).__name__}) must be a pair (X, y)")
    return least_squares(data[0], data[1], tuple(theta))


def _fmt(v, n: int = 30) -> str:
    return mpmath.nstr(v, n)


class _CrossCheckRun:
    """The stages of :func:`cross_check`, each recording what it measured; a stage that cannot go on raises _Stop."""

    def __init__(self, G, loss, xe, T, dps, samples, max_steps):
        self.G, self.loss, self.xe, self.T, self.dps = G, loss, xe, T, dps
        self.samples, self.max_steps = samples, max_steps
        self.T_requested, self.shortened = T, ""
        self.sol = self.msol = self.P = None
        self.times: list = []
        self.xs: list = []
        self.drift = self.dual = self.limit = None
        self.agreement = self.max_gap = None
        self.Gf = sympy.lambdify([list(G.params)], list(G.outputs), modules="mpmath")

    # -- stage 1: gradient flow (with the dual variable xi as extra state) -----------------------------------
    def _integrate(self, T):
        return gradient_flow(self.G, self.loss, self.xe, T, dps=self.dps, extra=True, max_steps=self.max_steps)

    def gradient_flow(self) -> None:
        if self.G.nonsmooth:
            raise _Stop(Inconclusive(f"G uses {', '.join(self.G.nonsmooth)}: not differentiable where the argument "
                                     "vanishes, so neither the gradient flow's Taylor jet nor a mirror potential "
                                     "applies; write the map of the branch of x(0) without abs/sign",
                                     reason=Reason.DOMAIN))
        T = self.T
        try:
            try:
                self.sol = self._integrate(T)
            except MaxStepsReached:
                raise  # the work bound, not the domain: no retry
            except PrecisionError as exc:  # singular before T (edge of the domain of G, blow-up): retry on T/8
                self.sol = self._integrate(T / 8)
                self.shortened = (f"on the shortened horizon T = {T / 8} (the gradient flow could not be "
                                  f"integrated to T = {T}: {exc}; the flow is singular there: an edge of the domain "
                                  f"of G or a blow-up): ")
                self.T = T / 8
        except (SymflowError, ArithmeticError, ValueError) as exc:
            timeout = isinstance(exc, MaxStepsReached)
            again = "" if timeout or isinstance(exc, InvalidArgument) else " (nor to T/8)"
            raise _Stop(Inconclusive(f"the gradient flow could not be integrated to T = {T}{again}: "
                                     f"{type(exc).__name__}: {exc}",
                                     reason=Reason.TIMEOUT if timeout else Reason.DOMAIN)) from None
        self.times = [self.T * sympy.Rational(k, self.samples) for k in range(1, self.samples + 1)]
        self.xs = [self.sol(t)[:self.G.D] for t in self.times]

    # -- supplementary: drift of the polynomial laws -------------------------------------------------------------
    def law_drift(self) -> None:
        G = self.G
        if not G.is_polynomial:
            self.drift = LawDrift(laws=(), drift=None, error="G is not polynomial: no degree-2 polynomial laws")
            return
        from ..conservation import polynomial_laws

        laws = polynomial_laws(G, 2)
        if not laws:
            self.drift = LawDrift(laws=(), drift=None)
            return
        hf = sympy.lambdify([list(G.params)], list(laws), modules="mpmath")
        with mpmath.workdps(self.dps + GUARD_DPS):
            h0 = hf([to_mpf(v) for v in self.xe])
            drift = mpmath.mpf(0)
            for x in self.xs:
                drift = max(drift, max(abs(a - b) / max(abs(b), 1) for a, b in zip(hf(list(x)), h0)))
        self.drift = LawDrift(laws=tuple(str(h) for h in laws), drift=_fmt(drift, 5))

    # -- stage 2: the potential and its mirror flow ------------------------------------------------------------
    def potential(self, claimed):
        if claimed is not None:
            self.P = claimed
            return claimed
        from ..lie import is_commuting
        from ..parameterization import regularity
        from ..potentials import derive_potential

        G = self.G
        comm, reg = is_commuting(G), regularity(G)[0]
        if not (comm.holds and reg.holds):
            raise _Stop(Inconclusive(f"no mirror flow to compare: commuting={comm.word}, regular={reg.word}; "
                                     f"gradient flow has {self.sol.digits} measured digits", reason=Reason.DOMAIN))
        try:
            self.P = derive_potential(G, init=dict(zip(G.params, self.xe)))
        except SymflowError as exc:
            raise _Stop(Inconclusive(f"{self.shortened}no potential for this initialization: {exc}",
                                     reason=Reason.DOMAIN)) from None
        return self.P

    def mirror_flow(self, P) -> None:
        th0 = self.G.evaluate(dict(zip(self.G.params, self.xe)))
        try:
            self.msol = mirror_flow(P, self.loss, th0, self.T, dps=self.dps, max_steps=self.max_steps)
        except (SymflowError, ArithmeticError, ValueError) as exc:  # leaves the range of grad R, step underflow
            reason = (Reason.TIMEOUT if isinstance(exc, MaxStepsReached) else
                      Reason.DOMAIN if isinstance(exc, StepUnderflow) or not isinstance(exc, PrecisionError)
                      else Reason.PRECISION)
            raise _Stop(Inconclusive(f"{self.shortened}the mirror flow of the {P.kind} potential could not be "
                                     f"integrated to T = {self.T}: {type(exc).__name__}: {exc}",
                                     reason=reason)) from None
        self.dual = _dual_identity(P, self._theta_T(), th0, self.sol.y1[self.G.D:], self.dps)

    def _theta_T(self):
        with mpmath.workdps(self.dps + GUARD_DPS):
            return self.Gf(list(self.sol.y1[:self.G.D]))

    # -- stage 3: compare G(x(t_k)) with theta_mirror(t_k) -------------------------------------------------
    def compare(self, P) -> Verdict:
        worst, worst_gap = None, mpmath.mpf(0)
        try:
            with mpmath.workdps(self.dps):
                for t, x in zip(self.times, self.xs):
                    tg, tm = self.Gf(list(x)), self.msol(t)
                    dig = agreeing_digits(tg, tm, cap=self.dps)
                    scale = max(max(abs(v) for v in tm), mpmath.mpf(10) ** (-self.dps))
                    worst_gap = max(worst_gap, max(abs(a - b) for a, b in zip(tg, tm)) / scale)
                    if worst is None or dig < worst[0]:
                        worst = (dig, t, tg, tm)
        except (SymflowError, ArithmeticError, ValueError, TypeError) as exc:
            raise _Stop(Inconclusive(f"{self.shortened}G(x(t)) or the mirror flow could not be evaluated at the "
                                     f"sample times: {type(exc).__name__}: {exc}", reason=Reason.DOMAIN)) from None
        self.agreement, self.max_gap = worst[0], _fmt(worst_gap, 5)
        return self._decide(P, *worst)

    def _decide(self, P, digits: int, t_w, tg_w, tm_w) -> Verdict:
        sol, msol, sh = self.sol, self.msol, self.shortened
        measured = [d for d in (sol.digits, msol.digits) if d is not None]
        acc = min(measured) if any(measured) else 0
        x0 = {str(k): str(v) for k, v in zip(self.G.params, self.xe)}
        if acc >= 15 and digits + 10 < acc:
            return Refuted(f"{sh}G(x(t)) and the mirror flow of {P.kind} potential differ at t = {t_w}: {digits} "
                           f"agreeing digits, while each flow has >= {acc} measured digits",
                           counterexample={"t": str(t_w), "G(x(t))": [_fmt(v) for v in tg_w],
                                           "theta_mirror(t)": [_fmt(v) for v in tm_w], "x0": x0},
                           measured_digits=digits)
        if digits + 10 < acc or 2 * digits < acc or digits < 1:
            # the gap is above the error bars, but the flows have too few digits to call it a refutation
            return Inconclusive(f"{sh}G(x(t)) and the mirror flow agree to only {digits} digits while the flows "
                                f"have {acc} measured digits; too few to decide: rerun with a higher dps",
                                reason=Reason.PRECISION)
        return Verified(f"{sh}G(x(t)) = mirror flow of the {P.kind} potential at {self.samples} times in "
                        f"(0, {self.T}]: {digits} digits agree (gradient flow {sol.digits}, mirror flow "
                        f"{msol.digits} measured digits)", n_digits=int(min(digits, acc)),
                        points=({"x0": x0, "T": str(self.T), "samples": self.samples},), dps=self.dps,
                        method=f"{sol.method} vs {msol.method}")

    # -- supplementary: the Bregman projection at the limit ----------------------------------------------------
    def bregman(self, P, ls: LeastSquares | None) -> None:
        if ls is None or not ls.interpolates:  # X theta = y must be solvable (exact ranks): the loss has minimum 0
            return
        from ..potentials import bregman_projection

        th0 = self.G.evaluate(dict(zip(self.G.params, self.xe)))
        try:
            with time_limit(_BREGMAN_SECONDS):
                proj = bregman_projection(P, [list(r) for r in ls.X], list(ls.y), theta0=th0, dps=self.dps)
            with mpmath.workdps(self.dps):
                tT = self._theta_T()
                dist = max(abs(a - b) for a, b in zip(tT, proj))
                lossT = sympy.lambdify([list(self.G.theta)], self.loss, modules="mpmath")(list(tT))
            self.limit = BregmanLimit(distance=_fmt(dist, 5), loss_at_T=_fmt(lossT, 5),
                                      converged=bool(lossT <= mpmath.mpf(10) ** (-(self.dps // 2))),
                                      projection=tuple(_fmt(v) for v in proj))
        except TimeoutError:  # the caller's own deadline (symflow analyze --timeout): not ours to swallow
            raise
        except TimeLimitExceeded:
            self.limit = BregmanLimit(distance=None, error=f"no answer within the {_BREGMAN_SECONDS} s budget")
        except (SymflowError, ArithmeticError, ValueError, TypeError, ZeroDivisionError) as exc:
            self.limit = BregmanLimit(distance=None, error=f"{type(exc).__name__}: {exc}")

    def result(self, verdict: Verdict) -> CrossCheck:
        sol, msol = self.sol, self.msol
        return CrossCheck(
            verdict=verdict, dps=self.dps, T=str(self.T), T_requested=str(self.T_requested),
            digits=verdict.digits if verdict.digits is not None else self.agreement,
            agreement_digits=self.agreement, max_gap=self.max_gap,
            flow_digits=None if sol is None else sol.digits, mirror_digits=None if msol is None else msol.digits,
            potential_kind=None if self.P is None else self.P.kind, times=tuple(str(t) for t in self.times),
            law_drift=self.drift, dual_identity=self.dual, limit_vs_bregman=self.limit)


def _dual_identity(P, thetaT, theta0, xiT, dps: int) -> DualIdentity:
    r"""Supplementary: :math:`\nabla R(\theta(T)) - \nabla R(\theta_0)` (the potential's own gradient, by formula or
    quadrature) against :math:`\xi(T) = -\int_0^T \nabla\mathcal{L}` accumulated along the gradient flow."""
    try:
        with mpmath.workdps(dps):
            g1 = P.grad(list(thetaT), dps=dps)
            g0 = P.grad([to_mpf(v) for v in theta0], dps=dps)
            lhs = [a - b for a, b in zip(g1, g0)]
            digits = agreeing_digits(lhs, list(xiT), cap=dps)
        return DualIdentity(digits=digits, xi=tuple(_fmt(v) for v in xiT), lhs=tuple(_fmt(v) for v in lhs))
    except TimeoutError:  # the caller's own deadline (symflow analyze --timeout)
        raise
    except (SymflowError, ArithmeticError, ValueError, TypeError) as exc:  # supplementary: say why it is missing
        return DualIdentity(digits=None, error=f"{type(exc).__name__}: {exc}")
