"""gunicorn's threaded worker with a buffering front: no thread waits on a slow client.

The worker's main loop (one thread, non-blocking sockets) reads each request whole — head and
body, within READ_TIMEOUT_S, else 408 — before a pool thread runs it, so a client trickling
bytes holds a buffer, never a thread. A body declared (or, chunked, found) larger than
ARTICLES_MAX_BODY_BYTES is answered 413 at once, unread; the connection is then drained (a
bounded amount, for a bounded time) before it closes, so a client still sending reads the 413
instead of a reset. A client that pipelines requests gets the first answered, then the
connection closes.

Reads (GET, HEAD, OPTIONS) and writes run on separate thread pools of `threads` threads each, so
searches never queue behind ingest requests (which wait seconds on analysis and Elasticsearch).
Connections are spread evenly over the workers: each publishes its open connections in memory
the master shares with all of them, and one that holds more than another live worker lets a new
connection wait (at most BALANCE_WAIT_S) for that worker to take it. Left to the kernel, the
worker that wakes first takes most: 32 keep-alive clients landed 20 / 8 / 4 on three workers,
and the busiest one, bound by its interpreter lock, set the tail latency.
"""

import errno
import json
import multiprocessing
import os
import re
import select
import selectors
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from gunicorn import http, util
from gunicorn.workers.gthread import TConn, ThreadWorker

from service.settings import Settings
from service.tcp import one_segment, send_held

READ_TIMEOUT_S = 30.0  # a request's head and body must arrive within this (else 408)
MAX_HEAD_BYTES = 64 * 1024
DRAIN_TIMEOUT_S = 10.0  # after an early 413: read and discard what the client still sends ...
DRAIN_MAX_BYTES = 64 * 1024 * 1024  # ... up to this much, then close
RECV_BYTES = 256 * 1024
BALANCE_WAIT_S = 0.05  # how long a new connection may wait for a less-loaded worker to take it
BALANCE_SLOTS = 64  # workers one server can balance over
LINGER_S = 0.002  # a read thread, its connection the worker's only one, waits this long for the next request
READS = (b"GET", b"HEAD", b"OPTIONS")


def _is_read(request: bytes) -> bool:
    """Whether a request (its first bytes at least) is a GET, HEAD or OPTIONS."""
    return request.split(b" ", 1)[0] in READS


_HEADER = re.compile(rb"^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")


class _Rejected(Exception):
    def __init__(self, status: int, title: str, detail: str):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


