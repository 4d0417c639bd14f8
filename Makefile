# Two commands on a fresh machine: `make run` builds the graph, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests drive for real: a headless browser and its driver, Raptor's rapper,
# and Virtuoso (the triple store kg push is tested against).
APT_PACKAGES := chromium chromium-driver raptor2-utils virtuoso-opensource

.PHONY: run test setup system-deps lint bench clean

run: $(STAMP) system-deps
	$(BIN)/kg build corpus --out output --screenshot

test: $(STAMP) system-deps
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import kg, spacy, rdflib" 
	touch $(STAMP)

# Installs the Debian packages that are missing (as root, with apt-get); does nothing when all are there.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The benchmarks of docs/performance.md: each prints `name: value` lines and records them,
# with the machine and versions, in bench/results.md. The 10,000-article corpus takes a while.
bench: $(STAMP) system-deps
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/page_scale.py

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) output .pytest_cache
