"""What the views take from the app: the repository (indices ensured on first use)."""

from flask import current_app

from service.store.repository import Repository


def analysis_budget_s() -> float:
    """Seconds of analysis an article may take (ARTICLES_ANALYSIS_BUDGET_S)."""
    return current_app.extensions["articles.settings"].analysis_budget_s


def repository() -> Repository:
    return current_app.extensions["articles.repository"]()
