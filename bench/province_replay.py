"""`make loadtest-province`: a province's morning on one installation.

    .venv/bin/python -m bench.province_replay [--write-docs]

1. The database: a PostgreSQL template (BENCH_PROVINCE_DB + "_template")
   with BENCH_PROVINCE_AGENCIES agencies (200) of BENCH_PROVINCE_DOCUMENTS
   current documents (100) and 25 people each (5,000), built in bulk by
   bench/province_replay_data.py and reused while its signature matches;
   every run starts from a fresh copy (BENCH_PROVINCE_DB).
2. The installation: bench/cluster.py (`make cluster`) with
   BENCH_PROVINCE_SERVERS gunicorn app servers (1; 3 for the scale-out
   shape) of BENCH_PROVINCE_PROCESSES processes each, BENCH_PROVINCE_WORKERS
   task workers (2), Redis (REDIS_URL) and the files in an S3-compatible
   bucket (the cluster's own store unless QMS_S3_BUCKET is set). The task
   workers run at nice BENCH_PROVINCE_WORKER_NICE, the daily duty at
   BENCH_PROVINCE_BACKGROUND_NICE (10): on one machine the people's requests
   come before the day's walk over every record and file.
3. The morning (bench/province_locustfile.py, BENCH_PROVINCE_DURATION
   seconds, 600): 150 staff reading, searching and downloading PDFs, 20 ISO
   secretaries editing and issuing (then checking that every server shows
   the new issue: nothing served stale), 10 auditors recording results with
   evidence; at a quarter of the run the first agency's ISO secretary asks
   for the export of its BENCH_PROVINCE_EXPORT current PDFs (300); at half of
   it the daily duty (`manage.py qms_daily`) runs.
4. The figures: p50/p95/p99 per kind of request, failures, server errors,
   the tasks' queue delay (enqueued -> started, from the task rows), the
   workers' throughput, the export's and the daily duty's time, the load
   average; bench/results/province-replay.json. --write-docs puts them in
   docs/performance.md ("A province's morning").

Targets (exit 1 on a miss): no failed request and no server error, staff
reads p99 <= 1.5 s, queue delay p95 <= 5 s, the export done.

POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) is the server;
BENCH_PROVINCE_PORT (8140) the first app server's port.
"""

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import threading
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import requests

from bench import loadtest
from bench.cluster import popen_at
from bench.loadtest import PYTHON, RESULTS, ROOT, VENV_BIN, admin_sql, database_comment, quote_literal

HERE = Path(__file__).resolve().parent
WORK = RESULTS / "province-work"
DOCS = ROOT / "docs" / "performance.md"
START, END = "<!-- province-replay:start -->", "<!-- province-replay:end -->"


def setting(name, default):
    return type(default)(os.environ.get(f"BENCH_PROVINCE_{name}", default))


AGENCIES = setting("AGENCIES", 200)
DOCUMENTS = setting("DOCUMENTS", 100)
EXPORT = setting("EXPORT", 300)
DURATION = setting("DURATION", 600)
SERVERS = setting("SERVERS", 1)
PROCESSES = setting("PROCESSES", 2)
# Threads of each reading process (1: gunicorn's sync worker, one request per process at a time).
THREADS = setting("THREADS", 4)
# Each app server's office pool (bench/cluster.py --office-processes): the back office and the sign-in
# served by gunicorn processes of their own, the load balancer routing by path; 0 for one pool.
OFFICE_PROCESSES = setting("OFFICE_PROCESSES", 2)
# ...at this CPU priority: on one machine shared by both pools, a reader's page comes before a signature
# (docs/operations.md, "Reading apart from the back office"); 0 for the same priority.
OFFICE_NICE = setting("OFFICE_NICE", 5)
# The reading servers' CPU priority (bench/cluster.py --server-nice); below 0 needs root.
READING_NICE = setting("READING_NICE", 0)
WORKERS = setting("WORKERS", 2)
# The task workers' CPU priority. Lowered as far as the daily duty, a PDF render at a twentieth of a CPU
# holds up every task queued behind it (queue delay p95 18 s, docs/performance.md).
WORKER_NICE = setting("WORKER_NICE", 0)
# The daily duty at a lower CPU priority than the app servers, as on one machine that runs them all
# (docs/operations.md, "Production topology"); 0 for the same priority.
BACKGROUND_NICE = setting("BACKGROUND_NICE", 10)
PORT = setting("PORT", 8140)
DB = setting("DB", "qms_province")
SPAWN_RATE = setting("SPAWN_RATE", 1.0)  # people signing in per second
STAFF_P99_TARGET_MS = 1500
QUEUE_P95_TARGET_S = 5
BUILD_VERSION = 2  # 2: readers assigned when the template is built


