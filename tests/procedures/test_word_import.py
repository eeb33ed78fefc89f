"""Importing an agency's Word procedures: what each table becomes, merged cells, drafts, and every bad input."""

import io
import shutil
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from procedures.models import ControlledDocumentPage, LegacyRecord
from procedures.wordio import drafts
from procedures.wordio.files import Entry, ImportRefused, docx_of, entries_of
from procedures.wordio.reading import read_docx
from tests.procedures.word_samples import procedure_docx, zip_of


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (their Vietnamese is checked by tests/qms/test_translations.py)."""
    with translation.override("en"):
        yield


def test_each_table_kind_is_read_into_its_fields():
    read = read_docx(procedure_docx(), "qt07.docx")
    assert read.errors == []
    assert (read.code, read.title, read.edition, read.amendment) == (
        "QT-07",
        "Quy trình cấp giấy phép hoạt động",
        3,
        1,
    )
    assert read.effective_date == date(2024, 3, 15)
    assert [(s["role"], s["name"], s["title"]) for s in read.signers] == [
        ("prepared", "Nguyễn Văn An", "Chuyên viên"),
        ("reviewed", "Trần Thị Bình", "Trưởng phòng"),
        ("approved", "Lê Văn Cường", "Giám đốc"),
    ]
    assert [(a["date"], a["location"], a["content"], a["edition"]) for a in read.amendments] == [
        ("2019-01-02", "Toàn bộ", "Ban hành lần đầu", "01/00"),
        ("2022-06-10", "Mục 5", "Rút ngắn thời gian thẩm định", "03/01"),
    ]
    kinds = [(kind, value.get("kind")) for kind, value in read.body]
    assert kinds == [
        ("section", "purpose"),
        ("section", "scope"),
        ("section", "references"),
        ("section", "terms"),
        ("section", "content"),
        ("table", None),
        ("section", "content"),
        ("image", None),
        ("steps_table", None),
        ("records_kept", None),
    ]
    sections = [value for kind, value in read.body if kind == "section"]
    assert sections[0]["heading"] == "Mục đích"  # numbering stripped, capitals as a sentence
    assert "<b>trình tự</b>" in sections[0]["body"] and "<i>cách thức</i>" in sections[0]["body"]
    assert sections[1]["body"] == "<ul><li>Phòng Hành chính – Tư pháp</li><li>Bộ phận Một cửa</li></ul>"
    records = dict(read.body)["records_kept"]["records"]
    assert [(r["record"], r["keeper"], r["retention"]) for r in records] == [
        ("Đơn đề nghị", "Phòng HCTP", "05 năm"),
        ("Giấy phép", "Văn thư", "Lâu dài"),
    ]
    assert len(read.images) == 1 and read.images[0][0] == "image/png"


def test_merged_cells_are_resolved():
    read = read_docx(procedure_docx(), "qt07.docx")
    steps = dict(read.body)["steps_table"]
    # "Phòng HCTP" is drawn once across B2 and B3: both steps get it.
    assert [(s["step"], s["responsible"]) for s in steps["steps"]][1:3] == [("B2", "Phòng HCTP"), ("B3", "Phòng HCTP")]
    assert [(s["time_days"], s["time_note"]) for s in steps["steps"]] == [
        (Decimal("0.5"), ""),
        (Decimal("6"), ""),
        (Decimal("1"), ""),
        (Decimal("2"), ""),
        (None, "Giờ hành chính"),
    ]
    assert steps["heading"] == "Trình tự thực hiện" and steps["processing_time_days"] == Decimal("10")
    table = dict(read.body)["table"]
    assert table["mergeCells"] == [{"row": 1, "col": 1, "rowspan": 1, "colspan": 2}]
    assert table["data"][1][:2] == ["Đơn đề nghị", "01 bản"]


def test_steps_over_the_processing_time_are_flagged():
    read = read_docx(procedure_docx(processing_days="5"), "qt07.docx")
    assert read.warnings and "9,5" in read.warnings[0] and "5" in read.warnings[0]


def test_a_legal_basis_list_becomes_the_legal_basis_block():
    read = read_docx(procedure_docx(legal_basis=True), "qt07.docx")
    legal = dict(read.body)["legal_basis"]
    assert legal == {
        "heading": "Căn cứ pháp lý",
        "items": ["Luật Cán bộ, công chức năm 2008", "Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa"],
    }
    assert any(part.became == "Legal basis: 2 documents" for part in read.parts)


@pytest.mark.parametrize("layout", ["list", "table"])
def test_a_list_or_table_of_forms_becomes_the_forms_block(layout):
    read = read_docx(procedure_docx(forms=layout), "qt07.docx")
    forms = dict(read.body)["forms"]
    expected = {
        "list": [("BM.01-QT.07", "Đơn đề nghị cấp giấy phép"), ("Mẫu số 02", "Phiếu kiểm tra hồ sơ")],
        "table": [("BM.01-QT.07", "Đơn đề nghị"), ("BM.02-QT.07", "Phiếu kiểm tra")],
    }[layout]
    assert [(form["code"], form["title"]) for form in forms["forms"]] == expected
    assert forms["heading"] in ("Biểu mẫu", "Danh mục biểu mẫu")
    assert not [value for kind, value in read.body if kind == "table"][1:]  # the forms table is not kept as a table


def test_a_forms_section_that_lists_no_codes_stays_text():
    read = read_docx(procedure_docx(forms="prose"), "qt07.docx")
    assert "forms" not in dict(read.body)
    last = read.body[-1]
    assert last[0] == "section" and "mẫu do Bộ Nội vụ" in last[1]["body"]


def test_imported_legal_basis_and_forms_are_saved_as_their_blocks(org, section):
    entries = [Entry("qt09.docx", procedure_docx(code="QT-09", legal_basis=True, forms="list"))]
    results = drafts.create_drafts(org["secretary"], section, drafts.plan(org["secretary"], section, entries))
    page = results[0][1]
    draft = page.get_latest_revision_as_object()
    blocks = {block.block_type: block.value for block in draft.body}
    assert list(blocks["legal_basis"]["items"])[1].startswith("Nghị định 61/2018")
    assert [form["code"] for form in blocks["forms"]["forms"]] == ["BM.01-QT.07", "Mẫu số 02"]


def test_import_creates_drafts_with_their_paper_original(org, section):
    secretary = org["secretary"]
    entries = entries_of(
        "batch.zip", zip_of({"qt07.docx": procedure_docx(), "qt08.docx": procedure_docx(code="QT-08")})
    )
    plans = drafts.plan(secretary, section, entries)
    assert [p.error for p in plans] == ["", ""]
    assert not ControlledDocumentPage.objects.filter(code__in=["QT-07", "QT-08"]).exists()  # the preview writes nothing
    results = drafts.create_drafts(secretary, section, plans)
    pages = [page for _item, page, _error in results]
    assert all(pages)
    page = ControlledDocumentPage.objects.get(code="QT-07")
    assert not page.live and page.has_unpublished_changes and page.issues.count() == 0
    draft = page.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body][:5] == ["section"] * 5
    steps = [block.value for block in draft.body if block.block_type == "steps_table"][0]
    assert len(steps["steps"]) == 5 and steps["processing_time_days"] == Decimal("10")
    image = [block.value for block in draft.body if block.block_type == "image"][0]["image"]
    assert image.collection_id == section.get_parent().specific.agency.collection_id or image.collection_id
    legacy = LegacyRecord.objects.get(document=page)
    assert (legacy.in_force, legacy.edition, legacy.amendment, legacy.effective_date) == (
        True,
        3,
        1,
        date(2024, 3, 15),
    )
    assert [s["name"] for s in legacy.signers] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert legacy.history.count() == 1


def test_the_first_electronic_issue_continues_the_paper_numbering(client, org, section):
    from tests.procedures.workflow import issue_through_workflow
    from tests.qms.factories import SecretaryFactory

    # The secretary who imported is an author of the draft: a second secretary reviews it.
    importer = SecretaryFactory(username="thuky2", department=org["ccvc"])
    plans = drafts.plan(importer, section, [Entry("qt07.docx", procedure_docx())])
    page = drafts.create_drafts(importer, section, plans)[0][1]
    issue = issue_through_workflow(client, org, page, change_summary="Chuyển sang điện tử")
    assert (issue.edition, issue.amendment) == (3, 2)
    plans = drafts.plan(importer, section, [Entry("qt09.docx", procedure_docx(code="QT-09"))])
    page2 = drafts.create_drafts(importer, section, plans)[0][1]
    issue2 = issue_through_workflow(client, org, page2, change_type="new_edition", change_summary="Lần 4")
    assert (issue2.edition, issue2.amendment) == (4, 0)


def test_a_code_already_taken_is_refused_and_the_others_go_on(org, section, make_document):
    make_document(title="Đã có", code="QT-07")
    plans = drafts.plan(
        org["secretary"],
        section,
        [
            Entry("a.docx", procedure_docx()),
            Entry("b.docx", procedure_docx(code="QT-08")),
            Entry("c.docx", procedure_docx(code="QT-08")),
        ],
    )
    assert "QT-07" in plans[0].error and "already taken" in plans[0].error
    assert plans[1].ok
    assert "QT-08" in plans[2].error  # twice in the same batch
    results = drafts.create_drafts(org["secretary"], section, plans)
    assert [page is not None for _i, page, _e in results] == [False, True, False]


def test_a_code_with_no_document_type_is_refused(org, section):
    plans = drafts.plan(org["secretary"], section, [Entry("x.docx", procedure_docx(code="ZZ-01"))])
    assert "ZZ-01" in plans[0].error


def test_a_section_the_user_cannot_edit_is_refused(org, section):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        drafts.plan(org["staff"], section, [Entry("a.docx", procedure_docx())])
    with pytest.raises(PermissionDenied):
        drafts.plan(org["other_head"], section, [Entry("a.docx", procedure_docx())])


def _refusal(entry):
    with pytest.raises(ImportRefused) as caught:
        docx_of(entry)
    return str(caught.value)


def test_not_a_word_file():
    assert "Word" in _refusal(Entry("a.docx", b"%PDF-1.4\n%...\n"))
    assert "Word" in _refusal(Entry("a.docx", b"just some text, not a document at all"))


def test_an_encrypted_file():
    from qms.uploads import OLE_MAGIC

    data = OLE_MAGIC + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert "password" in _refusal(Entry("a.docx", data))


def test_a_macro_enabled_file():
    source = zipfile.ZipFile(io.BytesIO(procedure_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"\0" * 64)
    assert "macros" in _refusal(Entry("a.docm", buffer.getvalue()))


def test_a_zip_bomb_and_a_zip_of_thousands_are_refused(settings):
    bomb = zip_of({"a.docx": b"\0" * (50 * 1024 * 1024)})
    with pytest.raises(ImportRefused, match="bomb"):
        entries_of("bomb.zip", bomb)
    many = zip_of({f"f{i}.docx": b"x" for i in range(3000)})
    with pytest.raises(ImportRefused, match="3000"):
        entries_of("many.zip", many)
    # A .docx that is itself a bomb is refused by the upload checks.
    docx_bomb = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (60 * 1024 * 1024)})
    assert "bomb" in _refusal(Entry("a.docx", docx_bomb))


def test_a_bad_file_in_a_zip_does_not_stop_the_others(org, section):
    entries = entries_of(
        "batch.zip", zip_of({"notes.txt": b"hello", "broken.docx": b"PK\x03\x04broken", "qt07.docx": procedure_docx()})
    )
    plans = drafts.plan(org["secretary"], section, entries)
    by_name = {p.name: p for p in plans}
    assert "Word" in by_name["notes.txt"].error
    assert by_name["broken.docx"].error
    assert by_name["qt07.docx"].ok


def test_missing_libreoffice_is_named(monkeypatch):
    from procedures.wordio import files

    monkeypatch.setattr(files, "soffice_path", lambda: None)
    with pytest.raises(ImportRefused, match="libreoffice-writer-nogui"):
        files.convert_to_docx(b"\xd0\xcf\x11\xe0", "a.doc")


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: .ci/system-packages installs libreoffice-writer-nogui",
)
def test_a_doc_file_is_converted_by_libreoffice(tmp_path):
    import subprocess

    source = tmp_path / "qt07.docx"
    source.write_bytes(procedure_docx(image=False))
    subprocess.run(  # noqa: S603 (a fixed command on the test's own file)
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    read = read_docx(docx_of(Entry("qt07.doc", (tmp_path / "qt07.doc").read_bytes())), "qt07.doc")
    assert (read.code, read.edition, read.amendment) == ("QT-07", 3, 1)
    steps = dict(read.body)["steps_table"]["steps"]
    assert [s["responsible"] for s in steps][1:3] == ["Phòng HCTP", "Phòng HCTP"]


def test_management_command_dry_run_and_import(org, section, tmp_path, capsys):
    path = tmp_path / "batch.zip"
    path.write_bytes(zip_of({"qt07.docx": procedure_docx(), "qt08.docx": procedure_docx(code="QT-08")}))
    call_command("import_documents", str(path), section=str(section.pk), user="thuky", dry_run=True)
    out = capsys.readouterr().out
    assert "QT-07" in out and "nothing was written" in out
    assert not ControlledDocumentPage.objects.filter(code="QT-07").exists()
    call_command("import_documents", str(path), section=section.slug, user="thuky")
    assert set(ControlledDocumentPage.objects.filter(code__in=["QT-07", "QT-08"]).values_list("code", flat=True)) == {
        "QT-07",
        "QT-08",
    }
    with pytest.raises(CommandError):
        call_command("import_documents", str(path), section=section.slug, user="nhanvien")


def test_admin_upload_preview_then_confirm(client, org, section):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org["secretary"])
    upload = SimpleUploadedFile("batch.zip", zip_of({"qt07.docx": procedure_docx(), "bad.docx": b"nothing"}))
    response = client.post(
        "/admin/qms/word-import/", {"section": section.pk, "file": upload, "in_force": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    plans = {p.name: p for p in response.context["plans"]}
    assert plans["qt07.docx"].ok and not plans["bad.docx"].ok
    assert "Bạn sẽ là người soạn thảo của các bản dự thảo này" in response.content.decode()
    assert not ControlledDocumentPage.objects.filter(code="QT-07").exists()
    token = response.context["token"]

    # Another secretary cannot confirm someone else's upload.
    from tests.qms.factories import SecretaryFactory

    client.force_login(SecretaryFactory(username="thuky3", department=org["ccvc"]))
    assert client.post("/admin/qms/word-import/confirm/", {"token": token}).status_code in (302, 403)
    assert not ControlledDocumentPage.objects.filter(code="QT-07").exists()
    assert client.post("/admin/qms/word-import/confirm/", {"token": token + "x"}).status_code == 302

    client.force_login(org["secretary"])
    response = client.post("/admin/qms/word-import/confirm/", {"token": token})
    assert response.status_code == 200
    page = ControlledDocumentPage.objects.get(code="QT-07")
    assert not page.live
    assert [error for _plan, created, error in response.context["results"] if created is None][0]
    # The upload is gone once used.
    assert client.post("/admin/qms/word-import/confirm/", {"token": token}).status_code == 302


def test_only_an_iso_secretary_sees_the_import(client, org):
    client.force_login(org["head"])
    assert client.get("/admin/qms/word-import/").status_code in (302, 403)
    client.force_login(org["secretary"])
    assert client.get("/admin/qms/word-import/").status_code == 200


def test_the_scanned_paper_original_is_attached_and_the_numbers_corrected_before_the_first_issue(client, org, section):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = drafts.create_drafts(
        org["secretary"], section, drafts.plan(org["secretary"], section, [Entry("a.docx", procedure_docx())])
    )[0][1]
    client.force_login(org["secretary"])
    url = f"/admin/qms/paper-original/{page.pk}/"
    assert client.get(url).status_code == 200
    scan = SimpleUploadedFile("ban-goc.pdf", b"%PDF-1.4 scan\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        url, {"in_force": "on", "edition": "4", "amendment": "0", "effective_date": "2023-05-01", "scanned_pdf": scan}
    )
    assert response.status_code == 302
    legacy = LegacyRecord.objects.get(document=page)
    assert legacy.scanned_pdf.name.endswith(".pdf") and (legacy.edition, legacy.amendment) == (4, 0)
    assert legacy.history.count() == 2  # the correction is kept in the history
    scan_url = f"/admin/qms/paper-original/{page.pk}/scan/"
    assert b"".join(client.get(scan_url).streaming_content).startswith(b"%PDF")
    word = SimpleUploadedFile("ban-goc.pdf", procedure_docx(), content_type="application/pdf")
    response = client.post(url, {"in_force": "on", "edition": "4", "amendment": "0", "scanned_pdf": word})
    assert response.status_code == 200 and response.context["form"].errors["scanned_pdf"]
    client.force_login(org["staff"])
    assert client.get(url).status_code in (302, 403)
    assert client.get(scan_url).status_code in (302, 403, 404)
