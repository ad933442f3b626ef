"""The http.client node under the Elasticsearch client: failover, timeouts, connections the node closed."""

import socket
import threading

import pytest
from elastic_transport import ConnectionTimeout, HttpHeaders, NodeConfig

from service.settings import Settings
from service.store.connection import connect
from service.store.http_node import HttpClientNode
from tests.integration.helpers import free_port


def _client(urls: str, **env):
    settings = Settings.from_env({"ELASTICSEARCH_URL": urls, **env})
    return connect(settings).repository.es


def test_the_service_client_uses_it_and_fails_over_from_a_dead_node(es_url):
    es = _client(f"http://127.0.0.1:{free_port()},{es_url}")
    assert all(isinstance(node, HttpClientNode) for node in es.transport.node_pool.all())
    for _ in range(6):  # both nodes are picked in turn: the dead one is retried on the live one
        assert es.cluster.health()["status"] in ("green", "yellow")
    assert not es.indices.exists(index="no-such-index-here")  # a HEAD answer without a body


def test_an_idle_connection_the_node_closed_is_replaced(es_url):
    es = _client(es_url)
    es.cluster.health()
    node = es.transport.node_pool.get()
    [idle] = list(node._idle.queue)
    idle.sock.shutdown(socket.SHUT_RDWR)  # as a restarted node leaves it: reads as EOF
    assert es.options(max_retries=0).cluster.health()["status"] in ("green", "yellow")  # no retry needed
    assert list(node._idle.queue) != [idle]


def test_a_node_that_never_answers_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        es = _client(url).options(request_timeout=0.3, max_retries=0)
        with pytest.raises(ConnectionTimeout):
            es.cluster.health()


def test_a_request_head_and_body_arrive_in_one_read():
    """http.client writes them apart; the node sends them as one segment (the node wakes once)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        node = HttpClientNode(NodeConfig("http", "127.0.0.1", listener.getsockname()[1]))
        reads: list[bytes] = []

        def serve():
            peer, _ = listener.accept()
            with peer:
                reads.append(peer.recv(65536))
                peer.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")

        server = threading.Thread(target=serve)
        server.start()
        body = b'{"query": {"match_all": {}}}'
        response = node.perform_request(
            "POST", "/i/_search", body=body, headers=HttpHeaders({"content-type": "application/json"})
        )
        server.join(5)
        assert response.meta.status == 200 and response.body == b"{}"
        assert reads[0].startswith(b"POST /i/_search HTTP/1.1\r\n") and reads[0].endswith(b"\r\n\r\n" + body)
