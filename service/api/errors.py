"""Documenting the error statuses an operation can answer (as problem+json components)."""

from http import HTTPStatus


def documents(blp, *statuses: int):
    """Decorator: list each status in the operation, pointing at its problem+json response."""

    def wrap(view):
        for status in statuses:
            view = blp.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return wrap
