"""High-precision integrators: Taylor jet (default), Gauss-Legendre collocation, mpmath.odefun, discrete GD, and
Gragg-Bulirsch-Stoer extrapolation (``extrapolate``) for right-hand sides that are numeric callables only.

``solve(rhs, variables, y0, t1, dps=...)`` returns a :class:`Solution` whose ``digits`` were measured by a rerun at
doubled precision; ``symflow.integrate.bench.run_bench`` compares the Taylor jet with mpmath.odefun and heyoka.
"""

from .api import solve
from .base import AbstractIntegrator, Solution
from .descent import gradient_descent
from .extrapolation import extrapolate
from .gauss_legendre import GaussLegendre
from .odefun import MpmathOdefun
from .taylor import TaylorJet

__all__ = ["solve", "Solution", "AbstractIntegrator", "TaylorJet", "GaussLegendre", "MpmathOdefun",
           "gradient_descent", "extrapolate"]
