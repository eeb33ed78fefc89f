"""CPU time per kind of staff request on a province's database, one request
at a time (no queueing, no other load): what each request costs the app
server, which decides how many readers a CPU serves.

    .venv/bin/python -m bench.request_cpu [--requests 40]

Starts one gunicorn process with one thread on BENCH_PROVINCE_DB (default
qms_province, the copy `make loadtest-province` leaves after its run; the
cache in REDIS_URL as in the cluster),
signs in as the plan's first staff member (bench/results/province-work/
plan.json, written by that run) and asks each page kind --requests times,
reading the gunicorn process's CPU time (utime + stime from /proc) before
and after. Prints the CPU and wall milliseconds per request of each kind.
"""

import argparse
import json
import os
import random
import re
import secrets
import subprocess
import time

import requests

from bench import loadtest
from bench.loadtest import PYTHON, RESULTS, ROOT

PORT = 8399
PLAN = RESULTS / "province-work" / "plan.json"


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    fields = text[text.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(database):
    env = loadtest.django_env(database, ROOT / "var" / "cluster" / "static", RESULTS / "request-cpu-media")
    env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")  # the cache, as in the cluster
    env["REDIS_KEY_PREFIX"] = f"request-cpu-{secrets.token_hex(4)}"
    command = [PYTHON, "-m", "gunicorn", "qms.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--no-control-socket"]
    log = open(RESULTS / "request-cpu.log", "w")  # noqa: SIM115 - the server's output while it runs
    server = subprocess.Popen([*command, "--workers", "1", "--threads", "1"], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    for _ in range(240):
        try:
            requests.get(f"http://127.0.0.1:{PORT}/healthz/", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.5)
    worker = int(subprocess.check_output(["pgrep", "-P", str(server.pid)]).split()[0])  # noqa: S603, S607
    return server, worker


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    server, worker = start_server(os.environ.get("BENCH_PROVINCE_DB", "qms_province"))
    base = f"http://127.0.0.1:{PORT}"
    try:
        session = requests.Session()
        form = session.get(f"{base}/dang-nhap/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        before = cpu_seconds(worker)
        person = plan["staff"][0]
        answer = session.post(
            f"{base}/dang-nhap/",
            data={"csrfmiddlewaretoken": token, "username": person["username"], "password": plan["password"]},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            raise SystemExit(f"could not sign in as {person['username']} (HTTP {answer.status_code})")
        print(f"{'sign in (the password hash)':30} {1000 * (cpu_seconds(worker) - before):7.1f} ms CPU")
        agency = plan["agencies"][str(person["agency"])]
        kinds = {
            "portal": lambda: "/",
            "library": lambda: agency["library"],
            "library section": lambda: random.choice(agency["sections"]),
            "document page": lambda: random.choice(agency["documents"])["url"],
            "search (with diacritics)": lambda: "/search/?q=" + random.choice(plan["queries_with_diacritics"]),
            "search (without diacritics)": lambda: "/search/?q=" + random.choice(plan["queries_without_diacritics"]),
        }
        for name, path in kinds.items():
            for _ in range(3):  # warm: templates, prepared statements, the cache
                session.get(base + path(), timeout=60)
            before, started = cpu_seconds(worker), time.perf_counter()
            for _ in range(args.requests):
                response = session.get(base + path(), timeout=60)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: HTTP {response.status_code}")
            cpu = 1000 * (cpu_seconds(worker) - before) / args.requests
            wall = 1000 * (time.perf_counter() - started) / args.requests
            print(f"{name:30} {cpu:7.1f} ms CPU {wall:7.1f} ms wall")
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
