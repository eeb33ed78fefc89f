# The two set-up commands are `make run` and `make test`; everything else is optional.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers on the two cores; a module stays on one worker (module-scoped fixtures).
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test system-packages test-postgres lint messages bench loadtest loadtest-province cluster restore-drill clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_SETTINGS_MODULE=qms.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=qms.settings.dev EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=qms.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

# Debian packages the tests read PDFs and QR codes with; installs only what is missing.
system-packages:
	@bash .ci/system-packages

test: $(STAMP) system-packages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: $(STAMP) system-packages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/qms} $(VENV)/bin/pytest $(PYTEST_ARGS)

# ruff, then the architecture rules of pyproject.toml [tool.importlinter].
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check qms procedures audits province planning api tests bench
	$(VENV)/bin/lint-imports

messages: $(STAMP)
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(STAMP)
	$(PY) -m bench

# gunicorn (2 workers) + db_worker + locust, 60 s, against PostgreSQL (POSTGRES_URL,
# default the local server); fails unless every request succeeded and p99 <= 800 ms.
loadtest: $(STAMP)
	$(PY) -m bench.loadtest

# A province's morning (bench/province_replay.py): 200 agencies x 100 documents, 5,000 people;
# 150 staff, 20 ISO secretaries, 10 auditors for 600 s, an export of 300 PDFs and the daily duty,
# on `make cluster` (BENCH_PROVINCE_SERVERS=3 for three app servers). Sizes: BENCH_PROVINCE_* (see
# the script). Fails unless no request failed, staff reads p99 <= 1.5 s and queue delay p95 <= 5 s.
loadtest-province: $(STAMP)
	$(PY) -m bench.province_replay $(if $(WRITE_DOCS),--write-docs)

# Three gunicorn app servers (ports 8125-8127) and two task workers on one PostgreSQL
# (DATABASE_URL, default qms_cluster on the local server), one Redis (REDIS_URL,
# default redis://127.0.0.1:6379/0) and one S3 bucket (QMS_S3_BUCKET..., else a local
# S3-compatible store on port 8128; CLUSTER_ARGS=--shared-directory for one MEDIA_ROOT);
# prints the URLs; Ctrl-C stops them all. bench/cluster.py.
cluster: $(STAMP)
	$(PY) -m bench.cluster $(CLUSTER_ARGS)

# Back up the configured database (pg_dump) and stored files, restore both into scratch ones,
# verify there (docs/operations.md, "Restore drill"); exits 1 on any mismatch.
restore-drill: $(STAMP)
	$(PY) manage.py restore_drill

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
