"""Every curl line of the README runs against a live server on the real node (the seeds stored, as
`make run` stores them) and gets the status it implies: 2xx, or the status its trailing comment
names (`# 422 ...`)."""

import os
import re
import subprocess

import pytest

from tests.conftest import API_KEY, REPO, keyed_client
from tests.integration.helpers import isolated_app, threaded_server

README_URL = "http://127.0.0.1:8000"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
# The curl of the README, logging the line it belongs to and the status of each answer.
WRAPPER = """
curl() {
    local headers; headers=$(mktemp)
    command curl --dump-header "$headers" "$@"; local rc=$?
    echo "$README_LINE $(head -1 "$headers" | cut -d' ' -f2)" >> "$STATUS_LOG"
    rm -f "$headers"; return $rc
}
"""


def readme_commands(text: str) -> list[tuple[int, str]]:
    """(line number, command) of the ```sh blocks that use curl; continued lines joined, comments kept."""
    commands: list[tuple[int, str]] = []
    for block in re.finditer(r"```sh\n(.*?)```", text, re.S):
        if "curl" not in block[1]:
            continue
        first = text[: block.start(1)].count("\n") + 1
        pending: tuple[int, str] | None = None
        for offset, line in enumerate(block[1].splitlines()):
            if pending is None:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                pending = (first + offset, line)
            else:
                pending = (pending[0], pending[1] + "\n" + line)
            if not line.rstrip().endswith(("\\", "|")):
                commands.append(pending)
                pending = None
    return commands


def implied_status(command: str) -> str:
    """The status a command's trailing comment names ("# 422 ..."), else "2xx"."""
    found = re.search(r"#\s*(\d{3})\b[^'\"]*$", command)
    return found[1] if found else "2xx"


def test_the_readme_has_curl_examples_to_run():
    commands = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert len([c for _, c in commands if "curl" in c]) >= 15
    assert implied_status("curl -s 'x?persons=a'   # 422: did you mean person?") == "422"
    assert implied_status("curl -s 'x'   # who covered it") == "2xx"


@pytest.fixture(scope="module")
def server(es_url):
    """A live server on its own indices holding the seeds."""
    with isolated_app(es_url) as app, threaded_server(app) as url:
        client = keyed_client(app)
        for path in SEEDS:
            assert client.post("/articles", json={"text": path.read_text(encoding="utf-8")}).status_code == 201
        yield url


def test_every_curl_line_of_the_readme_answers_as_it_implies(server, tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "dev-api-key").write_text(API_KEY)
    log = tmp_path / "statuses"
    commands = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    script = WRAPPER + "\n".join(
        f"README_LINE={number}\n{command.replace(README_URL, server)}\necho" for number, command in commands
    )
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={**os.environ, "STATUS_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    statuses: dict[int, list[str]] = {}
    for entry in log.read_text().splitlines():
        number, status = entry.split()
        statuses.setdefault(int(number), []).append(status)
    wrong = []
    for number, command in commands:
        if "curl" not in command:
            continue
        expected, got = implied_status(command), statuses.get(number, [])
        if not got or any(s != expected and not (expected == "2xx" and s.startswith("2")) for s in got):
            wrong.append(f"README line {number}: expected {expected}, got {got or 'no answer'}: {command[:100]}")
    assert not wrong, "\n".join(wrong) + "\n" + run.stdout[-3000:]
