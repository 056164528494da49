"""Fixtures of the model tests: the OpenAI-compatible fake on loopback, and the waits a
client under test would have slept (recorded instead, so retries cost no time)."""

import pytest

from tests.support.fake_openai import FakeOpenAI


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    return []
