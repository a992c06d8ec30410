# The two commands a newcomer needs: `make run` (the assistant) and `make test` (everything tested).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test venv db train services lint validate test-unit test-stories smoke test-production eval bench bench-load clean

run:
	scripts/run.sh

venv:
	scripts/venv.sh

db: venv
	$(PY) -m bot thresholds load data/thresholds

train: venv
	scripts/train.sh

services:
	mkdir -p var && PG_URL_FILE=var/postgres_url REDIS_URL_FILE=var/redis_url scripts/services.sh postgres redis

lint: venv
	$(VENV)/bin/ruff check .

validate: venv
	$(VENV)/bin/rasa data validate --fail-on-warnings --quiet

test-unit: venv services web-assets
	TEST_POSTGRES_URL=$$(cat var/postgres_url) REQUIRE_POSTGRES=1 TEST_REDIS_URL=$$(cat var/redis_url) REQUIRE_REDIS=1 $(PY) -m pytest -q tests --ignore=tests/e2e --ignore=tests/channels/e2e --ignore=tests/hardening/e2e --ignore=tests/production --ignore=tests/web/browser

test-stories: train
	$(VENV)/bin/rasa test core --stories tests/test_stories.yml --fail-on-prediction-errors --out results/stories --model models

# The real servers: REST smoke conversations, API token, health and faults, Slack, and the hostile
# input corpus over REST, socket.io and Slack (tests/hardening/e2e).
smoke: train db
	HARDENING_E2E=1 $(PY) -m pytest -q tests/e2e tests/channels/e2e tests/hardening/e2e

# The end-to-end conversation suites (tests/conversations: 430 English and 166 Spanish conversations over REST):
# each part's pass rate must reach its floor in tests/conversations/required.yml; every reply is written to
# results/conversations/latest.json (Spanish: latest-es.json).
.PHONY: test-conversations
test-conversations: train db
	CONVERSATIONS_E2E=1 $(PY) -m pytest -q tests/conversations

# The production profile: two Rasa + two action servers sharing PostgreSQL and Redis (make services).
test-production: train services
	REQUIRE_SERVICES=1 $(PY) -m pytest -q tests/production

test: venv lint services validate test-unit test-stories smoke test-conversations test-production test-web

# NLU cross-validation, then the conversation suite and its answer figures (results/eval/summary.md);
# `scripts/eval.sh --answers-only` skips the cross-validation.
eval: train
	scripts/eval.sh

bench: venv
	$(PY) bench/bench_thresholds.py

# Locust (its own venv, .venv-bench): 50 users for 2 minutes against one Rasa server, then two.
bench-load: train services
	$(PY) bench/bench_load.py

# One turn of ours vs a bare `rasa init` bot (trained in a temp dir), alternating, side by side.
.PHONY: bench-latency
bench-latency: train
	$(PY) bench/bench_latency.py

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

# ---- Security audit of the dependencies ----
.PHONY: audit

# pip-audit (in its own venv, .venv-audit) over requirements/lock.txt. The vulnerabilities Rasa 3.6.21's pins
# keep are listed with reasons in security/known-vulnerabilities.txt; any other one fails (docs/security-draft.md).
audit:
	scripts/audit.sh

# ---- Channel guard and hostile input (bot/channels/guard.py) ----
.PHONY: test-hardening

# The guard's and channels' unit tests, then the hostile corpus over REST, socket.io and Slack (fake Slack API)
# and the action-server faults, against real servers (tests/hardening/e2e: two Rasa servers, about 5 min).
test-hardening: venv train db
	HARDENING_E2E=1 $(PY) -m pytest -q tests/channels tests/hardening/e2e
