import pytest

from smart_devstack.frontend import FrontEnd


@pytest.fixture(scope="session")
def frontend(stack) -> FrontEnd:
    return FrontEnd(stack)
