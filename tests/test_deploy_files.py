"""Dockerfile, .dockerignore, docker-compose.yml and `make run` are consistent with the repo and the code.

No Docker engine runs where the tests do, so these are static checks: the files parse, every
path they name exists, the Elasticsearch version is the one service.devstack runs, and the
commands they run are ones the package really provides (parsed by the real argument parsers).
"""

import fnmatch
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import tomllib

import pytest
import yaml

from service import devstack
from tests.conftest import REPO

DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "docker-compose.yml"
DOCKERIGNORE = REPO / ".dockerignore"


# --- a small Dockerfile reader -------------------------------------------------------------


def parse_dockerfile(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; comments dropped, `\\` continuations joined."""
    instructions, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):  # comment lines inside a continuation
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        current += stripped
        keyword, _, rest = current.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a line continuation"
    return instructions


def split_flags(args: str) -> tuple[list[str], str]:
    """Leading --flags of an instruction, and the rest."""
    flags = []
    while args.startswith("--"):
        flag, _, args = args.partition(" ")
        flags.append(flag)
        args = args.lstrip()
    return flags, args


def command_argv(args: str) -> list[str]:
    """The argv of CMD/ENTRYPOINT/HEALTHCHECK CMD: exec (JSON) form, or shell form as sh -c."""
    if args.startswith("["):
        argv = json.loads(args)
        assert isinstance(argv, list) and all(isinstance(a, str) for a in argv), args
        return argv
    return ["/bin/sh", "-c", args]


def shell_payload(argv: list[str]) -> list[str]:
    """The command a `sh -c "exec ..."` wrapper runs, split into words; argv itself otherwise."""
    if len(argv) >= 3 and argv[0] in ("sh", "/bin/sh", "bash", "/bin/bash") and argv[1] == "-c":
        words = shlex.split(argv[2])
        return words[1:] if words and words[0] == "exec" else words
    return argv


def expand_defaults(word: str) -> str:
    """${VAR:-default} -> default, as the shell does when VAR is unset."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", word)


@pytest.fixture(scope="module")
def dockerfile():
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


def instructions(dockerfile, name):
    return [args for keyword, args in dockerfile if keyword == name]


def exposed_ports(dockerfile) -> set[str]:
    return {p.split("/")[0] for args in instructions(dockerfile, "EXPOSE") for p in args.split()}


def final_command(dockerfile) -> list[str]:
    cmds = instructions(dockerfile, "CMD")
    assert cmds, "the Dockerfile has no CMD"
    return command_argv(cmds[-1])


