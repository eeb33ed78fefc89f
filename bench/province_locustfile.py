"""The simulated morning of a province (run by bench/province_replay.py, which
starts the servers and passes LOADTEST_PLAN, the JSON written by
`python -m bench.province_replay_data plan`, and LOADTEST_HOSTS, the app
servers' URLs).

- StaffReader (150): staff of the agencies, each reading its own agency's
  portal, library, sections and documents, searching in Vietnamese with and
  without diacritics and downloading PDFs (the first download of a
  document's PDF of the day renders it).
- Secretary (20): ISO secretaries who edit a document of their department in
  the Wagtail admin, submit it, and have it reviewed by their department head
  and approved by the agency's approver, each signing with the password, so
  that a new issue is published. Then the stale check: the document's page on
  every app server must show the new issue at once (its new form code).
- Auditor (10): internal auditors recording checklist results with their
  evidence in a started audit, a photo attached to one in four.

Every request goes to one of the app servers at random, as behind a load
balancer with no stickiness; when the servers have office pools
(LOADTEST_OFFICE_HOSTS), a back-office or sign-in path (qms/routing.py's
OFFICE_PATHS) goes to one of those, as the balancer routes by path. Every
response is checked (status, and what the page must show); anything else is
a failure and fails the run.
"""

import io
import itertools
import os
import random
from datetime import datetime

from locust import HttpUser, between, task
from locust.clients import HttpSession

from bench import locustfile as base
from qms.routing import is_office_path

PLAN = base.PLAN
HOSTS = [host for host in os.environ.get("LOADTEST_HOSTS", "").split(",") if host]
OFFICE_HOSTS = [host for host in os.environ.get("LOADTEST_OFFICE_HOSTS", "").split(",") if host]


def at(path):
    """The path on one of the servers chosen at random: of their office pools for a back-office path."""
    hosts = OFFICE_HOSTS if OFFICE_HOSTS and is_office_path(path) else HOSTS
    return random.choice(hosts) + path if hosts else path


def small_jpeg():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (64, 48), (random.randrange(256), 120, 80)).save(output, "JPEG")
    return output.getvalue()


class StaffReader(HttpUser):
    fixed_count = len(PLAN["staff"])
    wait_time = between(3, 10)
    people = itertools.cycle(PLAN["staff"])

    def on_start(self):
        person = next(self.people)
        self.agency = PLAN["agencies"][str(person["agency"])]
        base.sign_in(self.client, at=at, username=person["username"])

    def get(self, path, name, **kwargs):
        with self.client.get(at(path), name=name, catch_response=True, **kwargs) as response:
            base.expect(response)
            return response

    @task(2)
    def portal(self):
        self.get("/", "staff: portal")

    @task(1)
    def library(self):
        self.get(self.agency["library"], "staff: library")

    @task(1)
    def section(self):
        self.get(random.choice(self.agency["sections"]), "staff: library section")

    @task(6)
    def document(self):
        document = random.choice(self.agency["documents"])
        with self.client.get(at(document["url"]), name="staff: document page", catch_response=True) as response:
            base.expect(response, text=document["code"])

    @task(2)
    def search_with_diacritics(self):
        query = random.choice(PLAN["queries_with_diacritics"])
        self.get(f"/search/?q={query}", "staff: search (with diacritics)")

    @task(2)
    def search_without_diacritics(self):
        query = random.choice(PLAN["queries_without_diacritics"])
        self.get(f"/search/?q={query}", "staff: search (without diacritics)")

    @task(1)
    def pdf(self):
        url = random.choice(self.agency["pdf_documents"]) + "pdf/"
        with self.client.get(at(url), name="staff: document PDF", catch_response=True) as response:
            if base.expect(response) and not response.content.startswith(b"%PDF-"):
                response.failure("not a PDF")


