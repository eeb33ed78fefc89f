"""The ISO secretary's editor: a new document starts with its type's standard parts, the parts are
numbered when shown (never twice), and the ISO clauses are grouped by edition, the agency's first."""

import re

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from procedures.copies import printing
from procedures.lifecycle.issuing import render_body, sha256_text
from procedures.models import ControlledDocumentPage, CopyKind, DocumentType
from qms.models import Agency, IsoClause
from tests.procedures import pdf_tools
from tests.procedures.factories import IssueFactory
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import AgencyFactory, first_agency

QT_PARTS = [
    ("section", "purpose", "Mục đích"),
    ("section", "scope", "Phạm vi áp dụng"),
    ("section", "references", "Tài liệu viện dẫn"),
    ("section", "terms", "Định nghĩa và chữ viết tắt"),
    ("section", "content", "Nội dung quy trình"),
    ("steps_table", None, "Trình tự thực hiện"),
    ("records_kept", None, "Hồ sơ lưu"),
    ("forms", None, "Biểu mẫu"),
]


def add_url(section, query=""):
    return f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/{query}"


def parts(body):
    return [(block.block_type, block.value.get("kind"), block.value["heading"]) for block in body]


def headings(html):
    return [re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", html, re.S)]


def qt():
    return DocumentType.objects.get(agency=first_agency(), prefix="QT")


def test_a_new_document_asks_its_type_then_starts_with_the_types_parts(client, org, section):
    client.force_login(org["secretary"])
    chooser = client.get(add_url(section))
    assert chooser.status_code == 200
    html = chooser.content.decode()
    assert "Chọn loại của tài liệu mới" in html
    assert f'href="?document_type={qt().pk}"' in html
    assert "Mục đích · Phạm vi áp dụng · Tài liệu viện dẫn" in html  # what the type starts with
    assert "Tài liệu trống" in html

    editor = client.get(add_url(section, f"?document_type={qt().pk}"))
    assert editor.status_code == 200
    form = editor.context["form"]
    assert form.initial["document_type"] == qt().pk
    assert form.initial["owner_department"] == org["ccvc"].pk  # the section's department
    assert parts(form.initial["body"]) == QT_PARTS

    # The parts not yet written do not stop saving the draft.
    body = [
        ("section", {"kind": kind, "heading": heading, "body": rich_text("")})
        for block_type, kind, heading in QT_PARTS
        if block_type == "section"
    ]
    body[0] = ("section", {"kind": "purpose", "heading": "Mục đích", "body": rich_text("<p>Quy định trình tự.</p>")})
    data = nested_form_data(
        {
            "title": "Quy trình tiếp nhận hồ sơ",
            "slug": "quy-trinh-tiep-nhan-ho-so",
            "code": "",
            "document_type": qt().pk,
            "owner_department": org["ccvc"].pk,
            "review_interval_months": "",
            "body": streamfield(body),
            "change_type": "amendment",
            "change_summary": "",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    data["clauses"] = [IsoClause.objects.get(edition="2015", number="7.5.3").pk]  # a list: not nested
    response = client.post(add_url(section), data)
    assert response.status_code == 302, response.context["form"].errors
    document = ControlledDocumentPage.objects.get(title="Quy trình tiếp nhận hồ sơ")
    assert document.code == "QT-01"
    assert [clause.number for clause in document.clauses.all()] == ["7.5.3"]


def test_a_blank_document_or_another_agencys_type(client, org, section):
    client.force_login(org["secretary"])
    blank = client.get(add_url(section, "?document_type="))
    assert blank.context["form"].initial.get("body") in (None, []) or not list(blank.context["form"].initial["body"])
    assert blank.context["form"].initial.get("document_type") is None

    elsewhere = DocumentType.objects.filter(agency=AgencyFactory()).first()
    assert elsewhere is not None
    for asked in (elsewhere.pk, "abc"):
        response = client.get(add_url(section, f"?document_type={asked}"))
        assert "form" not in response.context
        assert "không phải của cơ quan này" in response.content.decode()


def test_each_kind_of_type_has_its_standard_parts_without_configuration(db):
    structures = {t.prefix: [p["heading"] for p in t.starting_structure()] for t in DocumentType.objects.all()}
    assert structures["QT"][:2] == ["Mục đích", "Phạm vi áp dụng"]
    assert "Trình tự thực hiện" in structures["QT"]
    assert structures["STCL"][0] == "Giới thiệu về cơ quan"
    assert structures["MTCL"][1] == "Mục tiêu chất lượng"
    assert "Trình tự thực hiện" not in structures["MTCL"]


def structure_data(items):
    data = {"structure-count": str(len(items))}
    for n, (kind, heading) in enumerate(items):
        data.update(
            {
                f"structure-{n}-value-kind": kind,
                f"structure-{n}-value-heading": heading,
                f"structure-{n}-deleted": "",
                f"structure-{n}-order": str(n),
                f"structure-{n}-id": "",
            }
        )
    return data


def test_the_secretary_edits_a_types_structure(client, org, section):
    client.force_login(org["secretary"])
    document_type = qt()
    url = f"/admin/document_types/edit/{document_type.pk}/"
    shown = client.get(url)
    assert "Cấu trúc chuẩn" in shown.content.decode()
    # Before it was ever edited, the form shows the standard one.
    initial = shown.context["form"].initial["structure"]
    assert [part["heading"] for part in initial][3:5] == ["Định nghĩa và chữ viết tắt", "Nội dung quy trình"]

    data = {
        "name": document_type.name,
        "prefix": "QT",
        "numbering_pattern": document_type.numbering_pattern,
        "review_interval_months": "12",
        **structure_data([("purpose", "Mục đích"), ("content", "Nội dung"), ("steps_table", "")]),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    document_type.refresh_from_db()
    assert document_type.structure == [
        {"kind": "purpose", "heading": "Mục đích"},
        {"kind": "content", "heading": "Nội dung"},
        {"kind": "steps_table", "heading": ""},
    ]
    editor = client.get(add_url(section, f"?document_type={document_type.pk}"))
    assert parts(editor.context["form"].initial["body"]) == [
        ("section", "purpose", "Mục đích"),
        ("section", "content", "Nội dung"),
        ("steps_table", None, "Trình tự thực hiện"),
    ]

    # Posted without the list it is kept as it is; a broken list is refused and changes nothing.
    without = {key: value for key, value in data.items() if not key.startswith("structure-")}
    assert client.post(url, {**without, "name": "Quy trình nội bộ"}).status_code == 302
    document_type.refresh_from_db()
    assert (document_type.name, len(document_type.structure)) == ("Quy trình nội bộ", 3)
    broken = {**data, "name": "Khác"}
    del broken["structure-1-order"]
    response = client.post(url, broken)
    assert response.status_code == 200
    assert "Cấu trúc chuẩn gửi lên không đầy đủ" in str(response.context["form"].errors["structure"])
    document_type.refresh_from_db()
    assert (document_type.name, len(document_type.structure)) == ("Quy trình nội bộ", 3)


OLD_AND_NEW_HEADINGS = [
    ("section", {"kind": "purpose", "heading": "Mục đích", "body": "<p>Quy định trình tự tiếp nhận.</p>"}),
    ("section", {"kind": "scope", "heading": "2. Phạm vi áp dụng", "body": "<p>Áp dụng tại Sở.</p>"}),
    ("section", {"kind": "terms", "heading": "", "body": "<p>CCVC: công chức, viên chức.</p>"}),
    ("section", {"kind": "content", "heading": "IV. Nội dung quy trình", "body": "<p>Như sau.</p>"}),
    (
        "steps_table",
        {
            "heading": "Trình tự thực hiện",
            "processing_time_days": None,
            "steps": [
                {
                    "step": "B1",
                    "action": "Tiếp nhận hồ sơ",
                    "responsible": "Văn thư",
                    "time_days": "0.5",
                    "time_note": "",
                    "result": "",
                }
            ],
        },
    ),
    ("records_kept", {"heading": "6. Hồ sơ lưu", "records": []}),
]
NUMBERED = [
    "1. Mục đích",
    "2. Phạm vi áp dụng",
    "3. Thuật ngữ, định nghĩa và chữ viết tắt",
    "4. Nội dung quy trình",
    "4.1. Trình tự thực hiện",
    "6. Hồ sơ lưu",  # typed so: kept, and the parts after it would count on from it
]


def test_a_document_typed_with_its_numbers_reads_as_typed(make_document):
    typed = [
        ("section", {"kind": "terms", "heading": "4. Thuật ngữ", "body": "<p>TTHC.</p>"}),
        ("legal_basis", {"heading": "5.1. Cơ sở pháp lý", "items": ["Luật Cán bộ, công chức"]}),
        ("section", {"kind": "content", "heading": "5.2. Thành phần hồ sơ", "body": "<p>01 bộ.</p>"}),
        ("records_kept", {"heading": "6. Hồ sơ lưu", "records": []}),
        ("forms", {"heading": "", "forms": []}),
    ]
    document = make_document(body=typed)
    assert headings(render_body(document)) == [
        "4. Thuật ngữ",
        "5.1. Cơ sở pháp lý",
        "5.2. Thành phần hồ sơ",
        "6. Hồ sơ lưu",
        "7. Biểu mẫu",
    ]


def test_parts_are_numbered_on_the_page_and_the_pdf_never_twice(client, org, make_document):
    document = make_document(body=OLD_AND_NEW_HEADINGS)
    assert headings(render_body(document)) == NUMBERED

    issue = issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    reading = client.get(document.url).content.decode()
    for heading in NUMBERED:
        assert f"<h2>{heading}</h2>" in reading
    assert "2. 2." not in reading and "4. IV." not in reading and "6. 6." not in reading

    pdf = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    text = pdf_tools.flat(pdf_tools.run("pdftotext", pdf.file.path, "-"))
    for heading in NUMBERED:
        assert heading in text
    assert "2. 2." not in text and "6. 6." not in text and "4. IV." not in text


def test_an_issue_frozen_before_keeps_its_text(client, org, make_document):
    document = make_document(body=OLD_AND_NEW_HEADINGS[:1])
    frozen = '<section class="doc-section"><h2>Mục đích</h2><div class="rich-text"><p>Văn bản cũ.</p></div></section>'
    issue = IssueFactory(document=document, approved_by=org["approver"], body_html=frozen)
    client.force_login(org["staff"])
    reading = client.get(document.url).content.decode()
    assert "<h2>Mục đích</h2>" in reading and "1. Mục đích" not in reading
    issue.refresh_from_db()
    assert (issue.body_html, issue.body_sha256) == (frozen, sha256_text(frozen))


def clause_groups(client, section):
    form = client.get(add_url(section, "?document_type=")).context["form"]
    return [(group, [label for _pk, label in options]) for group, options in form.fields["clauses"].choices]


def test_the_clauses_are_grouped_by_edition_the_agencys_first(client, org, section):
    client.force_login(org["secretary"])
    groups = clause_groups(client, section)
    assert [group for group, _ in groups] == [
        "TCVN ISO 9001:2015 (bản tiêu chuẩn cơ quan áp dụng)",
        "TCVN ISO 9001:2008",
    ]
    assert all(label.startswith("ISO 9001:2015 – ") for label in groups[0][1])
    assert "ISO 9001:2008 – 4.2.3 Kiểm soát tài liệu" in groups[1][1]
    html = client.get(add_url(section, "?document_type=")).content.decode()
    assert 'data-controller="qms-clause-filter"' in html and "js/clause-filter.js" in html
    assert "Tìm điều khoản" in html

    Agency.objects.filter(pk=first_agency().pk).update(iso_edition="2008")
    assert [group for group, _ in clause_groups(client, section)] == [
        "TCVN ISO 9001:2008 (bản tiêu chuẩn cơ quan áp dụng)",
        "TCVN ISO 9001:2015",
    ]


def test_the_admin_list_of_documents_shows_their_codes(client, org, make_document):
    make_document(code="QT-07", title="Quy trình thi tuyển")
    client.force_login(org["secretary"])
    html = client.get("/admin/controlled_documents/").content.decode()
    row = html[html.index("QT-07") :][:3000]
    assert "Quy trình thi tuyển" in row
    assert re.search(r"<th[^>]*>\s*(<a[^>]*>)?\s*Mã", html)  # the column's heading
