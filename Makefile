# The two set-up commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench fuzz lint clean chromium

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[serve,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m onrecord demo

test: $(STAMP) chromium
	$(PY) -m pytest

# The explorer's browser tests drive Debian's Chromium (never a browser Playwright downloads).
# Without it they are skipped on a developer's machine and fail under CI.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) \
		|| echo "make: could not install chromium (not root?); the browser tests will be skipped"

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/extract.py

lint: $(STAMP)
	$(PY) -m ruff check onrecord tests bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache demo.db
