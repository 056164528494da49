"""The one settings object. Nothing else in the app reads os.environ.

Every field can be set by an environment variable (``COCOHOP_<FIELD>``, or the
unprefixed name where noted) or a ``.env`` file. Nothing here fails when an optional
key is missing: features that need it say so when used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = PROJECT_ROOT / "assets"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COCOHOP_", env_file=".env", extra="ignore"
    )

    # SQLite file for a first look; PostgreSQL when DATABASE_URL is set.
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'cocohop.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "COCOHOP_DATABASE_URL"),
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "COCOHOP_REDIS_URL")
    )
    port: int = 3000

    # Language model: with no key the built-in generator is used.
    openai_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "COCOHOP_OPENAI_API_KEY"),
    )
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    # One request's time-out; a request that fails is retried (429, 5xx, connection errors,
    # time-outs, answers that break the schema) up to openai_max_retries times, waiting an
    # exponential back-off with jitter (openai_backoff_base_s, doubling, at most
    # openai_backoff_max_s) or what the server's Retry-After asks, if it asks for no more than
    # openai_retry_after_max_s (beyond that the call fails at once with a clear message).
    openai_timeout_s: float = 60.0
    openai_max_retries: int = 3
    openai_backoff_base_s: float = 1.0
    openai_backoff_max_s: float = 20.0
    openai_retry_after_max_s: float = 60.0
    # Days written at the same time when drafting with the model.
    openai_max_concurrency: int = 6

    # Autosave waits this long after the last keystroke before saving.
    autosave_debounce_ms: int = 400

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
