"""`articles serve` against slow clients (trickled headers hold no worker, oversize bodies get their 413),
busy writers (reads keep their own threads) and many clients (connections spread over the workers)."""

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from benchmarks.search_load import API_KEY, request, worker_pids
from tests.integration.articles import article_text
from tests.integration.helpers import served_by_gunicorn

OVERSIZE = 3 * 1024 * 1024  # over the default ARTICLES_MAX_BODY_BYTES (2 MiB)


@pytest.fixture(scope="module")
def served(es_url):
    with served_by_gunicorn(es_url, workers=2) as service:
        yield service


def connect(service) -> socket.socket:
    return socket.create_connection((service.host, service.port), timeout=30)


def answer(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of the response on `sock` (read until the server closes)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def timed_health(service) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://{service.host}:{service.port}/health", timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_health_stays_fast_while_slow_clients_trickle_header_bytes(served):
    stop, socks = threading.Event(), [connect(served) for _ in range(12)]  # more than workers x threads

    def trickle(sock):
        for byte in b"GET /articles?q=harbour HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"z" * 1000:
            if stop.wait(0.25):
                return
            sock.send(bytes([byte]))

    threads = [threading.Thread(target=trickle, args=(s,), daemon=True) for s in socks]
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        times = [timed_health(served) for _ in range(8) if not time.sleep(0.3)]
    finally:
        stop.set()
        for s in socks:
            s.close()
    assert max(times) < 1.0, times


def test_a_request_sent_slowly_but_whole_is_answered(served):
    with connect(served) as sock:
        for byte in b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n":
            sock.send(bytes([byte]))
            time.sleep(0.01)
        status, body = answer(sock)
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_an_answer_arrives_in_one_read(served):
    """gunicorn writes the head and the body apart; the worker sends them as one segment."""
    with connect(served) as sock:
        for _ in range(5):  # keep-alive requests, each answered whole by the first read
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            head, _, body = sock.recv(65536).partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200") and json.loads(body) == {"status": "ok"}, head


def read_answer(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of one Content-Length answer on a keep-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length:")).split(b":")[1])
    while len(body) < length:
        body += sock.recv(65536)
    assert len(body) == length, "no bytes beyond the answer"
    return int(head.split()[1]), body


def test_requests_sent_one_after_another_on_one_connection_are_each_answered(served):
    """Reads the answering thread may take itself, and what it leaves to the main loop: a head that
    arrives in two pieces, a read with a body, a write."""
    steps = [
        ([b"GET /articles?q=harbour HTTP/1.1\r\nHost: x\r\n\r\n"], 200),
        ([b"GET /hea", b"lth HTTP/1.1\r\nHost: x\r\n\r\n"], 200),
        ([b"GET /articles?limit=abc HTTP/1.1\r\nHost: x\r\n\r\n"], 422),
        ([b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"], 200),
        ([b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"], 401),
        ([b"GET /articles/no-such-id HTTP/1.1\r\nHost: x\r\n\r\n"], 404),
    ]
    with connect(served) as sock:
        for pieces, status in steps * 2:
            for n, piece in enumerate(pieces):
                time.sleep(0.05 if n else 0)  # the rest of the head after the answering thread gave up waiting
                sock.sendall(piece)
            assert read_answer(sock)[0] == status, pieces


def test_a_second_client_is_answered_while_the_first_ones_connection_idles(served):
    with connect(served) as first:
        first.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answer(first)[0] == 200
        started = time.monotonic()
        with connect(served) as second:
            second.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_answer(second)[0] == 200
        assert time.monotonic() - started < 1.0


def post_slowly(service, head: bytes, pieces, pause: float = 0.01) -> tuple[int, dict]:
    """Send `head`, then the body pieces with a pause between them, while the server may answer early."""
    with connect(service) as sock:
        sock.sendall(head)
        try:
            for piece in pieces:
                sock.sendall(piece)
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError) as err:
            pytest.fail(f"the connection was reset while the body was being sent: {err}")
        status, body = answer(sock)
    return status, json.loads(body)


def test_an_oversize_body_from_a_slow_writer_gets_413(served):
    head = (
        f"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {API_KEY}\r\nContent-Length: {OVERSIZE}\r\n\r\n"
    ).encode()
    for _ in range(3):
        status, problem = post_slowly(served, head, [b"x" * 65536] * (OVERSIZE // 65536))
        assert status == 413 and problem["status"] == 413, problem
        assert "ARTICLES_MAX_BODY_BYTES" in str(problem["errors"]), problem


def test_an_oversize_chunked_body_gets_413(served):
    head = (
        f"POST /articles/bulk HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
        f"Authorization: Bearer {API_KEY}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    line = json.dumps({"text": "Harbour plan approved. " * 4000}).encode() + b"\n"
    chunk = b"%x\r\n%s\r\n" % (len(line), line)
    status, problem = post_slowly(served, head, [chunk] * (OVERSIZE // len(line) + 1) + [b"0\r\n\r\n"])
    assert status == 413 and "chunked" in problem["detail"], problem


def test_oversize_posts_from_urllib_read_their_413(served):
    for _ in range(10):
        request = urllib.request.Request(
            f"http://{served.host}:{served.port}/articles",
            data=b"x" * OVERSIZE,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"},
        )
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=30)
        assert raised.value.code == 413


def _worker_connections(service) -> list[int]:
    """Established client connections to the service held by each of its workers."""
    inodes = set()
    with open("/proc/net/tcp") as fh:
        for line in fh.readlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == service.port and fields[3] == "01":  # local port, ESTABLISHED
                inodes.add(fields[9])
    counts = []
    for pid in worker_pids(service.pid):
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        counts.append(sum(link[8:-1] in inodes for link in links if link.startswith("socket:[")))
    return counts


def test_keep_alive_connections_are_spread_over_the_workers(served):
    connections = [served.connection() for _ in range(12)]
    try:
        for conn in connections:
            assert request(conn, "GET", "/health")[0] == 200
        counts = _worker_connections(served)
    finally:
        for conn in connections:
            conn.close()
    assert sum(counts) == 12 and max(counts) - min(counts) <= 2, counts


def test_reads_are_answered_while_writes_occupy_every_write_thread(served):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"}
    writes = []  # more bulk requests than the workers have threads, each analysing 6 articles

    def post(n: int) -> None:
        items = [{"text": article_text(6 * n + k), "url": f"https://example.com/busy/{n}/{k}"} for k in range(6)]
        writes.append(request(served.connection(), "POST", "/articles/bulk", json.dumps(items).encode(), headers)[0])

    threads = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    times = [timed_health(served) for _ in range(5)]
    busy = sum(t.is_alive() for t in threads)
    for t in threads:
        t.join(120)
    assert writes == [200] * 6
    assert busy > 0, "the writes ended before the reads: nothing was measured"
    assert max(times) < 0.5, times