# --- .dockerignore -------------------------------------------------------------------------


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [ln.strip().lstrip("/") for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def _matches(pattern: str, path: str) -> bool:
    candidates = [pattern]
    while candidates[-1].startswith("**/"):  # ** also matches zero folders
        candidates.append(candidates[-1][3:])
    return any(fnmatch.fnmatchcase(path, p) for p in candidates)


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves `path` (relative to the context) out: a rule applies when it matches
    the path or one of its folders, and the last rule that applies wins (`!` lets back in)."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    verdict = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if any(_matches(pattern.lstrip("!"), prefix) for prefix in prefixes):
            verdict = not negated
    return verdict


def test_dockerignore_rule_reader_works():
    rules = ["**/__pycache__", "*.egg-info", ".venv", "pred*.json", "docs", "!docs/keep.md"]
    assert ignored("service/__pycache__/app.cpython-311.pyc", rules)
    assert ignored("__pycache__", rules)
    assert ignored(".venv/bin/python", rules)
    assert ignored("pred_quotes.json", rules)
    assert ignored("docs/other.md", rules) and not ignored("docs/keep.md", rules)
    assert not ignored("service/app.py", rules)
    assert not ignored("pyproject.toml", rules)


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    patterns = dockerignore_patterns()
    for path in (
        ".venv/bin/python",
        ".cache/es-node/state.json",
        ".git/HEAD",
        ".pytest_cache/v/cache/nodeids",
        "service/__pycache__/app.cpython-311.pyc",
        "pred_entities.json",
    ):
        assert ignored(path, patterns), f".dockerignore lets {path} into the build context"


# --- Dockerfile ----------------------------------------------------------------------------


def test_dockerfile_reader_handles_continuations_and_comments():
    parsed = parse_dockerfile('# c\nFROM a:b\nRUN x \\\n  # inside\n  && y\nCMD ["z"]\n')
    assert parsed == [("FROM", "a:b"), ("RUN", "x && y"), ("CMD", '["z"]')]


def test_base_image_is_a_slim_python_the_package_supports(dockerfile):
    froms = instructions(dockerfile, "FROM")
    assert froms, "the Dockerfile has no FROM"
    image = split_flags(froms[-1])[1].split()[0]  # the final stage is the image that runs
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?python:(3)\.(\d+)(?:\.\d+)?-slim(?:-\w+)?", image)
    assert match, f"the runtime stage is {image!r}, not a python:3.X-slim image"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    minimum = re.search(r">=\s*3\.(\d+)", pyproject["project"]["requires-python"])
    assert int(match.group(2)) >= int(minimum.group(1)), "the image's Python is older than requires-python"


def test_every_copy_source_exists_and_reaches_the_build_context(dockerfile):
    patterns = dockerignore_patterns()
    copies = instructions(dockerfile, "COPY") + instructions(dockerfile, "ADD")
    assert copies, "the Dockerfile copies nothing from the repo"
    for args in copies:
        flags, rest = split_flags(args)
        if any(f.startswith("--from") for f in flags):
            continue  # from another stage, not from the repo
        words = json.loads(rest) if rest.startswith("[") else rest.split()
        sources = words[:-1]
        assert sources, f"COPY without a source: {args}"
        found = []
        for src in sources:
            if glob.has_magic(src):
                found += glob.glob(src, root_dir=REPO)  # a wildcard may match nothing
            else:
                assert (REPO / src).exists(), f"COPY source {src!r} does not exist in the repo"
                found.append(src)
        assert found, f"no COPY source of {args!r} exists: the build fails"
        for src in found:
            assert not ignored(src, patterns), f"COPY source {src!r} is excluded by .dockerignore"
            if (REPO / src).is_dir():
                for f in (REPO / src).rglob("*.py"):
                    rel = f.relative_to(REPO).as_posix()
                    assert "__pycache__" in rel or not ignored(rel, patterns), f"{rel} is excluded"


def test_the_package_is_installed_from_the_repo(dockerfile):
    runs = " ".join(instructions(dockerfile, "RUN"))
    assert re.search(r"pip install [^&;]*--no-cache-dir[^&;]* \.(\s|$)", runs), "no `pip install --no-cache-dir .`"
    copied = " ".join(instructions(dockerfile, "COPY"))
    assert "pyproject.toml" in copied and re.search(r"(^|\s)(\./)?service/?(\s|$)", copied), (
        "pyproject.toml and service/ must be copied for `pip install .`"
    )


def test_runs_as_a_non_root_user_set_before_the_command(dockerfile):
    keywords = [k for k, _ in dockerfile]
    assert "USER" in keywords, "the image runs as root: no USER"
    last_user_at = max(i for i, k in enumerate(keywords) if k == "USER")
    for keyword in ("CMD", "ENTRYPOINT"):
        for i, k in enumerate(keywords):
            if k == keyword:
                assert last_user_at < i, f"USER comes after {keyword}"
    user = instructions(dockerfile, "USER")[-1].split(":")[0]
    assert user not in ("root", "0"), "the final USER is root"


def test_healthcheck_probes_the_health_endpoint_on_the_exposed_port(dockerfile):
    checks = instructions(dockerfile, "HEALTHCHECK")
    assert checks, "no HEALTHCHECK"
    flags, rest = split_flags(checks[-1])
    assert rest.startswith("CMD "), f"HEALTHCHECK should run a command: {checks[-1]}"
    probe = " ".join(command_argv(rest[4:].strip()))
    url = re.search(r"http://(127\.0\.0\.1|localhost):(\d+)/health\b", probe)
    assert url, f"HEALTHCHECK does not request /health: {probe}"
    assert url.group(2) in exposed_ports(dockerfile), "HEALTHCHECK probes a port the image does not expose"
    assert "curl" not in probe and "wget" not in probe, "python:slim ships neither curl nor wget"
    assert any(f.startswith("--timeout=") for f in flags), "HEALTHCHECK without --timeout"


def test_cmd_serves_the_api_with_articles_serve(dockerfile):
    from service.cli import build_parser, cmd_serve

    words = [expand_defaults(w) for w in shell_payload(final_command(dockerfile))]
    assert words[:2] == ["articles", "serve"], f"CMD does not run `articles serve`: {words}"
    # the CLI's own parser: a misspelt option or a bad value fails here as it would in the image
    args = build_parser().parse_args(words[1:])
    assert args.func is cmd_serve
    assert args.workers >= 1
    assert args.bind in [f"0.0.0.0:{port}" for port in exposed_ports(dockerfile)], (
        "the API must bind all interfaces on the EXPOSEd port"
    )


# --- docker-compose.yml --------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("services"), dict), "no services in compose"
    return data


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: str(v) for k, v in env.items()}


