"""`articles serve` answers problem+json even where gunicorn itself answers (a request it cannot
parse, an error escaping the app), not its HTML page."""

import socket

import pytest

from tests.integration.helpers import served_by_gunicorn


@pytest.fixture(scope="module")
def served(es_url):
    with served_by_gunicorn(es_url, workers=1) as service:
        yield service


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"NOT A REQUEST LINE AT ALL\r\n\r\n", 400),
        (b"GET /health HTTP/9.9\r\nHost: x\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n", 400),
    ],
    ids=["request-line", "http-version", "header-name"],
)
def test_gunicorn_errors_are_problem_json(served, request_bytes, status):
    with socket.create_connection((served.host, served.port), timeout=30) as sock:
        sock.sendall(request_bytes)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert int(head.split()[1]) == status, data[:300]
    assert b"content-type: application/problem+json" in head.lower(), head
    assert b"<html" not in body and b'"status": %d' % status in body, body
