"""The worker's answers leave before the app's close() runs (work an app defers there does not delay them)."""

import socket

import pytest

from service.tcp import one_segment
from service.worker import _sent_before_close

pytestmark = pytest.mark.skipif(not hasattr(socket, "TCP_CORK"), reason="TCP_CORK is Linux only")


class _Body(list):
    def __init__(self, chunks, on_close):
        super().__init__(chunks)
        self.on_close = on_close

    def close(self):
        self.on_close()


class _FileWrapper:
    def __init__(self, filelike, blksize=8192):
        self.filelike = filelike


def test_the_answer_has_left_when_the_apps_close_runs():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        with socket.create_connection(listener.getsockname(), timeout=5) as sender:
            peer, _ = listener.accept()
            with peer:
                peer.settimeout(5)
                seen_at_close = []

                def app(environ, start_response):
                    return _Body([b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", b"{}"], on_close)

                def on_close():
                    seen_at_close.append(peer.recv(1024))

                environ = {"gunicorn.socket": sender, "wsgi.file_wrapper": _FileWrapper}
                with one_segment(sender):
                    body = _sent_before_close(app)(environ, None)
                    for chunk in body:
                        sender.sendall(chunk)
                    body.close()
                assert seen_at_close == [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"]


def test_a_file_answer_is_left_to_the_server():
    wrapped = _FileWrapper(None)
    environ = {"gunicorn.socket": None, "wsgi.file_wrapper": _FileWrapper}
    assert _sent_before_close(lambda environ, start_response: wrapped)(environ, None) is wrapped
