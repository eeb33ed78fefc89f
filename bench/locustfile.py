"""The simulated people of the load test (run by bench/loadtest.py, which
starts the server and passes LOADTEST_PLAN, the JSON written by
`python -m bench.loadtest_data plan`).

- StaffReader (20): signs in once, then reads the portal, the library, a
  section, documents, searches in Vietnamese with and without diacritics and
  downloads PDFs (a few documents, so that the first download of each renders
  it and the later ones stream the stored copy).
- Secretary (2): signs in once as the ISO secretary, once as the department
  head who reviews and once as the approver, then in a loop edits a document
  in the Wagtail admin (saves a draft through the edit form, submits it), and
  takes it through review and approval on the signing page, re-entering the
  password, so that a new issue is published.

Every response is checked (status, and what the page must show); anything
else is a failure and fails the run.
"""

import itertools
import json
import os
import random
import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task
from locust.clients import HttpSession

with open(os.environ["LOADTEST_PLAN"], encoding="utf-8") as _handle:
    PLAN = json.load(_handle)

AGENCY_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DOWNLOADED = set()  # PDFs downloaded by anyone in this run: the first download renders
NOTIFICATION = re.compile(r'action="/thong-bao/(\d+)/mo/"[^>]*>.*?<button[^>]*>(.*?)</button>', re.S)


def sign_in(session, username, at=lambda path: path):
    """The sign-in page, then the form, exactly as a browser posts it (to the URL ``at`` gives)."""
    session.get(at("/dang-nhap/"), name="sign in: form")
    with session.post(
        at("/dang-nhap/"),
        data={
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            "username": username,
            "password": PLAN["password"],
        },
        name="sign in: post",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"{username} could not sign in (HTTP {response.status_code})")


def expect(response, status=200, text=None, location=None):
    """Mark the response failed unless it is what a user would see."""
    if response.status_code != status:
        response.failure(f"HTTP {response.status_code}, expected {status}")
        return False
    if text is not None and text not in response.text:
        response.failure(f"{text!r} missing from the page")
        return False
    if location is not None and response.headers.get("Location") != location:
        response.failure(f"redirected to {response.headers.get('Location')!r}, expected {location!r}")
        return False
    response.success()
    return True


class StaffReader(HttpUser):
    fixed_count = len(PLAN["staff"])
    wait_time = between(1, 3)
    usernames = itertools.cycle(PLAN["staff"])

    def on_start(self):
        sign_in(self.client, next(self.usernames))

    @task(2)
    def portal(self):
        with self.client.get("/", name="portal", catch_response=True) as response:
            expect(response)

    @task(1)
    def library(self):
        with self.client.get(PLAN["library"], name="library", catch_response=True) as response:
            expect(response)

    @task(1)
    def section(self):
        with self.client.get(random.choice(PLAN["sections"]), name="library section", catch_response=True) as response:
            expect(response)

    @task(6)
    def document(self):
        document = random.choice(PLAN["documents"])
        with self.client.get(document["url"], name="document page", catch_response=True) as response:
            expect(response, text=document["code"])

    @task(2)
    def search_with_diacritics(self):
        query = random.choice(PLAN["queries_with_diacritics"])
        params = {"q": query, **({"page": 2} if random.random() < 0.2 else {})}
        with self.client.get(
            "/search/", params=params, name="search (with diacritics)", catch_response=True
        ) as response:
            expect(response)

    @task(2)
    def search_without_diacritics(self):
        query = random.choice(PLAN["queries_without_diacritics"])
        params = {"q": query, **({"page": 2} if random.random() < 0.2 else {})}
        with self.client.get(
            "/search/", params=params, name="search (without diacritics)", catch_response=True
        ) as response:
            expect(response)

    @task(1)
    def pdf(self):
        url = random.choice(PLAN["pdf_documents"]) + "pdf/"
        name = "document PDF (cached)" if url in DOWNLOADED else "document PDF (first download, renders)"
        DOWNLOADED.add(url)
        with self.client.get(url, name=name, catch_response=True) as response:
            if expect(response) and not response.content.startswith(b"%PDF-"):
                response.failure("not a PDF")