def step(message):
    print(f"[province] {message}", flush=True)


def signature():
    import hashlib

    people = [os.environ.get(f"BENCH_PROVINCE_{name}", "") for name in ("STAFF", "SECRETARIES", "AUDITORS")]
    digest = hashlib.sha256(f"{BUILD_VERSION}:{AGENCIES}:{DOCUMENTS}:{EXPORT}:{people}".encode())
    sources = [HERE / "province_replay_data.py", HERE / "province.py", HERE / "loadtest_data.py"]
    sources += [HERE / "documents.py", ROOT / "requirements.txt", *sorted(ROOT.glob("*/migrations/*.py"))]
    for path in sources:
        digest.update(path.read_bytes())
    digest.update(key_fingerprint().encode())
    return f"qms province replay: {AGENCIES} x {DOCUMENTS} (+{EXPORT}), build {digest.hexdigest()[:16]}"


def keys():
    """The province's secrets, made with its first database and kept beside it (mode 600). The build,
    every run's servers and its daily duty use the same QMS_INTEGRITY_KEY, so the duty's integrity
    check verifies the chain the build wrote, as in an installation in service."""
    path = RESULTS / "province-keys.json"
    if not path.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        made = {"SECRET_KEY": secrets.token_urlsafe(50), "QMS_INTEGRITY_KEY": secrets.token_urlsafe(50)}
        path.write_text(json.dumps(made), encoding="utf-8")
        path.chmod(0o600)
    return json.loads(path.read_text(encoding="utf-8"))


def key_fingerprint():
    """Which integrity key a database was built with (part of its signature: another key, another build)."""
    import hashlib

    return hashlib.sha256(keys()["QMS_INTEGRITY_KEY"].encode()).hexdigest()[:12]


def django_env(database):
    env = loadtest.django_env(database, WORK / "static", WORK / "media")
    env["DATABASE_URL"] = f"{loadtest.SERVER}/{database}"
    env.update(keys())
    return env


