"""The reading page's hand-written queries run as prepared statements on PostgreSQL
(qms.prepared): prepared once per connection, and the page still reads right after a
reconnection or a migration."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms import prepared
from tests.procedures.factories import make_issued_document, steps_body


def prepared_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def document(org, section):
    return make_issued_document(
        section,
        org["approver"],
        title="Thủ tục đăng ký kết hôn",
        code="QT-07",
        department=org["ccvc"],
        body=steps_body(forms=[("BM-07", "Tờ khai đăng ký kết hôn")]),
    )


def read(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    assert "Thủ tục đăng ký kết hôn" in response.text
    assert "QT-07" in response.text
    return response


@pytest.mark.postgres
def test_the_reading_page_executes_its_prepared_query(client, org, document):
    client.force_login(org["staff"])
    read(client, document)
    with CaptureQueriesContext(connection) as first:
        read(client, document)
    with CaptureQueriesContext(connection) as second:
        read(client, document)
    executed = [query["sql"] for query in first if query["sql"].startswith("EXECUTE qms_reading_issues(")]
    assert len(executed) == 1
    # Prepared on the first visit, not again: the second visit makes the same queries.
    assert len(second) == len(first)
    assert "qms_reading_issues" in prepared_names()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(client, org, document):
    client.force_login(org["staff"])
    read(client, document)
    assert "qms_reading_issues" in prepared_names()
    connection.close()  # a new connection knows no prepared statement
    assert "qms_reading_issues" not in prepared_names()
    read(client, document)
    assert "qms_reading_issues" in prepared_names()


@pytest.mark.postgres
def test_a_migration_deallocates_and_the_page_still_reads(client, org, document):
    client.force_login(org["staff"])
    read(client, document)
    etag = read(client, document)["ETag"]
    prepared.deallocate(using="default")  # as before and after a migration
    assert "qms_reading_issues" not in prepared_names()
    # A revisit is still answered from the (re-prepared) state query, a visit in full.
    assert client.get(document.url, headers={"If-None-Match": etag}).status_code == 304
    read(client, document)


def test_statement_names_are_checked_and_sqlite_runs_the_query_as_written(db):
    with pytest.raises(ValueError):
        prepared.statement(connection, "x; DROP TABLE qms_user", "SELECT 1", {})
    sql, params = prepared.statement(
        connection,
        "qms_test",
        "SELECT CAST(%(a)s AS integer) + CAST(%(b)s AS integer) + CAST(%(a)s AS integer)",
        {"a": 1, "b": 2},
    )
    if connection.vendor == "postgresql":
        assert (sql, params) == ("EXECUTE qms_test(%s, %s)", [1, 2])
    else:
        assert params == {"a": 1, "b": 2}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchone() == (4,)
