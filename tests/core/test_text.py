import html
import re
from collections.abc import Iterable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from microposts.core.text import (
    HASHTAG_MAX_LENGTH,
    extract_hashtags,
    extract_mentions,
    normalize_text,
    render_html,
)

# The only markup render_html may write: its own links and line breaks.
OUR_LINK = re.compile(
    r'<a href="(?P<href>[^"<>]*)"'
    r'(?: class="(?:mention|hashtag)"| rel="nofollow noopener noreferrer")>'
    r"(?P<label>[^<>]*)</a>"
)
SAFE_HREF = re.compile(r"\A(?:https?://|/@|/tags/)")

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6a;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "<a href='https://example.org'>x</a>",
    "<b",
    "</a>",
    "<br>",
    "<!--",
    "&lt;",
    "&amp;",
    '"',
    "'",
    "`",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'><script>",
    "http://example.org/a?b=1&c=<2>",
    "https://",
    "http://x",
    "//evil.example",
    "@ann",
    "@Ann",
    "@bob",
    "@",
    "#tag",
    "#Tag",
    "#",
    "#123",
    "&",
    ";",
    "\n",
    "\r\n",
    " ",
    ".",
    "/",
    "é",
    "e\u0301",
]
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=5)), max_size=12).map("".join),
)


def render(text: str, mentioned: Iterable[str] = ()) -> str:
    return render_html(
        text,
        mentioned=mentioned,
        profile_url=lambda username: f"/@{username}",
        tag_url=lambda tag: f"/tags/{tag}",
    )


def without_our_markup(rendered: str) -> str:
    return OUR_LINK.sub(lambda link: link.group("label"), rendered).replace("<br>", "\n")


def links_of(rendered: str, css_class: str) -> list[str]:
    return re.findall(rf'<a href="[^"]*" class="{css_class}">[@#]([^<]*)</a>', rendered)


class TestNormalizeText:
    def test_composes_a_letter_and_its_combining_accent_into_one_character(self) -> None:
        assert normalize_text("caf" + "e\u0301") == "caf\u00e9"

    def test_turns_windows_and_old_mac_line_endings_into_newlines(self) -> None:
        assert normalize_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"

    def test_trims_white_space_around_the_text_but_keeps_it_inside(self) -> None:
        assert normalize_text(" \t\r\n  two  words \n\n ") == "two  words"

    def test_leaves_nothing_of_white_space_only_text(self) -> None:
        assert normalize_text(" \r\n\t\u00a0\u2003 ") == ""


class TestExtractMentions:
    def test_finds_usernames_named_with_an_at_sign_in_order(self) -> None:
        assert extract_mentions("@ann, meet @bob_2 (and @cy).") == ["ann", "bob_2", "cy"]

    def test_does_not_take_an_email_address_for_a_mention(self) -> None:
        assert extract_mentions("write to ann@example.org or bob@example.org") == []

    @pytest.mark.parametrize(
        "text",
        [
            "https://example.org/@ann",
            "see http://example.org/?who=@ann.",
            "https://example.org/profile/@ann/posts",
        ],
    )
    def test_does_not_take_part_of_a_url_for_a_mention(self, text: str) -> None:
        assert extract_mentions(text) == []

    def test_names_each_user_once_whatever_the_case_keeping_the_first_spelling(self) -> None:
        assert extract_mentions("@Ann @ann @ANN @bob @Bob") == ["Ann", "bob"]

    def test_takes_a_username_of_thirty_characters(self) -> None:
        assert extract_mentions(f"hi @{'a' * 30}!") == ["a" * 30]

    def test_ignores_a_name_longer_than_thirty_characters_rather_than_cutting_it(self) -> None:
        assert extract_mentions(f"hi @{'a' * 31}!") == []

    def test_does_not_take_a_name_glued_to_a_word_or_another_at_sign(self) -> None:
        assert extract_mentions("abc@ann @@bob @cy@dan") == []