class BufferedConn(TConn):
    """A connection whose requests are read whole by the main loop before a thread parses them."""

    def __init__(self, cfg, sock, client, server, max_body: int):
        super().__init__(cfg, sock, client, server)
        self.max_body = max_body
        self.buf = bytearray()
        self.ready = 0  # bytes at the front of buf that belong to complete requests
        self.deadline = 0.0  # monotonic time by which the request being read must be whole
        self.head_end: int | None = None  # offset just after the head's blank line
        self.body_end: int | None = None  # offset just after the body (when known)
        self.chunk_pos: int | None = None  # chunked bodies: where the next chunk-size line starts
        self.chunked_bytes = 0
        self.head_scan = 0  # where the search for the head's end goes on (bytes before were searched)

    def _reset_scan(self) -> None:
        self.head_end = self.body_end = self.chunk_pos = None
        self.chunked_bytes = self.head_scan = 0

    def init(self):
        self.initialized = True
        self.sock.setblocking(True)
        self.sock.settimeout(READ_TIMEOUT_S)
        if self.parser is None:
            self.parser: http.RequestParser | None = http.RequestParser(self.cfg, _Buffered(self), self.client)

    def take(self, n: int) -> bytes:
        """Up to n bytes of the complete requests received (b'' when none is left)."""
        n = min(n, self.ready)
        data = bytes(self.buf[:n])
        del self.buf[:n]
        self.ready -= n
        return data

    def complete(self) -> bool:
        """Whether buf (after `ready`) holds a whole request; raises _Rejected for one to refuse."""
        start = self.ready
        if self.head_end is None:
            while self.buf[start : start + 2] == b"\r\n":  # stray CRLFs between requests
                del self.buf[start : start + 2]
            end = self.buf.find(b"\r\n\r\n", max(start, self.head_scan - 3))
            if end < 0:
                self.head_scan = len(self.buf)
                if len(self.buf) - start > MAX_HEAD_BYTES:
                    raise _Rejected(
                        431,
                        "Request Header Fields Too Large",
                        f"the request head is longer than {MAX_HEAD_BYTES} bytes",
                    )
                return False
            head = bytes(self.buf[start:end])
            length, chunked, expects = self._framing(head)
            if expects:  # answered here; gunicorn must not send a second, late one
                kept = b"\r\n".join(ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"expect:"))
                self.buf[start:end] = kept
                end = start + len(kept)
            self.head_end = end + 4
            if chunked:
                self.chunk_pos = self.head_end
            else:
                if length > self.max_body:
                    raise _Rejected(
                        413,
                        "Request Entity Too Large",
                        f"the request body ({length} bytes) is larger than the limit of {self.max_body} bytes",
                    )
                self.body_end = self.head_end + length
            if expects and (chunked or len(self.buf) < self.head_end + length):
                try:
                    self.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                except OSError:
                    pass
        if self.chunk_pos is not None and self.body_end is None:
            self._scan_chunks()
        if self.body_end is None or len(self.buf) < self.body_end:
            return False
        self.ready = self.body_end
        self._reset_scan()
        return True

    def _framing(self, head: bytes) -> tuple[int, bool, bool]:
        """(Content-Length, chunked, expects 100-continue) of a request head."""
        lengths, codings, expects = [], [], False
        for line in head.split(b"\r\n")[1:]:
            match = _HEADER.match(line)
            if not match:
                continue  # gunicorn's parser judges malformed lines
            name = match.group(1).lower()
            if name == b"content-length":
                lengths.append(match.group(2))
            elif name == b"transfer-encoding":
                codings += [c.strip().lower() for c in match.group(2).split(b",")]
            elif name == b"expect" and match.group(2).lower() == b"100-continue":
                expects = True
        if codings:
            if lengths or codings[-1] != b"chunked":
                raise _Rejected(400, "Bad Request", "unsupported Transfer-Encoding or both it and Content-Length")
            return 0, True, expects
        if len(set(lengths)) > 1 or (lengths and not lengths[0].isdigit()):
            raise _Rejected(400, "Bad Request", "invalid Content-Length")
        return (int(lengths[0]) if lengths else 0), False, expects

    def _scan_chunks(self) -> None:
        """Advance over the chunks received whole; body_end once the last chunk and trailers are in."""
        pos = self.chunk_pos or 0
        while True:
            line_end = self.buf.find(b"\r\n", pos)
            if line_end < 0:
                if len(self.buf) - pos > 1024:
                    raise _Rejected(400, "Bad Request", "invalid chunk size line")
                break
            size_text = bytes(self.buf[pos:line_end]).split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _Rejected(400, "Bad Request", "invalid chunk size") from None
            if size == 0:  # last chunk: trailers end with a blank line
                if self.buf[line_end + 2 : line_end + 4] == b"\r\n":
                    self.body_end = line_end + 4
                else:
                    end = self.buf.find(b"\r\n\r\n", line_end + 2)
                    if end >= 0:
                        self.body_end = end + 4
                break
            if self.chunked_bytes + size > self.max_body:
                raise _Rejected(
                    413,
                    "Request Entity Too Large",
                    f"the chunked request body is larger than the limit of {self.max_body} bytes",
                )
            if len(self.buf) < line_end + 2 + size + 2:
                break
            self.chunked_bytes += size
            pos = line_end + 2 + size + 2
        self.chunk_pos = pos


class _Buffered:
    """What gunicorn's parser reads from: the connection's received requests."""

    def __init__(self, conn: BufferedConn):
        self.conn = conn

    def recv(self, n: int) -> bytes:
        return self.conn.take(n)


