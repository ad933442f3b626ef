# `make run` (install, start Elasticsearch, ingest seeds/, serve), `make test` (everything),
# `make test-fast` (unit tests, no Elasticsearch or browser), `make lint` (ruff, mypy, import contracts).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8000

.PHONY: install run test test-fast lint train-clean train-html train-titles train-entities cv-entities train-speakers train-statements clean

$(BIN)/articles: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/articles

# The local node only when ELASTICSEARCH_URL is unset (`make run ELASTICSEARCH_URL=...` uses that cluster).
run: install
	$(if $(ELASTICSEARCH_URL),,$(BIN)/articles es start)
	$(BIN)/articles ingest seeds/
	$(BIN)/articles serve --bind $(BIND)

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not es and not browser and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Retrain the cleaner's two line models from ../shared/eval (fixed seed) and print its cross-validated scores.
train-clean: install
	$(BIN)/articles train-clean

# Retrain the two HTML block models from ../shared/eval's HTML pages (fixed seed) and print their leave-one-source-out scores.
train-html: install
	$(BIN)/articles train-html

# Retrain the title model (text and HTML) from ../shared/eval (fixed seed) and print its cross-validated title accuracy.
train-titles: install
	$(BIN)/articles train-titles

# Rewrite the news sites' names (newspaper4k) and the listed companies (pytickersymbols), then retrain the entity typing from
# ../shared/eval/annotations-dev.json (fixed seed) and print its cross-validated table.
train-entities: install
	$(BIN)/python -m benchmarks.news_sites
	$(BIN)/python -m benchmarks.listed_companies
	$(BIN)/python -m benchmarks.eval_enrich train

# Entities only, cross-validated without writing a model (~30 s): 5-fold over 5 shuffles, leave-one-source-out
# and the mean of the two, the figure an entity change is chosen by.
cv-entities: install
	$(BIN)/python -m benchmarks.eval_enrich cv --shuffles 5

# Retrain the speaker ranking from ../shared/eval/annotations-dev.json and print its in-sample, 5-fold and
# leave-one-source-out speaker accuracy.
train-speakers: install
	$(BIN)/python -m benchmarks.train_speakers

# Rewrite the word frequencies and retrain the same-statement model on ../shared/eval/stories/msrp-train.json
# (fixed seeds); prints every candidate's in-sample and 5-fold figures.
train-statements: install
	$(BIN)/python -m benchmarks.train_statements ../shared/eval/stories/msrp-train.json

clean:
	-$(BIN)/articles es stop
	rm -rf $(VENV) .cache
