# The README's two commands: `make demo` and `make test`. Nothing clever.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= flashpoint.duckdb
WEB    := src/flashpoint/web

.PHONY: demo test web benchmarks clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[api,dev]'
	touch $@

demo: $(VENV)/.installed
	rm -f $(DB)
	$(BIN)/flashpoint run examples --db $(DB)
	$(BIN)/flashpoint incidents --db $(DB)
	$(BIN)/flashpoint chains --db $(DB)

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

benchmarks: $(VENV)/.installed
	$(BIN)/python benchmarks/tempeval3.py
	$(BIN)/python benchmarks/geoparsing.py
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
