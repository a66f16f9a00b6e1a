"""The signed-in user's notifications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from microposts.notifications.selectors import notifications_page
from microposts.notifications.services import notifications_mark_shown
from microposts.web.pagination import next_query, page_request
from microposts.web.viewing import from_htmx, signed_in


@require_safe
@login_required
def list_notifications(request: HttpRequest) -> HttpResponse:
    """A page of notifications, newest first; those shown are then marked read.

    Marked after rendering, so this page still shows them as new and the count in the
    navigation drops from the next page on. htmx's "Load more" gets only the next items.
    """
    user = signed_in(request)
    page = notifications_page(user=user, request=page_request(request))
    context = {
        "notifications": page.items,
        "next_query": next_query(request, page),
        "nav_active": "notifications",
    }
    template = "web/_notifications.html" if from_htmx(request) else "web/notifications.html"
    response = render(request, template, context)
    notifications_mark_shown(user=user, shown=page.items)
    return response
