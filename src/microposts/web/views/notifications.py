"""The signed-in user's notifications."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from microposts.core.errors import NotAuthenticated
from microposts.notifications.selectors import notifications_page
from microposts.notifications.services import notifications_mark_read
from microposts.web.pagination import next_query, page_request
from microposts.web.viewing import from_htmx, reader


def list_notifications(request: HttpRequest) -> HttpResponse:
    """A page of notifications, newest first; those shown are then marked read.

    Marked after rendering, so this page still shows them as new and the count in the
    navigation drops from the next page on. htmx's "Load more" gets only the next items.
    """
    user = reader(request)
    if user is None:
        raise NotAuthenticated("Log in to see your notifications.")
    page = notifications_page(user=user, request=page_request(request))
    context = {
        "notifications": page.items,
        "next_query": next_query(request, page),
        "nav_active": "notifications",
    }
    template = "web/_notifications.html" if from_htmx(request) else "web/notifications.html"
    response = render(request, template, context)
    if page.items:
        notifications_mark_read(user=user, up_to_id=page.items[0].pk, from_id=page.items[-1].pk)
    return response
