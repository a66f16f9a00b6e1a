"""Rendering shared by the website's list pages."""

from html import escape
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from microposts.core.pagination import Page
from microposts.web.pagination import next_query
from microposts.web.viewing import from_htmx, marks_for


def feed_response(
    request: HttpRequest, template: str, page: Page[Any], context: dict[str, Any]
) -> HttpResponse:
    """A list of posts; to htmx's "Load more" request, only the next items and their own link.

    `page` holds objects with `.post` and `.reposted_by` (TimelineEntry or FeedEntry). The
    reader's likes and reposts of those posts (`marks`) are read here, for every list alike.
    """
    context = {
        **context,
        "entries": page.items,
        "next_query": next_query(request, page),
        "marks": marks_for(request, (entry.post for entry in page.items)),
    }
    return render(request, "web/_feed.html" if from_htmx(request) else template, context)


def status_update(message: str) -> str:
    """Markup that htmx swaps into the page's status region (base.html's live region, id
    "status") beside the fragment it asked for, so a screen reader hears what changed."""
    return (
        '<div id="status" hx-swap-oob="innerHTML">'
        f'<p class="message message-success">{escape(message)}</p></div>'
    )
