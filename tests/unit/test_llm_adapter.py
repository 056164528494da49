"""The model adapter with the real openai client, over HTTP, against the loopback fake server:
retries and their waits, Retry-After, time-outs, validation, refusals, one error type."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate

import pydantic
import pytest

from cocohop.adapters.llm import (
    Cancelled,
    LLMClient,
    LLMConfig,
    ModelError,
    backoff_delay,
    client_from_settings,
    parse_retry_after,
)
from cocohop.settings import Settings
from tests.support.fake_openai import answer, error, raw, refusal


class Answer(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    title: str
    nights: int | None


GOOD = {"title": "Kyoto", "nights": 3}
MESSAGES = [{"role": "system", "content": "You answer in JSON."}, {"role": "user", "content": "A title."}]


@pytest.fixture
def make_client(server, sleeps):
    clients: list[LLMClient] = []

    def make(**overrides) -> LLMClient:
        options = dict(api_key="test-key", model="fake-model", base_url=server.base_url, timeout_s=2.0,
                       max_retries=3, backoff_base_s=1.0, backoff_max_s=8.0, retry_after_max_s=30.0)
        options.update(overrides)
        client = LLMClient(LLMConfig(**options), sleep=sleeps.append, rng=lambda: 0.5)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


# --- good answers ------------------------------------------------------------------------------


def test_a_good_answer_is_parsed_and_the_request_is_a_strict_json_schema_call(server, make_client):
    server.script(answer(GOOD))
    client = make_client()
    result = client.structured(MESSAGES, Answer)
    assert result == Answer(title="Kyoto", nights=3)
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.body["model"] == "fake-model"
    assert request.body["messages"] == MESSAGES
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Answer"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["additionalProperties"] is False
    assert client.requests == 1


def test_calls_from_several_threads_run_at_once(server, make_client):
    server.handler = lambda request: answer(GOOD, delay=0.3)
    client = make_client()
    results: list[Answer] = []
    threads = [threading.Thread(target=lambda: results.append(client.structured(MESSAGES, Answer))) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and server.max_in_flight == 4
    assert time.monotonic() - started < 1.0  # not 4 x 0.3 s in a row


# --- rate limits and server errors --------------------------------------------------------------


def test_429_waits_what_retry_after_says_in_seconds(server, make_client, sleeps):
    server.script(error(429, "slow down", headers={"Retry-After": "7"}), answer(GOOD))
    assert make_client().structured(MESSAGES, Answer).title == "Kyoto"
    assert len(server.requests) == 2
    assert sleeps == [pytest.approx(7 * 1.05)]  # at least 7 s, plus up to 10 % jitter (rng 0.5)


def test_429_waits_what_retry_after_says_as_an_http_date(server, make_client, sleeps):
    later = formatdate(time.time() + 6, usegmt=True)
    server.script(error(429, headers={"Retry-After": later}), answer(GOOD))
    make_client().structured(MESSAGES, Answer)
    assert len(sleeps) == 1 and 4.0 <= sleeps[0] <= 6.0 * 1.1


def test_retry_after_ms_wins_over_retry_after(server, make_client, sleeps):
    server.script(error(429, headers={"retry-after-ms": "1500", "Retry-After": "9"}), answer(GOOD))
    make_client().structured(MESSAGES, Answer)
    assert sleeps == [pytest.approx(1.5 * 1.05)]


def test_a_503_with_retry_after_is_honoured_too(server, make_client, sleeps):
    server.script(error(503, headers={"Retry-After": "2"}), answer(GOOD))
    make_client().structured(MESSAGES, Answer)
    assert sleeps == [pytest.approx(2 * 1.05)]


def test_server_errors_back_off_exponentially_then_fail_with_one_clear_error(server, make_client, sleeps):
    server.handler = lambda request: error(500, "boom")
    with pytest.raises(ModelError) as caught:
        make_client().structured(MESSAGES, Answer)
    assert len(server.requests) == 4  # 1 + 3 retries
    assert sleeps == [0.75, 1.5, 3.0]  # half of 1, 2, 4 s plus half of the other half (rng 0.5)
    failure = caught.value
    assert failure.kind == "server" and failure.status == 500 and failure.attempts == 4
    assert "4 attempts" in failure.message("en") and "HTTP 500" in failure.message("en")
    assert "4 essais" in failure.message("fr") and "rien n'a été modifié" in failure.message("fr")


def test_backoff_is_capped(server, make_client, sleeps):
    server.handler = lambda request: error(502)
    with pytest.raises(ModelError):
        make_client(max_retries=5, backoff_max_s=2.0).structured(MESSAGES, Answer)
    assert sleeps == [0.75, 1.5, 1.5, 1.5, 1.5]


def test_a_retry_after_longer_than_we_accept_fails_at_once(server, make_client, sleeps):
    server.handler = lambda request: error(429, headers={"Retry-After": "3600"})
    with pytest.raises(ModelError) as caught:
        make_client().structured(MESSAGES, Answer)
    assert len(server.requests) == 1 and sleeps == []
    assert caught.value.kind == "rate_limit" and caught.value.retry_after == 3600
    assert "3600 s" in caught.value.message("en") and "3600 s" in caught.value.message("fr")


def test_rate_limit_that_never_ends_fails_after_the_retries(server, make_client, sleeps):
    server.handler = lambda request: error(429, headers={"Retry-After": "1"})
    with pytest.raises(ModelError) as caught:
        make_client(max_retries=2).structured(MESSAGES, Answer)
    assert caught.value.kind == "rate_limit" and len(server.requests) == 3 and len(sleeps) == 2


@pytest.mark.parametrize("status, kind", [(401, "auth"), (403, "auth"), (400, "bad_request"), (404, "bad_request")])
def test_a_refused_key_or_a_bad_request_is_not_retried(server, make_client, sleeps, status, kind):
    server.handler = lambda request: error(status)
    with pytest.raises(ModelError) as caught:
        make_client().structured(MESSAGES, Answer)
    assert caught.value.kind == kind and len(server.requests) == 1 and sleeps == []
    assert f"HTTP {status}" in caught.value.message("en")


def test_a_server_that_cannot_be_reached_is_a_connection_error(make_client, sleeps):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ModelError) as caught:
        make_client(base_url=f"http://127.0.0.1:{port}/v1", max_retries=1).structured(MESSAGES, Answer)
    assert caught.value.kind == "connection" and len(sleeps) == 1


# --- time-outs --------------------------------------------------------------------------------


def test_a_slow_answer_times_out_and_is_retried(server, make_client, sleeps):
    server.script(answer(GOOD, delay=2.0), answer({"title": "Nara", "nights": 1}))
    started = time.monotonic()
    result = make_client(timeout_s=0.3).structured(MESSAGES, Answer)
    assert result.title == "Nara" and len(server.requests) == 2 and len(sleeps) == 1
    assert time.monotonic() - started < 1.5


def test_answers_always_too_slow_end_in_a_timeout_error(server, make_client):
    server.handler = lambda request: answer(GOOD, delay=2.0)
    started = time.monotonic()
    with pytest.raises(ModelError) as caught:
        make_client(timeout_s=0.2, max_retries=1).structured(MESSAGES, Answer)
    assert caught.value.kind == "timeout" and caught.value.attempts == 2
    assert "in time" in caught.value.message("en") and "à temps" in caught.value.message("fr")
    assert time.monotonic() - started < 1.5


# --- answers that are not what was asked ------------------------------------------------------


@pytest.mark.parametrize("bad", [
    answer("{not json"),
    answer('{"title": "Kyoto"'),  # cut off
    answer({"title": "Kyoto"}),  # a required field missing
    answer({"title": "Kyoto", "nights": "three"}),  # wrong type
    answer({"title": "Kyoto", "nights": 3, "price": 0}),  # a field the schema does not have
    answer(""),  # empty content
    raw("<html>Bad gateway</html>", content_type="text/html"),
    answer(GOOD, finish_reason="length"),
], ids=["invalid-json", "truncated", "missing-field", "wrong-type", "extra-field", "empty", "html", "length"])
def test_a_malformed_or_schema_breaking_answer_is_retried(server, make_client, sleeps, bad):
    server.script(bad, answer(GOOD))
    assert make_client().structured(MESSAGES, Answer) == Answer(**GOOD)
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_answers_that_keep_breaking_the_schema_end_in_one_clear_error(server, make_client):
    server.handler = lambda request: answer({"title": 12})
    with pytest.raises(ModelError) as caught:
        make_client(max_retries=2).structured(MESSAGES, Answer)
    assert caught.value.kind == "invalid_answer" and caught.value.attempts == 3
    assert "title" in caught.value.detail
    assert "expected form" in caught.value.message("en")


def test_a_refusal_is_retried_then_reported(server, make_client):
    server.script(refusal("I can't help with that."), answer(GOOD))
    assert make_client().structured(MESSAGES, Answer).title == "Kyoto"
    server.handler = lambda request: refusal("I can't help with that.")
    with pytest.raises(ModelError) as caught:
        make_client(max_retries=1).structured(MESSAGES, Answer)
    assert caught.value.kind == "refusal" and "can't help" in caught.value.detail
    assert "declined" in caught.value.message("en") and "refusé" in caught.value.message("fr")


# --- cancellation -----------------------------------------------------------------------------


def test_a_cancelled_call_sends_nothing(server, make_client):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        make_client().structured(MESSAGES, Answer, cancel=cancel)
    assert server.requests == []


def test_cancelling_during_a_wait_stops_the_retries(server):
    server.handler = lambda request: error(500)
    cancel = threading.Event()
    client = LLMClient(LLMConfig(api_key="k", base_url=server.base_url, timeout_s=2, backoff_base_s=30),
                       sleep=lambda seconds: cancel.set())
    with pytest.raises(Cancelled):
        client.structured(MESSAGES, Answer, cancel=cancel)
    assert len(server.requests) == 1
    client.close()


def test_without_an_injected_sleep_a_cancel_wakes_the_wait_at_once(server):
    server.handler = lambda request: error(500)
    cancel = threading.Event()
    client = LLMClient(LLMConfig(api_key="k", base_url=server.base_url, timeout_s=2, backoff_base_s=60,
                                 backoff_max_s=60))
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.structured(MESSAGES, Answer, cancel=cancel)
    assert time.monotonic() - started < 3
    client.close()


# --- pieces -----------------------------------------------------------------------------------


def test_parse_retry_after():
    now = 1_800_000_000.0
    assert parse_retry_after({"Retry-After": "12"}) == 12
    assert parse_retry_after({"retry-after": "0.5"}) == 0.5
    assert parse_retry_after({"Retry-After": "-3"}) == 0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    assert parse_retry_after({"Retry-After": formatdate(now + 30, usegmt=True)}, now=now) == 30
    assert parse_retry_after({"Retry-After": formatdate(now - 30, usegmt=True)}, now=now) == 0
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({}) is None and parse_retry_after(None) is None


def test_backoff_delay_is_exponential_with_jitter_and_capped():
    assert [backoff_delay(n, 1.0, 10.0, rng=lambda: 0.0) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 5.0]
    assert [backoff_delay(n, 1.0, 10.0, rng=lambda: 1.0) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 10.0]


def test_no_key_no_client_and_the_settings_hold_the_knobs():
    assert client_from_settings(Settings(openai_api_key=None)) is None
    settings = Settings(openai_api_key="k", openai_base_url="http://127.0.0.1:9/v1", openai_timeout_s=5,
                        openai_max_retries=1, openai_max_concurrency=3)
    config = LLMConfig.from_settings(settings)
    assert (config.base_url, config.timeout_s, config.max_retries, config.max_concurrency) == \
        ("http://127.0.0.1:9/v1", 5, 1, 3)
    client = client_from_settings(settings, timeout_s=1)
    assert client is not None and client.config.timeout_s == 1
    client.close()


def test_every_error_kind_has_a_message_in_both_languages():
    from cocohop.adapters.llm import KINDS

    for kind in KINDS:
        failure = ModelError(kind, "detail", attempts=2)
        assert failure.message("en") and failure.message("fr") and failure.message("en") != failure.message("fr")
        assert "{" not in failure.message("en") + failure.message("fr")
