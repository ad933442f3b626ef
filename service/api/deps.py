"""What the views take from the app: the repository (indices ensured on first use)."""

from flask import current_app

from service.store.repository import Repository


def repository() -> Repository:
    return current_app.extensions["articles.repository"]()
