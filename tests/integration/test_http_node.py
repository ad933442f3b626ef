"""The plain-HTTP node under the Elasticsearch client: failover, timeouts, connections the node closed,
searches sent straight to it."""

import socket
import threading
import time

import pytest
from elastic_transport import ConnectionError, ConnectionTimeout, HttpHeaders, NodeConfig
from elasticsearch import BadRequestError, NotFoundError

from service.settings import Settings
from service.store import http_node
from service.store import reads as reads_module
from service.store.connection import connect
from service.store.http_node import PlainHttpNode
from service.store.indices import Indices
from service.store.repository import Repository
from tests.integration.helpers import free_port


def _client(urls: str, **env):
    settings = Settings.from_env({"ELASTICSEARCH_URL": urls, **env})
    return connect(settings).repository.es


def test_the_service_client_uses_it_and_fails_over_from_a_dead_node(es_url):
    es = _client(f"http://127.0.0.1:{free_port()},{es_url}")
    assert all(isinstance(node, PlainHttpNode) for node in es.transport.node_pool.all())
    for _ in range(6):  # both nodes are picked in turn: the dead one is retried on the live one
        assert es.cluster.health()["status"] in ("green", "yellow")
    assert not es.indices.exists(index="no-such-index-here")  # a HEAD answer without a body


def test_an_idle_connection_the_node_closed_is_replaced(es_url):
    es = _client(es_url)
    es.cluster.health()
    node = es.transport.node_pool.get()
    [idle] = list(node._idle.queue)
    idle.shutdown(socket.SHUT_RDWR)  # as a restarted node leaves it: reads as EOF
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
    """One write, head and body together (the node wakes once)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        node = PlainHttpNode(NodeConfig("http", "127.0.0.1", listener.getsockname()[1]))
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


def _answer(*writes: bytes, method: str = "GET") -> tuple:
    """The node's (status, headers, body) for an answer a fake node sends in `writes`, one at a time."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        node = PlainHttpNode(NodeConfig("http", "127.0.0.1", listener.getsockname()[1]))

        def serve():
            peer, _ = listener.accept()
            with peer:
                peer.recv(65536)
                for part in writes:
                    peer.sendall(part)
                    time.sleep(0.002)  # each write its own segment: the node must wait for the rest

        server = threading.Thread(target=serve)
        server.start()
        try:
            response = node.perform_request(method, "/")
        finally:
            server.join(5)
        return response.meta.status, response.meta.headers, response.body, list(node._idle.queue)


def test_answers_framed_by_length_by_chunks_or_by_the_end_of_the_connection():
    status, headers, body, idle = _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n", b"\r\nhello", b" world")
    assert (status, body, headers["content-length"]) == (200, b"hello world", "11") and len(idle) == 1
    chunked = [b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n", b"5;ext=1\r\nhel", b"lo\r\n"]
    status, _, body, idle = _answer(*chunked, b"1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n")
    assert (status, body) == (404, b"hello!") and len(idle) == 1
    status, _, body, idle = _answer(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", b'{"a":', b"1}")
    assert (status, body, idle) == (200, b'{"a":1}', [])  # read to the end; the connection is not kept
    status, _, body, idle = _answer(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert (status, body) == (200, b"ok")
    status, headers, body, _ = _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", method="HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", "20")


def test_an_answer_cut_short_is_a_connection_error():
    with pytest.raises(ConnectionError):
        _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
    with pytest.raises(ConnectionError):
        _answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX")


def _fake_node(answers: list[bytes], reads: list[bytes]):
    """A node on loopback answering each request it reads (one per connection read) with the next of
    `answers`, the requests it read in `reads`; an answer of b"" stays silent."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        with listener:
            peer, _ = listener.accept()
            with peer:
                for answer in answers:
                    reads.append(peer.recv(65536))
                    if not answer:
                        time.sleep(1)
                        return
                    peer.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def _found(n: int, headers: str = "") -> bytes:
    body = b'{"hits":{"total":{"value":%d}}}' % n
    head = f"HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\n{headers}Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def test_searches_go_straight_to_the_node_as_the_client_sends_them():
    """After the client's first search, http_node.search sends the same request bytes and decodes
    the same answer; an answer with a warning or another status is left to the client."""
    reads: list[bytes] = []
    warned = _found(3, 'Warning: 299 Elasticsearch-9.2.0 "deprecated"\r\n')
    es = _client(_fake_node([_found(1), _found(2), warned, _found(4)], reads))
    body = {"query": {"match_all": {}}, "size": 0}
    assert http_node.search(es, "/i/_search", body) is None  # nothing learned yet: no request sent
    assert reads == []
    assert reads_module._search(Repository(es, Indices("t")), "i", body)["hits"]["total"]["value"] == 1
    assert http_node.search(es, "/i/_search", body) == {"hits": {"total": {"value": 2}}}
    assert reads[1] == reads[0]  # byte for byte: head (client meta, compatibility headers) and body
    assert http_node.search(es, "/i/_search", body) is None  # a warning: the client warns
    assert len(reads) == 3


def test_a_search_straight_to_the_node_times_out_as_through_the_client():
    es = _client(_fake_node([_found(1), b""], []), ARTICLES_ES_TIMEOUT="0.3")
    body = {"query": {"match_all": {}}}
    es.perform_request("POST", "/i/_search", headers={"content-type": "application/json"}, body=body)
    with pytest.raises(ConnectionTimeout):
        http_node.search(es, "/i/_search", body)
    assert list(es.transport.node_pool._alive_nodes) == []  # marked dead, as the transport does


def test_searches_through_the_store_answer_and_fail_as_the_client(es_url):
    es = _client(f"{es_url},http://127.0.0.1:{free_port()}")
    repo = Repository(es, Indices("t"))
    body = {"query": {"match_all": {}}, "size": 1}
    es.indices.create(index="straight-to-node", mappings={"properties": {"n": {"type": "integer"}}})
    try:
        es.index(index="straight-to-node", document={"n": 1}, refresh=True)
        first = reads_module._search(repo, "straight-to-node", body)
        for _ in range(6):  # the dead node is picked in turn: the client fails over
            again = reads_module._search(repo, "straight-to-node", body)
            assert {**again, "took": 0} == {**first, "took": 0}
        with pytest.raises(BadRequestError):
            reads_module._search(repo, "straight-to-node", {"query": {"no_such_query": {}}})
    finally:
        es.indices.delete(index="straight-to-node")
    with pytest.raises(NotFoundError):
        reads_module._search(repo, "straight-to-node", body)
