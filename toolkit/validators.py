"""Validation of Russian company identifiers and of the other numbers people type (PR numbers)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
# str.isdigit() and int() also take "７", "٧" and "²": an identifier is stored and compared in 0-9 only.
_ASCII_DIGITS = re.compile(r"[0-9]+")
_PR_NUMBER = re.compile(r"PR[0-9]+")
# What the database accepts as an INN (check constraints), so a look-alike can never be stored;
# \A and \Z mean the same in Python and PostgreSQL (unlike $, which Python lets match before a "\n").
INN_PATTERN = r"\A([0-9]{10}|[0-9]{12})\Z"
_INN = re.compile(INN_PATTERN)


def _folded(value: str) -> str:
    """NFKC turns compatibility forms into plain characters: fullwidth "７７０" and superscript "²"
    become ASCII digits. Other scripts' digits (Arabic-Indic "٧٧٠") stay what they are."""
    return unicodedata.normalize("NFKC", value).strip()


def ascii_digits(value: str) -> str:
    """A typed digit identifier as it is stored: folded by NFKC, without surrounding whitespace, and
    only 0-9 — so a fullwidth copy of a stored INN is the same INN, not a new company."""
    value = _folded(value)
    if not _ASCII_DIGITS.fullmatch(value):
        raise ValidationError(_("Use only the digits 0–9."), code="digits_only")
    return value


def pr_number(value: str) -> str:
    """A typed PR number as it is stored ("PR" and digits 0-9), whatever the case or width."""
    value = _folded(value).upper()
    if not _PR_NUMBER.fullmatch(value):
        raise ValidationError(
            _("A PR number is “PR” followed by the digits 0–9, e.g. PR0000123."), code="pr_number_format"
        )
    return value


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """True for a 10-digit (company) or 12-digit (individual entrepreneur) INN with correct check digits."""
    if not _INN.match(value) or set(value) == {"0"}:
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check_digit(digits, _INN10_WEIGHTS) == digits[9]
    return (
        _check_digit(digits, _INN12_WEIGHTS_11) == digits[10] and _check_digit(digits, _INN12_WEIGHTS_12) == digits[11]
    )


def validate_inn(value: str) -> None:
    if not _INN.match(value):
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


# A KPP: the tax office (4 digits), the reason (2 digits or Latin capitals), a number (3 digits).
_KPP = re.compile(r"\A[0-9]{4}[0-9A-Z]{2}[0-9]{3}\Z")


def validate_kpp(value: str) -> None:
    if not _KPP.match(value):
        raise ValidationError(_("A KPP has 9 characters, e.g. 770101001."), code="kpp_format")
