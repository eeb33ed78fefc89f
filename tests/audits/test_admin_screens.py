"""The admin screens of the internal audits menu open, show clause counterparts,
and refuse bad input with a clear message."""

import datetime

from django.urls import reverse

from audits.models import Audit, ChecklistItem
from qms.models import IsoClause
from tests.audits.factories import FindingFactory, QuestionFactory


def test_every_screen_opens_for_the_lead_auditor(client, auditor, action, item):
    client.force_login(auditor)
    audit = action.finding.audit
    urls = (
        [reverse(f"audits_{name}:index") for name in ("programme", "audit", "question", "finding", "action")]
        + [reverse(f"audits_{name}:add") for name in ("programme", "audit", "question", "finding", "action")]
        + [
            reverse("audits_audit:edit", args=[audit.pk]),
            reverse("audits_finding:edit", args=[action.finding.pk]),
            reverse("audits_action:edit", args=[action.pk]),
            reverse("audits_finding:add") + f"?item={item.pk}",
            reverse("audits:checklist", args=[audit.pk]),
            reverse("audits:action_list") + "?overdue=1",
        ]
    )
    for url in urls:
        assert client.get(url).status_code == 200, url
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("audits_action:index") in menu


def test_audit_page_cites_each_clause_with_its_counterpart(client, secretary, running_audit, finding):
    client.force_login(secretary)
    page = client.get(reverse("audits_audit:detail", args=[running_audit.pk])).content.decode()
    assert "9.2" in page and "2008: 8.2.2" in page
    assert finding.number in page


