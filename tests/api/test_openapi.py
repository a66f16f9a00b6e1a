"""The API documents itself: an OpenAPI document generated from the code, and a docs page."""

import json
import re

from django.test import Client

from tests.conftest import ApiClient

# The book's fourteen endpoints (BOOK.md §2), as OpenAPI paths and methods.
ENDPOINTS = {
    ("/api/token", "post"),
    ("/api/token", "delete"),
    ("/api/users/{username}", "get"),
    ("/api/users/{username}/collection", "get"),
    ("/api/users/{username}/collection", "post"),
    ("/api/users/{username}/collection/{post_id}", "get"),
    ("/api/users/{username}/collection/{post_id}", "put"),
    ("/api/users/{username}/collection/{post_id}", "patch"),
    ("/api/users/{username}/collection/{post_id}", "delete"),
    ("/api/users/{username}/timeline", "get"),
    ("/api/users/{username}/following", "get"),
    ("/api/users/{username}/following", "post"),
    ("/api/users/{username}/following/{other}", "delete"),
    ("/api/users/{username}/followers", "get"),
    ("/api/search", "get"),
}
# Beyond the book: the task-manager issue's daily statistics, open to anyone.
PUBLIC_EXTRAS = {("/api/stats/daily", "get"), ("/api/version", "get")}


def openapi() -> dict[str, object]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, object] = json.loads(response.content)
    return document


def test_the_openapi_document_lists_every_endpoint_of_the_book(db: None):
    document = openapi()

    assert str(document["openapi"]).startswith("3.")
    paths = document["paths"]
    assert isinstance(paths, dict)
    listed = {(path, method) for path, operations in paths.items() for method in operations}
    assert listed == ENDPOINTS | PUBLIC_EXTRAS
    for extra, method in PUBLIC_EXTRAS:
        assert not paths[extra][method].get("security")


def test_the_openapi_document_asks_for_a_bearer_token_everywhere_but_login(db: None):
    paths = openapi()["paths"]
    assert isinstance(paths, dict)

    for path, method in ENDPOINTS:
        security = paths[path][method].get("security")
        if (path, method) == ("/api/token", "post"):
            assert not security
        else:
            assert security == [{"BearerToken": []}], (path, method)


def test_the_openapi_document_describes_the_micropost_resource(db: None):
    schemas = openapi()["components"]["schemas"]  # type: ignore[index]

    assert set(schemas["MicropostOut"]["properties"]) == {
        "id",
        "href",
        "user",
        "text",
        "timestamp",
        "referenced",
    }
    assert schemas["MicropostOut"]["properties"]["id"]["type"] == "string"
    assert set(schemas["UserOut"]["properties"]) == {"username", "collection"}
    assert set(schemas["Message"]["properties"]) == {"message"}


def test_the_openapi_document_offers_a_form_and_json_login(db: None):
    login = openapi()["paths"]["/api/token"]["post"]  # type: ignore[index]

    assert set(login["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded",
        "application/json",
    }


def test_the_docs_page_answers_without_a_token(db: None):
    response = Client().get("/api/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"openapi.json" in response.content


def test_the_interactive_docs_load_every_asset_from_this_server(anonymous: ApiClient) -> None:
    response = anonymous.get("/api/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert assets, "the docs page names its scripts and styles"
    assert all(asset.startswith("/static/") for asset in assets), assets
