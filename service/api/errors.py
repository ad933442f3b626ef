"""What an operation rejects: a Blueprint whose parser explains bodies it cannot read, and
decorators for the error statuses it documents and the query parameters it does not take."""

import json
from http import HTTPStatus

import flask_smorest
from webargs.flaskparser import FlaskParser, abort

from service.api.schemas import NoQueryArgsSchema

NDJSON_HINT = (
    "The body holds one JSON value per line (NDJSON): send one article as one JSON object, or many to "
    "POST /articles/bulk with 'Content-Type: application/x-ndjson'."
)


class Parser(FlaskParser):
    """webargs' parser, saying what to do with NDJSON sent where one JSON object was expected, and
    reading a number JSON allows but Python refuses (an integer of over 4,300 digits) as bad JSON."""

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except ValueError as err:
            if isinstance(err, json.JSONDecodeError):
                raise
            message = str(err).split(";")[0]
            raise json.JSONDecodeError(message, message, 0) from err  # an empty doc would read as no body

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        if isinstance(error, json.JSONDecodeError) and error.msg == "Extra data" and "\n" in error.doc[: error.pos]:
            abort(400, exc=error, messages={"json": {"body": [NDJSON_HINT]}})
        super()._handle_invalid_json_error(error, req, *args, **kwargs)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()


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
