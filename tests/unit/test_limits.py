"""What one article may cost: bodies over the maximum and analyses over their budget are refused
alone, naming the input, before the language model sees them."""

import time

import pytest

from service.pipeline import run
from service.pipeline.clean import page
from service.pipeline.limits import (
    MAX_BODY_CHARS,
    MAX_BODY_TOKENS,
    AnalysisFailed,
    BodyTooLong,
    OutOfTime,
    TooManyTokens,
    Unprocessable,
)
from service.pipeline.run import analyze, analyze_many
from tests.faults import TRIGGER, failing_on_trigger

PARAGRAPH = "The harbour board met on Monday and approved the new plan for the eastern quay, officials said.\n"
ARTICLE = "Harbour plan approved\n" + PARAGRAPH * 3


def long_text(chars: int) -> str:
    return "Harbour plan approved\n" + PARAGRAPH * (chars // len(PARAGRAPH) + 1)


def test_a_body_over_the_maximum_is_refused_naming_the_field():
    with pytest.raises(BodyTooLong) as err:
        analyze(text=long_text(MAX_BODY_CHARS + 1000))
    assert err.value.field == "text" and f"{MAX_BODY_CHARS:,}" in str(err.value)


def test_a_body_over_a_million_characters_is_refused_quickly_not_a_model_error():
    started = time.monotonic()
    with pytest.raises(BodyTooLong) as err:
        analyze(html="<html><body>" + "".join(f"<p>{PARAGRAPH}</p>" for _ in range(11_000)) + "</body></html>")
    assert err.value.field == "html" and time.monotonic() - started < 30


def test_in_a_batch_the_oversize_article_fails_alone():
    results = list(analyze_many([{"text": ARTICLE}, {"text": long_text(MAX_BODY_CHARS + 2000)}, {"text": ARTICLE}]))
    assert isinstance(results[1], BodyTooLong)
    assert [isinstance(r, dict) and "harbour board" in r["body"] for r in (results[0], results[2])] == [True, True]


def test_a_body_of_more_tokens_than_the_maximum_is_refused_unparsed_and_alone():
    dense = "Harbour plan approved\n" + "x-q-z-w-k-v-j-y-p-m " * (MAX_BODY_TOKENS // 19 + 100)  # 19 tokens each
    assert len(dense) < MAX_BODY_CHARS / 3
    started = time.process_time()
    results = list(analyze_many([{"text": ARTICLE}, {"text": dense}, {"text": ARTICLE}]))
    assert time.process_time() - started < 8  # parsing it took 13 s (and 0.74 GB; 200,000 characters 53 s, 2.3 GB)
    assert isinstance(results[1], TooManyTokens) and results[1].field == "text"
    assert f"{MAX_BODY_TOKENS:,}" in str(results[1])
    assert [isinstance(r, dict) and "harbour board" in r["body"] for r in (results[0], results[2])] == [True, True]


@pytest.mark.parametrize("field", ["text", "html"])
def test_an_analysis_over_its_budget_stops_naming_the_field(field):
    value = ARTICLE if field == "text" else f"<p>{ARTICLE}</p>"
    (result,) = analyze_many([{field: value}], budget_s=0.0)
    assert isinstance(result, OutOfTime) and isinstance(result, Unprocessable) and result.field == field


def test_no_budget_means_no_limit():
    (result,) = analyze_many([{"text": ARTICLE}], budget_s=None)
    assert "harbour board" in result["body"]


FAULTY = "Harbour plan approved\n" + PARAGRAPH.replace("Monday", TRIGGER) * 3


@pytest.mark.parametrize("step", ["clean", "enrich_doc"])
def test_an_analysis_that_fails_on_a_fault_of_ours_fails_alone(monkeypatch, caplog, step):
    monkeypatch.setattr(run, step, failing_on_trigger(getattr(run, step)))
    results = list(analyze_many([{"text": ARTICLE}, {"text": FAULTY, "url": "https://x.example/f"}, {"text": ARTICLE}]))
    assert isinstance(results[1], AnalysisFailed) and results[1].field == "text"
    assert "KeyError" in str(results[1]) and "a fault of ours" in caplog.text and "https://x.example/f" in caplog.text
    assert [isinstance(r, dict) and "harbour board" in r["body"] for r in (results[0], results[2])] == [True, True]


HTML_PAGE = (
    '<html><head><meta property="og:title" content="Harbour plan approved"></head><body>'
    "<h1>Harbour plan approved</h1>" + f"<p>{PARAGRAPH}</p>" * 12 + "</body></html>"
)


@pytest.mark.parametrize("limit, read_as", [(None, "html"), (10, "text")])
def test_a_page_of_more_elements_than_the_maximum_is_cleaned_as_its_visible_text(monkeypatch, limit, read_as):
    if limit is not None:
        monkeypatch.setattr(page, "MAX_HTML_ELEMENTS", limit)
    cleaned = page.clean_html(HTML_PAGE)
    assert cleaned.body.count("harbour board") == 12
    assert (cleaned.evidence["title"] == "meta") == (read_as == "html")  # og:title is read on the HTML path only


@pytest.mark.slow
def test_two_megabytes_of_table_rows_clean_in_seconds_not_minutes():
    rows = "<tr><td>a</td></tr>" * (2 * 1024 * 1024 // 19)  # 220,000 elements: 50 s of CPU on the HTML path
    started = time.process_time()
    page.clean_html(f"<html><body><table>{rows}</table></body></html>")
    assert time.process_time() - started < 25
