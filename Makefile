# Two commands: `make run` (install, start Elasticsearch, ingest seeds/, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8000

.PHONY: install run test clean

$(BIN)/articles: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/articles

run: install
	$(BIN)/articles es start
	$(BIN)/articles ingest seeds/
	$(BIN)/articles serve --bind $(BIND)

test: install
	$(BIN)/python -m pytest -q

clean:
	-$(BIN)/articles es stop
	rm -rf $(VENV) .cache
