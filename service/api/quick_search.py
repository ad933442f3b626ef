"""GET /articles and GET /quotes answered beside Flask's request machinery, with the same answers.

A search's own work (reading the query string, the Elasticsearch call, the page) is a minority of
its CPU in the worker; Flask's request context, dispatch and flask-smorest's wrappers cost as much
as the search call. This WSGI layer answers a valid search of these two routes itself, with the
operations' own marshmallow schemas (`quick_load` for the arguments, the response schema's dump),
the app's JSON provider and the same request id, access log line and metrics. Anything else goes
to Flask unchanged: other routes and methods, a query string `quick_load` does not accept (Flask
then answers the 4xx naming the field), every request when reads need a key. An error raised by
the search is answered by the app's own error handlers in a request context, as Flask would.
"""

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import NamedTuple

from flask import Flask, g
from marshmallow import Schema

from service.api import observability
from service.api.schemas import (
    ArticleSearchArgsSchema,
    ArticleSearchSchema,
    QueryArgsSchema,
    QuoteSearchArgsSchema,
    QuoteSearchSchema,
)
from service.store import reads


class Route(NamedTuple):
    rule: str
    args: QueryArgsSchema
    answer: Schema
    search: Callable[..., dict]


class QuickSearch:
    """WSGI middleware: valid searches of the hot routes answered here, everything else by `wsgi_app`."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app, self.wsgi_app = app, wsgi_app
        self.content_type: str = app.json.mimetype  # type: ignore[attr-defined]  # DefaultJSONProvider's
        routes = [
            Route("/articles", ArticleSearchArgsSchema(), ArticleSearchSchema(), reads.search_articles),
            Route("/quotes", QuoteSearchArgsSchema(), QuoteSearchSchema(), reads.search_quotes),
        ]
        reads_need_key = app.extensions["articles.settings"].reads_require_key
        self.routes = {} if reads_need_key else {r.rule: r for r in routes}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        route = self.routes.get(environ.get("PATH_INFO", "")) if environ.get("REQUEST_METHOD") == "GET" else None
        if route is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        request = self.app.request_class(environ)
        args = route.args.quick_load(request.args)
        if args is None:
            return self.wsgi_app(environ, start_response)
        request_id = observability.request_id(request.headers.get("X-Request-ID", ""))
        try:
            result = route.search(self.app.extensions["articles.repository"](), **args)
        except Exception as error:
            return self._failed(environ, start_response, error, request_id, started)
        body = f"{self.app.json.dumps(route.answer.dump(result))}\n".encode()  # as the provider's response()
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(body)))]
        start_response("200 OK", [*headers, ("X-Request-ID", request_id)])
        elapsed = time.perf_counter() - started
        return _Answer(body, partial(observability.record, "GET", request.path, route.rule, 200, elapsed, request_id))

    def _failed(
        self, environ: dict, start_response: Callable, error: Exception, request_id: str, started: float
    ) -> Iterable[bytes]:
        """`error`, being handled, answered as Flask answers one a view raises (handle_user_exception
        re-raises it when no handler takes it: handle_exception then answers 500)."""
        app = self.app
        with app.request_context(environ):
            g.request_id, g.started = request_id, started
            try:
                response = app.finalize_request(app.handle_user_exception(error))
            except Exception as unhandled:
                response = app.handle_exception(unhandled)
            return response(environ, start_response)


class _Answer(list):
    """The body, and the request's access log line and metrics written when the server closes it
    (having sent the answer), not before the answer leaves."""

    def __init__(self, body: bytes, after: Callable[[], None]):
        super().__init__([body])
        self.after = after

    def close(self) -> None:
        self.after()


def install(app: Flask) -> None:
    app.wsgi_app = QuickSearch(app, app.wsgi_app)  # type: ignore[method-assign]
