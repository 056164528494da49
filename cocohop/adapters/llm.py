"""The language model: a thin, explicit wrapper over the ``openai`` client.

One call shape only: chat completions whose answer must be JSON matching a pydantic model
(``response_format`` json_schema, strict), which OpenAI, Azure OpenAI and the usual local
OpenAI-compatible servers (llama.cpp, vLLM, Ollama) all accept. The answer is validated
against the model; what does not validate is an invalid answer.

Failures are handled here, in the open, rather than by the SDK's own retries (switched off):

* retried, up to ``max_retries`` times: time-outs, connection errors, HTTP 408, 409, 429 and
  5xx, answers that are not JSON or break the schema, refusals, answers cut off;
* the wait before a retry: the server's ``Retry-After`` (seconds or an HTTP date; also the
  ``retry-after-ms`` OpenAI sends), plus up to 10 % jitter, if it asks for no more than
  ``retry_after_max_s`` (more: the call fails at once, saying so); otherwise an exponential
  back-off with jitter: half of min(max, base x 2^attempt), plus a random part of the other half;
* not retried: a refused key (401, 403) or a request the server rejects (other 4xx);
* every failure ends as one :class:`ModelError`, whose :meth:`ModelError.message` a designer
  can read (in French or English); a cancellation (a :class:`threading.Event` set) ends as
  :class:`Cancelled`, checked before each attempt and during waits.

Nothing is constructed at import time, and ``openai`` itself is imported by :class:`LLMClient`
only: the app starts as fast without a key.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

if TYPE_CHECKING:
    from cocohop.settings import Settings

log = logging.getLogger(__name__)

SchemaT = TypeVar("SchemaT", bound=pydantic.BaseModel)


class Cancelled(Exception):
    """The designer cancelled the run; nothing of it is kept."""

    def __init__(self, message: str = "Cancelled: nothing was changed.") -> None:
        super().__init__(message)


# kind -> (English, French) message for a designer; "{attempts}" and "{detail}" are filled in.
_MESSAGES: dict[str, tuple[str, str]] = {
    "not_configured": (
        "No language model is configured (OPENAI_API_KEY): the built-in generator is used.",
        "Aucun modèle de langue n'est configuré (OPENAI_API_KEY) : le générateur intégré est utilisé.",
    ),
    "timeout": (
        "The language model did not answer in time ({attempts}). Try again in a moment; nothing was changed.",
        "Le modèle de langue n'a pas répondu à temps ({attempts}). Réessayez dans un instant ; rien n'a été modifié.",
    ),
    "connection": (
        "The language model server cannot be reached ({attempts}). Check the connection or the base URL; "
        "nothing was changed.",
        "Le serveur du modèle de langue est injoignable ({attempts}). Vérifiez la connexion ou l'URL ; "
        "rien n'a été modifié.",
    ),
    "rate_limit": (
        "The language model is receiving too many requests ({attempts}{detail}). Try again later; "
        "nothing was changed.",
        "Le modèle de langue reçoit trop de demandes ({attempts}{detail}). Réessayez plus tard ; "
        "rien n'a été modifié.",
    ),
    "server": (
        "The language model server had an error ({attempts}{detail}). Try again later; nothing was changed.",
        "Le serveur du modèle de langue a rencontré une erreur ({attempts}{detail}). Réessayez plus tard ; "
        "rien n'a été modifié.",
    ),
    "auth": (
        "The language model refused the API key{detail}: check OPENAI_API_KEY. Nothing was changed.",
        "Le modèle de langue a refusé la clé d'API{detail} : vérifiez OPENAI_API_KEY. Rien n'a été modifié.",
    ),
    "bad_request": (
        "The language model rejected the request{detail}: check the model name and base URL in the "
        "settings. Nothing was changed.",
        "Le modèle de langue a rejeté la demande{detail} : vérifiez le nom du modèle et l'URL dans les "
        "réglages. Rien n'a été modifié.",
    ),
    "refusal": (
        "The language model declined to answer ({attempts}). Rephrase the brief or the instruction; "
        "nothing was changed.",
        "Le modèle de langue a refusé de répondre ({attempts}). Reformulez la demande ou la consigne ; "
        "rien n'a été modifié.",
    ),
    "invalid_answer": (
        "The language model's answers were not in the expected form ({attempts}). Try again; "
        "nothing was changed.",
        "Les réponses du modèle de langue n'avaient pas la forme attendue ({attempts}). Réessayez ; "
        "rien n'a été modifié.",
    ),
}
KINDS = frozenset(_MESSAGES)
_RETRYABLE = frozenset({"timeout", "connection", "rate_limit", "server", "refusal", "invalid_answer"})


class ModelError(Exception):
    """A model call that failed for good. ``kind`` is one of :data:`KINDS`; ``detail`` is for
    logs (the HTTP status, the first validation error); :meth:`message` is for a designer."""

    def __init__(self, kind: str, detail: str = "", *, attempts: int = 1, retry_after: float | None = None,
                 status: int | None = None) -> None:
        assert kind in KINDS, kind
        self.kind = kind
        self.detail = detail
        self.attempts = attempts
        self.retry_after = retry_after  # seconds the server asked to wait, when it did
        self.status = status  # HTTP status, when there was one
        super().__init__(f"{self.message('en')} [{kind}: {detail}]" if detail else self.message("en"))

    @property
    def retryable(self) -> bool:
        return self.kind in _RETRYABLE

    def message(self, lang: str = "en") -> str:
        en, fr = _MESSAGES[self.kind]
        text = fr if lang == "fr" else en
        if lang == "fr":
            attempts = f"{self.attempts} essai" + ("s" if self.attempts > 1 else "")
        else:
            attempts = f"{self.attempts} attempt" + ("s" if self.attempts > 1 else "")
        extra = ""
        if self.status is not None:
            extra = f", HTTP {self.status}"
        if self.kind == "rate_limit" and self.retry_after is not None:
            wait = math.ceil(self.retry_after)
            extra += f", il demande d'attendre {wait} s" if lang == "fr" else f", it asks to wait {wait} s"
        if self.kind in ("auth", "bad_request") and self.status is not None:
            extra = f" (HTTP {self.status})"
        return text.format(attempts=attempts, detail=extra)


@dataclass(frozen=True)
class LLMConfig:
    api_key: str
    model: str = "gpt-4o-mini"
    base_url: str | None = None  # None: OpenAI itself
    timeout_s: float = 60.0  # one request
    max_retries: int = 3  # after the first attempt
    backoff_base_s: float = 1.0
    backoff_max_s: float = 20.0
    retry_after_max_s: float = 60.0
    max_concurrency: int = 6  # used by the drafter: days written at once

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMConfig | None:
        """The configuration the settings describe; None when there is no API key."""
        if not settings.openai_api_key:
            return None
        return cls(
            api_key=settings.openai_api_key,
            model=settings.openai_model,
            base_url=settings.openai_base_url or None,
            timeout_s=settings.openai_timeout_s,
            max_retries=max(0, settings.openai_max_retries),
            backoff_base_s=settings.openai_backoff_base_s,
            backoff_max_s=settings.openai_backoff_max_s,
            retry_after_max_s=settings.openai_retry_after_max_s,
            max_concurrency=max(1, settings.openai_max_concurrency),
        )


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds a response asks to wait: ``retry-after-ms``, else ``retry-after`` as seconds or as
    an HTTP date (RFC 9110). None when absent or unreadable; never negative."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000
            if math.isfinite(value):
                return max(value, 0.0)
        except ValueError:
            pass
    raw = (lowered.get("retry-after") or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
        return max(value, 0.0) if math.isfinite(value) else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(when.timestamp() - now, 0.0)


def backoff_delay(attempt: int, base_s: float, max_s: float, rng: Callable[[], float] = random.random) -> float:
    """Wait before retry number ``attempt + 1`` (attempt counts from 0): "equal jitter", half of
    the exponential step for sure and a random share of the other half."""
    step = min(max_s, base_s * (2 ** attempt))
    return step / 2 + rng() * step / 2


class LLMClient:
    """Structured answers from an OpenAI-compatible chat-completions endpoint.

    Thread-safe: the drafter calls :meth:`structured` from several threads at once.
    ``sleep`` (seconds -> None) and ``rng`` (-> [0, 1)) can be injected for tests.
    """

    def __init__(self, config: LLMConfig, *, sleep: Callable[[float], None] | None = None,
                 rng: Callable[[], float] | None = None) -> None:
        import openai  # here, not at import time: the app without a key never loads it

        self.config = config
        self._openai = openai
        options: dict[str, Any] = {"api_key": config.api_key, "timeout": config.timeout_s, "max_retries": 0}
        if config.base_url:
            options["base_url"] = config.base_url
        self._client = openai.OpenAI(**options)
        self._sleep = sleep
        self._rng = rng or random.random
        self._lock = threading.Lock()
        self._requests = 0

    @property
    def requests(self) -> int:
        """HTTP requests sent so far (retries included)."""
        with self._lock:
            return self._requests

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def structured(self, messages: Sequence[Mapping[str, str]], schema: type[SchemaT], *,
                   cancel: threading.Event | None = None, timeout_s: float | None = None) -> SchemaT:
        """The model's answer to ``messages``, validated as ``schema``.

        Raises ModelError after the retries described in the module's docstring, Cancelled when
        ``cancel`` is set before an attempt or during a wait.
        """
        attempts = self.config.max_retries + 1
        for attempt in range(attempts):
            _check(cancel)
            try:
                return self._once(messages, schema, timeout_s)
            except ModelError as error:
                _check(cancel)  # cancelled while the request was in flight: that is the outcome
                error.attempts = attempt + 1
                if not error.retryable or attempt + 1 == attempts:
                    raise _final(error) from error
                delay = self._delay(attempt, error)
                if delay is None:  # the server asks for a longer wait than we accept
                    raise _final(error) from error
                log.warning("model call failed (%s: %s); retry %d/%d in %.2f s",
                            error.kind, error.detail, attempt + 1, attempts - 1, delay)
                self._wait(delay, cancel)
        raise AssertionError("unreachable")

    # -- one attempt ---------------------------------------------------------------------------

    def _once(self, messages: Sequence[Mapping[str, str]], schema: type[SchemaT], timeout_s: float | None) -> SchemaT:
        openai = self._openai
        with self._lock:
            self._requests += 1
        options: dict[str, Any] = {}
        if timeout_s is not None:
            options["timeout"] = timeout_s
        try:
            completion = self._client.chat.completions.parse(
                model=self.config.model, messages=list(messages), response_format=schema, **options
            )
        except openai.APITimeoutError as exc:
            raise ModelError("timeout", "request timed out") from exc
        except openai.APIConnectionError as exc:
            raise ModelError("connection", str(exc)) from exc
        except openai.APIStatusError as exc:
            raise _status_error(exc) from exc
        except openai.LengthFinishReasonError as exc:
            raise ModelError("invalid_answer", "answer cut off (length)") from exc
        except openai.ContentFilterFinishReasonError as exc:
            raise ModelError("refusal", "content filter") from exc
        except pydantic.ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {}
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise ModelError("invalid_answer", f"{where}: {first.get('msg', exc)}"[:300]) from exc
        except (openai.APIResponseValidationError, ValueError) as exc:
            raise ModelError("invalid_answer", str(exc)[:300]) from exc
        except AttributeError as exc:  # a 200 whose body is no JSON at all (a proxy's HTML page): the SDK
            raise ModelError("invalid_answer", f"not a completion: {exc}"[:300]) from exc  # returns a str
        if not completion.choices:
            raise ModelError("invalid_answer", "no choices in the answer")
        message = completion.choices[0].message
        if message.refusal:
            raise ModelError("refusal", message.refusal[:300])
        if message.parsed is None:
            raise ModelError("invalid_answer", "empty answer")
        return message.parsed

    # -- waiting -------------------------------------------------------------------------------

    def _delay(self, attempt: int, error: ModelError) -> float | None:
        if error.retry_after is not None:
            if error.retry_after > self.config.retry_after_max_s:
                return None
            return error.retry_after * (1 + 0.1 * self._rng())
        return backoff_delay(attempt, self.config.backoff_base_s, self.config.backoff_max_s, self._rng)

    def _wait(self, delay: float, cancel: threading.Event | None) -> None:
        if self._sleep is not None:
            self._sleep(delay)
        elif cancel is not None:
            cancel.wait(delay)  # wakes up at once on cancel
        else:
            time.sleep(delay)
        _check(cancel)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _final(error: ModelError) -> ModelError:
    return ModelError(error.kind, error.detail, attempts=error.attempts, retry_after=error.retry_after,
                      status=error.status)


def _status_error(exc: Any) -> ModelError:
    status = exc.status_code
    retry_after = parse_retry_after(dict(exc.response.headers)) if exc.response is not None else None
    detail = f"HTTP {status}: {str(exc)[:200]}"
    if status == 429:
        return ModelError("rate_limit", detail, retry_after=retry_after, status=status)
    if status >= 500 or status in (408, 409):
        return ModelError("server", detail, retry_after=retry_after, status=status)
    if status in (401, 403):
        return ModelError("auth", detail, status=status)
    return ModelError("bad_request", detail, status=status)


def client_from_settings(settings: Settings | None = None, **overrides: Any) -> LLMClient | None:
    """A client for the configured model, or None when no API key is set (then the built-in
    generator is used). ``overrides`` replace LLMConfig fields (e.g. timeout_s=5)."""
    from dataclasses import replace

    from cocohop.settings import get_settings

    config = LLMConfig.from_settings(settings or get_settings())
    if config is None:
        return None
    return LLMClient(replace(config, **overrides) if overrides else config)