def contentstate(text):
    """A rich text paragraph as the Draftail editor posts it."""
    key = uuid.uuid4().hex[:5]
    block = {"key": key, "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}}, ensure_ascii=False)


def edit_form_data(document, round_number, csrf_token):
    """The admin edit form of a controlled document, as the browser posts it."""
    steps = [
        ("B1", f"Tiếp nhận, kiểm tra hồ sơ (sửa đổi lần {round_number})", "Bộ phận một cửa", "0.5", "BM-01"),
        ("B2", "Thẩm định hồ sơ, lập tờ trình trình lãnh đạo Sở", "Phòng chuyên môn", "7", "Tờ trình"),
    ]
    data = {
        "csrfmiddlewaretoken": csrf_token,
        "title": document["title"],
        "slug": document["slug"],
        "code": document["code"],
        "document_type": document["document_type"],
        "owner_department": document["owner_department"],
        "review_interval_months": "",
        "change_type": "amendment",
        "change_summary": f"Cập nhật bước tiếp nhận (lần {round_number})",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "body-count": "3",
    }
    purpose = contentstate("Quy định trình tự giải quyết.")
    blocks = [
        ("section", {"kind": "purpose", "heading": "1. Mục đích", "body": purpose}),
        ("steps_table", {"heading": "5. Trình tự thực hiện", "processing_time_days": "10"}),
        ("forms", {"heading": "Biểu mẫu"}),
    ]
    for index, (block_type, values) in enumerate(blocks):
        prefix = f"body-{index}"
        data.update({f"{prefix}-type": block_type, f"{prefix}-deleted": "", f"{prefix}-order": str(index)})
        data.update({f"{prefix}-value-{name}": value for name, value in values.items()})
    data["body-1-value-steps-count"] = str(len(steps))
    for index, (step, action, responsible, days, result) in enumerate(steps):
        prefix = f"body-1-value-steps-{index}"
        data.update({f"{prefix}-deleted": "", f"{prefix}-order": str(index)})
        values = {"step": step, "action": action, "responsible": responsible, "time_days": days}
        values.update({"time_note": "", "result": result})
        data.update({f"{prefix}-value-{name}": value for name, value in values.items()})
    data["body-2-value-forms-count"] = "1"
    data.update({"body-2-value-forms-0-deleted": "", "body-2-value-forms-0-order": "0"})
    data.update(
        {
            "body-2-value-forms-0-value-code": f"BM-{document['code']}",
            "body-2-value-forms-0-value-title": "Phiếu tiếp nhận hồ sơ",
            "body-2-value-forms-0-value-file": "",
        }
    )
    return data


class Secretary(HttpUser):
    fixed_count = len(PLAN["secretaries"])
    wait_time = between(2, 5)
    roles = itertools.cycle(PLAN["secretaries"])

    def on_start(self):
        self.role = next(self.roles)
        self.documents = list(self.role["documents"])
        random.shuffle(self.documents)
        self.rounds = itertools.count(1)
        self.reviewer = HttpSession(self.host, self.environment.events.request, self)
        self.approver = HttpSession(self.host, self.environment.events.request, self)
        sign_in(self.client, self.role["secretary"])
        sign_in(self.reviewer, self.role["reviewer"])
        sign_in(self.approver, self.role["approver"])

    @task
    def publish_a_new_issue(self):
        document = self.documents.pop()  # a document no one else touches
        round_number = next(self.rounds)
        edit_url = f"/admin/pages/{document['id']}/edit/"
        with self.client.get(edit_url, name="admin: edit form", catch_response=True) as response:
            if not expect(response):
                return
        data = edit_form_data(document, round_number, self.client.cookies.get("csrftoken", ""))
        with self.client.post(
            edit_url, data=data, name="admin: save draft", allow_redirects=False, catch_response=True
        ) as response:
            if not expect(response, status=302, location=edit_url):
                return
        with self.client.post(
            edit_url,
            data={**data, "action-submit": "submit"},
            name="admin: submit for review",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not expect(response, status=302):
                return
        if self.sign(self.reviewer, document, "review", {}) and self.sign(
            self.approver, document, "approval", {"effective_date": datetime.now(AGENCY_TIME_ZONE).date().isoformat()}
        ):
            with self.client.get(document["url"], name="document page (new issue)", catch_response=True) as response:
                expect(response, text=f"BM-{document['code']}")  # the new issue is the one staff read

    def sign(self, session, document, step, extra):
        """Open the notification of the step, then sign it with the password."""
        with session.get("/thong-bao/", name=f"notifications ({step})", catch_response=True) as response:
            if not expect(response):
                return False
            found = [pk for pk, text in NOTIFICATION.findall(response.text) if document["code"] in text]
            if not found:
                response.failure(f"no notification for {document['code']}")
                return False
        csrf_token = session.cookies.get("csrftoken", "")
        with session.post(
            f"/thong-bao/{found[0]}/mo/",
            data={"csrfmiddlewaretoken": csrf_token},
            name=f"notification opened ({step})",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not expect(response, status=302):
                return False
            sign_url = response.headers["Location"]
        with session.get(sign_url, name=f"sign: {step} form", catch_response=True) as response:
            if not expect(response, text=document["code"]):
                return False
        with session.post(
            sign_url,
            data={"csrfmiddlewaretoken": csrf_token, "password": PLAN["password"], "comment": "", **extra},
            name=f"sign: {step}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            return expect(response, status=302, location="/admin/")
