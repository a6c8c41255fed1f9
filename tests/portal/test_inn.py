import pytest
from django.core.exceptions import ValidationError

from toolkit.validators import ascii_digits, inn_is_valid, inn_with_check_digits, pr_number, validate_inn


@pytest.mark.parametrize(
    "inn",
    [
        "7707083893",  # ПАО Сбербанк (10 digits, company)
        "7736207543",  # ООО «Яндекс»
        "7830002293",  # ПАО «Ленэнерго»
        "500100732259",  # 12 digits, sole trader (a published test example)
    ],
)
def test_real_format_inns_are_accepted(inn):
    assert inn_is_valid(inn)
    validate_inn(inn)


@pytest.mark.parametrize(
    "inn, code",
    [
        ("7707083894", "inn_checksum"),  # last digit changed
        ("500100732258", "inn_checksum"),
        ("770708389", "inn_format"),  # 9 digits
        ("77070838931", "inn_format"),  # 11 digits
        ("77O7083893", "inn_format"),  # a letter O
        ("７７０７０８３８９３", "inn_format"),  # fullwidth digits: the form folds them, the model does not
        ("٧٧٠٧٠٨٣٨٩٣", "inn_format"),  # Arabic-Indic digits
        ("⁷⁷⁰⁷⁰⁸³⁸⁹³", "inn_format"),  # superscript digits (int() cannot read them)
        ("", "inn_format"),
    ],
)
def test_wrong_inns_are_refused_with_the_reason(inn, code):
    with pytest.raises(ValidationError) as error:
        validate_inn(inn)
    assert error.value.code == code


def test_all_zeros_is_not_an_inn():
    assert not inn_is_valid("0000000000")


def test_generated_inns_pass_the_check():
    assert inn_is_valid(inn_with_check_digits("770100001"))
    assert inn_is_valid(inn_with_check_digits("5001007322"))


@pytest.mark.parametrize(
    "typed, stored",
    [("７７０７０８３８９３", "7707083893"), ("⁷⁷⁰⁷⁰⁸³⁸⁹³", "7707083893"), ("\u3000 1000001\n", "1000001")],
)
def test_look_alike_digits_fold_to_ascii(typed, stored):
    assert ascii_digits(typed) == stored


@pytest.mark.parametrize("typed", ["٧٧٠٧٠٨٣٨٩٣", "۱۲۳", "½", "12 34", "", "-1"])
def test_anything_but_digits_0_9_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        ascii_digits(typed)
    assert error.value.code == "digits_only"


def test_pr_numbers_fold_case_and_width_and_refuse_other_digits():
    assert pr_number(" ｐｒ００００１２３ ") == "PR0000123"
    with pytest.raises(ValidationError):
        pr_number("PR٠٠٠٠١٢٣")
