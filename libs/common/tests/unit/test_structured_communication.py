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


def test_creditor_references_follow_iso_11649():
    from stdnum import iso11649

    from smart_common.structured_communication import creditor_reference, payment_reference

    assert creditor_reference(539007547034) == "RF18539007547034"  # the standard's example
    for base in (1, 2600000042, 10**20 + 7):
        reference = payment_reference("iso11649_creditor_reference", base)
        assert iso11649.is_valid(reference)
        assert normalise(iso11649.format(reference)) == reference  # grouped by four on paper
    assert normalise("RF19539007547034") is None
    assert payment_reference("be_structured_communication", 97) == structured_communication(97)