def mounts(service: dict) -> list[dict]:
    """Volumes in long form: type, source, target, read_only."""
    out = []
    for v in service.get("volumes") or []:
        if isinstance(v, dict):
            out.append(
                {
                    "type": v.get("type"),
                    "source": v.get("source"),
                    "target": v["target"],
                    "read_only": bool(v.get("read_only")),
                }
            )
            continue
        parts = v.split(":")
        source, target = parts[0], parts[1]
        kind = "bind" if source.startswith((".", "/", "~")) else "volume"
        out.append(
            {
                "type": kind,
                "source": source,
                "target": target,
                "read_only": len(parts) > 2 and "ro" in parts[2].split(","),
            }
        )
    return out


def build_context(service: dict) -> str | None:
    build = service.get("build")
    if build is None:
        return None
    return build if isinstance(build, str) else build.get("context", ".")


def depends_healthy(service: dict, on: str) -> bool:
    deps = service.get("depends_on") or {}
    return isinstance(deps, dict) and (deps.get(on) or {}).get("condition") == "service_healthy"


def test_compose_defines_the_three_services(compose):
    assert {"elasticsearch", "api", "seed"} <= set(compose["services"])


def test_build_contexts_and_dockerfiles_exist(compose):
    contexts = 0
    for name, service in compose["services"].items():
        context = build_context(service)
        if context is None:
            continue
        contexts += 1
        assert (REPO / context).is_dir(), f"{name}: build context {context!r} does not exist"
        build = service["build"]
        dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
        assert (REPO / context / dockerfile).is_file(), f"{name}: {dockerfile} missing in {context}"
    assert contexts, "no service is built from the repo"


def test_bind_mounts_exist_and_named_volumes_are_declared(compose):
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for mount in mounts(service):
            if mount["type"] == "bind":
                assert (REPO / mount["source"]).exists(), f"{name}: bind source {mount['source']!r} missing"
            elif mount["type"] == "volume":
                assert mount["source"] in declared, f"{name}: volume {mount['source']!r} not declared"


def test_elasticsearch_is_the_version_devstack_runs(compose):
    image = compose["services"]["elasticsearch"]["image"]
    assert image == devstack.ES_IMAGE
    assert image.rsplit(":", 1)[1] == devstack.ES_VERSION


def test_elasticsearch_is_a_single_local_node_with_data_volume_and_healthcheck(compose):
    es = compose["services"]["elasticsearch"]
    env = environment(es)
    assert env.get("discovery.type") == "single-node"
    assert env.get("xpack.security.enabled") == "false"
    assert re.search(r"-Xms\d+[mg]", env.get("ES_JAVA_OPTS", "")), "no heap size for Elasticsearch"
    volumes = [m for m in mounts(es) if m["target"] == "/usr/share/elasticsearch/data"]
    assert volumes and volumes[0]["type"] == "volume", "Elasticsearch data is not on a named volume"
    test = es.get("healthcheck", {}).get("test")
    assert test, "Elasticsearch has no healthcheck"
    probe = " ".join(test) if isinstance(test, list) else test
    assert "_cluster/health" in probe
    if isinstance(test, list) and test[0] == "CMD-SHELL":
        assert "&" not in probe or re.search(r"'[^']*&[^']*'|\"[^\"]*&[^\"]*\"", probe), (
            "an unquoted & in the healthcheck URL sends curl to the background"
        )
    for port in es.get("ports", []):
        spec = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
        assert spec.startswith("127.0.0.1:"), f"Elasticsearch (no security) is published beyond loopback: {port}"


def test_api_is_built_here_and_waits_for_a_healthy_elasticsearch(compose, dockerfile):
    api = compose["services"]["api"]
    assert build_context(api) in (".", "./"), "the api is not built from the repo"
    assert environment(api).get("ELASTICSEARCH_URL") == "http://elasticsearch:9200"
    assert depends_healthy(api, "elasticsearch")
    published = [
        str(p).rsplit(":", 1)[-1] if not isinstance(p, dict) else str(p["target"]) for p in api.get("ports", [])
    ]
    assert published and set(published) <= exposed_ports(dockerfile), "api publishes a port the image does not serve"


