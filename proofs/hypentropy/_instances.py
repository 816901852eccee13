r"""The numerical instances of §2: mirror flows of closed-form potentials on exact designs, and their projections.

Each instance is a potential of :mod:`._least_squares` (hypentropy at several alpha, the power potential, a
non-separable one), an exact design of rank n < d and an initialization :math:`\beta_0`.  The mirror flow
(HY-Def-MirrorFlow) is integrated by :func:`symflow.flows.mirror_flow_expr` (Taylor jet) at ``dps`` and ``2 dps``
digits, with :math:`\int_0^t F` and :math:`\int_0^t\nabla F` as extra states; :class:`Run` keeps both runs
so that every sampled value carries measured digits.  The Bregman projection is
:func:`symflow.potentials.affine_kkt` (its KKT system,
solved independently of the flow).  Everything is cached by content (:func:`symflow.claims.kit.cached`).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from symflow.claims import IMPLIED, kit
from symflow.flows import mirror_flow_expr
from symflow.potentials import affine_kkt
from symflow.precision import agreeing_digits

from ._least_squares import DESIGNS, POTENTIALS, loss

__all__ = ["Instance", "INSTANCES", "GRADS", "BOUNDARY", "instances", "Run", "run", "projection", "env", "times",
           "check_relations"]


@dataclass(frozen=True)
class Instance:
    """(potential key, design key, horizon T)."""

    pot: str
    design: str
    T: int
    grads: bool = False  # also integrate int_0^t grad F (d more states)

    @property
    def label(self) -> str:
        return f"{POTENTIALS[self.pot].name}; design {DESIGNS[self.design].name}; beta0 = " \
               f"{[str(v) for v in DESIGNS[self.design].beta0]}; T = {self.T}"


INSTANCES = (Instance("hyp1", "A", 80), Instance("quartic", "A", 60), Instance("hyp1/10", "A", 120),
             Instance("rotated", "A", 80), Instance("hyp1/2-d4", "B", 60))
GRADS = Instance("hyp1", "C", 40, grads=True)


def instances(fast: bool) -> tuple:
    return INSTANCES[:2] if fast else INSTANCES


@dataclass(frozen=True)
class Run:
    """Two integrations of one instance (``lo`` at dps, ``hi`` at 2 dps); state = (beta, int_0^t F)."""

    inst: Instance
    dps: int
    lo: object
    hi: object

    @property
    def d(self) -> int:
        return POTENTIALS[self.inst.pot].d

    def at(self, t) -> tuple[list, list, int]:
        """(beta(t), [int_0^t F (, int_0^t grad F)], digits) at an exact time t; digits measured between the two
        runs."""
        t = sympy.Rational(t)
        a, b = (self.lo.y1, self.hi.y1) if t == self.inst.T else (self.lo(t), self.hi(t))
        with mpmath.workdps(2 * self.dps):
            digits = agreeing_digits(list(a), list(b), cap=self.dps)
        with mpmath.workdps(self.dps):
            return [+v for v in b[: self.d]], [+v for v in b[self.d:]], digits


@kit.cached
def run(inst: Instance, dps: int) -> Run:
    pot, des = POTENTIALS[inst.pot], DESIGNS[inst.design]
    th = pot.theta
    Fx = loss(des, th)
    grads = [sympy.diff(Fx, t) for t in th]
    sols = [mirror_flow_expr(pot.phi, th, Fx, des.beta0, inst.T, dps=p, metric=pot.metric,
                             integrals=(Fx, *grads) if inst.grads else (Fx,), measure_digits=False)
            for p in (dps, 2 * dps)]
    return Run(inst, dps, sols[0], sols[1])


@kit.cached
def projection(pot_key: str, design_key: str, dps: int):
    """The Bregman projection of beta0 onto {X beta = y} for that potential (symflow.potentials.affine_kkt)."""
    pot, des = POTENTIALS[pot_key], DESIGNS[design_key]
    return affine_kkt(pot.phi, pot.theta, des.X, des.y, des.beta0, dps=dps)


BOUNDARY = (Instance("entropy", "E1", 40), Instance("entropy-d4", "E2", 400))


def env(inst: Instance, vectors, scalars=None, *, closure: bool = False):
    """The numeric :class:`~._least_squares.Env` of an instance with named vectors and scalars."""
    from ._least_squares import Env

    pot, des = POTENTIALS[inst.pot], DESIGNS[inst.design]
    return Env(des.X, des.y, pot.closure_phi if closure else pot.phi, pot.theta, dict(vectors), dict(scalars or {}))


def times(inst: Instance) -> tuple:
    """Sample times: early ones (1/32, 1/8, 1/2, 1, 2) and T/8, T/4, T/2, T."""
    T = sympy.Integer(inst.T)
    return tuple(sympy.Rational(k) for k in ("1/32", "1/8", "1/2", "1", "2")) + (T / 8, T / 4, T / 2, T)


class _Undefined(Exception):
    """A statement evaluated outside the domain of its potential (a complex value)."""


def check_relations(ctx, parts, points, *, what: str, scope: str):
    """Check the relations ``ctx.s.<part>`` (<=, >=, or Eq) at ``points`` = [(label, Env, digits)] with
    :func:`~._least_squares.value`: :class:`Refuted` at the worst violation beyond the measured error, else
    :class:`Verified` with the smallest relative slack and the tightness (largest lhs/rhs of a <= relation); under
    ``--mutate``, a holding mutant whose slack is at least the printed one's everywhere is marked implied."""
    from symflow.verdict import Refuted, Verified

    from ._least_squares import value

    def rows(statement):
        out = []
        for label, e, digits in points:
            with mpmath.workdps(ctx.dps):
                for part in parts:
                    rel = statement[part]
                    try:
                        lhs, rhs = value(rel.lhs, e), value(rel.rhs, e)
                    except ZeroDivisionError:  # the statement says nothing at this point (e.g. 1/(t - T0) at T0)
                        out.append((f"{label}, {part}", None, None, mpmath.inf, digits, type(rel)))
                        continue
                    if isinstance(lhs, mpmath.mpc) or isinstance(rhs, mpmath.mpc):
                        raise _Undefined(f"{label}, {part}: a side is not real (phi outside its domain)")
                    if isinstance(lhs, mpmath.matrix) or isinstance(rhs, mpmath.matrix):  # vector identity
                        gap, size = mpmath.norm(lhs - rhs), max(mpmath.norm(lhs), mpmath.norm(rhs))
                        lhs, rhs = gap, mpmath.mpf(0)
                        scale = max(size, mpmath.mpf(10) ** (-ctx.dps // 2))
                    else:
                        scale = max(abs(lhs), abs(rhs), mpmath.mpf(10) ** (-ctx.dps // 2))
                    if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
                        slack = (rhs - lhs) / scale
                    elif isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
                        slack = (lhs - rhs) / scale
                    else:
                        slack = -abs(lhs - rhs) / scale
                    out.append((f"{label}, {part}", lhs, rhs, slack, digits, type(rel)))
        return out

    try:
        got = rows(ctx.s)
    except _Undefined as exc:
        return Refuted(f"{what}: the statement is undefined at an instance", counterexample={"undefined": str(exc)})
    tol = lambda dg: mpmath.mpf(10) ** (-(max(dg, 3) - 2))  # noqa: E731
    bad = [r for r in got if r[3] < -tol(r[4])]
    if bad:
        w = min(bad, key=lambda r: r[3])
        return Refuted(f"{what}: fails at {w[0]}", measured_digits=w[4], counterexample={
            "instance": w[0], "lhs": kit.nstr(w[1], 20), "rhs": kit.nstr(w[2], 20),
            "relation": getattr(w[5], "rel_op", "="), "relative slack": kit.nstr(w[3], 8)})
    got_all, got = got, [r for r in got if r[1] is not None]
    if not got:
        return Refuted(f"{what}: the statement is undefined at every point", counterexample={"rows": len(got_all)})
    ineq = [r for r in got if r[5] is not sympy.Equality]
    tight = max((r[1] / r[2] for r in ineq
                 if r[1] > 0 and r[2] > 0 and r[5] in (sympy.LessThan, sympy.StrictLessThan)), default=None)
    info = {"smallest relative slack": kit.nstr(min(r[3] for r in got), 8), "rows": len(got)}
    if tight is not None:
        info["tightness (max lhs/rhs)"] = kit.nstr(tight, 8)
    if ctx.mutating and ctx.printed is not None:
        ref = rows(ctx.printed)
        with mpmath.workdps(ctx.dps):  # the slacks carry dps digits: compare them at that precision
            weaker = all(a[3] >= b[3] - tol(min(a[4], b[4])) for a, b in zip(got_all, ref))
        if weaker:
            info[IMPLIED] = True
    digits = max(1, min(r[4] for r in got))
    return Verified(f"{what}: holds at {len(got)} (instance, time) rows; smallest relative slack "
                    f"{info['smallest relative slack']}" + (f"; tightness {info.get('tightness (max lhs/rhs)')}"
                                                            if tight is not None else ""),
                    n_digits=digits, points=tuple(dict.fromkeys(p[0] for p in points)), dps=ctx.dps,
                    method="Taylor jet at dps and 2 dps (digits measured), printed formula evaluated by "
                           "_least_squares.value", scope=scope, info=info)
