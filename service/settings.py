"""Configuration from the environment, read and validated once at start."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from service.pipeline.limits import TIME_BUDGET_S


class SettingsError(ValueError):
    """A configuration variable has an unusable value; the message names it."""


def _number(env, name: str, default: str, kind=int, minimum=1):
    try:
        value = kind(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} must be a number") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


def _replicas(env) -> int | None:
    """ARTICLES_REPLICAS, or None (unset: one replica wherever a second node exists)."""
    if not env.get("ARTICLES_REPLICAS", "").strip():
        return None
    return _number(env, "ARTICLES_REPLICAS", "0", minimum=0)


def _active_shards(env) -> str:
    value = env.get("ARTICLES_WAIT_FOR_ACTIVE_SHARDS", "1").strip().lower()
    if value != "all" and not (value.isdigit() and int(value) >= 1):
        raise SettingsError("ARTICLES_WAIT_FOR_ACTIVE_SHARDS must be a positive number or 'all'")
    return value


def _flag(env, name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value not in ("", "0", "1", "false", "true", "no", "yes", "off", "on"):
        raise SettingsError(f"{name} must be true or false")
    return value in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    elasticsearch_url: str | None  # one URL or several, comma-separated; None: the CLI starts the local dev node
    index_prefix: str
    bind: str
    es_timeout_s: float
    api_keys: tuple[str, ...]  # empty: a development key is generated at start
    reads_require_key: bool
    max_body_bytes: int
    max_bulk_items: int
    analysis_budget_s: float  # seconds of analysis an article may take (pipeline.limits)
    cache_dir: Path  # the local node, the development key
    shards: int = 1  # primary shards of each new index
    replicas: int | None = None  # replica copies of each shard; None: auto_expand_replicas 0-1
    wait_for_active_shards: str = "1"  # shard copies that must be active before a write starts
    analysis_processes: int = 0  # per API worker, for posted articles; 0: in the request thread

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        prefix = env.get("ARTICLES_INDEX_PREFIX", "articles").strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,60}", prefix):
            raise SettingsError("ARTICLES_INDEX_PREFIX must be 1-61 lowercase letters, digits, '_', '-' or '.'")
        keys = tuple(k.strip() for k in env.get("ARTICLES_API_KEYS", "").split(",") if k.strip())
        if any(len(k) < 16 for k in keys):
            raise SettingsError("ARTICLES_API_KEYS: every key must have at least 16 characters")
        return cls(
            elasticsearch_url=env.get("ELASTICSEARCH_URL", "").strip() or None,
            index_prefix=prefix,
            bind=env.get("ARTICLES_BIND", "127.0.0.1:8000"),
            es_timeout_s=_number(env, "ARTICLES_ES_TIMEOUT", "10", float, 0.1),
            api_keys=keys,
            reads_require_key=_flag(env, "ARTICLES_READS_REQUIRE_KEY"),
            max_body_bytes=_number(env, "ARTICLES_MAX_BODY_BYTES", str(2 * 1024 * 1024)),
            max_bulk_items=_number(env, "ARTICLES_MAX_BULK_ITEMS", "100"),
            analysis_budget_s=_number(env, "ARTICLES_ANALYSIS_BUDGET_S", str(TIME_BUDGET_S), float, 0.001),
            cache_dir=Path(env.get("ARTICLES_CACHE_DIR") or Path.cwd() / ".cache").resolve(),
            shards=_number(env, "ARTICLES_SHARDS", "1"),
            replicas=_replicas(env),
            wait_for_active_shards=_active_shards(env),
            analysis_processes=_number(env, "ARTICLES_ANALYSIS_PROCESSES", "1", minimum=0),
        )
