"""What an operation rejects: a Blueprint whose parser explains bodies it cannot read, and
decorators for the error statuses it documents and the query parameters it does not take."""

import json
from http import HTTPStatus

import flask_smorest
from flask import request
from webargs.flaskparser import FlaskParser, abort

from service.api.schemas import NoQueryArgsSchema, QueryArgsSchema

NDJSON_HINT = (
    "The body holds one JSON value per line (NDJSON): send one article as one JSON object, or many to "
    "POST /articles/bulk with 'Content-Type: application/x-ndjson'."
)


class Parser(FlaskParser):
    """webargs' parser, saying what to do with NDJSON sent where one JSON object was expected,
    reading a number JSON allows but Python refuses (an integer of over 4,300 digits) as bad JSON,
    and loading valid query strings by QueryArgsSchema.quick_load (the full load for the rest)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._schemas: dict[type, QueryArgsSchema] = {}  # one instance per schema given as a class

    def parse(self, argmap, req=None, *, location=None, validate=None, **kwargs):
        if location == "query" and validate is None:
            schema = argmap
            if isinstance(argmap, type) and issubclass(argmap, QueryArgsSchema):
                schema = self._schemas.get(argmap) or self._schemas.setdefault(argmap, argmap())
            if isinstance(schema, QueryArgsSchema):
                quick = schema.quick_load((req or request).args)
                if quick is not None:
                    return quick
        return super().parse(argmap, req, location=location, validate=validate, **kwargs)

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
