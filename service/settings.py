"""Configuration from the environment, read and validated once at start."""
import os
import re
from dataclasses import dataclass


class SettingsError(ValueError):
    """A configuration variable has an unusable value; the message names it."""


@dataclass(frozen=True)
class Settings:
    elasticsearch_url: str | None  # None: the local dev node (service.devstack)
    index_prefix: str
    bind: str
    es_timeout_s: float

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        prefix = env.get("ARTICLES_INDEX_PREFIX", "articles").strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,60}", prefix):
            raise SettingsError("ARTICLES_INDEX_PREFIX must be 1-61 lowercase letters, digits, '_', '-' or '.'")
        try:
            timeout = float(env.get("ARTICLES_ES_TIMEOUT", "10"))
        except ValueError:
            raise SettingsError("ARTICLES_ES_TIMEOUT must be a number of seconds") from None
        return cls(elasticsearch_url=env.get("ELASTICSEARCH_URL", "").strip() or None,
                   index_prefix=prefix, bind=env.get("ARTICLES_BIND", "127.0.0.1:8000"),
                   es_timeout_s=timeout)
