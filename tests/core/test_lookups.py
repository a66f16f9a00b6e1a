import pytest

from microposts.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def display_names_matching(fragment: str) -> set[str]:
    return set(
        User.objects.filter(display_name__partial=fragment).values_list("display_name", flat=True)
    )


def test_partial_matches_a_fragment_anywhere_in_the_value_whatever_its_case() -> None:
    UserFactory(display_name="Joanna Smith")
    UserFactory(display_name="Bob")

    assert display_names_matching("ANN") == {"Joanna Smith"}
    assert display_names_matching("smITH") == {"Joanna Smith"}


def test_partial_takes_percent_literally() -> None:
    UserFactory(display_name="50% off")
    UserFactory(display_name="500 off")

    assert display_names_matching("50%") == {"50% off"}


def test_partial_takes_underscore_literally() -> None:
    UserFactory(display_name="snake_case")
    UserFactory(display_name="snakeXcase")

    assert display_names_matching("e_c") == {"snake_case"}


def test_partial_takes_backslash_literally() -> None:
    UserFactory(display_name="back\\slash")
    UserFactory(display_name="backslash")

    assert display_names_matching("k\\s") == {"back\\slash"}
