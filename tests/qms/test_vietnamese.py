from qms import vietnamese


def test_fold_removes_every_diacritic_including_d_with_stroke():
    assert vietnamese.fold("Đăng ký kết hôn – Quy định") == "Dang ky ket hon – Quy dinh"
    assert vietnamese.fold("ĐGNB đánh giá") == "DGNB danh gia"


def test_slug_keeps_every_letter():
    assert vietnamese.slug("Quy trình hành động khắc phục") == "quy-trinh-hanh-dong-khac-phuc"
