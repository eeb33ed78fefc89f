from qms.models import IsoClause


def test_both_editions_are_loaded_with_vietnamese_and_english_titles(db):
    clause = IsoClause.objects.get(edition="2008", number="4.2.3")
    assert (clause.title_vi, clause.title_en) == ("Kiểm soát tài liệu", "Control of documents")
    assert IsoClause.objects.filter(edition="2015").count() >= 40


def test_each_clause_finds_its_counterparts_in_the_other_edition(db):
    old = IsoClause.objects.get(edition="2008", number="4.2.3")
    assert {c.number for c in old.corresponds_to.all()} == {"7.5.2", "7.5.3"}
    new = IsoClause.objects.get(edition="2015", number="7.5.3")
    assert {c.number for c in new.corresponds_to.all()} == {"4.2.3", "4.2.4"}
    assert {c.number for c in IsoClause.objects.get(edition="2015", number="9.2").corresponds_to.all()} == {"8.2.2"}
