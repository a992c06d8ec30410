# The two commands a newcomer needs: `make run` (the assistant) and `make test` (everything tested).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test venv db train services lint validate test-unit test-stories smoke eval bench clean

run:
	scripts/run.sh

venv:
	scripts/venv.sh

db: venv
	$(PY) -m bot thresholds load data/thresholds

train: venv
	scripts/train.sh

services:
	mkdir -p var && PG_URL_FILE=var/postgres_url scripts/services.sh postgres

lint: venv
	$(VENV)/bin/ruff check .

validate: venv
	$(VENV)/bin/rasa data validate --fail-on-warnings --quiet

test-unit: venv services web-assets
	TEST_POSTGRES_URL=$$(cat var/postgres_url) REQUIRE_POSTGRES=1 $(PY) -m pytest -q tests --ignore=tests/e2e --ignore=tests/slack/e2e --ignore=tests/web/browser

test-stories: train
	$(VENV)/bin/rasa test core --stories tests/test_stories.yml --fail-on-prediction-errors --out results/stories --model models

smoke: train db
	$(PY) -m pytest -q tests/e2e tests/slack/e2e

test: venv lint services validate test-unit test-stories smoke test-web

eval: venv
	scripts/eval.sh

bench: venv
	$(PY) bench/bench_thresholds.py

clean:
	rm -rf models results var

# ---- Web page (bot/web) ----
.PHONY: web-assets test-web

# The page's front-end assets: `npm ci` in web/, then USWDS and socket.io-client into bot/web/static/vendor/.
web-assets:
	scripts/web_assets.sh

# Browser tests (Playwright + Debian's Chromium, installed when absent) against the real servers.
test-web: venv web-assets train
	scripts/browser.sh
	BROWSER_TESTS=1 $(PY) -m pytest -q tests/web/browser
