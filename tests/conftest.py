"""Shared test set-up: reset mpmath state around every test; Hypothesis profiles."""

import os

import mpmath
import pytest
from hypothesis import HealthCheck, Phase, settings

# no explain phase: on an mpmath-heavy property it turned a 5 s failure into minutes
_PHASES = tuple(p for p in Phase if p is not Phase.explain)
settings.register_profile("dev", deadline=None, max_examples=20, phases=_PHASES)
settings.register_profile(
    "ci-symflow", deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow], max_examples=20, phases=_PHASES)
settings.load_profile("ci-symflow" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _reset_mpmath():
    saved = mpmath.mp.prec
    yield
    mpmath.mp.prec = saved