def test_seed_ingests_the_mounted_seeds_once(compose):
    from service.cli import build_parser

    seed, api = compose["services"]["seed"], compose["services"]["api"]
    assert (seed.get("image") and seed.get("image") == api.get("image")) or build_context(seed) == build_context(api), (
        "seed does not run the api image"
    )
    assert str(seed.get("restart", "no")) == "no"
    assert depends_healthy(seed, "elasticsearch")
    assert environment(seed).get("ELASTICSEARCH_URL") == "http://elasticsearch:9200"

    command = seed["command"] if isinstance(seed["command"], list) else shlex.split(seed["command"])
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert command[0] in scripts, f"{command[0]!r} is not a console script of the package"
    args = build_parser().parse_args(command[1:])  # the CLI's own parser, exits on a bad command
    assert args.command == "ingest"

    by_target = {m["target"].rstrip("/"): m for m in mounts(seed)}
    for path in args.paths:
        mount = by_target.get(path.rstrip("/"))
        assert mount and mount["type"] == "bind", f"seed ingests {path}, which is not bind-mounted"
        assert mount["read_only"], "the seeds are mounted writable"
        host = REPO / mount["source"]
        assert host.is_dir() and host.resolve() == (REPO / "seeds").resolve()
        assert list(host.glob("*.txt")), f"{mount['source']} holds no .txt seed articles"


def test_cluster_profile_runs_three_nodes_that_find_each_other(compose):
    nodes = {
        name: s
        for name, s in compose["services"].items()
        if "cluster" in (s.get("profiles") or []) and s.get("image") == devstack.ES_IMAGE
    }
    assert len(nodes) == 3, "the cluster profile needs three nodes (a master quorum survives one loss)"
    volumes = set()
    for name, node in nodes.items():
        env = environment(node)
        assert env.get("node.name") == name
        assert "discovery.type" not in env, f"{name} must not be a single-node cluster"
        assert set(env["discovery.seed_hosts"].split(",")) == set(nodes)
        assert set(env["cluster.initial_master_nodes"].split(",")) == set(nodes)
        assert len({environment(n)["cluster.name"] for n in nodes.values()}) == 1
        assert env.get("xpack.security.enabled") == "false" and re.search(r"-Xmx\d+[mg]", env["ES_JAVA_OPTS"])
        data = [m for m in mounts(node) if m["target"] == "/usr/share/elasticsearch/data"]
        assert data and data[0]["type"] == "volume", f"{name}: data not on a named volume"
        volumes.add(data[0]["source"])
        assert "_cluster/health" in " ".join(node["healthcheck"]["test"])
        for port in node.get("ports") or []:
            assert str(port).startswith("127.0.0.1:"), f"{name} is published beyond loopback: {port}"
    assert len(volumes) == 3, "each node needs its own data volume"


def test_cluster_profile_api_replicas_know_every_node(compose, dockerfile):
    nodes = {name for name, s in compose["services"].items() if s.get("image") == devstack.ES_IMAGE} - {"elasticsearch"}
    clients = {
        name: s
        for name, s in compose["services"].items()
        if "cluster" in (s.get("profiles") or []) and "ELASTICSEARCH_URL" in environment(s)
    }
    assert {"api-cluster", "seed-cluster"} <= set(clients)
    for name, service in clients.items():
        urls = environment(service)["ELASTICSEARCH_URL"].split(",")
        assert {u.removeprefix("http://").removesuffix(":9200") for u in urls} == nodes, name
        assert all(depends_healthy(service, node) for node in nodes), f"{name} does not wait for every node"
    api = clients["api-cluster"]
    assert build_context(api) in (".", "./")
    assert str(api["deploy"]["replicas"]).startswith("${API_REPLICAS:-")
    [published] = api["ports"]
    host_ports, container_port = published.rsplit(":", 1)[0], published.rsplit(":", 1)[1]
    assert container_port in exposed_ports(dockerfile)
    assert re.fullmatch(r"127\.0\.0\.1:\d+-\d+", host_ports), "replicas need a range of host ports"


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize("given", ["", "http://es.example:9200"])
def test_make_run_starts_the_local_node_only_without_elasticsearch_url(given):
    """README: `make run` starts a local Elasticsearch when ELASTICSEARCH_URL is not set (a dry run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "MAKEFLAGS")}
    if given:
        env["ELASTICSEARCH_URL"] = given
    run = subprocess.run(["make", "-n", "-C", str(REPO), "run"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    commands = run.stdout.splitlines()
    assert any(c.endswith("articles ingest seeds/") for c in commands)
    assert any(c.endswith("articles es start") for c in commands) == (not given), commands
