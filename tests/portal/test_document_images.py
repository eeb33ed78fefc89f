"""An image in a procedure's text (a flow chart imported from Word, issue 16) is seen by everyone who reads the
current issue, on the page and in its PDF; nobody else gets the file, and the originals stay with the image
library's managers."""

import re
import subprocess

import pytest
import wagtail_factories

from tests.portal.test_agency_isolation import agency_with_document
from tests.procedures.factories import add_issue, steps_body
from tests.qms.factories import AgencyFactory, first_agency


def body_with_image(image):
    body = steps_body()
    body.append({"type": "image", "value": {"image": image.pk, "caption": "Sơ đồ quy trình"}})
    return body


@pytest.fixture
def documents(db):
    a = agency_with_document(first_agency(), "Quy trình cấp phép xây dựng", "Tiếp nhận hồ sơ", "QT-01")
    b = agency_with_document(
        AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="tan-hanh"), "Quy trình chứng thực", "Tiếp nhận", "QT-01"
    )
    image = wagtail_factories.ImageFactory(
        title="Sơ đồ", collection=a["agency"].collection, file__width=120, file__height=80
    )
    replace_issue(a, body_with_image(image))
    return a, b, image


def replace_issue(side, body):
    """A new current issue of the document with this body (the current one superseded)."""
    side["document"].issues.get(status="current").supersede(None, user=side["approver"])
    add_issue(side["document"], side["approver"], body=body)


def image_url(page_html):
    found = re.search(r'<img[^>]+src="(/media/images/[^"]+)"', page_html)
    assert found, "the reading page shows the image"
    return found[1]


def test_staff_who_read_the_issue_see_its_image_and_nobody_else(client, documents):
    a, b, image = documents
    client.force_login(a["staff"])
    page = client.get(a["document"].url)
    assert page.status_code == 200
    url = image_url(page.content.decode())
    picture = client.get(url)
    assert picture.status_code == 200 and picture["Content-Type"].startswith("image/")
    # The original stays with the library's managers.
    assert client.get(f"/media/{image.file.name}").status_code == 404

    client.force_login(b["staff"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_the_image_leaves_with_an_issue_that_no_longer_shows_it(client, documents):
    a, _b, _image = documents
    client.force_login(a["staff"])
    url = image_url(client.get(a["document"].url).content.decode())
    replace_issue(a, steps_body(action="Tiếp nhận hồ sơ mới"))
    assert client.get(url).status_code == 404


def test_the_pdf_of_the_issue_carries_the_image(client, documents, tmp_path):
    a, _b, _image = documents
    client.force_login(a["staff"])
    response = client.get(f"{a['document'].url}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    listed = subprocess.run(  # noqa: S603 - a fixed command on a file of the test
        ["/usr/bin/pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert ("120", "80") in sizes, listed
