"""`make cluster`: one installation as it runs on several machines, on this
one: three gunicorn app servers and two task workers on one PostgreSQL
database and one Redis, keeping their files in one S3-compatible bucket.

    .venv/bin/python -m bench.cluster [--servers 3] [--workers 2] [--port 8125] [--shared-directory]
                                      [--worker-nice 10] [--office-processes 2]

Prints each server's URL and each process's pid, then waits; Ctrl-C (or
SIGTERM) stops every process it started. A process that dies (a test kills
one) is reported and left dead: the others go on.

Environment:
- DATABASE_URL (default postgres://postgres@127.0.0.1:5432/qms_cluster),
  migrated at start unless --no-migrate;
- REDIS_URL (default redis://127.0.0.1:6379/0): cache, sessions, lock-outs
  and rate limits of all servers (qms/settings/base.py, "Shared state in Redis");
- DJANGO_SETTINGS_MODULE (default qms.settings.loadtest: production settings
  over plain http on 127.0.0.1). With that default, SECRET_KEY and
  QMS_INTEGRITY_KEY are made once and kept in var/cluster/keys.json;
- files (see shared_files()), the standard shape of several servers
  (docs/operations.md, "Object storage"): with QMS_S3_BUCKET set (and
  AWS_S3_ENDPOINT_URL, the keys...), that bucket; without it, a bucket of an
  S3-compatible server started with the cluster (moto in server mode, the
  "object-store" process, on --s3-port), which keeps its objects in memory
  until the cluster stops. --shared-directory instead makes MEDIA_ROOT
  (default var/cluster/media) the one folder all share, as an NFS mount would be.

With --office-processes N, each app server is two gunicorn pools, as under
load in production (docs/operations.md, "Reading apart from the back
office"): the reading pool on the server's port serves the portal, the
libraries, documents, search and PDFs; the office pool (N processes, on the
port --office-port-offset above) serves the paths of qms/routing.py's
OFFICE_PATHS, which a load balancer sends there. A member line then says
which pool it is.

tests/procedures/test_cluster.py starts this script on the test database.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from qms.routing import OFFICE_PATHS

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "cluster"
PYTHON = sys.executable
START_TIMEOUT = 120
# Longer than a load balancer's idle timeout (nginx's upstream keepalive_timeout is 60 s), so that the
# balancer, never gunicorn, closes an idle connection: a request sent on a connection gunicorn closed at
# that moment fails (gunicorn's default is 2 s).
KEEP_ALIVE = 75


def keys():
    """The cluster's secrets, made on its first run and kept with its database."""
    path = WORK / "keys.json"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps({"SECRET_KEY": secrets.token_urlsafe(50), "QMS_INTEGRITY_KEY": secrets.token_urlsafe(50)})
        )
        path.chmod(0o600)
    return json.loads(path.read_text())


LOCAL_BUCKET = "qms-cluster"
LOCAL_S3_KEYS = {"AWS_ACCESS_KEY_ID": "qms-cluster", "AWS_SECRET_ACCESS_KEY": "qms-cluster-local"}  # noqa: S105


def shared_files(env, shared_directory=False):
    """Where uploaded and rendered files live for every process. In a bucket:
    QMS_S3_BUCKET and its variables, set in the environment, pass through as
    they are (without it the cluster starts its own store: start_object_store);
    with ``shared_directory`` in MEDIA_ROOT, a folder all share. MEDIA_ROOT
    exists in both cases (the settings read it)."""
    env.setdefault("MEDIA_ROOT", str(WORK / "media"))
    Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
    if shared_directory:
        env.pop("QMS_S3_BUCKET", None)
    return env


def start_object_store(cluster, port):
    """An S3-compatible server for a cluster given no bucket: moto in server
    mode, one bucket; every process started after this one uses it."""
    import boto3

    endpoint = f"http://127.0.0.1:{port}"
    cluster.start("object-store", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if cluster.processes["object-store"].poll() is not None:
            raise RuntimeError(f"object-store exited; see {cluster.logs / 'object-store.log'}")
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=5):  # noqa: S310 - loopback
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"object-store not answering after {START_TIMEOUT} s") from None
            time.sleep(0.2)
    cluster.env.update(
        QMS_S3_BUCKET=LOCAL_BUCKET, AWS_S3_ENDPOINT_URL=endpoint, AWS_S3_REGION_NAME="us-east-1", **LOCAL_S3_KEYS
    )
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=LOCAL_S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=LOCAL_S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket=LOCAL_BUCKET)
    return endpoint


