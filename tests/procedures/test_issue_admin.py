from tests.procedures.workflow import issue_through_workflow


def test_iso_roles_list_and_inspect_issues_but_nobody_edits_or_deletes_them(client, org, make_document):
    issue = issue_through_workflow(client, org, make_document())
    for role in ("secretary", "approver", "auditor", "head"):
        client.force_login(org[role])
        listing = client.get("/admin/issues/")
        assert listing.status_code == 200, role
        assert "QT-01" in listing.content.decode()
        assert client.get(f"/admin/issues/inspect/{issue.pk}/").status_code == 200
        assert client.get(f"/admin/issues/edit/{issue.pk}/").status_code in (302, 403, 404)
        assert client.post(f"/admin/issues/delete/{issue.pk}/").status_code in (302, 403, 404)
        assert client.get("/admin/issues/add/").status_code in (302, 403, 404)
    issue.refresh_from_db()
    client.force_login(org["staff"])
    assert client.get("/admin/issues/").status_code == 403
