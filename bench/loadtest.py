"""`make loadtest`: the application under gunicorn with production settings,
a background task worker, 5,000 documents and 22 simulated people for 60
seconds (locust, headless, from the loopback interface).

    .venv/bin/python -m bench.loadtest [--duration 60] [--documents 5000] [--rebuild]

1. The database. A template PostgreSQL database (qms_load_template) holds the
   migrated schema, the people and the documents, built in bulk by
   bench/loadtest_data.py. It is reused while its version matches (the
   builder, the migrations and the requirements: see `build_signature`), and
   every run starts from a fresh copy of it (qms_load), so runs compare.
2. The server: gunicorn with 2 workers and qms.settings.loadtest (production
   settings over plain http on 127.0.0.1, see that module), and one
   `manage.py db_worker` for the tasks (the PDF of each new issue), at nice 10
   (--worker-nice: on one machine the people's requests come before
   background work). Both are stopped, with their children, whatever happens.
3. The load: bench/locustfile.py (20 staff readers, 2 ISO secretaries who
   publish through the workflow).
4. The figures: requests per second, p50/p95/p99 per request type and
   overall, failures; bench/results/loadtest.json and loadtest.csv. The run
   fails (exit 1) if any request failed, the server logged an error, nothing
   was published, or the overall p99 is over 800 ms.

POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) is the server.
"""

import argparse
import csv
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
WORK = RESULTS / "loadtest-work"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent
SERVER = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# Two runs on one PostgreSQL server (two worktrees) each need their own names: LOADTEST_DB=qms_x_load.
RUN_DB = os.environ.get("LOADTEST_DB", "qms_load")
TEMPLATE_DB = f"{RUN_DB}_template"
BUILD_VERSION = 1
P99_TARGET_MS = 800
WORKERS = 2


def build_signature(documents):
    """What the template database was built from; a different one rebuilds it."""
    digest = hashlib.sha256(f"{BUILD_VERSION}:{documents}".encode())
    sources = [HERE / "loadtest_data.py", HERE / "documents.py", ROOT / "requirements.txt"]
    sources += sorted(ROOT.glob("*/migrations/*.py"))
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return f"qms load test: {documents} documents, build {digest.hexdigest()[:16]}"


def admin_sql(*statements):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_comment(name):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return row[0] if row else None


def quote_literal(text):
    return "'" + text.replace("'", "''") + "'"


def django_env(database, static_root, media_root):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "qms.settings.loadtest",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "QMS_INTEGRITY_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"{SERVER}/{database}",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def step(message):
    print(f"[loadtest] {message}", flush=True)


def prepare_template(documents, rebuild):
    signature = build_signature(documents)
    if not rebuild and database_comment(TEMPLATE_DB) == signature:
        step(f"reusing {TEMPLATE_DB} ({signature})")
        return
    step(f"building {TEMPLATE_DB}: {documents} documents (about 2 minutes)")
    admin_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"', f'CREATE DATABASE "{TEMPLATE_DB}"')
    env = django_env(TEMPLATE_DB, WORK / "static", WORK / "media")
    try:
        subprocess.run([PYTHON, "-m", "bench.loadtest_data", "build", str(documents)], cwd=ROOT, env=env, check=True)
    except BaseException:
        admin_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"')  # never leave a half-built template
        raise
    admin_sql(f'COMMENT ON DATABASE "{TEMPLATE_DB}" IS {quote_literal(signature)}')


