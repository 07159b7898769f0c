# The two set-up commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench fuzz lint clean chromium

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[serve,test,scale]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m onrecord demo

# A short, bounded fuzz run first (fixed seed: the same inputs every time), then the suite.
TEST_FUZZ_RUNS ?= 2000

test: $(STAMP) chromium
	rm -rf test-artifacts/fuzz/test-corpus
	FUZZ_CORPUS=test-artifacts/fuzz/test-corpus $(MAKE) --no-print-directory fuzz FUZZ_RUNS=$(TEST_FUZZ_RUNS) FUZZ_FLAGS=-seed=1
	$(PY) -m pytest

# The explorer's browser tests drive Debian's Chromium (never a browser Playwright downloads).
# Without it they are skipped on a developer's machine and fail under CI.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) \
		|| echo "make: could not install chromium (not root?); the browser tests will be skipped"

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/extract.py

# Coverage-guided fuzzing of onrecord.read (fuzz/fuzz_read.py, atheris/libFuzzer). The default is
# the long budget; `make fuzz FUZZ_RUNS=2000` is a short one. Where atheris cannot be installed
# the harness runs its own random-input loop instead. Crashes land in test-artifacts/fuzz/.
FUZZ_RUNS ?= 100000
FUZZ_FLAGS ?=
FUZZ_STAMP := $(VENV)/.fuzz-installed

$(FUZZ_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[fuzz]' \
		|| echo "make: atheris could not be installed; fuzz_read.py falls back to its random-input loop"
	touch $(FUZZ_STAMP)

fuzz: $(STAMP) $(FUZZ_STAMP)
	$(PY) fuzz/fuzz_read.py -runs=$(FUZZ_RUNS) $(FUZZ_FLAGS)

lint: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ruff check onrecord tests bench fuzz
	$(PY) -m mypy onrecord

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache demo.db