class TestExtractHashtags:
    def test_finds_hashtags_in_lower_case_once_each_in_order(self) -> None:
        assert extract_hashtags("#Python and #django, #PYTHON! #python") == ["python", "django"]

    @pytest.mark.parametrize("text", ["#2024", "#_", "#1_000", "#", "# space"])
    def test_needs_a_letter(self, text: str) -> None:
        assert extract_hashtags(text) == []

    def test_may_start_with_a_digit_when_it_has_a_letter(self) -> None:
        assert extract_hashtags("#2024recap") == ["2024recap"]

    def test_accepts_letters_of_any_script(self) -> None:
        assert extract_hashtags("#Café #Ελλάδα #日本") == ["café", "ελλάδα", "日本"]

    @pytest.mark.parametrize(
        "text",
        [
            "https://example.org/page#section",
            "example.org/page#section",
            "see https://example.org/#top.",
            "&#x6a;avascript",  # an HTML character reference is not a hashtag
        ],
    )
    def test_does_not_take_a_url_fragment_for_a_hashtag(self, text: str) -> None:
        assert extract_hashtags(text) == []

    def test_takes_a_hashtag_of_the_maximum_length_and_ignores_a_longer_one(self) -> None:
        longest = "a" * HASHTAG_MAX_LENGTH

        assert extract_hashtags(f"#{longest} #{longest}b") == [longest]

    def test_measures_the_maximum_length_in_lower_case(self) -> None:
        # "İ" lower-cases to two characters: the stored (lower-case) name must fit the column.
        tag = "İ" * (HASHTAG_MAX_LENGTH // 2 + 1)

        assert extract_hashtags(f"#{tag}") == []
        assert "hashtag" not in render(f"#{tag}")


class TestRenderHtml:
    def test_escapes_a_script_element(self) -> None:
        assert render("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"

    def test_escapes_an_attempt_to_break_out_of_an_attribute(self) -> None:
        assert render('"><img src=x onerror=alert(1)>') == (
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6a;avascript&#58;alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "ftp://example.org/file",
            "//example.org/path",
            "www.example.org",
        ],
    )
    def test_links_no_url_but_http_and_https(self, text: str) -> None:
        rendered = render(text)

        assert "<a" not in rendered
        assert rendered == html.escape(text)

    def test_links_http_and_https_urls_with_rel_nofollow(self) -> None:
        rendered = render("http://example.org and https://example.org/a/b?c=d")

        assert rendered == (
            '<a href="http://example.org" rel="nofollow noopener noreferrer">'
            "http://example.org</a> and "
            '<a href="https://example.org/a/b?c=d" rel="nofollow noopener noreferrer">'
            "https://example.org/a/b?c=d</a>"
        )

    def test_ends_a_url_before_trailing_punctuation(self) -> None:
        rendered = render("(see https://example.org/page).")

        assert rendered.endswith('">https://example.org/page</a>).')

    def test_ends_a_url_at_a_quote_so_it_cannot_add_attributes(self) -> None:
        rendered = render('https://example.org/"onmouseover="alert(1)')

        assert rendered == (
            '<a href="https://example.org/" rel="nofollow noopener noreferrer">'
            "https://example.org/</a>&quot;onmouseover=&quot;alert(1)"
        )

    def test_escapes_an_ampersand_inside_a_linked_url(self) -> None:
        rendered = render("https://example.org/?a=1&b=2")

        assert 'href="https://example.org/?a=1&amp;b=2"' in rendered

    def test_escapes_broken_markup(self) -> None:
        assert render("<a href='x") == "&lt;a href=&#x27;x"

    def test_links_a_mention_only_of_a_known_user(self) -> None:
        rendered = render("@ann and @bob", mentioned=["ann"])

        assert rendered == '<a href="/@ann" class="mention">@ann</a> and @bob'

    def test_links_a_mention_of_a_known_user_whatever_its_case(self) -> None:
        assert links_of(render("hi @ANN", mentioned=["ann"]), "mention") == ["ANN"]

    def test_links_a_hashtag_to_its_lower_case_page_keeping_the_typed_label(self) -> None:
        assert render("#DjangoCon") == '<a href="/tags/djangocon" class="hashtag">#DjangoCon</a>'

    def test_does_not_link_a_mention_or_hashtag_inside_a_url(self) -> None:
        rendered = render("https://example.org/@ann#top", mentioned=["ann"])

        assert rendered.count("<a ") == 1
        assert 'href="https://example.org/@ann#top"' in rendered

    def test_turns_newlines_into_line_breaks(self) -> None:
        assert render("one\ntwo\n\nthree") == "one<br>two<br><br>three"

    @given(text=TEXTS, data=st.data())
    @settings(max_examples=300)
    @example(text='"><img src=x onerror=alert(1)>@ann', data=None)
    @example(text="<scr<script>ipt>https://x.org/'\"><b>#x", data=None)
    def test_no_markup_but_its_own_links_and_line_breaks_ever_comes_out(
        self, text: str, data: st.DataObject | None
    ) -> None:
        names = extract_mentions(text)
        known = data.draw(st.lists(st.sampled_from(names))) if data and names else names

        rendered = render(text, mentioned=known)

        plain = without_our_markup(rendered)
        assert "<" not in plain
        assert ">" not in plain
        assert all(SAFE_HREF.match(link.group("href")) for link in OUR_LINK.finditer(rendered))
        assert html.unescape(plain) == text

    @given(text=TEXTS)
    @settings(max_examples=300)
    @example(text="@annhttps://example.org")  # a name glued to a URL: both sides saw "ann" once
    @example(text="#taghttps://example.org")
    @example(text="@Ann @ann #Tag #tag https://example.org/@bob#tag")
    def test_links_exactly_the_mentions_and_hashtags_that_extraction_finds(self, text: str) -> None:
        mentions = extract_mentions(text)

        rendered = render(text, mentioned=mentions)

        linked_mentions = {name.lower() for name in links_of(rendered, "mention")}
        linked_hashtags = {tag.lower() for tag in links_of(rendered, "hashtag")}
        assert linked_mentions == {name.lower() for name in mentions}
        assert linked_hashtags == set(extract_hashtags(text))


def test_a_mention_links_to_the_username_as_stored_whatever_case_was_typed() -> None:
    html = render_html(
        "hello @ANN",
        mentioned=["Ann"],
        profile_url=lambda name: f"/@{name}",
        tag_url=lambda tag: f"/tags/{tag}",
    )
    assert html == 'hello <a href="/@Ann" class="mention">@ANN</a>'