def collect_static(env):
    """Production serves the hashed, compressed files of collectstatic; done again only when they change."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [ROOT / "requirements.txt", *(ROOT / "static").rglob("*")]
    if manifest.exists() and all(path.stat().st_mtime <= manifest.stat().st_mtime for path in sources):
        return
    step("collectstatic")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(stack, name, command, env, log, niceness=0):
    """Start a process in its own process group (and session, at this CPU priority); the stack stops
    the group, whatever happens."""
    from bench.cluster import popen_at

    handle = open(log, "w", encoding="utf-8")  # noqa: SIM115 (closed by the stack)
    stack.callback(handle.close)
    process = popen_at(niceness, command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    stack.callback(stop, name, process)
    step(f"started {name} (pid {process.pid})")
    return process


def stop(name, process, timeout=15):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass
    step(f"stopped {name} (exit {process.returncode})")


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited (code {process.returncode}); see {WORK / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


def server_errors(log):
    """Tracebacks and 5xx the application or gunicorn logged."""
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    markers = ("Traceback (most recent call last)", "[CRITICAL]", "[ERROR]", "Internal Server Error")
    return [line for line in text.splitlines() if any(marker in line for marker in markers)]


def read_stats(prefix):
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "type": row["Type"],
                    "name": row["Name"] or "overall",
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50_ms": number(row["50%"]),
                    "p95_ms": number(row["95%"]),
                    "p99_ms": number(row["99%"]),
                    "max_ms": number(row["Max Response Time"]),
                }
            )
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    return rows, failures


def number(text):
    try:
        return round(float(text), 1)
    except ValueError:
        return None


def table(rows):
    lines = [
        "| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        name = f"**{row['name']}**" if row["name"] == "Aggregated" else f"{row['type']} {row['name']}"
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {row['rps']:.1f} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['max_ms']:.0f} |"
        )
    return "\n".join(lines)


def interrupted(signum, frame):
    """SIGTERM (e.g. a killed `make`) unwinds like Ctrl-C: everything started is stopped."""
    raise KeyboardInterrupt


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker-nice", type=int, default=10, help="the task worker's CPU niceness (default 10)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second (default 2)")
    parser.add_argument("--rebuild", action="store_true", help="build the template database again")
    args = parser.parse_args(argv)

    RESULTS.mkdir(exist_ok=True)
    WORK.mkdir(exist_ok=True)
    prepare_template(args.documents, args.rebuild)
    step(f"copying {TEMPLATE_DB} to {RUN_DB}")
    admin_sql(
        f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)', f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{TEMPLATE_DB}"'
    )
    media = WORK / "media"
    if media.exists():
        subprocess.run(["rm", "-rf", str(media)], check=True)  # the PDFs of the last run; the copy has no rows for them
    env = django_env(RUN_DB, WORK / "static", media)
    collect_static(env)
    plan = WORK / "plan.json"
    subprocess.run([PYTHON, "-m", "bench.loadtest_data", "plan", str(plan)], cwd=ROOT, env=env, check=True)

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    prefix = RESULTS / "loadtest-locust"
    load_before = load_average()
    with ExitStack() as stack:
        signal.signal(signal.SIGTERM, interrupted)
        server = start(
            stack,
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "qms.wsgi:application",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
                "--no-control-socket",
            ],
            env,
            WORK / "gunicorn.log",
        )
        wait_until_up(f"{host}/healthz/", server)
        # At a lower CPU priority than the server, as on one machine that runs both (docs/operations.md).
        worker = [PYTHON, "manage.py", "db_worker", "--interval=1"]
        start(stack, "db_worker", worker, env, WORK / "db_worker.log", niceness=args.worker_nice)
        step(f"locust: 22 users for {args.duration} s against {host}")
        locust = subprocess.run(  # noqa: S603
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users=22",
                f"--spawn-rate={args.spawn_rate}",
                f"--run-time={args.duration}s",
                "--stop-timeout=30",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOADTEST_PLAN": str(plan)},
            check=False,
            timeout=args.duration + 120,
        )
        time.sleep(3)  # let the worker take the last issues' PDFs
    load_after = load_average()
    report = json.loads(
        subprocess.run(
            [PYTHON, "-m", "bench.loadtest_data", "report"], cwd=ROOT, env=env, check=True, capture_output=True
        ).stdout
    )
    rows, failures = read_stats(prefix)
    errors = server_errors(WORK / "gunicorn.log") + server_errors(WORK / "db_worker.log")
    overall = next(row for row in rows if row["name"] == "Aggregated")
    result = {
        "duration_s": args.duration,
        "documents": args.documents,
        "users": {"staff readers": 20, "ISO secretaries": 2},
        "worker_nice": args.worker_nice,
        "gunicorn_workers": WORKERS,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "throughput_rps": overall["rps"],
        "overall": overall,
        "requests": [row for row in rows if row["name"] != "Aggregated"],
        "failures": failures,
        "server_errors": errors,
        "published": report,
        "p99_target_ms": P99_TARGET_MS,
        "locust_exit": locust.returncode,
    }
    problems = []
    if overall["failures"]:
        problems.append(f"{overall['failures']} failed requests")
    if errors:
        problems.append(f"{len(errors)} errors in the server logs")
    if report["tasks"].get("FAILED"):
        problems.append(f"{report['tasks']['FAILED']} background tasks failed")
    if not report["issues_published"]:
        problems.append("no issue was published")
    if overall["p99_ms"] is None or overall["p99_ms"] > P99_TARGET_MS:
        problems.append(f"overall p99 {overall['p99_ms']} ms > {P99_TARGET_MS} ms")
    result["ok"] = not problems
    result["problems"] = problems
    (RESULTS / "loadtest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    with open(RESULTS / "loadtest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    print()
    print(table(rows))
    print()
    print(
        f"throughput {overall['rps']:.1f} req/s; overall p50 {overall['p50_ms']:.0f} ms, "
        f"p95 {overall['p95_ms']:.0f} ms, "
        f"p99 {overall['p99_ms']:.0f} ms (target ≤ {P99_TARGET_MS}); failures {overall['failures']}; "
        f"server errors {len(errors)}"
    )
    print(
        f"published through the workflow: {report['issues_published']} issues "
        f"({report['pdf_copies_of_published_issues']} of their PDFs rendered by the worker); "
        f"PDFs rendered in all: {report['pdf_copies_rendered']}; tasks: {report['tasks']}"
    )
    if load_before:
        print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} ({os.cpu_count()} CPUs)")
    for failure in failures:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error']} ×{failure['Occurrences']}")
    for line in errors[:20]:
        print(f"  server: {line}")
    print(f"results: {RESULTS / 'loadtest.json'}, {RESULTS / 'loadtest.csv'}")
    print("OK" if result["ok"] else "TARGET MISSED: " + "; ".join(problems))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        step("interrupted; everything it started has been stopped")
        raise SystemExit(130) from None
