# Police Service Online — the two commands that matter: `make demo` and `make test`.
# Both create the virtual environment and install the locked dependencies on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
INTERNET := DJANGO_SETTINGS_MODULE=policeonline.settings.internet
INTRANET := DJANGO_SETTINGS_MODULE=policeonline.settings.intranet

.PHONY: demo test lint security-check migrations-check i18n-check test-internet test-intranet messages \
        openapi install clean-demo fault-test bench security operations-check

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(PY) scripts/i18n.py compile
	touch $(STAMP)

install: $(STAMP)

## make demo: both zones with seeded data on SQLite — portal :8000, back office :8001
demo: $(STAMP)
	$(PY) scripts/i18n.py compile
	$(PY) -m policeonline.demo

## make test: lint, migrations and translation checks, then both zones' test suites
test: $(STAMP) lint security-check migrations-check i18n-check test-internet test-intranet

lint: $(STAMP)
	$(BIN)/ruff check .

# The fast scanner (bandit) runs with every test run; the API fuzzing runs inside the suite.
security-check: $(STAMP)
	$(PY) scripts/security.py bandit

migrations-check: $(STAMP)
	$(INTERNET) $(PY) manage.py makemigrations --check --dry-run
	$(INTRANET) $(PY) manage.py makemigrations --check --dry-run

i18n-check: $(STAMP)
	$(PY) scripts/i18n.py compile
	$(PY) scripts/i18n.py check

# Each zone is a separate Django configuration, so each runs in its own pytest process.
test-internet: $(STAMP)
	$(BIN)/pytest --ds=policeonline.settings.internet tests/common tests/internet tests/e2e tests/system $(PYTEST_ARGS)

test-intranet: $(STAMP)
	$(BIN)/pytest --ds=policeonline.settings.intranet tests/intranet $(PYTEST_ARGS)

## make fault-test: the full SIGKILL fault run and 2,000 submissions through PostgreSQL restarts
## and process kills (CI runs short versions inside make test)
fault-test: $(STAMP)
	FAULT_ENVELOPES=$${FAULT_ENVELOPES:-10000} RESTART_SUBMISSIONS=$${RESTART_SUBMISSIONS:-2000} $(BIN)/pytest --ds=policeonline.settings.internet tests/system -s $(PYTEST_ARGS)

## make bench: the benchmarks (not tests): figures beside same-run baselines, and ratios; the
## registry at 9.4M persons on PostgreSQL (about half an hour the first time, then kept)
bench: $(STAMP)
	$(PY) bench/exchange_bench.py $(BENCH_ARGS)
	DATABASE_URL=$${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}/policeonline \
	    $(PY) bench/registry_bench.py --persons $${REGISTRY_PERSONS:-9400000}
	$(PY) bench/applications_bench.py $(BENCH_ARGS_APPLICATIONS)
	$(PY) bench/plates_bench.py $(BENCH_ARGS_PLATES)
	$(PY) bench/pages_bench.py $(BENCH_ARGS_PAGES)
	$(PY) bench/peak_day.py $(BENCH_ARGS_PEAK)

## make security: bandit (findings fixed or justified), both zones fuzzed with schemathesis at
## 50 examples per operation, sqlmap against both zones' forms and API operations, and pip-audit
## where a vulnerability database is reachable
security: $(STAMP)
	$(PY) scripts/security.py bandit
	API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-50} $(BIN)/pytest --ds=policeonline.settings.internet \
	    tests/internet/test_api_fuzz.py -q -p no:cacheprovider
	API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-50} $(BIN)/pytest --ds=policeonline.settings.intranet \
	    tests/intranet/test_page_fuzz.py -q -p no:cacheprovider
	$(PY) scripts/security.py sqlmap
	$(PY) scripts/security.py pip-audit || [ $$? -eq 2 ]  # 2: no vulnerability database here

## make operations-check: docs/operations.md's deployment run on the local PostgreSQL, Redis,
## RabbitMQ and nginx (and Prometheus where installed)
operations-check: $(STAMP)
	bash scripts/operations_check.sh

## make messages: extract new strings into the Chinese catalogue (needs GNU gettext)
messages: $(STAMP)
	cd src/policeonline && $(INTERNET) PYTHONPATH=.. ../../$(PY) -m django makemessages -l zh_Hans --no-location --no-obsolete

## make openapi: regenerate the committed OpenAPI document
openapi: $(STAMP)
	$(INTERNET) $(PY) manage.py export_openapi --output docs/api/openapi-internet.json

clean-demo:
	rm -rf var/
