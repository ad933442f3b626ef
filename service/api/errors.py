"""Decorators for what an operation rejects: the error statuses it documents, query parameters it does not take."""

from http import HTTPStatus

from service.api.schemas import NoQueryArgsSchema


def documents(blp, *statuses: int):
    """Decorator: list each status in the operation, pointing at its problem+json response."""

    def wrap(view):
        for status in statuses:
            view = blp.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return wrap


def no_query(blp):
    """Decorator: the operation takes no query parameters; one given is a 422 naming it."""
    return blp.arguments(NoQueryArgsSchema, location="query", as_kwargs=True)
