"""one_segment: writes inside the block are held and leave together at its end."""

import socket

import pytest

from service.tcp import one_segment

pytestmark = pytest.mark.skipif(not hasattr(socket, "TCP_CORK"), reason="TCP_CORK is Linux only")


def test_writes_inside_the_block_arrive_together_when_it_ends():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        with socket.create_connection(listener.getsockname(), timeout=5) as sender:
            peer, _ = listener.accept()
            with peer:
                peer.setblocking(False)
                with one_segment(sender):
                    sender.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
                    sender.sendall(b"{}")
                    with pytest.raises(BlockingIOError):
                        peer.recv(1024)  # nothing left yet
                peer.settimeout(5)
                assert peer.recv(1024) == b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"


def test_a_socket_closed_inside_the_block_is_no_error():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        sender = socket.create_connection(listener.getsockname(), timeout=5)
        peer, _ = listener.accept()
        with peer:
            with one_segment(sender):
                sender.sendall(b"bye")
                sender.close()
            peer.settimeout(5)
            assert peer.recv(16) == b"bye"