def _problem(status: int, title: str, detail: str) -> bytes:
    """A whole problem+json response that closes the connection."""
    problem: dict = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if status == 413:
        problem["errors"] = {"json": {"body": [f"{detail} (ARTICLES_MAX_BODY_BYTES)."]}}
    body = json.dumps(problem).encode()
    head = (
        f"HTTP/1.1 {status} {title}\r\nContent-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def _write_problem(sock, status: int, reason: str, message: str) -> None:
    """gunicorn's own error answers (a request it cannot parse, an error escaping the app) as
    problem+json rather than its HTML page."""
    util.write_nonblock(sock, _problem(status, reason, message or "internal error; the logs tell more"))


class _SentFirst:
    """An answer's body whose close() (where the app may still do work, e.g. its access log) runs
    after the answer has left: gunicorn calls close() once it has written the body, but inside
    BufferingWorker.handle's one_segment block, which would hold the answer back until then."""

    def __init__(self, body, sock: socket.socket):
        self.body, self.sock = body, sock

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        send_held(self.sock)
        close = getattr(self.body, "close", None)
        if close is not None:
            close()


def _sent_before_close(app):
    """The WSGI app with its bodies wrapped in _SentFirst (a file gunicorn sends itself, left as it is)."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        if isinstance(body, environ["wsgi.file_wrapper"]):
            return body
        return _SentFirst(body, environ["gunicorn.socket"])

    return wsgi


class _Balance:
    """Open connections per worker, in memory shared by the workers of one server: (pid, count) slots."""

    def __init__(self):
        self.shared = multiprocessing.Array("q", 2 * BALANCE_SLOTS)  # made in the master, inherited on fork
        self.slots: Any = self.shared.get_obj()  # a ctypes array of int64
        self.slot: int | None = None
        self.waiting_since: float | None = None

    def join(self) -> None:
        """Take a free slot (or a dead worker's) for this process."""
        with self.shared.get_lock():
            for n in range(BALANCE_SLOTS):
                if not self.slots[2 * n] or not _alive(self.slots[2 * n]):
                    self.slots[2 * n], self.slots[2 * n + 1], self.slot = os.getpid(), 0, n
                    return

    def leave(self) -> None:
        """Free this process's slot (its worker ends)."""
        if self.slot is not None:
            self.slots[2 * self.slot] = self.slots[2 * self.slot + 1] = 0

    def publish(self, connections: int) -> None:
        if self.slot is not None:
            self.slots[2 * self.slot + 1] = connections

    def defer(self, connections: int) -> bool:
        """Whether to leave a waiting connection to a live worker holding fewer (not for too long)."""
        if self.slot is not None:
            fewer = any(
                self.slots[2 * n + 1] < connections and _alive(self.slots[2 * n])
                for n in range(BALANCE_SLOTS)
                if n != self.slot and self.slots[2 * n]
            )
            now = time.monotonic()
            if fewer and now - (self.waiting_since or now) < BALANCE_WAIT_S:
                if self.waiting_since is None:
                    self.waiting_since = now
                time.sleep(0.001)  # the listener stays readable: do not spin
                return True
        self.waiting_since = None
        return False


class _Settled:
    """A worker's gunicorn settings, each read once: they do not change in a worker's life, and its
    parser, environ and response read them ~24 times a request, each through Config.__getattr__."""

    def __init__(self, cfg):
        self._cfg = cfg

    def __getattr__(self, name: str):
        value = getattr(self._cfg, name)
        setattr(self, name, value)
        return value


_http_date = util.http_date
_date: tuple[int, str] = (0, "")  # gunicorn's Date header value and the second it is for


def _cached_http_date(timestamp: float | None = None) -> str:
    """gunicorn's `util.http_date`, formatted (by the email package, ~4 µs) once a second, not once
    a request."""
    global _date
    if timestamp is not None:
        return _http_date(timestamp)
    second, text = _date
    now = int(time.time())
    if second != now:
        text = _http_date(now)
        _date = (now, text)
    return text


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


class BufferingWorker(ThreadWorker):
    """ThreadWorker whose main loop reads requests whole before a thread handles them; reads and
    writes on separate thread pools; connections balanced over the workers."""

    _balance: _Balance | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # in the master, before the fork
        if BufferingWorker._balance is None:
            BufferingWorker._balance = _Balance()
        self.balance = BufferingWorker._balance

    def init_process(self):
        self.cfg = _Settled(self.cfg)  # type: ignore[has-type]  # gunicorn leaves it untyped
        self.log.cfg = self.cfg  # its access() reads five settings a request to find it has nothing to log
        util.write_error = _write_problem  # what Worker.handle_error answers with, in this worker process
        util.http_date = _cached_http_date  # the answers' Date header, in this worker process
        self.max_body = Settings.from_env().max_body_bytes
        self._reading: dict[BufferedConn, None] = {}  # connections with a request on its way
        self._draining: dict[socket.socket, tuple[float, int]] = {}  # answered early: deadline, bytes left
        self.writes = ThreadPoolExecutor(max_workers=self.cfg.threads)
        self.balance.join()
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = _sent_before_close(self.wsgi)  # type: ignore[has-type]  # set by gunicorn's load_wsgi

    def run(self):
        try:
            super().run()
        finally:
            self.balance.leave()

    def enqueue_req(self, conn):
        conn.init()
        reading = _is_read(bytes(conn.buf[:8]))
        self._wrap_future((self.tpool if reading else self.writes).submit(self.handle, conn), conn)

    def handle_quit(self, sig, frame):
        self.writes.shutdown(False)
        super().handle_quit(sig, frame)

    def accept(self, server, listener):
        if self.balance.defer(self.nr_conns):
            return
        try:
            sock, client = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        conn = BufferedConn(self.cfg, sock, client, server, self.max_body)
        self.nr_conns += 1
        self.balance.publish(self.nr_conns)
        conn.deadline = time.monotonic() + READ_TIMEOUT_S
        self._reading[conn] = None
        with self._lock:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))

    def on_client_socket_readable(self, conn, client):
        if conn not in self._reading:  # an idle keep-alive connection: a new request begins
            with self._lock:
                try:
                    self._keep.remove(conn)
                except ValueError:
                    return
            conn.deadline = time.monotonic() + READ_TIMEOUT_S
            self._reading[conn] = None
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(conn)
            return
        conn.buf += data
        try:
            done = conn.complete()
        except _Rejected as rejected:
            self._reject(conn, rejected.status, rejected.title, rejected.detail)
            return
        if done:
            self._dispatch(conn)

    def _dispatch(self, conn):
        del self._reading[conn]
        with self._lock:
            self.poller.unregister(conn.sock)
        self.enqueue_req(conn)

    def _close(self, conn):
        self._reading.pop(conn, None)
        with self._lock:
            try:
                self.poller.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass
        self.nr_conns -= 1
        conn.close()

    def _reject(self, conn, status, title, detail):
        """Answer without handing the request to the app; then drain and close."""
        self._reading.pop(conn, None)
        with self._lock:
            self.poller.unregister(conn.sock)
        self.nr_conns -= 1
        sock = conn.sock
        try:
            sock.setblocking(True)
            sock.settimeout(1.0)
            sock.sendall(_problem(status, title, detail))
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
        except OSError:
            sock.close()
            return
        self._draining[sock] = (time.monotonic() + DRAIN_TIMEOUT_S, DRAIN_MAX_BYTES)
        with self._lock:
            self.poller.register(sock, selectors.EVENT_READ, self._drain)

    def _drain(self, sock):
        deadline, left = self._draining[sock]
        try:
            data = sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        left -= len(data)
        if not data or left <= 0:
            self._end_drain(sock)
        else:
            self._draining[sock] = (deadline, left)

    def _end_drain(self, sock):
        del self._draining[sock]
        with self._lock:
            try:
                self.poller.unregister(sock)
            except (KeyError, ValueError, OSError):
                pass
        sock.close()

    def murder_keepalived(self):  # once per turn of the main loop
        super().murder_keepalived()
        self.balance.publish(self.nr_conns)
        now = time.monotonic()
        for conn in [c for c in self._reading if c.deadline < now]:
            if conn.buf[conn.ready :].strip():
                self._reject(
                    conn, 408, "Request Timeout", f"the request did not arrive whole within {READ_TIMEOUT_S:g} s"
                )
            else:
                self._close(conn)
        for sock in [s for s, (deadline, _) in self._draining.items() if deadline < now]:
            self._end_drain(sock)

    def handle(self, conn):
        while True:
            with one_segment(conn.sock):  # the answer's head and body
                keepalive, conn = super().handle(conn)
            # bytes of a further request arrived with this one (pipelining): not kept, the connection closes
            keepalive = keepalive and len(conn.buf) == conn.ready == 0
            if not (keepalive and self._next_read(conn)):
                return keepalive, conn

    def _next_read(self, conn: BufferedConn) -> bool:
        """Whether the connection's next request was taken for this thread to answer at once: a
        whole read without a body, arriving within LINGER_S while this is the worker's only
        connection (a client sending requests one after another, nothing else for the thread to
        do). Handed back to the main loop instead, it waits for epoll, the dispatch and a thread to
        wake. Anything else is left unread in the socket, for the main loop as before."""
        if self.nr_conns != 1 or not self.alive:
            return False
        poller = select.poll()
        poller.register(conn.sock, select.POLLIN)
        if not poller.poll(LINGER_S * 1000):
            return False
        try:
            data = conn.sock.recv(MAX_HEAD_BYTES, socket.MSG_PEEK)
            end = data.find(b"\r\n\r\n")
            if end < 0 or end + 4 != len(data) or not _is_read(data):
                return False
            if conn._framing(data[:end]) != (0, False, False):
                return False
            conn.buf += conn.sock.recv(len(data))
        except (OSError, _Rejected):
            return False
        return conn.complete()