def migrated_database():
    """An empty, migrated database (the slow part of a build on a busy machine), kept while the migrations match."""
    import hashlib

    name = f"{DB}_migrated"
    digest = hashlib.sha256()
    for path in [ROOT / "requirements.txt", *sorted(ROOT.glob("*/migrations/*.py"))]:
        digest.update(path.read_bytes())
    wanted = f"qms migrated: {digest.hexdigest()[:16]}, key {key_fingerprint()}"
    if database_comment(name) != wanted:
        step(f"migrating {name}")
        admin_sql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        command = [PYTHON, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(command, cwd=ROOT, env=django_env(name), check=True)  # noqa: S603
        admin_sql(f'COMMENT ON DATABASE "{name}" IS {quote_literal(wanted)}')
    return name


def prepare_template():
    template = f"{DB}_template"
    wanted = signature()
    if database_comment(template) == wanted:
        step(f"reusing {template} ({wanted})")
        return template
    migrated = migrated_database()
    step(f"building {template}: {AGENCIES} agencies x {DOCUMENTS} documents")
    admin_sql(f'DROP DATABASE IF EXISTS "{template}"', f'CREATE DATABASE "{template}" TEMPLATE "{migrated}"')
    command = [PYTHON, "-m", "bench.province_replay_data", "build", str(AGENCIES), str(DOCUMENTS), str(EXPORT)]
    try:
        subprocess.run(command, cwd=ROOT, env=django_env(template), check=True)  # noqa: S603
        # The tasks the build queued (Wagtail's index updates of its pages) are run now: a province in
        # service does not start its morning with the build's queue.
        drain = [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"]
        subprocess.run(drain, cwd=ROOT, env=django_env(template), check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    except BaseException:
        admin_sql(f'DROP DATABASE IF EXISTS "{template}"')  # never leave a half-built template
        raise
    admin_sql(f'COMMENT ON DATABASE "{template}" IS {quote_literal(wanted)}')
    return template


def start_cluster(stack, env):
    """bench/cluster.py in its own process group; once they answer, returns the servers' URLs and
    their office pools' (none with one pool)."""
    ports = ",".join(str(PORT + n) for n in range(SERVERS))
    command = [PYTHON, "-m", "bench.cluster", "--ports", ports, "--workers", str(WORKERS), "--no-migrate"]
    command += ["--processes", str(PROCESSES), "--threads", "4", "--server-threads", str(THREADS)]
    command += ["--logs", str(WORK / "logs")]
    command += ["--worker-nice", str(WORKER_NICE), "--office-processes", str(OFFICE_PROCESSES)]
    command += ["--office-nice", str(OFFICE_NICE), "--server-nice", str(READING_NICE)]
    process = loadtest.start(stack, "cluster", command, env, WORK / "cluster.out")
    stack.callback(lambda: loadtest.stop("cluster", process, timeout=90) if process.poll() is None else None)
    deadline = time.monotonic() + 1200  # collectstatic first, when the static files changed
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the cluster exited; see {WORK / 'cluster.out'}")
        lines = (WORK / "cluster.out").read_text().splitlines()
        ready = [line for line in lines if line.startswith("cluster ready")]
        if ready:
            step(ready[0])
            members = [json.loads(line) for line in lines if line.startswith("{") and '"url": "http' in line]
            hosts = [member["url"] for member in members if member.get("pool", "reading") == "reading"]
            return hosts, [member["url"] for member in members if member.get("pool") == "office"]
        time.sleep(1)
    raise RuntimeError("the cluster did not start within 1200 s")


def request_export(host, plan):
    """The first agency's ISO secretary asks for the export of every current PDF, as in a browser."""
    session = requests.Session()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    page = session.get(f"{host}/dang-nhap/", timeout=60)
    session.post(
        f"{host}/dang-nhap/",
        data={
            "csrfmiddlewaretoken": token.search(page.text).group(1),
            "username": plan["exporter"],
            "password": plan["password"],
        },
        timeout=60,
    )
    form = session.get(f"{host}/admin/qms/exports/", timeout=60)
    answer = session.post(
        f"{host}/admin/qms/exports/",
        data={"csrfmiddlewaretoken": token.search(form.text).group(1), "department": "", "document_type": ""},
        allow_redirects=False,
        timeout=60,
    )
    return answer.status_code


def daily_duty(env):
    """`manage.py qms_daily` in a session of its own at the background's priority, as cron runs it."""
    started = time.perf_counter()
    with open(WORK / "qms_daily.log", "w", encoding="utf-8") as log:
        command = [PYTHON, "manage.py", "qms_daily"]
        duty = popen_at(BACKGROUND_NICE, command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        duty.wait()
    seconds = round(time.perf_counter() - started, 1)
    log = (WORK / "qms_daily.log").read_text(encoding="utf-8")
    checked = re.search(r"integrity chain head: \w+ \((\d+) entries, (\d+) problem", log)
    integrity = {"entries": int(checked[1]), "problems": int(checked[2])} if checked else None
    first = re.search(r"failed: \d+ problem\(s\), first: (.*?)\. Chain head", log)
    if integrity and first:
        integrity["first_problem"] = first[1]
    return {"exit": duty.returncode, "seconds": seconds, "integrity": integrity}


def morning_events(host, plan, env, events):
    """At a quarter of the run the export is asked for (through ``host``); at half, the daily duty runs."""
    time.sleep(DURATION / 4)
    try:
        events["export_request_status"] = request_export(host, plan)
    except requests.RequestException as error:
        events["export_request_status"] = str(error)
    time.sleep(max(0, DURATION / 2 - DURATION / 4))
    events["load_average_at_daily"] = os.getloadavg()[0]
    events["daily"] = daily_duty(env)


def report(env, since):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "bench.province_replay_data", "report", since],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def wait_for_the_queue(env, since, timeout):
    """After the load: the export and every task enqueued in the morning finish (or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        figures = report(env, since)
        waiting = sum(n for name, n in figures["tasks"].items() if name.endswith(("READY", "RUNNING")))
        if not waiting or time.monotonic() > deadline:
            return figures
        time.sleep(5)


def staff_reads(rows):
    """The staff's reading requests (all but their PDFs, which render the first time of the day)."""
    return [row for row in rows if row["name"].startswith("staff:") and "PDF" not in row["name"]]


def write_docs(result, rows):
    people = "".join(
        f"BENCH_PROVINCE_{name}={os.environ[f'BENCH_PROVINCE_{name}']} "
        for name in ("STAFF", "SECRETARIES", "AUDITORS")
        if os.environ.get(f"BENCH_PROVINCE_{name}")
    )
    command = (
        people + f"BENCH_PROVINCE_AGENCIES={result['agencies']} BENCH_PROVINCE_DOCUMENTS={result['documents']} "
        f"BENCH_PROVINCE_EXPORT={result['export_pdfs']} BENCH_PROVINCE_DURATION={result['duration_s']} "
        f"BENCH_PROVINCE_SERVERS={result['servers']} make loadtest-province"
    )
    queue = result["queue_delay_s"]
    block = "\n".join(
        [
            START,
            f"Last run {result['finished_at'][:16]} UTC, `{command}` "
            f"({result['servers']} app server(s) × {result['processes']} processes"
            + f" × {result.get('threads', 4)} thread(s)"
            + (f" at nice {result['reading_nice']}" if result.get("reading_nice") else "")
            + (
                f" and an office pool of {result['office_processes']} at nice {result.get('office_nice', 0)}"
                " for the back office"
                if result.get("office_processes")
                else ""
            )
            + f", {result['workers']} task "
            f"workers at nice {result.get('worker_nice', result.get('background_nice', 0))}, the daily duty at "
            f"nice {result.get('background_nice', 0)}, files in a bucket; {result['people']} people, "
            f"{result['cpus']} CPUs shared with other work, "
            f"load average {result['load_average_before']:.1f} before, {result['load_average_after']:.1f} after):",
            "",
            loadtest.table(rows),
            "",
            f"- staff reads p99 {result['staff_read_p99_ms']:.0f} ms (target ≤ {STAFF_P99_TARGET_MS}); "
            f"failures {result['failures']}; server errors {len(result['server_errors'])}",
            f"- queue delay (enqueued → started) p50 {fmt(queue['p50'])} s, p95 {fmt(queue['p95'])} s, "
            f"max {fmt(queue['max'])} s over {queue['count']} tasks (target p95 ≤ {QUEUE_P95_TARGET_S}); "
            f"workers' throughput {result['worker_tasks_per_minute']} tasks/min",
            f"- issues published {result['issues_published']}; checklist results {result['checklist_results']}; "
            f"export {fmt_export(result['export'])}; daily duty {fmt_daily(result['daily'])}",
            f"- {'OK' if result['ok'] else 'TARGET MISSED: ' + '; '.join(result['problems'])}",
            END,
        ]
    )
    text = DOCS.read_text(encoding="utf-8")
    if START in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")
    step(f"wrote the figures into {DOCS}")


def fmt(value):
    return "–" if value is None else f"{value:.1f}"


def chain_verified(integrity):
    """The daily duty's check found the chain and the records intact. It checks them before the stored
    files (qms.integrity.verify), so a first problem about a file means they were. The template's copies
    of yesterday (province_replay_data) have rows but no file in the run's fresh bucket: each is named."""
    if not integrity:
        return False
    return not integrity["problems"] or "stored file" in integrity.get("first_problem", "")


def fmt_daily(daily):
    if not daily:
        return "did not run"
    integrity = daily.get("integrity")
    checked = (
        f", integrity check of {integrity['entries']:,} entries: {integrity['problems']:,} problems"
        + (f" (first: {integrity['first_problem']})" if integrity.get("first_problem") else "")
        if integrity
        else ", no integrity check"
    )
    return f"{daily['seconds']:.0f} s" + (f" (exit {daily['exit']})" if daily["exit"] else "") + checked


def fmt_export(export):
    if not export:
        return "not asked for"
    return f"{export['status']}, {export['done']}/{export['pdfs']} PDFs in {fmt(export['seconds'])} s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="put the figures into docs/performance.md")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    template = prepare_template()
    step(f"copying {template} to {DB}")
    admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)', f'CREATE DATABASE "{DB}" TEMPLATE "{template}"')
    env = django_env(DB)
    env["REDIS_KEY_PREFIX"] = f"province-{uuid.uuid4().hex[:8]}"  # no lock-out or rate count of an earlier run
    env["STATIC_ROOT"] = str(ROOT / "var" / "cluster" / "static")
    plan_path = WORK / "plan.json"
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "bench.province_replay_data", "plan", str(plan_path)], cwd=ROOT, env=env, check=True
    )
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    people = len(plan["staff"]) + len(plan["secretaries"]) + len(plan["auditors"])
    prefix = RESULTS / "province-locust"
    load_before = os.getloadavg()
    since = datetime.now(UTC).isoformat()
    events = {}
    with ExitStack() as stack:
        signal.signal(signal.SIGTERM, loadtest.interrupted)
        hosts, offices = start_cluster(stack, env)
        cluster_env = {**env, **cluster_files(WORK / "cluster.out")}
        morning = threading.Thread(
            target=morning_events, args=((offices or hosts)[0], plan, cluster_env, events), daemon=True
        )
        morning.start()
        office = f" (back office on {', '.join(offices)})" if offices else ""
        step(f"locust: {people} people for {DURATION} s against {', '.join(hosts)}{office}")
        locust = subprocess.run(  # noqa: S603
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(HERE / "province_locustfile.py"),
                "--headless",
                "--host",
                hosts[0],
                f"--users={people}",
                f"--spawn-rate={SPAWN_RATE}",
                f"--run-time={DURATION}s",
                "--stop-timeout=60",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOADTEST_PLAN": str(plan_path),
                "LOADTEST_HOSTS": ",".join(hosts),
                "LOADTEST_OFFICE_HOSTS": ",".join(offices),
            },
            check=False,
            timeout=DURATION + 300,
        )
        load_after = os.getloadavg()
        step("waiting for the export, the daily duty and the queue to finish")
        morning.join(timeout=max(300, DURATION))
        figures = wait_for_the_queue(cluster_env, since, timeout=max(300, DURATION))
    rows, failures = loadtest.read_stats(prefix)
    logs = sorted((WORK / "logs").glob("*.log"))
    errors = [f"{log.stem}: {line}" for log in logs for line in loadtest.server_errors(log)]
    overall = next(row for row in rows if row["name"] == "Aggregated")
    reads = staff_reads(rows)
    staff_p99 = max((row["p99_ms"] or 0 for row in reads), default=None)
    result = {
        "finished_at": datetime.now(UTC).isoformat(),
        "agencies": AGENCIES,
        "documents": DOCUMENTS,
        "export_pdfs": EXPORT,
        "duration_s": DURATION,
        "servers": SERVERS,
        "processes": PROCESSES,
        "threads": THREADS,
        "office_processes": OFFICE_PROCESSES,
        "office_nice": OFFICE_NICE,
        "reading_nice": READING_NICE,
        "workers": WORKERS,
        "worker_nice": WORKER_NICE,
        "background_nice": BACKGROUND_NICE,
        "people": people,
        "cpus": os.cpu_count(),
        "load_average_before": load_before[0],
        "load_average_after": load_after[0],
        "load_average_at_daily": events.get("load_average_at_daily"),
        "overall": overall,
        "requests": [row for row in rows if row["name"] != "Aggregated"],
        "failures": overall["failures"],
        "failure_list": failures,
        "server_errors": errors,
        "staff_read_p99_ms": staff_p99,
        "queue_delay_s": figures["queue_delay_s"],
        "worker_tasks_per_minute": figures["worker_tasks_per_minute"],
        "tasks": figures["tasks"],
        "issues_published": figures["issues_published"],
        "pdf_copies_rendered": figures["pdf_copies_rendered"],
        "checklist_results": figures["checklist_results_recorded"],
        "evidence_files": figures["evidence_files"],
        "export": figures["export"],
        "export_request_status": events.get("export_request_status"),
        "daily": events.get("daily"),
        "locust_exit": locust.returncode,
    }
    problems = []
    if overall["failures"]:
        problems.append(f"{overall['failures']} failed requests")
    if errors:
        problems.append(f"{len(errors)} errors in the server logs")
    if staff_p99 is None or staff_p99 > STAFF_P99_TARGET_MS:
        problems.append(f"staff reads p99 {staff_p99} ms > {STAFF_P99_TARGET_MS} ms")
    p95 = figures["queue_delay_s"]["p95"]
    if p95 is None or p95 > QUEUE_P95_TARGET_S:
        problems.append(f"queue delay p95 {p95} s > {QUEUE_P95_TARGET_S} s")
    if not figures["export"] or figures["export"]["status"] != "done":
        problems.append(f"the export did not finish ({fmt_export(figures['export'])})")
    if not events.get("daily") or events["daily"]["exit"]:
        problems.append(f"the daily duty failed or did not run ({events.get('daily')})")
    elif not chain_verified(events["daily"].get("integrity")):
        problems.append(f"the daily duty's integrity check found the chain broken ({events['daily'].get('integrity')})")
    if any(name.endswith("FAILED") for name in figures["tasks"]):
        problems.append("background tasks failed")
    if not figures["issues_published"]:
        problems.append("no issue was published")
    result["ok"] = not problems
    result["problems"] = problems
    (RESULTS / "province-replay.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")

    print()
    print(loadtest.table(rows))
    print()
    queue = figures["queue_delay_s"]
    print(
        f"staff reads p99 {staff_p99} ms (target ≤ {STAFF_P99_TARGET_MS}); failures {overall['failures']}; "
        f"server errors {len(errors)}"
    )
    print(
        f"queue delay p50 {fmt(queue['p50'])} s, p95 {fmt(queue['p95'])} s (target ≤ {QUEUE_P95_TARGET_S}), "
        f"max {fmt(queue['max'])} s over {queue['count']} tasks; workers {figures['worker_tasks_per_minute']} tasks/min"
    )
    print(
        f"issues published {figures['issues_published']}; checklist results {result['checklist_results']}; "
        f"export {fmt_export(figures['export'])}; daily duty {fmt_daily(events.get('daily'))}; tasks {figures['tasks']}"
    )
    print(
        f"load average before {load_before[0]:.1f}, at the daily duty {fmt(events.get('load_average_at_daily'))}, "
        f"after {load_after[0]:.1f} ({os.cpu_count()} CPUs)"
    )
    for failure in failures[:20]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error']} ×{failure['Occurrences']}")
    for line in errors[:20]:
        print(f"  server: {line}")
    print(f"results: {RESULTS / 'province-replay.json'}")
    if args.write_docs:
        write_docs(result, rows)
    print("OK" if result["ok"] else "TARGET MISSED: " + "; ".join(problems))
    return 0 if result["ok"] else 1


def cluster_files(out):
    """The bucket the cluster started (its store), for the commands run beside it (the daily duty, the report)."""
    for line in Path(out).read_text().splitlines():
        if line.startswith("{") and '"s3"' in line:
            return json.loads(line)["s3"]
    return {}


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        step("interrupted; everything it started has been stopped")
        raise SystemExit(130) from None
