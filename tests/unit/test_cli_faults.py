"""A fault of ours on one page stops no `articles analyze` or `clean` run: that page gets an error,
the others their analysis, and the log the traceback."""

import json

import pytest

from service import cli
from service.cli import main
from service.pipeline import run
from tests.faults import TRIGGER, failing_on_trigger

PROSE = (
    "The harbour board met on {day} and approved the new plan for the eastern quay, officials said. "
    "Work on the quay will begin in the spring and should take about two years to finish."
)


def _page(day: str) -> str:
    return "Harbour plan approved\n" + "\n".join([PROSE.format(day=day)] * 3)


@pytest.mark.parametrize("command, module, step", [("analyze", run, "enrich_doc"), ("clean", cli, "clean")])
def test_one_faulty_page_fails_alone(tmp_path, monkeypatch, capsys, command, module, step):
    monkeypatch.setattr(module, step, failing_on_trigger(getattr(module, step)))
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    pages = {"a": {"text": _page("Monday")}, "b": {"text": _page(TRIGGER)}, "c": {"text": _page("Tuesday")}}
    source.write_text(json.dumps(pages), encoding="utf-8")
    assert main([command, str(source), "-o", str(target), "--workers", "1"]) == 0
    out = json.loads(target.read_text(encoding="utf-8"))
    err = capsys.readouterr().err
    assert "KeyError" in out["b"]["error"] and "a fault of ours" in err  # the logged traceback
    assert f"1 of 3 not {'analyzed' if command == 'analyze' else 'cleaned'}" in err and err.rstrip().endswith(": b")
    assert ["approved the new plan" in out[k]["body"] for k in "ac"] == [True, True]
