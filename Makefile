# Two commands on a fresh machine: `make run` (desktop on a demo caseload) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := .demo

.PHONY: run test test-now test-year-ahead lint bench install clean-demo team-demo

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

# The suite runs twice: on today's clock, then with every process's clock (the embedded hub's
# included) a year ahead, so no test depends on the day it runs. The second run needs
# libfaketime (Debian's faketime package): installed here when run as root on Debian.
FAKETIME_LIB := $(firstword $(wildcard /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1))

test: lint test-now test-year-ahead

test-now: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test-year-ahead: $(BIN)/.installed
	@lib="$(FAKETIME_LIB)"; \
	if [ -z "$$lib" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -qq faketime >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null && apt-get install -y -qq faketime >/dev/null)); \
		lib=$$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1); \
	fi; \
	if [ -z "$$lib" ]; then \
		echo "The year-ahead run needs libfaketime (apt-get install faketime): not run."; exit 1; \
	fi; \
	echo "The suite again, with the clock a year ahead:"; \
	FAKETIME=+365d LD_PRELOAD="$$lib" QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# A team on one machine: a hub, two officers, their SPO and an ACO, each with a linked caseload.
team-demo: $(BIN)/.installed
	test -d .team-demo || $(BIN)/officer-desk hub demo --dir .team-demo
	$(BIN)/officer-desk hub up --dir .team-demo/hub

clean-demo:
	-test -d .team-demo && $(BIN)/officer-desk hub down --dir .team-demo/hub
	rm -rf $(DEMO) .team-demo
