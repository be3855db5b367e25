from smart_common.structured_communication import is_valid, normalise, structured_communication


def test_known_example_is_valid():
    assert is_valid("+++090/9337/55493+++")


def test_generated_reference_round_trips_through_bank_formats():
    reference = structured_communication(2600000042)
    assert is_valid(reference)
    digits = reference.replace("+", "").replace("/", "")
    assert normalise(digits) == reference
    assert normalise(f"***{digits[:3]}/{digits[3:7]}/{digits[7:]}***") == reference


def test_check_digits_97_when_remainder_is_zero():
    assert structured_communication(97).endswith("/09797+++")


def test_wrong_check_digits_are_refused():
    assert normalise("+++090/9337/55494+++") is None
    assert normalise("12345") is None
