# MitMach for QGIS. Every target works as root on a fresh Debian bookworm machine and is idempotent:
# a second run only does what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PLUGIN   := mitmach_qgis
SYSPY    := /usr/bin/python3
VENV     := .venv
TOOLS    := .venv-tools
PY       := $(VENV)/bin/python
VERSION  ?= $(shell sed -n 's/^version=//p' $(PLUGIN)/metadata.txt)
STAMPS   := .stamps
QRC      := $(PLUGIN)/resources.qrc
RC_PY    := $(PLUGIN)/resources_rc.py
TS       := $(wildcard $(PLUGIN)/i18n/*.ts)
QM       := $(TS:.ts=.qm)
ICONS    := $(wildcard $(PLUGIN)/resources/icons/*.svg)
ZIP      := dist/$(PLUGIN).$(VERSION).zip
LEAFLET  := $(PLUGIN)/resources/web/vendor/leaflet
DEMO_DIR ?= demo-output
export QT_QPA_PLATFORM ?= offscreen

.PHONY: test-postgis help setup system venv build lint format test test-unit test-qgis test-e2e demo package qgis translations clean bench

help:
	@echo "make demo     set up, then build the demo participation database in $(DEMO_DIR)/"
	@echo "make test     set up, then lint and run the whole test suite headless"
	@echo "make package  dist/$(PLUGIN).<version>.zip for the QGIS plugin repository"
	@echo "make qgis     start QGIS desktop with the plugin from this work tree (throwaway profile)"
	@echo "make bench    benchmarks side by side with QGIS's own tools, into bench/results.json"

# ---- set-up -------------------------------------------------------------------------------------------
setup: system venv build

system:
	@tools/setup-system.sh

venv: $(STAMPS)/venv $(STAMPS)/tools

$(STAMPS)/venv: requirements-dev.txt | system
	@test -x $(PY) || $(SYSPY) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/tools: requirements-package.txt | system
	@test -x $(TOOLS)/bin/python || $(SYSPY) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install -q --disable-pip-version-check -r requirements-package.txt
	@mkdir -p $(STAMPS) && touch $@

build: $(RC_PY) $(QM) $(LEAFLET)/leaflet.js

# Leaflet for the web map: from the npm registry at a pinned version, shipped in the zip, never committed.
$(LEAFLET)/leaflet.js: tools/fetch-leaflet.sh | system
	tools/fetch-leaflet.sh $(LEAFLET) && touch $@

$(RC_PY): $(QRC) $(ICONS) | system
	pyrcc5 -o $@ $<

$(PLUGIN)/i18n/%.qm: $(PLUGIN)/i18n/%.ts | system
	lrelease -silent $< -qm $@

# Refresh the .ts files from the sources (then translate the new entries in Qt Linguist or by hand).
translations: | system
	pylupdate5 -noobsolete $$(find $(PLUGIN) -name '*.py' ! -name 'resources_rc.py' | sort) \
	  $$(find $(PLUGIN) -name '*.ui' | sort) -ts $(TS)

# ---- quality -------------------------------------------------------------------------------------------
lint: setup
	$(VENV)/bin/ruff check $(PLUGIN) tests tools
	$(VENV)/bin/ruff format --check $(PLUGIN) tests tools
	$(VENV)/bin/flake8 $(PLUGIN) tests

format: setup
	$(VENV)/bin/ruff check --fix $(PLUGIN) tests tools
	$(VENV)/bin/ruff format $(PLUGIN) tests tools

# Unit tests run without a QGIS application (pytest-qgis switched off), the rest under pytest-qgis.
# tests/postgis starts a private throwaway PostgreSQL + PostGIS cluster (tools/pg_cluster.py) and stops it.
test: lint
	$(PY) -m pytest tests/unit tests/postgis -p no:pytest_qgis -W ignore::pytest.PytestConfigWarning
	$(PY) -m pytest tests/qgis tests/e2e

test-postgis: setup
	$(PY) -m pytest tests/postgis -p no:pytest_qgis -W ignore::pytest.PytestConfigWarning

test-unit: setup
	$(PY) -m pytest tests/unit -p no:pytest_qgis -W ignore::pytest.PytestConfigWarning

test-qgis: setup
	$(PY) -m pytest tests/qgis

test-e2e: setup
	$(PY) -m pytest tests/e2e

# ---- the product ---------------------------------------------------------------------------------------
demo: setup
	$(SYSPY) -m $(PLUGIN) demo $(DEMO_DIR)
	@profile=$$(mktemp -d) && chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
	  "--host-resolver-rules=MAP * ~NOTFOUND" --user-data-dir=$$profile --virtual-time-budget=5000 \
	  --window-size=1200,800 --hide-scrollbars --screenshot=$(abspath $(DEMO_DIR))/webmap-screenshot.png \
	  file://$(abspath $(DEMO_DIR))/webmap/index.html >/dev/null 2>&1; rm -rf $$profile; \
	  echo "$(DEMO_DIR)/webmap-screenshot.png"

# Packages from a snapshot of the work tree (tracked and new, unignored files) in a scratch clone, so
# qgis-plugin-ci's git resets never touch this checkout and uncommitted work can be tried.
package: setup
	@rm -rf $(STAMPS)/pkg && mkdir -p $(STAMPS)/pkg dist
	@git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents {} $(STAMPS)/pkg/ 2>/dev/null || true
	@cd $(STAMPS)/pkg && git init -q && git add -A && \
	  git -c user.name=build -c user.email=build@localhost commit -qm "package $(VERSION)"
	@cp $(QM) $(STAMPS)/pkg/$(PLUGIN)/i18n/
	@mkdir -p $(STAMPS)/pkg/$(LEAFLET) && cp -r $(LEAFLET)/. $(STAMPS)/pkg/$(LEAFLET)/
	cd $(STAMPS)/pkg && ../../$(TOOLS)/bin/qgis-plugin-ci package $(VERSION) \
	  $(foreach q,$(QM),--asset-path $(q)) --asset-path $(LEAFLET) > build.log 2>&1 || { cat build.log; exit 1; }
	@cp $(STAMPS)/pkg/$(PLUGIN).$(VERSION).zip $(ZIP)
	@echo "package: $(ZIP)"

qgis: setup
	tools/run-qgis.sh

# Benchmarks against the named peers (bench/README.md); MITMACH_BENCH_SIZES=1000,10000 for a quick run.
bench: setup
	PYTHONPATH=/usr/share/qgis/python/plugins $(SYSPY) -m bench.run

clean:
	rm -rf $(STAMPS) dist $(RC_PY) $(QM) .pytest_cache $(PLUGIN)/resources/web/vendor
