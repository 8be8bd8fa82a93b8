# The README's two commands: `make demo` and `make test`. Nothing clever.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= flashpoint.duckdb
WEB    := src/flashpoint/web
BUNDLE := $(WEB)/static/dist/app.js

.PHONY: demo test web serve benchmarks train clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[api,dev]'
	touch $@

# The web bundle (Leaflet, a Natural Earth basemap) is built from npm packages; without
# npm the API still works and the browser tests skip with a message.
web: $(BUNDLE)
$(BUNDLE): $(WEB)/package.json $(WEB)/package-lock.json $(wildcard $(WEB)/src/*.js) $(WEB)/index.html $(wildcard $(WEB)/css/*.css)
	@if command -v npm >/dev/null 2>&1; then \
		cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	else echo "npm not found: skipping the web bundle"; fi

demo: $(VENV)/.installed web
	rm -f $(DB) $(DB).wal
	$(BIN)/flashpoint run examples --db $(DB)
	$(BIN)/flashpoint incidents --db $(DB)
	$(BIN)/flashpoint chains --db $(DB)

test: $(VENV)/.installed web
	$(BIN)/python -m pytest -q

serve: $(VENV)/.installed web
	$(BIN)/flashpoint serve --db $(DB)

# The event classifier: rebuilt from ../shared/training and data/training/ (fixed seeds);
# writes src/flashpoint/models/event_type.npz. Skips with a message without ../shared.
train: $(VENV)/.installed
	$(BIN)/python -m training.train

benchmarks: $(VENV)/.installed
	$(BIN)/python benchmarks/tempeval3.py
	$(BIN)/python benchmarks/geoparsing.py
	$(BIN)/python benchmarks/gvc.py
	$(BIN)/python benchmarks/muc4.py
	$(BIN)/python benchmarks/event_types.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/api_latency.py
	$(BIN)/python benchmarks/reliability.py
	$(BIN)/python benchmarks/arguments.py
	$(BIN)/python benchmarks/wikievents.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal $(WEB)/node_modules $(WEB)/static/dist
