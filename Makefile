# The README's two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test snapshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Extract every article in corpus/ into outputs/ (the committed regression snapshot) and write outputs/report.html.
run: $(VENV)/.installed-run
	$(BIN)/policyextract run corpus --out outputs --format jsonl,csv --force
	$(BIN)/policyextract report outputs

## Run the test suite.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## Rewrite outputs/ after a deliberate change; review the diff before committing.
snapshot: run

clean:
	rm -rf $(VENV) .pytest_cache
