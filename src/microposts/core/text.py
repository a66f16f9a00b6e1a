"""Plain-text posts: normalising what people type, finding mentions and hashtags, and rendering.

Rendering escapes first and then adds links, so no user-supplied markup can ever reach a page:
the only tags in the output are the <a> and <br> this module writes itself.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from html import escape

USERNAME_PATTERN = r"[A-Za-z0-9_]{1,30}"
USERNAME_RE = re.compile(rf"\A{USERNAME_PATTERN}\Z")
HASHTAG_MAX_LENGTH = 100

# A mention or hashtag starts at the beginning or after a character that cannot be part of a word,
# so e-mail addresses (ann@example.org) and URL fragments (page#part) are not taken for either.
_MENTION = rf"(?<![\w@/])@(?P<mention>{USERNAME_PATTERN})(?![\w@])"
_HASHTAG = r"(?<![\w#&/])#(?P<hashtag>\w*[^\W\d_]\w*)"
# URLs end before white space, quotes and angle brackets; trailing punctuation is not part of them.
_URL = r"(?P<url>https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}])"
# Extraction and rendering read text through this one scanner, so the mentions and hashtags
# stored for a post are exactly the ones its HTML links ("@annhttps://x.org" names "annhttps").
TOKEN_RE = re.compile(f"{_URL}|{_MENTION}|{_HASHTAG}")


def normalize_text(text: str) -> str:
    """NFC, with line endings unified and surrounding white space trimmed."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", unified).strip()


def _hashtag_name(tag: str | None) -> str | None:
    # Measured in lower case, as stored: "İ".lower() is two characters.
    name = tag.lower() if tag else None
    return name if name and len(name) <= HASHTAG_MAX_LENGTH else None


def extract_mentions(text: str) -> list[str]:
    """Usernames named with @, in order of first appearance, without duplicates (case-folded)."""
    seen: dict[str, str] = {}
    for match in TOKEN_RE.finditer(text):
        if name := match.group("mention"):
            seen.setdefault(name.lower(), name)
    return list(seen.values())


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in lower case, in order of first appearance, without duplicates."""
    tags: dict[str, None] = {}
    for match in TOKEN_RE.finditer(text):
        if name := _hashtag_name(match.group("hashtag")):
            tags.setdefault(name, None)
    return list(tags)


def _link(href: str, label: str, css_class: str) -> str:
    return f'<a href="{escape(href)}" class="{css_class}">{escape(label)}</a>'


def render_html(
    text: str,
    *,
    mentioned: Iterable[str],
    profile_url: Callable[[str], str],
    tag_url: Callable[[str], str],
) -> str:
    """HTML for a post. Only mentions of `mentioned` usernames (existing users) become links,
    to the profile under the username as stored, whatever case the text used."""
    known = {name.lower(): name for name in mentioned}
    parts: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        position = match.end()
        if url := match.group("url"):
            parts.append(
                f'<a href="{escape(url)}" rel="nofollow noopener noreferrer">{escape(url)}</a>'
            )
        elif (name := match.group("mention")) and (stored := known.get(name.lower())):
            parts.append(_link(profile_url(stored), f"@{name}", "mention"))
        elif tag_name := _hashtag_name(match.group("hashtag")):
            parts.append(_link(tag_url(tag_name), match.group(0), "hashtag"))
        else:
            parts.append(escape(match.group(0)))
    parts.append(escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")
