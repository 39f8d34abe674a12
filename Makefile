# Two commands: `make demo` and `make test`. Everything they need is installed here, pinned.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := build/demo/aigak.db
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test lint bench-deps postgres browser fonts clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[all,test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP) fonts
	@rm -rf build/demo && mkdir -p build/demo
	AIGAK_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/python -m aigak.demo $(if $(NO_SERVE),--no-serve,)

# PostgreSQL server binaries (Debian's) for the store tests; skipped when already there.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql) || \
	  echo "PostgreSQL could not be installed: its tests will be skipped"

# Debian's Chromium for the browser tests; skipped when already there.
browser:
	@command -v chromium >/dev/null 2>&1 || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) || \
	  echo "Chromium could not be installed: browser tests will be skipped"

# A Chinese font (Debian's WenQuanYi Micro Hei, 1.6 MB) so that dossiers and pages show names such as
# 马秀兰 instead of empty boxes; skipped when the machine has one.
fonts:
	@fc-list :lang=zh 2>/dev/null | grep -q . || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei) || \
	  echo "No Chinese font could be installed: Chinese names will show as boxes in PDF dossiers"

test: $(STAMP) postgres browser fonts
	$(BIN)/python -m pytest

# What the benchmarks compare against (splink for benchmarks/resolve.py); not needed by the tests.
bench-deps: $(STAMP)
	$(BIN)/pip install -q -e ".[bench]"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build .pytest_cache
