"""What the views take from the app: the repository (indices ensured on first use), the analysis pool."""

from concurrent.futures import Executor

from flask import current_app

from service.ingestion.loader import background_pool
from service.store.repository import Repository


def analysis_budget_s() -> float:
    """Seconds of analysis an article may take (ARTICLES_ANALYSIS_BUDGET_S)."""
    return current_app.extensions["articles.settings"].analysis_budget_s


def repository() -> Repository:
    return current_app.extensions["articles.repository"]()


def analysers() -> Executor | None:
    """Where posted articles are analysed: the worker's low-priority process pool (None: in the request thread)."""
    processes = current_app.extensions["articles.settings"].analysis_processes
    return background_pool(processes) if processes else None