def test_a_plan_with_an_auditor_of_the_audited_department_is_refused_naming_them(
    client, auditor, programme, inspection
):
    client.force_login(auditor)
    response = client.post(
        reverse("audits_audit:add"),
        {
            "programme": programme.pk,
            "title": "Tự đánh giá",
            "scope": "S",
            "criteria": "C",
            "edition": "2015",
            "departments": [inspection.pk],
            "planned_start": "2026-05-01",
            "planned_end": "2026-05-02",
            "lead_auditor": auditor.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phạm Thị Mai" in page and "Thanh tra Sở" in page
    assert not Audit.objects.exists()


def test_checklist_is_built_from_the_library_once_and_extended_by_hand(client, auditor, audit, clause_92, audited):
    QuestionFactory(clause=clause_92, text="Có chương trình đánh giá năm không?")
    QuestionFactory(clause=clause_92, text="Câu hỏi cũ", active=False)
    client.force_login(auditor)
    build = reverse("audits_audit:checklist_build", args=[audit.pk])
    assert client.post(build, {"clauses": [clause_92.pk]}).status_code == 302
    assert client.post(build, {"clauses": [clause_92.pk]}).status_code == 302
    assert list(audit.items.values_list("question", flat=True)) == ["Có chương trình đánh giá năm không?"]
    add = reverse("audits_audit:checklist_add", args=[audit.pk])
    response = client.post(add, {"question": ""})
    assert response.status_code == 400
    assert audit.items.count() == 1
    client.post(add, {"question": "Hồ sơ có được lưu đúng thời hạn?", "clause": clause_92.pk, "department": audited.pk})
    assert list(audit.items.values_list("position", flat=True)) == [1, 2]


def test_clauses_of_the_other_edition_are_refused_on_the_plan(client, auditor, programme, audited):
    client.force_login(auditor)
    clause_2008 = IsoClause.objects.get(edition="2008", number="8.2.2")
    response = client.post(
        reverse("audits_audit:add"),
        {
            "programme": programme.pk,
            "title": "T",
            "scope": "S",
            "criteria": "C",
            "edition": "2015",
            "departments": [audited.pk],
            "clauses": [clause_2008.pk],
            "planned_start": "2026-05-01",
            "planned_end": "2026-05-02",
            "lead_auditor": auditor.pk,
        },
    )
    assert response.status_code == 200
    assert "8.2.2" in response.content.decode()
    assert not Audit.objects.exists()


def test_finding_proposed_from_a_nonconforming_item_is_prefilled(client, auditor, item, audited):
    item.department = audited
    item.save()
    item.record(auditor, ChecklistItem.Result.NONCONFORMITY, evidence="Thiếu biên bản họp")
    client.force_login(auditor)
    runner = client.get(reverse("audits:checklist_item", args=[item.audit_id, item.position])).content.decode()
    assert f"?item={item.pk}" in runner
    form = client.get(reverse("audits_finding:add") + f"?item={item.pk}").context["form"]
    assert form.initial["evidence"] == "Thiếu biên bản họp"
    assert form.initial["kind"] == "minor_nc"
    assert form.initial["department"] == audited.pk


def test_raising_an_action_with_a_past_due_date_is_refused(client, auditor, finding, owner):
    client.force_login(auditor)
    url = reverse("audits_finding:raise_action", args=[finding.pk])
    response = client.post(url, {"owner": owner.pk, "due_date": "2001-01-01"}, follow=True)
    assert "quá khứ" in response.content.decode() or "past" in response.content.decode()
    finding.refresh_from_db()
    assert finding.corrective_action_or_none is None
    client.post(url, {"owner": owner.pk, "due_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()})
    finding.refresh_from_db()
    assert finding.corrective_action.owner == owner


def test_counterparts_are_found_from_either_edition(db):
    from audits.clauses import counterpart_label

    assert counterpart_label(IsoClause.objects.get(edition="2015", number="9.2")) == "2008: 8.2.2"
    assert counterpart_label(IsoClause.objects.get(edition="2008", number="8.3")) == "2015: 8.7, 10.2"


def _ids(html):
    import re

    return re.findall(r'\sid="([^"]+)"', html)


def test_each_form_on_an_action_page_has_its_own_field_ids_and_iso_dates(
    client, auditor, second_auditor, action, owner
):
    from django.utils import timezone

    action.plan(owner, correction="Bổ sung", root_cause="Chưa có mẫu", action_plan="Ban hành mẫu")
    client.force_login(owner)
    html = client.get(reverse("audits:action_detail", args=[action.pk])).content.decode()
    assert 'id="plan_reason"' in html and 'id="implement_reason"' in html  # the plan and the report, both shown
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)

    action.implement(owner, implementation="Đã ban hành", similar_checked="Không có")
    client.force_login(second_auditor)
    html = client.get(reverse("audits:action_detail", args=[action.pk])).content.decode()
    # A date field shows its value in the ISO form the browser's date picker reads.
    assert f'type="date" name="verified_on" value="{timezone.localdate().isoformat()}"' in html


def test_raising_actions_for_two_findings_uses_distinct_field_ids(client, auditor, finding, audited, clause_92):
    FindingFactory(audit=finding.audit, department=audited, description="Thiếu sổ theo dõi", evidence="")
    client.force_login(auditor)
    html = client.get(reverse("audits_audit:detail", args=[finding.audit_id])).content.decode()
    assert html.count("Lập phiếu hành động khắc phục") == 2
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_portal_menu_names_corrective_actions_once_on_every_audit_page(client, auditor, action, item):
    client.force_login(auditor)
    for url in (
        reverse("audits:action_list"),
        reverse("audits:action_detail", args=[action.pk]),
        reverse("audits:checklist", args=[item.audit_id]),
        reverse("audits:checklist_item", args=[item.audit_id, item.position]),
    ):
        html = client.get(url).content.decode()
        nav = html[html.index('<nav class="site-header__nav"') : html.index("</nav>")]
        assert nav.count(f'href="{reverse("audits:action_list")}"') == 1, url


def test_an_audit_dated_in_another_year_than_its_programme_is_refused(client, auditor, programme, audited):
    """ĐGNB-<year>-NN comes from the programme: an audit of next year cannot take this year's number."""
    client.force_login(auditor)
    next_year = programme.year + 1
    response = client.post(
        reverse("audits_audit:add"),
        {
            "programme": programme.pk,
            "title": "Đánh giá nội bộ",
            "scope": "S",
            "criteria": "C",
            "edition": "2015",
            "departments": [audited.pk],
            "planned_start": f"{next_year}-03-02",
            "planned_end": f"{next_year}-03-03",
            "lead_auditor": auditor.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Cuộc đánh giá này bắt đầu năm {next_year}" in page
    assert f"chương trình năm {programme.year}" in page
    assert not Audit.objects.exists()


def test_the_audit_number_in_the_list_opens_the_audit_page_even_when_closed(client, auditor, audit):
    client.force_login(auditor)
    listing = client.get(reverse("audits_audit:index")).content.decode()
    detail = reverse("audits_audit:detail", args=[audit.pk])
    assert f'href="{detail}"' in listing
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.CLOSED)
    listing = client.get(reverse("audits_audit:index")).content.decode()
    assert f'href="{detail}"' in listing
    assert reverse("audits_audit:edit", args=[audit.pk]) not in listing
    assert client.get(detail).status_code == 200


def test_recording_a_finding_with_no_audit_in_progress_says_what_to_do(client, auditor, audit):
    client.force_login(auditor)
    page = client.get(reverse("audits_finding:add")).content.decode()
    assert "Bắt đầu đánh giá" in page
    audit.start(auditor)
    response = client.get(reverse("audits_finding:add"))
    # The only audit she can record in is chosen for her.
    assert response.context["form"].initial["audit"] == audit.pk
