from django.test import Client


def test_healthz_answers_while_the_process_is_up(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_the_bench_ceiling_view_is_not_mounted_by_default(client: Client) -> None:
    assert client.get("/_bench/bare").status_code == 404
