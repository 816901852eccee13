import mpmath
import pytest

from symflow.errors import InvalidArgument
from symflow.precision import agreeing_digits, precision


def test_precision_is_scoped():
    before = mpmath.mp.dps
    with precision(80):
        assert mpmath.mp.dps == 80
    assert mpmath.mp.dps == before


def test_precision_rejects_bad_dps():
    with pytest.raises(InvalidArgument):
        precision(2)
    with pytest.raises(InvalidArgument):
        precision(30.0)


def test_agreeing_digits_measures():
    with precision(50):
        a = mpmath.mpf(1) / 3
        b = a + mpmath.mpf(10) ** -20
        assert 19 <= agreeing_digits(b, a) <= 20
        assert agreeing_digits(a, a) == 50
        # vector-aware: scale is the largest entry
        assert agreeing_digits([a, mpmath.mpf(0)], [a, mpmath.mpf(10) ** -30]) >= 29
