"""A plain-HTTP Elasticsearch node that speaks HTTP/1.1 on a socket itself.

The client's default node (urllib3) cost about twice the CPU of http.client per loopback search,
and http.client itself spends most of its share parsing response headers through the email
package and writing a request in several pieces. This node keeps the client's transport (node
pool, retries on another node, dead-node back-off) and only replaces the one HTTP exchange: the
request leaves in one write (head and body together, so the node wakes once), and the answer is
read with Content-Length or chunked framing. Connection failures are raised as the transport's
ConnectionError or ConnectionTimeout so that failover works as before. TLS nodes keep the
default node. `search` sends a search straight to a node, past the client's and the transport's
layers, and leaves everything but a plain 200 to the client.
"""

import platform
import select
import socket
import time
from queue import Empty, Full, LifoQueue
from typing import NamedTuple

from elastic_transport import (
    ApiResponseMeta,
    BaseNode,
    ConnectionError,
    ConnectionTimeout,
    HttpHeaders,
    NodeConfig,
)
from elastic_transport._models import DEFAULT, DefaultType
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

RECV_BYTES = 256 * 1024
MAX_HEAD_BYTES = 64 * 1024
_BODYLESS_STATUS = (204, 304)
_SENDS_LENGTH = ("POST", "PUT", "PATCH")


class ProtocolError(OSError):
    """The node's answer is not HTTP/1.1 as expected (or the connection ended inside it)."""


class _Search(NamedTuple):
    headers: str  # the request's header lines
    mimetype: str
    timeout: float | None