class Secretary(HttpUser):
    fixed_count = len(PLAN["secretaries"])
    wait_time = between(5, 15)
    roles = itertools.cycle(PLAN["secretaries"])

    def on_start(self):
        self.role = next(self.roles)
        self.documents = itertools.cycle(self.role["documents"])  # each in turn, again and again
        self.rounds = itertools.count(1)
        self.reviewer = HttpSession(self.host, self.environment.events.request, self)
        self.approver = HttpSession(self.host, self.environment.events.request, self)
        base.sign_in(self.client, at=at, username=self.role["secretary"])
        base.sign_in(self.reviewer, at=at, username=self.role["reviewer"])
        base.sign_in(self.approver, at=at, username=self.role["approver"])

    @task
    def publish_a_new_issue(self):
        document = next(self.documents)
        round_number = next(self.rounds)
        edit_url = f"/admin/pages/{document['id']}/edit/"
        with self.client.get(at(edit_url), name="secretary: edit form", catch_response=True) as response:
            if not base.expect(response):
                return
        data = base.edit_form_data(document, round_number, self.client.cookies.get("csrftoken", ""))
        with self.client.post(
            at(edit_url), data=data, name="secretary: save draft", allow_redirects=False, catch_response=True
        ) as response:
            if not base.expect(response, status=302, location=edit_url):
                return
        with self.client.post(
            at(edit_url),
            data={**data, "action-submit": "submit"},
            name="secretary: submit for review",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not base.expect(response, status=302):
                return
        today = datetime.now(base.AGENCY_TIME_ZONE).date().isoformat()
        if self.sign(self.reviewer, document, "review", {}) and self.sign(
            self.approver, document, "approval", {"effective_date": today}
        ):
            # No server may serve the page as it was: each shows the new issue at once.
            for host in HOSTS or [""]:
                with self.client.get(
                    host + document["url"], name="stale check: new issue on every server", catch_response=True
                ) as response:
                    base.expect(response, text=f"BM-{document['code']}")

    def sign(self, session, document, step, extra):
        """Open the notification of the step, then sign it with the password."""
        with session.get(at("/thong-bao/"), name=f"{step}: notifications", catch_response=True) as response:
            if not base.expect(response):
                return False
            found = [pk for pk, text in base.NOTIFICATION.findall(response.text) if document["code"] in text]
            if not found:
                response.failure(f"no notification for {document['code']}")
                return False
        csrf_token = session.cookies.get("csrftoken", "")
        with session.post(
            at(f"/thong-bao/{found[0]}/mo/"),
            data={"csrfmiddlewaretoken": csrf_token},
            name=f"{step}: notification opened",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not base.expect(response, status=302):
                return False
            sign_url = response.headers["Location"]
        with session.get(at(sign_url), name=f"{step}: sign form", catch_response=True) as response:
            if not base.expect(response, text=document["code"]):
                return False
        with session.post(
            at(sign_url),
            data={"csrfmiddlewaretoken": csrf_token, "password": PLAN["password"], "comment": "", **extra},
            name=f"{step}: sign",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            return base.expect(response, status=302, location="/admin/")


class Auditor(HttpUser):
    fixed_count = len(PLAN["auditors"])
    wait_time = between(5, 15)
    people = itertools.cycle(PLAN["auditors"])

    def on_start(self):
        self.person = next(self.people)
        self.positions = itertools.cycle(self.person["positions"])
        self.photos = itertools.count()
        base.sign_in(self.client, at=at, username=self.person["username"])

    @task
    def record_a_result(self):
        url = f"/khac-phuc/danh-gia/{self.person['audit']}/{next(self.positions)}/"
        with self.client.get(at(url), name="auditor: checklist item", catch_response=True) as response:
            if not base.expect(response):
                return
        data = {
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            "result": "conforms",
            "evidence": f"Đã xem hồ sơ số {random.randrange(1, 500)}/2026",
        }
        files = {"file": ("anh.jpg", small_jpeg(), "image/jpeg")} if next(self.photos) % 4 == 0 else None
        with self.client.post(
            at(url),
            data=data,
            files=files,
            name="auditor: record result" + (" with a photo" if files else ""),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            base.expect(response, status=302)
