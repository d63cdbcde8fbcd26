# Two commands for a fresh machine: `make run` (app on the sample articles) and `make test`.
# Everything is installed into .venv and cached under the repo's ignored folders.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export HF_HOME := $(CURDIR)/.cache/huggingface
export GRADIO_TEMP_DIR := $(CURDIR)/.cache/gradio
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: run test install models ingest browser postgres lint bench screenshots clean

run: models ingest
	$(PY) app.py

# The store tests start their own PostgreSQL and `chroma run` on free loopback ports and stop them.
test: models browser postgres
	$(PY) -m ruff check .
	$(PY) -m pytest -q

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# torch first and pinned: pip's find-links holds the CPU wheel; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

models: install
	$(PY) -m vectorstore.provision

ingest: models
	$(VENV)/bin/qazaq-news ingest data/

# Browser tests drive Debian's chromium (never `playwright install`).
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Server-mode tests run a real PostgreSQL (Debian's; installed only if missing, never started here).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  echo "installing Debian postgresql for the server-mode tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: models
	$(PY) bench/ingest.py
	$(PY) bench/query.py

screenshots: models browser
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) .assistant .cache
