r"""§3.1 of 003 (spec §3.3, first part): the hypentropy as a potential -- the remarks after Def. 3.2 and Lemma 3.3
(Legendre type) with its proof steps.

Every statement is Def. 3.1 as data (:data:`._hyp.PHI_POS`, ``PHI_ZERO``, ``PHI_ZERO_NEG``); the checks
differentiate it and take SymPy limits with a symbolic α > 0, which covers every α and, by separability of
:math:`\Phi_\alpha`, every dimension k.  The Legendre properties are cross-checked by
:func:`symflow.potentials.legendre_properties` on the potentials symflow *derives* for the fixed-direction neuron
(``families.fixed_direction_relu``), which are :math:`\frac12\Phi_r` (HY-Thm3.4).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational, oo

from symflow import families
from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.potentials import bregman_projection, derive_potential, legendre_properties
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._hyp import (ARG_COORD, PHI_POS, PHI_ZERO, PHI_ZERO_NEG_DOM, X_NEG, X_POS, alpha, also_true, identities_w,
                   reduce_roots, t, x)

__all__ = ["LEGENDRE", "affine_reason"]

H_DEF = "Def. 3.1/3.2: phi_alpha for alpha > 0, phi_0 compatible with z (domain R_+^* or R_-^*)"
# Legendre type, phi'' and the range of phi' ignore affine terms: declared, so such mutants are equivalences
LEGENDRE = (Statement(phi=PHI_POS, phi0=PHI_ZERO, phi0n=PHI_ZERO_NEG_DOM).shift_free("phi", (x,), 1)
            .shift_free("phi0", (X_POS,), 1).shift_free("phi0n", (X_NEG,), 1))


def affine_reason(printed, mutated, var) -> str:
    """A reason when ``mutated - printed`` is affine in ``var`` (Legendre type, Hessians and Bregman divergences
    ignore affine terms), else ''."""
    if printed is None or mutated == printed:
        return ""
    if sympy.diff(sympy.expand(mutated - printed), var, 2) == 0:
        return ("the mutant differs from the printed potential by an affine function of x, which changes neither "
                "the Hessian, nor strict convexity, nor essential smoothness, nor Bregman divergences")
    return ""


_VAR = {"phi": x, "phi0": X_POS, "phi0n": X_NEG}


def _ends(expr, var, lo, hi):
    """(limit at lo from above, limit at hi from below) of expr."""
    return sympy.limit(expr, var, lo, "+"), sympy.limit(expr, var, hi, "-")


def _one_d(phi_e, var, lo, hi, label: str):
    """Strict convexity (phi'' > 0 decided by SymPy's assumptions), gradient range (limits of phi' at both ends),
    essential smoothness (|phi'| -> oo at every finite end).  Returns (ok, facts)."""
    d1, d2 = sympy.diff(phi_e, var), sympy.diff(phi_e, var, 2)
    pos = sympy.cancel(reduce_roots(d2)).is_positive  # W = sqrt(x^2 + alpha^2) > 0: decided exactly
    e_lo, e_hi = _ends(d1, var, lo, hi)
    facts = {f"{label}: phi'": str(d1), f"{label}: phi''": str(d2), f"{label}: phi'' > 0": str(pos),
             f"{label}: phi' at {lo}": str(e_lo), f"{label}: phi' at {hi}": str(e_hi)}
    ok = bool(pos) and e_lo == -oo and e_hi == oo
    return ok, facts


def _derived_legendre() -> dict:
    """symflow's own Legendre checks on the derived potentials of one neuron: r = 3/2 (a=2, b=1), and r = 0
    compatible with z > 0 (a=b=1) and z < 0 (a=1, b=-1)."""
    out = {}
    G = families.fixed_direction_relu(1)
    for name, init in (("r=3/2", {"a": 2, "b": 1}), ("r=0,z>0", {"a": 1, "b": 1}), ("r=0,z<0", {"a": 1, "b": -1})):
        L = legendre_properties(derive_potential(G, init), dps=20)
        c = L["coordinates"][0]
        out[name] = {"domain": list(c["domain"]), "gradient_range": list(c["gradient_range"]),
                     "legendre": L["legendre_type"]["value"], "verdict": L["legendre_type"]["verdict"]}
    return out


_derived = kit.cached(_derived_legendre)


@claim("HY-Lem3.3", text=r"$\mathcal D_{\alpha,z}$ is a convex open subset of $\mathbb R^k$ containing z; $\Phi_\alpha$ "
       r"is of Legendre type; $\nabla\Phi_\alpha(\mathcal D_{\alpha,z})=\mathbb R^k$", expect=Proved,
       statement=LEGENDRE, hyp=H_DEF, cites=("HY-Def3.1", "HY-Def3.2", "HY-Fn1"))
def lem33(ctx):
    """Per coordinate (separability): the domain is R, R_+^* or R_-^* (open intervals containing z); phi'' > 0;
    phi' runs from -oo to +oo across the domain (so the range is R and |phi'| blows up at the finite end 0 of the
    alpha = 0 domains).  Products of open convex intervals are open and convex; the gradient of a separable sum is
    the product of the ranges.  Cross-check: symflow.potentials.legendre_properties on the derived potentials."""
    s = ctx.s
    checks = [_one_d(s.phi, x, -oo, oo, "alpha>0"), _one_d(s.phi0, X_POS, 0, oo, "alpha=0,z>0"),
              _one_d(s.phi0n, X_NEG, -oo, 0, "alpha=0,z<0")]
    facts = {k: v for _, f in checks for k, v in f.items()}
    if not all(ok for ok, _ in checks):
        return Refuted("a coordinate potential is not Legendre with full gradient range", counterexample=facts)
    derived = _derived()
    if not all(v["legendre"] and v["gradient_range"] == ["-oo", "oo"] for v in derived.values()):
        return Inconclusive(f"symflow.potentials disagrees: {derived}", reason=Reason.UNDECIDED)
    cert = {**facts, "symflow.potentials (derived 1/2 Phi_r)": derived, "argument": ARG_COORD}
    return also_true(ctx, Proved("phi'' > 0 and phi' onto R on each of the three coordinate domains (symbolic alpha > "
                                 "0); separable sum; confirmed by symflow.potentials.legendre_properties",
                                 certificate=cert), "Legendre type, gradient onto R")


PF1 = Statement(lo_pos=0, lo_neg=-oo)


@claim("HY-Lem3.3-pf.1", text=r"$\mathcal D_{\alpha_i,z_i}\in\{\mathbb R,\mathbb R_+^*,\mathbb R_-^*\}$ is convex open "
       r"and contains $z_i$; $\mathcal D_{\alpha,z}$ is convex as a product of convex sets and contains z",
       expect=Proved, hyp=H_DEF)
def lem33_pf1(ctx):
    """The three one-dimensional domains are open intervals; z_i lies in its own (z > 0 in (0, oo), z < 0 in
    (-oo, 0), any z in R); a product of open intervals is an open box, convex."""
    zs = sympy.Symbol("z", positive=True)
    facts = {"z>0 in (0,oo)": sympy.Interval.open(0, oo).contains(zs),
             "-z in (-oo,0)": sympy.Interval.open(-oo, 0).contains(-zs),
             "R open": sympy.S.Reals.is_open, "(0,oo) open": sympy.Interval.open(0, oo).is_open}
    if all(v is sympy.true or v is True for v in facts.values()):
        return Proved("each coordinate domain is an open interval containing z_i (symbolic z); the product of open "
                      "intervals is an open convex box", certificate={k: str(v) for k, v in facts.items()})
    return Refuted("a coordinate domain fails", counterexample={k: str(v) for k, v in facts.items()})


PF2 = Statement(d2=(x ** 2 + alpha ** 2) ** Rational(-1, 2), phi=PHI_POS).shift_free("phi", (x,), 1)


@claim("HY-Lem3.3-pf.2", text=r"$\frac{d^2\phi_{\alpha_i}}{dx^2}(x)=(x^2+\alpha_i^2)^{-1/2}>0$, hence each "
       r"$\phi_{\alpha_i}$ is strictly convex", expect=Proved, statement=PF2, hyp=H_DEF)
def lem33_pf2(ctx):
    s = ctx.s
    v = identities_w([("phi''", reduce_roots(sympy.diff(s.phi, x, 2)), reduce_roots(s.d2))], argument=ARG_COORD,
                     what="phi_alpha'' from Def. 3.1 (W = sqrt(x^2 + alpha^2))")
    if not isinstance(v, Proved):
        return v
    if not sympy.cancel(reduce_roots(s.d2)).is_positive:
        return Refuted("the printed second derivative is not positive", counterexample={"d2": str(s.d2)})
    reason = affine_reason(ctx.printed.phi, s.phi, x) if ctx.mutating else ""
    return Proved("phi_alpha'' = (x^2 + alpha^2)^(-1/2) > 0 exactly (symbolic alpha > 0)",
                  certificate={**v.certificate, **({IMPLIED: reason} if reason else {})})


PF3 = Statement(pairing=X_POS * sympy.log(t * X_POS), grad0=sympy.log(X_POS))


@claim("HY-Lem3.3-pf.3", text=r"$\partial\mathcal D_{0,z_i}=\{0\}$; $\langle\nabla\phi_0(tx),x\rangle=|x|\log(t|x|)"
       r"\to-\infty$ when $t\to0$", expect=Proved, statement=PF3, hyp=H_DEF)
def lem33_pf3(ctx):
    """phi_0' = log on (0, oo) (derived from Def 3.1), so <phi_0'(t x), x> = x log(t x) for x > 0; the same with
    |x| on the negative half-line (phi_0'(y) = -log(-y)); the limit t -> 0+ is -oo."""
    s = ctx.s
    d1 = sympy.diff(PHI_ZERO, X_POS)
    v = kit.identities([("phi_0' on x>0", d1, s.grad0),
                        ("<phi_0'(tx), x>, x>0", d1.subs(X_POS, t * X_POS) * X_POS, s.pairing),
                        ("<phi_0'(tx), x>, x<0", (sympy.diff(PHI_ZERO_NEG_DOM, X_NEG).subs(X_NEG, -t * X_POS)) * (-X_POS),
                         s.pairing)],
                       argument="x > 0 symbolic (and -x for the negative half-line): every point of both domains",
                       what="pairing along the ray")
    if not isinstance(v, Proved):
        return v
    lim = sympy.limit(s.pairing, t, 0, "+")
    if lim != -oo:
        return Refuted(f"the pairing tends to {lim}, not -oo", counterexample={"limit": str(lim)})
    return Proved("pairing = |x| log(t|x|) exactly, limit -oo as t -> 0+", certificate=v.certificate)


@claim("HY-Lem3.3-pf.4", text=r"$\langle\nabla\Phi_\alpha(x+t(y-x)),y-x\rangle\to-\infty$ when $t\to0$ for any "
       r"$(x,y)\in\partial\mathcal D_{\alpha,z}\times\mathcal D_{\alpha,z}$", expect=Proved, hyp=H_DEF)
def lem33_pf4(ctx):
    """A boundary point x has x_i = 0 exactly on a nonempty set of coordinates with alpha_i = 0 (the only finite
    ends); there the term is phi_0'(t y_i) y_i = |y_i| log(t|y_i|) -> -oo, every other coordinate stays finite
    (x_i + t(y_i - x_i) tends to an interior point x_i, or to a point of R where phi_alpha' is continuous).  The
    sum tends to -oo.  Checked: the boundary term symbolically, and one interior term's limit is finite."""
    y = sympy.Symbol("y", positive=True)
    xi = sympy.Symbol("xi", positive=True)
    bterm = sympy.diff(PHI_ZERO, X_POS).subs(X_POS, t * y) * y
    iterm = sympy.diff(PHI_ZERO, X_POS).subs(X_POS, xi + t * (y - xi)) * (y - xi)
    aterm = sympy.diff(PHI_POS, x).subs(x, xi + t * (y - xi)) * (y - xi)
    lims = {"boundary coordinate": sympy.limit(bterm, t, 0, "+"), "interior alpha=0": sympy.limit(iterm, t, 0, "+"),
            "alpha>0": sympy.limit(aterm, t, 0, "+")}
    if lims["boundary coordinate"] == -oo and all(v.is_finite for k, v in lims.items() if k != "boundary coordinate"):
        return Proved("the boundary coordinates give -oo, the others finite limits: the sum tends to -oo",
                      certificate={k: str(v) for k, v in lims.items()})
    return Refuted("a limit is not as claimed", counterexample={k: str(v) for k, v in lims.items()})


@claim("HY-Lem3.3-pf.5", text=r"$\nabla\phi_{\alpha_i}(\mathcal D_{\alpha_i,z_i})=\mathbb R$; by separability "
       r"$\nabla\Phi_\alpha(\mathcal D_{\alpha,z})=\mathbb R^k$", expect=Proved, statement=LEGENDRE, hyp=H_DEF)
def lem33_pf5(ctx):
    """phi' is continuous and increasing on each coordinate domain with limits -oo and +oo at its ends (derived from
    Def. 3.1), hence onto R; the gradient of a separable sum maps the product of domains onto the product of
    ranges."""
    s = ctx.s
    ends = {"alpha>0": _ends(sympy.diff(s.phi, x), x, -oo, oo), "z>0": _ends(sympy.diff(s.phi0, X_POS), X_POS, 0, oo),
            "z<0": _ends(sympy.diff(s.phi0n, X_NEG), X_NEG, -oo, 0)}
    if all(e == (-oo, oo) for e in ends.values()):
        return also_true(ctx, Proved("phi' runs from -oo to +oo on each coordinate domain (symbolic alpha > 0)",
                                     certificate={k: str(v) for k, v in ends.items()}), "gradient onto R")
    reason = next((affine_reason(ctx.printed[n], s[n], _VAR[n]) for n in s.names
                   if ctx.printed is not None and s[n] != ctx.printed[n]), "")
    return Refuted("a coordinate gradient is not onto R" + (f" ({reason})" if reason else ""),
                   counterexample={k: str(v) for k, v in ends.items()})


# ------------------------------------------------------------------------------------- remarks after Def 3.2

ZERO = Statement(phi=PHI_POS)


@claim("HY-S3.1-Zero", text=r"For $\alpha>0$, $\phi_\alpha(0)=0$ and $\nabla\phi_\alpha(0)=0$; so with $\beta_0=0$ "
       r"the limit minimises $D_{\Phi_\alpha}(\cdot,\beta_0)=\Phi_\alpha(\cdot)$ among the minimizers", expect=Proved,
       statement=ZERO, hyp=H_DEF, cites=("HY-Def-Bregman",))
def s31_zero(ctx):
    """phi(0), phi'(0) from the printed phi; then D(beta, 0) = phi(beta) - phi(0) - phi'(0) beta = phi(beta) per
    coordinate (separable), exactly."""
    p = ctx.s.phi
    d1 = sympy.diff(p, x)
    D = p - p.subs(x, 0) - d1.subs(x, 0) * x
    return also_true(ctx, kit.identities([("phi(0)", p.subs(x, 0), 0), ("phi'(0)", d1.subs(x, 0), 0),
                                          ("D(x, 0) = phi(x)", D, p)], argument=ARG_COORD, what="hypentropy at 0"),
                     "phi(0) = 0, phi'(0) = 0, so D(., 0) = phi")


SHAPES = Statement(phi=PHI_POS)
_ALPHAS = (Rational(1000), Rational(1, 10 ** 6))


def _ratio(p, al, dps):
    f = sympy.lambdify((x, alpha), p, modules="mpmath")
    with mpmath.workdps(dps):
        return f(mpmath.mpf(2), kit.mp(al)) / f(mpmath.mpf(1), kit.mp(al))


@claim("HY-S3.1-Shapes", text="The multi-dimensional hypentropy can take crucially different shapes depending on "
       r"$\alpha\in\mathbb R_+^k$ (Figure 1)", expect=Verified, kind=Kind.NUMERIC, statement=SHAPES, hyp=H_DEF)
def s31_shapes(ctx):
    r"""Shape measured by the growth ratio :math:`\phi_\alpha(2)/\phi_\alpha(1)`: for α = 1000 it is the quadratic
    (ℓ2-like) value 4 up to O(α⁻²); for α = 1e-6 it matches the entropy-like profile x log(2x/α) - x (ratio ≈ 2.1)
    up to O(α).  Two different shapes, both pinned to their asymptotic profiles."""
    p = ctx.s.phi
    m = kit.measured(lambda d: [_ratio(p, al, d) for al in _ALPHAS], ctx.dps)
    big, small = (mpmath.re(v) for v in m.values)
    f = sympy.lambdify((x, alpha), p, modules="mpmath")
    with mpmath.workdps(ctx.dps):
        vals = [mpmath.mpmathify(f(mpmath.mpf(v), kit.mp(al))) for v in (1, 2) for al in _ALPHAS]
        if any(isinstance(v, mpmath.mpc) and v.imag != 0 for v in vals):
            return Refuted("phi_alpha is not real at x = 1 or 2", counterexample={"phi": str(p)})
        if not all(mpmath.re(f(mpmath.mpf(1), kit.mp(al))) > 0 for al in _ALPHAS):   # convex, minimum 0 at 0
            return Refuted("phi_alpha(1) is not positive", counterexample={"phi": str(p)})
        al = kit.mp(_ALPHAS[1])
        ent = (2 * mpmath.log(4 / al) - 2) / (mpmath.log(2 / al) - 1)
        ok_big = abs(big - 4) < mpmath.mpf(10) ** -5
        ok_small = abs(small - ent) < mpmath.mpf(10) ** -4
        info = {"ratio at alpha=1000 (quadratic: 4)": kit.nstr(big, 15),
                "ratio at alpha=1e-6": kit.nstr(small, 15), "entropy-like profile ratio": kit.nstr(ent, 15)}
    if ok_big and ok_small:
        return Verified("phi_alpha(2)/phi_alpha(1) is 4 (quadratic) at alpha = 1000 and about 2.1 (x log x profile) "
                        "at alpha = 1e-6", n_digits=max(1, m.digits), points=("alpha=1000", "alpha=1e-6"),
                        dps=ctx.dps, scope="numeric at alpha in {1000, 1e-6}", info=info)
    return Refuted("the shape ratios do not follow the two regimes", counterexample=info, measured_digits=m.digits)


REGIME_X = ((1, 2, 3),)
REGIME_Y = (1,)
_L2 = tuple(Rational(v, 14) for v in (1, 2, 3))        # min-l2 interpolator X^T (X X^T)^-1 y
_L1 = (0, 0, Rational(1, 3))                           # min-l1 interpolator (the largest column)
_A0 = {"large": (1, 10, 100), "small": (1, Rational(1, 10), Rational(1, 100))}   # r = a0^2 / 2


def _projection(a0, dps):
    """Bregman projection of beta_0 = 0 onto {X beta = y} for the derived potential of three neurons started at
    (a0, 0): 1/2 Phi_r with r = a0^2 / 2 (HY-Thm3.4), by symflow.potentials.bregman_projection (KKT)."""
    G = families.fixed_direction_relu(3)
    P = derive_potential(G, {**{f"a{j}": a0 for j in (1, 2, 3)}, **{f"b{j}": 0 for j in (1, 2, 3)}})
    return bregman_projection(P, [list(REGIME_X[0])], list(REGIME_Y), full=True, dps=dps)


_proj = kit.cached(_projection)


@claim("HY-S3.1-Regimes", text="Attributed to [Woodworth et al., 2020, p6]: a large parameter gives an l2-like implicit "
       "regularization, a parameter closer to zero an l1-like one.", expect=Verified, kind=Kind.NUMERIC,
       hyp="beta_0 = 0, X = (1 2 3), y = 1; Bregman projection (HY-S3.1-Zero)", cites=("HY-S3.1-Zero",))
def s31_regimes(ctx):
    """Distance of the hypentropy projection to the min-l2 interpolator shrinks as r grows (1/2, 50, 5000) and to the
    min-l1 interpolator as r shrinks (1/2, 1/200, 1/20000)."""
    dist = {}
    digits = ctx.dps
    for regime, ref in (("large", _L2), ("small", _L1)):
        for a0 in _A0[regime]:
            res = _proj(a0, ctx.dps)
            digits = min(digits, res["digits"])
            with mpmath.workdps(ctx.dps):
                dist[(regime, a0)] = mpmath.sqrt(sum((u - kit.mp(v)) ** 2 for u, v in zip(res["theta"], ref)))
    info = {f"{k[0]} r={Rational(k[1]) ** 2 / 2}": kit.nstr(v, 8) for k, v in dist.items()}
    lg = [dist[("large", a)] for a in _A0["large"]]
    sm = [dist[("small", a)] for a in _A0["small"]]
    if lg[0] > lg[1] > lg[2] and sm[0] > sm[1] > sm[2] and lg[2] < mpmath.mpf(10) ** -3 and sm[2] < mpmath.mpf(1) / 20:
        return Verified("distance to the min-l2 interpolator decreases with r (to < 1e-3 at r = 5000) and to the "
                        "min-l1 interpolator as r -> 0 (< 0.05 at r = 1/20000)", n_digits=max(1, digits),
                        points=tuple(info), dps=ctx.dps, scope="numeric, one design (d = 3, n = 1), six values of r",
                        info=info)
    return Refuted("the projections do not approach the l2 / l1 interpolators monotonically", counterexample=info,
                   measured_digits=digits)
