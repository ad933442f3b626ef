"""/docs renders every operation in a real browser, with Swagger UI served by the app itself.

Headless Chromium (Debian's `chromium`) loads /docs from the app served in this process; no
Elasticsearch is needed and there is no internet, so operations in the rendered DOM prove that
the Swagger UI scripts came from the package and that they read the app's /openapi.json.
"""

import os
import signal
import subprocess
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.app import create_app
from service.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TIMEOUT_S = 120
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"
)


class Operations(HTMLParser):
    """(method, path) of each operation block Swagger UI rendered."""

    def __init__(self):
        super().__init__()
        self.method = None
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "opblock" in classes:
            methods = [c.removeprefix("opblock-") for c in classes if c.removeprefix("opblock-") in HTTP_METHODS]
            self.method = methods[0] if methods else None
        if "opblock-summary-path" in classes and self.method:
            self.found.append((self.method, attrs.get("data-path")))


class Served:
    """The app on a free loopback port in a thread, remembering the paths it was asked for."""

    def __init__(self, app):
        self.requested: list[str] = []

        def recording(environ, start_response):
            self.requested.append(environ.get("PATH_INFO", ""))
            return app(environ, start_response)

        self.server = make_server("127.0.0.1", 0, recording, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.port}"


def dump_dom(url: str) -> str:
    """The DOM after the page's scripts ran, bounded in time; the whole browser is killed after."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        cmd = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )  # its own process group: renderers included
        try:
            out, err = proc.communicate(timeout=BROWSER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"chromium did not finish within {BROWSER_TIMEOUT_S}s")
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # leftovers of a browser that exited
            except ProcessLookupError:
                pass
    assert proc.returncode == 0, f"chromium exited with {proc.returncode}: {err[-2000:]}"
    return out


@pytest.fixture(scope="module")
def rendered():
    app = create_app(Settings.from_env({}))
    with app.app_context():
        spec = app.extensions["articles.api"].spec.to_dict()
    with Served(app) as served:
        dom = dump_dom(f"{served.url}/docs")
    parser = Operations()
    parser.feed(dom)
    return {"dom": dom, "operations": parser.found, "requested": served.requested, "spec": spec}


def test_swagger_ui_renders_every_operation_of_the_spec(rendered):
    operations = set(rendered["operations"])
    assert operations, f"no operation block in the DOM: Swagger UI did not render (requests: {rendered['requested']})"
    assert "opblock" in rendered["dom"]
    for method, path in [
        ("get", "/articles"),
        ("post", "/articles"),
        ("get", "/articles/{article_id}"),
        ("delete", "/articles/{article_id}"),
        ("get", "/health"),
    ]:
        assert (method, path) in operations, f"{method.upper()} {path} is not rendered"
    documented = {(m, p) for p, item in rendered["spec"]["paths"].items() for m in item if m in HTTP_METHODS}
    assert documented - operations == set(), "operations of the spec missing from the page"
    assert "Failed to load API definition" not in rendered["dom"]


def test_the_assets_and_the_spec_come_from_the_app(rendered):
    requested = rendered["requested"]
    assets = [p for p in requested if p.startswith("/docs/assets/")]
    assert any(p.endswith(".js") for p in assets) and any(p.endswith(".css") for p in assets), (
        f"Swagger UI was not loaded from the app's /docs/assets/: {requested}"
    )
    assert "/openapi.json" in requested
