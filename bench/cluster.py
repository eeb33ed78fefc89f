"""`make cluster`: one installation as it runs on several machines, on this
one: three gunicorn app servers and two task workers on one PostgreSQL
database and one Redis, sharing one MEDIA_ROOT.

    .venv/bin/python -m bench.cluster [--servers 3] [--workers 2] [--port 8125]

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
- files: every process gets this process's whole environment, so the object
  storage's settings, when files move out of MEDIA_ROOT, reach all of them
  from there (see shared_files()); until then MEDIA_ROOT (default
  var/cluster/media) is the one folder all share, as an NFS mount would be.

tests/procedures/test_cluster.py starts this script on the test database.
"""

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "cluster"
PYTHON = sys.executable
START_TIMEOUT = 120


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


def shared_files(env):
    """Where uploaded and rendered files live for every process. The hook for
    object storage: its variables, set in the environment, pass through as
    they are; MEDIA_ROOT stays the shared folder for what is still on disk."""
    env.setdefault("MEDIA_ROOT", str(WORK / "media"))
    Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
    return env


def environment():
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
    return shared_files(env)


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

    def start(self, name, args):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log
        self.processes[name] = process
        return process

    def server(self, name, port, threads):
        command = [PYTHON, "-m", "gunicorn", "qms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        self.start(name, [*command, "--workers", "1", "--threads", str(threads), "--timeout", "120"])
        return f"http://127.0.0.1:{port}"

    def worker(self, name, recover_every):
        command = [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--worker-id", name]
        return self.start(name, [*command, "--recover-every", str(recover_every)])

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
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
            process.log.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8125, help="the first server's port; the next ones follow")
    parser.add_argument("--ports", help="comma-separated ports, one per server (instead of --port)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per server")
    parser.add_argument("--recover-every", type=float, default=30.0, help="db_worker's look for dead workers, s")
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--logs", default=str(WORK / "logs"))
    args = parser.parse_args(argv)
    ports = [int(p) for p in args.ports.split(",")] if args.ports else range(args.port, args.port + args.servers)

    taken = [str(port) for port in ports if port_taken(port)]
    if taken:
        raise SystemExit(f"port(s) in use on 127.0.0.1: {', '.join(taken)} (choose others: --port, --ports)")
    env = environment()
    if not args.no_migrate:
        create_database(env["DATABASE_URL"])
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    if env["DJANGO_SETTINGS_MODULE"] == "qms.settings.loadtest":
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603

    cluster = Cluster(env, args.logs)
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        urls = {
            f"server-{chr(ord('a') + n)}": cluster.server(f"server-{chr(ord('a') + n)}", port, args.threads)
            for n, port in enumerate(ports)
        }
        for n in range(1, args.workers + 1):
            cluster.worker(f"worker-{n}", args.recover_every)
        cluster.wait_until_served(urls)
        for name, process in cluster.processes.items():
            print(json.dumps({"name": name, "pid": process.pid, "url": urls.get(name)}), flush=True)
        print(f"cluster ready: {', '.join(urls.values())} (logs in {args.logs}); Ctrl-C stops it", flush=True)
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
