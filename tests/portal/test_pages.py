"""The portal's library front page and the document page as staff read them."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from procedures.models import DocumentType, IssueStatus
from qms.models import Agency
from qms.templatetags.portal_tags import css_string
from tests.procedures.factories import steps_body
from tests.qms.factories import DepartmentFactory


def test_home_shows_the_library_by_department_and_type_and_recent_issues(client, org, issued):
    other = DepartmentFactory(name="Văn phòng Sở", code="vps")
    guide = DocumentType.objects.get(prefix="HD")
    now = timezone.now()
    issued("Đăng ký kết hôn", code="QT-01", became_current_at=now - datetime.timedelta(days=3))
    issued("Cấp bản sao", code="QT-02", department=other, became_current_at=now - datetime.timedelta(days=1))
    issued("Hướng dẫn tiếp dân", code="HD-01", document_type=guide, became_current_at=now - datetime.timedelta(days=2))
    issued("Bản chưa hiệu lực", code="QT-03", status=IssueStatus.SCHEDULED)
    client.force_login(org["staff"])
    response = client.get("/")
    html = response.content.decode()
    departments = {d["owner_department__name"]: d["count"] for d in response.context["departments"]}
    assert departments == {"Phòng Công chức, viên chức": 2, "Văn phòng Sở": 1}
    types = {t["document_type__name"]: t["count"] for t in response.context["document_types"]}
    assert types == {"Quy trình": 2, "Hướng dẫn công việc": 1}
    assert [i.code for i in response.context["recent_issues"]] == ["QT-02", "HD-01", "QT-01"]
    assert "QT-03" not in html and "Bản chưa hiệu lực" not in html
    assert f'href="/search/?department={other.pk}"' in html
    assert f'href="/search/?type={guide.pk}"' in html
    assert 'role="search"' in html and 'name="q"' in html


def test_home_in_english_after_the_language_switch(client, org, issued):
    issued("Đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Recently issued" in html and "By department" in html and "Find a document" in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = client.get("/").content.decode()
    assert "Mới ban hành" in html and "Theo đơn vị" in html


def test_document_page_header_forms_and_pdf_link(client, org, issued):
    form_file = Document.objects.create(title="Tờ khai", file=ContentFile(b"%PDF-1.4 demo", name="to-khai.pdf"))
    body = steps_body(forms=[("BM-05-01", "Tờ khai đăng ký kết hôn")])
    body[-1]["value"]["forms"][0]["file"] = form_file.pk
    document = issued("Thủ tục đăng ký kết hôn", code="QT-05", body=body)
    client.force_login(org["staff"])
    html = client.get(document.url).content.decode()
    assert '<p class="document-header__code">QT-05' in html
    assert "<h1>Thủ tục đăng ký kết hôn</h1>" in html
    assert "<dt>Lần ban hành</dt><dd>1</dd>" in html and "<dt>Lần sửa đổi</dt><dd>0</dd>" in html
    effective = document.current_issue.effective_date
    assert f"<dt>Ngày hiệu lực</dt><dd>{effective:%d/%m/%Y}</dd>" in html
    assert f'href="{document.url}pdf/"' in html
    assert f'href="{form_file.url}" download' in html and "BM-05-01" in html
    # The steps table carries its column names for the stacked phone layout.
    assert 'data-label="Trình tự thực hiện"' in html


def test_printed_copies_carry_the_agencys_uncontrolled_stamp_and_todays_date(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-05")
    settings = Agency.objects.order_by("pk").first()
    settings.stamp_uncontrolled = 'BẢN SAO "KHÔNG" KIỂM SOÁT </style>'
    settings.save()
    client.force_login(org["staff"])
    html = client.get(document.url).content.decode()
    expected = f'BẢN SAO "KHÔNG" KIỂM SOÁT </style> – in ngày {timezone.localdate():%d/%m/%Y}'
    assert f"@page {{ @top-right {{ content: {css_string(expected)}; }} }}" in html
    assert html.count("</style>") == 1


def test_css_string_cannot_break_out_of_the_string_or_the_style_element():
    value = css_string('a"b\\c</style><script>x</script>\n đ')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner and "\n" not in inner
    assert css_string("QT 05") == '"QT\\00002005"'


def test_staff_cannot_read_a_document_without_a_current_issue(client, org, issued):
    scheduled = issued("Bản chưa hiệu lực", code="QT-09", status=IssueStatus.SCHEDULED)
    client.force_login(org["staff"])
    assert client.get(scheduled.url).status_code == 404
    assert client.get(scheduled.url + "pdf/").status_code == 404