def environment(shared_directory=False):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qms_cluster")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.loadtest")
    if env["DJANGO_SETTINGS_MODULE"] == "qms.settings.loadtest":
        for name, value in keys().items():
            env.setdefault(name, value)
        env.setdefault("ALLOWED_HOSTS", "127.0.0.1")
        env.setdefault("STATIC_ROOT", str(WORK / "static"))
    env["PYTHONUNBUFFERED"] = "1"
    return shared_files(env, shared_directory)


def port_taken(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def create_database(url):
    """The cluster's PostgreSQL database, created on the first run."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("make cluster needs PostgreSQL (DATABASE_URL=postgres://...)")
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": "postgres"}
    if db["PASSWORD"]:
        server["password"] = db["PASSWORD"]
    with psycopg.connect(**server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(db["NAME"])))


class Cluster:
    def __init__(self, env, logs):
        self.env = env
        self.logs = Path(logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes = {}

    def start(self, name, args, niceness=0):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = popen_at(niceness, args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        process.log = log
        self.processes[name] = process
        return process

    def server(self, name, port, threads, processes=1, niceness=0):
        command = [PYTHON, "-m", "gunicorn", "qms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(processes), "--threads", str(threads), "--timeout", "120"]
        command += ["--no-control-socket"]  # several masters on one machine would share gunicorn's one default path
        self.start(name, [*command, "--keep-alive", str(KEEP_ALIVE)], niceness)
        return f"http://127.0.0.1:{port}"

    def worker(self, name, recover_every, niceness=0):
        command = [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--worker-id", name]
        return self.start(name, [*command, "--recover-every", str(recover_every)], niceness)

    def wait_until_served(self, urls):
        deadline = time.monotonic() + START_TIMEOUT
        waiting = dict(urls)
        while waiting and time.monotonic() < deadline:
            for name, url in list(waiting.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited; see {self.logs / (name + '.log')}")
                try:
                    with urllib.request.urlopen(f"{url}/healthz/", timeout=5) as response:  # noqa: S310 - loopback
                        if response.status == 200:
                            del waiting[name]
                except OSError:
                    pass
            time.sleep(0.3)
        if waiting:
            raise RuntimeError(f"not answering after {START_TIMEOUT} s: {', '.join(waiting)}")

    def stop(self):
        """The servers and workers first (their last requests and tasks still reach the files), then the store."""
        last = [process for name, process in self.processes.items() if name == "object-store"]
        first = [process for name, process in self.processes.items() if name != "object-store"]
        for group in (first, last):
            for process in group:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in group:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)
                process.log.close()


def nice(niceness):
    """The command prefix that runs a command at a lower CPU priority (none for 0)."""
    return ["nice", "-n", str(niceness)] if niceness else []


def popen_at(niceness, command, **kwargs):
    """``subprocess.Popen(command)`` in a session of its own at this CPU priority: its processes' nice
    and its session's (see session_nice)."""
    process = subprocess.Popen([*nice(niceness), *command], start_new_session=True, **kwargs)  # noqa: S603
    session_nice(process.pid, niceness)
    return process


def session_nice(pid, niceness):
    """The same priority for the session ``pid`` leads. With Linux's autogroup scheduling
    (kernel.sched_autogroup_enabled = 1, the default of many kernels) every session shares the CPU
    equally with every other whatever its processes' nice, so a process started in a session of its
    own (start_new_session) is lowered only once its session's nice is set too. A no-op where there is
    no autogroup. (Under systemd the same is each unit's CPUWeight: docs/operations.md.)"""
    if niceness:
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/autogroup").write_text(str(niceness))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8125, help="the first server's port; the next ones follow")
    parser.add_argument("--ports", help="comma-separated ports, one per server (instead of --port)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per server")
    parser.add_argument("--processes", type=int, default=1, help="gunicorn worker processes per server")
    parser.add_argument(
        "--server-threads",
        type=int,
        help="threads of the (reading) servers' processes, if not --threads (1: gunicorn's sync worker)",
    )
    parser.add_argument(
        "--office-processes",
        type=int,
        default=0,
        help="give each server an office pool of this many gunicorn processes for OFFICE_PATHS (0: one pool)",
    )
    parser.add_argument("--office-port-offset", type=int, default=100, help="office pool's port above the server's")
    parser.add_argument(
        "--server-nice",
        type=int,
        default=0,
        help="run the (reading) servers at this CPU priority; below 0 needs root, as a systemd CPUWeight above 100",
    )
    parser.add_argument("--office-nice", type=int, default=0, help="run the office pools at this CPU priority")
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="run the task workers at this lower CPU priority (nice), as on a machine they share with "
        "the app servers (docs/operations.md, 'Production topology')",
    )
    parser.add_argument("--recover-every", type=float, default=30.0, help="db_worker's look for dead workers, s")
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--logs", default=str(WORK / "logs"))
    parser.add_argument(
        "--shared-directory", action="store_true", help="keep the files in one shared MEDIA_ROOT, not in a bucket"
    )
    parser.add_argument(
        "--s3-port",
        type=int,
        help="the port of the object store started when QMS_S3_BUCKET is not set "
        "(default: the port after the last server's)",
    )
    args = parser.parse_args(argv)
    ports = [int(p) for p in args.ports.split(",")] if args.ports else range(args.port, args.port + args.servers)
    env = environment(args.shared_directory)
    own_store = not args.shared_directory and not env.get("QMS_S3_BUCKET")
    s3_port = args.s3_port or max(ports) + 1
    office_ports = [port + args.office_port_offset for port in ports] if args.office_processes else []

    taken = [str(port) for port in [*ports, *office_ports, *([s3_port] if own_store else [])] if port_taken(port)]
    if taken:
        raise SystemExit(f"port(s) in use on 127.0.0.1: {', '.join(taken)} (choose others: --port, --ports, --s3-port)")
    if not args.no_migrate:
        create_database(env["DATABASE_URL"])
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    if env["DJANGO_SETTINGS_MODULE"] == "qms.settings.loadtest":
        from bench.loadtest import collect_static

        collect_static(env)  # again only when the static files changed

    cluster = Cluster(env, args.logs)
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if own_store:
            start_object_store(cluster, s3_port)
        urls = {
            f"server-{chr(ord('a') + n)}": cluster.server(
                f"server-{chr(ord('a') + n)}",
                port,
                args.server_threads or args.threads,
                args.processes,
                args.server_nice,
            )
            for n, port in enumerate(ports)
        }
        offices = {
            f"server-{chr(ord('a') + n)}-office": cluster.server(
                f"server-{chr(ord('a') + n)}-office", port, args.threads, args.office_processes, args.office_nice
            )
            for n, port in enumerate(office_ports)
        }
        for n in range(1, args.workers + 1):
            cluster.worker(f"worker-{n}", args.recover_every, args.worker_nice)
        cluster.wait_until_served({**urls, **offices})
        for name, process in cluster.processes.items():
            member = {"name": name, "pid": process.pid, "url": urls.get(name) or offices.get(name)}
            if offices and member["url"]:
                member["pool"] = "office" if name in offices else "reading"
            if name == "object-store":  # what a command run beside the cluster needs to reach its files
                member["s3"] = {
                    key: cluster.env[key]
                    for key in ("QMS_S3_BUCKET", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", *LOCAL_S3_KEYS)
                }
            print(json.dumps(member), flush=True)
        files = (
            f"files in {env['MEDIA_ROOT']}"
            if args.shared_directory
            else f"files in bucket {cluster.env['QMS_S3_BUCKET']} at {cluster.env.get('AWS_S3_ENDPOINT_URL') or 'AWS'}"
        )
        pools = f"; office pools {', '.join(offices.values())} for {' '.join(OFFICE_PATHS)}" if offices else ""
        print(
            f"cluster ready: {', '.join(urls.values())}{pools}; {files} (logs in {args.logs}); Ctrl-C stops it",
            flush=True,
        )
        reported = set()
        while not stopping:
            for name, process in cluster.processes.items():
                if name not in reported and process.poll() is not None:
                    reported.add(name)
                    print(json.dumps({"name": name, "exited": process.returncode}), flush=True)
            time.sleep(0.3)
    finally:
        cluster.stop()
        print("cluster stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
