from django.http import HttpRequest, HttpResponse
from django.test import Client

from microposts.web.csp import ContentSecurityPolicyMiddleware, policy_header


def test_the_policy_is_each_directive_with_its_sources() -> None:
    header = policy_header({"default-src": ["'self'"], "img-src": ["'self'", "data:"]})

    assert header == "default-src 'self'; img-src 'self' data:"


def test_every_answer_carries_the_policy_from_the_settings(browser: Client, db: None) -> None:
    for path in ["/", "/login", "/healthz", "/api/no/such/endpoint"]:
        policy = browser.get(path)["Content-Security-Policy"]

        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_a_view_that_sets_its_own_policy_keeps_it() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(HttpRequest())

    assert response["Content-Security-Policy"] == "default-src 'none'"
