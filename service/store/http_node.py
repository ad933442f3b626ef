"""A plain-HTTP Elasticsearch node on the standard library's http.client.

The client's default node (urllib3) costs about twice as much CPU per call as http.client on a
loopback search: a third of the service's own CPU per search. This node keeps the client's
transport (node pool, retries on another node, dead-node back-off) and only replaces the one
HTTP exchange; connection failures are raised as the transport's ConnectionError or
ConnectionTimeout so that failover works as before. TLS nodes keep the default node.
"""

import http.client
import platform
import select
import time
from queue import Empty, Full, LifoQueue

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

from service.tcp import one_segment


class HttpClientNode(BaseNode):
    """One node over http://, with up to `connections_per_node` idle keep-alive connections."""

    _CLIENT_META_HTTP_CLIENT = ("hc", platform.python_version())

    def __init__(self, config: NodeConfig):
        super().__init__(config)
        if config.scheme != "http":
            raise ValueError("HttpClientNode speaks plain HTTP only")
        self._idle: LifoQueue[http.client.HTTPConnection] = LifoQueue(maxsize=config.connections_per_node)

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
        conn = self._connection(timeout)  # type: ignore[arg-type]
        start = time.time()
        try:
            if conn.sock is None:
                conn.connect()
            with one_segment(conn.sock):
                conn.request(method, self.path_prefix + target, body=body or None, headers=request_headers)
            response = conn.getresponse()
            data = response.read()
        except TimeoutError as e:
            conn.close()
            raise ConnectionTimeout("Connection timed out during request", errors=(e,)) from e
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            raise ConnectionError(str(e) or type(e).__name__, errors=(e,)) from e
        meta = ApiResponseMeta(
            node=self.config,
            duration=time.time() - start,
            http_version="1.1",
            status=response.status,
            headers=HttpHeaders(response.getheaders()),
        )
        if response.will_close:
            conn.close()
        else:
            try:
                self._idle.put_nowait(conn)
            except Full:
                conn.close()
        return NodeApiResponse(meta, data)

    def _connection(self, timeout: float | None) -> http.client.HTTPConnection:
        try:
            conn = self._idle.get_nowait()
        except Empty:
            return http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        if conn.sock is None or _dropped(conn.sock):  # the node closed it while idle (restart, idle timeout)
            conn.close()
            return http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        conn.timeout = timeout
        conn.sock.settimeout(timeout)
        return conn

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except Empty:
                return


def _dropped(sock) -> bool:
    """Whether an idle keep-alive socket was closed by the other end (it reads as ready: EOF or reset)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))
