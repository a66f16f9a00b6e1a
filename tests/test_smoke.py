from tests.conftest import ApiClient
from tests.factories import PostFactory


def test_a_logged_in_user_reads_a_collection(api: ApiClient, user) -> None:
    PostFactory(author=user, text="hello world")
    response = api.send("GET", f"/api/users/{user.username}/collection")
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["result"]] == ["hello world"]