class PlainHttpNode(BaseNode):
    """One node over http://, with up to `connections_per_node` idle keep-alive connections."""

    _CLIENT_META_HTTP_CLIENT = ("sk", platform.python_version())

    def __init__(self, config: NodeConfig):
        super().__init__(config)
        if config.scheme != "http":
            raise ValueError("PlainHttpNode speaks plain HTTP only")
        self._idle: LifoQueue[socket.socket] = LifoQueue(maxsize=config.connections_per_node)
        self._host_header = f"Host: {config.host}:{config.port}\r\n"
        self.search_as: _Search | None = None  # how the client sent its first successful search

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> NodeApiResponse:
        timeout = self.config.request_timeout if request_timeout is DEFAULT else request_timeout
        request_headers = self._headers.copy()
        if headers:
            request_headers.update(headers)
        lines = "".join(f"{name}: {value}\r\n" for name, value in request_headers.items())
        start = time.time()
        status, response_headers, data = self._exchange(method, target, lines, body, timeout)  # type: ignore[arg-type]
        meta = ApiResponseMeta(
            node=self.config,
            duration=time.time() - start,
            http_version="1.1",
            status=status,
            headers=HttpHeaders(response_headers),
        )
        if (
            self.search_as is None
            and status == 200
            and method == "POST"
            and target.endswith("/_search")
            and meta.headers.get("x-elastic-product") == "Elasticsearch"
        ):
            self.search_as = _Search(lines, request_headers.get("content-type") or "", timeout)  # type: ignore[arg-type]
        return NodeApiResponse(meta, data)

    def search(self, target: str, body: bytes) -> bytes | None:
        """POST `body` to `target` (a `_search`) with the headers and timeout of the client's first
        successful search on this node: Elasticsearch's answer when it is a 200 without a warning,
        else None (also before that first search, and when the connection fails). A timeout is
        raised as the transport's ConnectionTimeout."""
        if self.search_as is None:
            return None
        try:
            status, headers, data = self._exchange("POST", target, self.search_as.headers, body, self.search_as.timeout)
        except ConnectionError:
            return None
        if status != 200 or any(name.lower() == "warning" for name, _ in headers):
            return None
        return data

    def _exchange(
        self, method: str, target: str, header_lines: str, body: bytes | None, timeout: float | None
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """One request and its answer on an idle keep-alive connection (or a new one)."""
        head = f"{method} {self.path_prefix}{target} HTTP/1.1\r\n{self._host_header}{header_lines}"
        if body or method in _SENDS_LENGTH:
            head += f"Content-Length: {len(body or b'')}\r\n"
        message = head.encode("latin-1") + b"\r\n" + (body or b"")
        sock = None
        try:
            sock = self._connection(timeout)
            sock.sendall(message)
            status, response_headers, data, keep = _Response(sock).read(method == "HEAD")
        except TimeoutError as e:
            _close(sock)
            raise ConnectionTimeout("Connection timed out during request", errors=(e,)) from e
        except (OSError, ValueError) as e:
            _close(sock)
            raise ConnectionError(str(e) or type(e).__name__, errors=(e,)) from e
        if keep:
            try:
                self._idle.put_nowait(sock)
            except Full:
                sock.close()
        else:
            sock.close()
        return status, response_headers, data

    def _connection(self, timeout: float | None) -> socket.socket:
        try:
            sock = self._idle.get_nowait()
        except Empty:
            return self._connect(timeout)
        if _dropped(sock):  # the node closed it while idle (restart, idle timeout)
            sock.close()
            return self._connect(timeout)
        sock.settimeout(timeout)
        return sock

    def _connect(self, timeout: float | None) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except Empty:
                return


class _Response:
    """Reads one HTTP/1.1 answer from a socket: (status, headers, body, whether the connection stays usable)."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()
        self.pos = 0

    def read(self, head_only: bool) -> tuple[int, list[tuple[str, str]], bytes, bool]:
        while True:
            lines = self._until(b"\r\n\r\n", MAX_HEAD_BYTES).decode("latin-1").split("\r\n")
            version, _, rest = lines[0].partition(" ")
            status = int(rest[:3])
            if status >= 200 or status == 101:
                break  # 1xx (100 Continue) comes before the real answer
        headers = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep:
                raise ProtocolError(f"malformed header line {line[:80]!r}")
            headers.append((name.strip(), value.strip()))
        fields = {name.lower(): value.lower() for name, value in headers}
        keep = version == "HTTP/1.1" and "close" not in fields.get("connection", "")
        if head_only or status in _BODYLESS_STATUS or status < 200:
            data = b""
        elif "chunked" in fields.get("transfer-encoding", ""):
            data = self._chunked()
        elif "content-length" in fields:
            data = self._exactly(int(fields["content-length"]))
        else:  # delimited by the end of the connection
            data, keep = self._to_end(), False
        return status, headers, data, keep and self.pos == len(self.buf)

    def _fill(self) -> None:
        data = self.sock.recv(RECV_BYTES)
        if not data:
            raise ProtocolError("Elasticsearch closed the connection before the answer was complete")
        self.buf += data

    def _until(self, separator: bytes, limit: int) -> bytes:
        scan = self.pos
        while True:
            end = self.buf.find(separator, scan)
            if end >= 0:
                out = bytes(self.buf[self.pos : end])
                self.pos = end + len(separator)
                return out
            if len(self.buf) - self.pos > limit:
                raise ProtocolError("an answer's head or chunk-size line is too long")
            scan = max(self.pos, len(self.buf) - len(separator) + 1)
            self._fill()

    def _exactly(self, n: int) -> bytes:
        while len(self.buf) - self.pos < n:
            self._fill()
        out = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return out

    def _chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int(self._until(b"\r\n", 1024).split(b";", 1)[0], 16)
            if size == 0:
                while self._until(b"\r\n", MAX_HEAD_BYTES):  # trailers, up to the blank line
                    pass
                return b"".join(parts)
            parts.append(self._exactly(size))
            if self._exactly(2) != b"\r\n":
                raise ProtocolError("a chunk does not end where its size says")

    def _to_end(self) -> bytes:
        while data := self.sock.recv(RECV_BYTES):
            self.buf += data
        out = bytes(self.buf[self.pos :])
        self.pos = len(self.buf)
        return out


def search(es: Elasticsearch, target: str, body: dict) -> dict | None:
    """Elasticsearch's answer to POST `body` to `target` (a `_search`), sent straight to the node the
    client's pool picks, without the client's and transport's request layers (about a third of a
    search's CPU in the app); None when that node is not a PlainHttpNode that has answered a search
    of the client, or the answer is not a plain 200: the caller then sends it through the client,
    which retries, marks nodes dead and raises its errors as always. A timeout marks the node dead
    and is raised as the transport raises it without a retry (the client's `retry_on_timeout=False`)."""
    transport = es.transport
    node = transport.node_pool.get()
    if not isinstance(node, PlainHttpNode) or node.search_as is None:
        return None
    mimetype = node.search_as.mimetype
    try:
        data = node.search(target, transport.serializers.dumps(body, mimetype))
    except ConnectionTimeout as e:
        transport.node_pool.mark_dead(node)
        e.errors = ()  # as the transport leaves it
        raise
    if data is None:
        return None
    transport.node_pool.mark_live(node)
    return transport.serializers.loads(data, mimetype)


def _close(sock: socket.socket | None) -> None:
    if sock is not None:
        sock.close()


def _dropped(sock: socket.socket) -> bool:
    """Whether an idle keep-alive socket was closed by the other end (it reads as ready: EOF or reset)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))
