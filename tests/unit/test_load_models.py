"""`load_models` (the analysis processes' initializer) leaves nothing for a first article to load."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import py3langid.langid
    from service.pipeline.clean.context import context_model
    from service.pipeline.clean.html_lines import html_model
    from service.pipeline.clean.model import line_model
    from service.pipeline.clean.titles import title_model
    from service.pipeline.enrich.entity_types import default_typer
    from service.pipeline.text.person_names import known_name_words
    from service.pipeline.enrich.nlp import get_nlp
    from service.pipeline.enrich.speakers import default_ranker
    from service.pipeline.run import load_models

    loaders = [context_model, html_model, line_model, title_model, default_typer,
        default_ranker, known_name_words, get_nlp]
    load_models()
    print([f.__name__ for f in loaders if not f.cache_info().currsize])
    print(py3langid.langid.IDENTIFIER is not None)
    """
)


def test_load_models_reads_every_packaged_model():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True"]
