from procedures.search.vietnamese import code_variants, fold, fold_with_offsets


def test_fold_removes_diacritics_and_d_stroke_and_separators():
    assert fold("Đăng ký  KẾT HÔN (QT-05)") == "dang ky ket hon qt 05"
    assert fold("Quy định đường Ỹ") == "quy dinh duong y"
    assert fold("— … !!") == ""


def test_codes_are_indexed_together_and_apart():
    assert code_variants("QT-05").split() == ["qt", "05", "qt05"]
    assert set(code_variants("BM.QT01.02").split()) >= {"bm", "qt01", "02", "qt", "01", "bmqt0102"}


def test_offsets_point_back_into_the_accented_text():
    folded, offsets = fold_with_offsets("Đăng ký")
    start = folded.index("ky")
    assert "Đăng ký"[offsets[start] : offsets[start + 1] + 1] == "ký"
