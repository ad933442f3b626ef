"""The README's "How it is built" tree names every module, trained model and benchmark there is, and
nothing that is not there (service/api/ is described by role, not file by file)."""

import re

from tests.conftest import REPO

SERVICE = REPO / "service"
DATA = SERVICE / "pipeline" / "data"


def tree() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```\n(service/\n.*?)```", text, re.S)
    assert found, "the README has no tree of service/"
    return found[1]


def named(listing: str) -> set[str]:
    """Every word of the tree that could name a module or a file (foo, foo.py, foo.npz)."""
    return set(re.findall(r"[A-Za-z_][\w.]*", listing)) | set(re.findall(r"[A-Za-z_]\w*", listing))


def test_every_service_module_is_in_the_tree():
    words = named(tree())
    modules = [
        p for p in SERVICE.rglob("*.py") if p.name != "__init__.py" and "api" not in p.relative_to(SERVICE).parts[:1]
    ]
    missing = sorted(str(p.relative_to(REPO)) for p in modules if p.stem not in words and p.name not in words)
    assert not missing, f"modules the README tree does not list: {missing}"


def test_every_trained_model_and_benchmark_is_in_the_tree():
    words = named(tree())
    files = [p for p in DATA.iterdir() if p.is_file()] + [
        p for p in (REPO / "benchmarks").glob("*.py") if p.name != "__init__.py"
    ]
    missing = sorted(str(p.relative_to(REPO)) for p in files if p.name not in words)
    assert not missing, f"files the README tree does not list: {missing}"


def test_every_file_the_tree_names_exists():
    listing = tree()
    names = set(re.findall(r"\b[\w-]+\.(?:py|npz|json|tsv|md)\b", listing))
    everywhere = {p.name for top in ("service", "benchmarks", "docs", "tests") for p in (REPO / top).rglob("*")}
    assert not sorted(names - everywhere), f"the README tree names files that do not exist: {names - everywhere}"
