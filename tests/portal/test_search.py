"""Search at /search/: accent-insensitive Vietnamese, loose codes, ranking,
highlighted snippets, filters and pages."""

import pytest

from procedures.models import DocumentType
from tests.procedures.factories import steps_body
from tests.qms.factories import DepartmentFactory


@pytest.fixture
def staff_client(client, org):
    client.force_login(org["staff"])
    return client


def result_codes(response):
    return [result["issue"].code for result in response.context["results"]]


def test_words_typed_without_diacritics_find_the_vietnamese_text(staff_client, issued):
    issued("Đăng ký kết hôn", code="QT-05")
    issued("Quy định về tuyển dụng công chức", code="QT-06")
    assert result_codes(staff_client.get("/search/", {"q": "dang ky ket hon"})) == ["QT-05"]
    assert result_codes(staff_client.get("/search/", {"q": "DANG KY KET HON"})) == ["QT-05"]
    assert "QT-06" in result_codes(staff_client.get("/search/", {"q": "quy dinh"}))
    # đ/Đ fold to d, accents typed or not give the same results
    assert result_codes(staff_client.get("/search/", {"q": "Đăng ký"})) == ["QT-05"]
    assert result_codes(staff_client.get("/search/", {"q": "tuyen dung"})) == ["QT-06"]


@pytest.mark.parametrize("typed", ["qt05", "QT 05", "QT-05", "qt-05", "QT.05"])
def test_codes_match_however_they_are_typed(staff_client, issued, typed):
    issued("Đăng ký kết hôn", code="QT-05")
    issued("Cấp bản sao", code="QT-06")
    assert result_codes(staff_client.get("/search/", {"q": typed})) == ["QT-05"]


def test_form_codes_and_titles_are_searchable(staff_client, issued):
    issued(
        "Tuyển dụng viên chức",
        code="QT-07",
        body=steps_body(forms=[("BM-07-02", "Phiếu đăng ký dự tuyển")]),
    )
    assert result_codes(staff_client.get("/search/", {"q": "bm0702"})) == ["QT-07"]
    assert result_codes(staff_client.get("/search/", {"q": "BM-07-02"})) == ["QT-07"]
    assert result_codes(staff_client.get("/search/", {"q": "phieu dang ky du tuyen"})) == ["QT-07"]


def test_title_and_code_matches_rank_above_body_matches(staff_client, issued):
    # Created first and mentioning the words many times in its body only.
    issued("Cấp bản sao văn bản", code="QT-01", body=steps_body(action="Thủ tục đăng ký " * 20))
    issued("Thủ tục đăng ký hội", code="QT-02")
    issued("Quy trình khác", code="QT-03", body=steps_body(action="thủ tục đăng ký"))
    codes = result_codes(staff_client.get("/search/", {"q": "thu tuc dang ky"}))
    assert codes[0] == "QT-02"
    assert sorted(codes[1:]) == ["QT-01", "QT-03"]
    assert result_codes(staff_client.get("/search/", {"q": "qt03"}))[0] == "QT-03"


def test_results_show_a_highlighted_snippet_and_escape_everything(staff_client, issued):
    issued(
        "<script>alert(1)</script> Đăng ký hộ tịch",
        code="QT-08",
        body=steps_body(action="Tiếp nhận <b>hồ sơ</b> đăng ký & kiểm tra"),
    )
    response = staff_client.get("/search/", {"q": "dang ky"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Đăng ký</mark> hộ tịch" in html
    assert "<mark>đăng ký</mark> &amp; kiểm tra" in html
    assert "&lt;b&gt;hồ sơ&lt;/b&gt;" in html


def test_filters_by_department_and_type(staff_client, issued, org):
    other = DepartmentFactory(name="Văn phòng một cửa", code="mc")
    guide = DocumentType.objects.get_or_create(prefix="HD", defaults={"name": "Hướng dẫn"})[0]
    issued("Đăng ký kết hôn", code="QT-11")
    issued("Đăng ký khai sinh", code="QT-12", department=other)
    issued("Hướng dẫn đăng ký", code="HD-01", document_type=guide)
    assert sorted(result_codes(staff_client.get("/search/", {"q": "dang ky"}))) == ["HD-01", "QT-11", "QT-12"]
    by_department = staff_client.get("/search/", {"q": "dang ky", "department": other.pk})
    assert result_codes(by_department) == ["QT-12"]
    by_type = staff_client.get("/search/", {"q": "dang ky", "type": guide.pk})
    assert result_codes(by_type) == ["HD-01"]
    # A filter alone browses that part of the library, by code.
    assert result_codes(staff_client.get("/search/", {"department": org["ccvc"].pk})) == ["HD-01", "QT-11"]


def test_results_are_paginated(staff_client, issued):
    for number in range(25):
        issued(f"Thủ tục số {number}", code=f"QT-{number + 10:02d}", index=False)
    issued("Thủ tục cuối", code="QT-99")
    first = staff_client.get("/search/", {"q": "thu tuc"})
    second = staff_client.get("/search/", {"q": "thu tuc", "page": 2})
    assert first.context["page_obj"].paginator.count == 26
    assert len(first.context["results"]) == 20 and len(second.context["results"]) == 6
    assert not set(result_codes(first)) & set(result_codes(second))
    assert "?q=thu+tuc&amp;page=2" in first.content.decode()
    # Out-of-range or nonsense page numbers land on a real page.
    assert result_codes(staff_client.get("/search/", {"q": "thu tuc", "page": 99})) == result_codes(second)
    assert result_codes(staff_client.get("/search/", {"q": "thu tuc", "page": "x"})) == result_codes(first)


def test_bad_input_gets_a_translated_error_and_no_results(staff_client, issued):
    issued("Đăng ký kết hôn", code="QT-05")
    response = staff_client.get("/search/", {"q": "dang ky", "department": "abc"})
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert response.context["form"].errors["department"]
    assert "Đơn vị: Hãy chọn một lựa chọn hợp lệ. abc không phải" in response.content.decode()
    assert "<mark>" not in response.content.decode()
    response = staff_client.get("/search/", {"q": "--- !!!"})
    assert response.context["searched"] is False
    assert "Hãy gõ ít nhất một chữ cái hoặc chữ số." in response.content.decode()


def test_search_requires_sign_in(client, issued):
    issued("Đăng ký kết hôn", code="QT-05")
    response = client.get("/search/", {"q": "dang ky"})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_empty_search_page_shows_the_form(staff_client):
    response = staff_client.get("/search/")
    assert response.status_code == 200 and response.context["searched"] is False
