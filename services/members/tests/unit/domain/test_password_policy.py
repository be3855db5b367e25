import pytest

from smart_members.domain.password_policy import password_problem


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("short-one", "at least 12"),
        ("password1234", "most common"),
        ("qwertyuiop12", "most common"),
        ("ann.peeters@example.org", "guess"),  # the account's own e-mail
        ("aaaaaaaaaaaaaa", "Repeats"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, fragment):
    problem = password_problem(password, "ann.peeters@example.org", "ann", "peeters")
    assert problem is not None and fragment in problem


def test_a_few_unrelated_words_are_fine():
    assert password_problem("correct-horse-battery", "ann@example.org", "Ann") is None
