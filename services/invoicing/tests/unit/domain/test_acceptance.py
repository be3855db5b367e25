from datetime import date

from smart_invoicing.domain.acceptance import acceptance_token, token_is_valid

KEY = "a-quote-link-key-of-32-characters!!"
QUOTE = {
    "_id": "q-1",
    "valid_until": "2027-01-31",
    "terms": {"amount_excl_vat": "2000.00"},
    "total_excl_vat": "2000.00",
    "total_vat": "120.00",
    "total_incl_vat": "2120.00",
    "currency": "EUR",
    "client_id": "c-1",
}
TODAY = date(2027, 1, 10)


def test_the_link_is_for_this_quote_as_sent_until_its_last_day():
    token = acceptance_token(KEY, QUOTE)
    assert token_is_valid(KEY, QUOTE, token, TODAY)
    assert token_is_valid(KEY, QUOTE, token, date(2027, 1, 31))
    assert not token_is_valid(KEY, QUOTE, token, date(2027, 2, 1))  # expired
    changed = QUOTE | {"total_incl_vat": "2500.00"}
    assert not token_is_valid(KEY, changed, token, TODAY)  # the content changed
    assert not token_is_valid("another-key-of-thirty-two-characters", QUOTE, token, TODAY)
    assert not token_is_valid(KEY, QUOTE | {"_id": "q-2"}, token, TODAY)
    assert not token_is_valid(KEY, QUOTE, "2999-12-31." + token.split(".")[1], TODAY)
    assert not token_is_valid(KEY, QUOTE, "not-a-token-at-all", TODAY)
