# Two commands on a fresh machine: `make run` (desktop on a demo caseload) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := .demo

.PHONY: run test lint bench install clean-demo team-demo

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/python -m ui.system_check
	test -f $(DEMO)/caseload.db || $(BIN)/officer-desk demo --data-dir $(DEMO)
	$(BIN)/officer-desk --data-dir $(DEMO) --passphrase-file $(DEMO)/demo-passphrase.txt

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	if [ -f ../shared/tools/check_layers.py ]; then $(BIN)/python ../shared/tools/check_layers.py .; fi

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# A team on one machine: a hub, two officers, their SPO and an ACO, each with a linked caseload.
team-demo: $(BIN)/.installed
	test -d .team-demo || $(BIN)/officer-desk hub demo --dir .team-demo
	$(BIN)/officer-desk hub up --dir .team-demo/hub

clean-demo:
	-test -d .team-demo && $(BIN)/officer-desk hub down --dir .team-demo/hub
	rm -rf $(DEMO) .team-demo
