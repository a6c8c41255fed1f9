"""Validation of Russian company identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """True for a 10-digit (company) or 12-digit (individual entrepreneur) INN with correct check digits."""
    if not value.isdigit() or len(value) not in (10, 12) or set(value) == {"0"}:
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check_digit(digits, _INN10_WEIGHTS) == digits[9]
    return (
        _check_digit(digits, _INN12_WEIGHTS_11) == digits[10] and _check_digit(digits, _INN12_WEIGHTS_12) == digits[11]
    )


def validate_inn(value: str) -> None:
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(_("An INN has 10 digits (company) or 12 digits (sole trader)."), code="inn_format")
    if not inn_is_valid(value):
        raise ValidationError(_("This INN fails the check-digit test: please check it for typos."), code="inn_checksum")


def inn_with_check_digits(body: str) -> str:
    """Complete a 9-digit (company) or 10-digit (sole trader) body into a valid INN; for demo data
    and tests, so that no real company's INN has to be used."""
    digits = [int(c) for c in body]
    if len(digits) == 9:
        return body + str(_check_digit(digits, _INN10_WEIGHTS))
    if len(digits) == 10:
        digits.append(_check_digit(digits, _INN12_WEIGHTS_11))
        digits.append(_check_digit(digits, _INN12_WEIGHTS_12))
        return "".join(map(str, digits))
    raise ValueError("an INN body has 9 or 10 digits")
