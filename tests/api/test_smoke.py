from tests.api.helpers import bearer, make_client


def test_documents_list(client, province):
    api_client, token = make_client(province["a"].agency, "documents")
    response = client.get("/api/v1/documents/", **bearer(token))
    assert response.status_code == 200, response.content
    print(response.json())
