"""The site's colours keep WCAG 2 contrast in both schemes (AA: 4.5:1 for text, 3:1 for focus)."""

import re
from pathlib import Path

import pytest

import microposts.web

STYLE_SHEET = Path(microposts.web.__file__).parent / "static" / "web" / "site.css"
TEXT = [  # (text colour, background) pairs the style sheet puts together
    ("fg", "bg"),
    ("fg", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("accent", "bg"),
    ("accent", "surface"),
    ("accent-fg", "accent"),
    ("danger", "bg"),
    ("bg", "danger"),  # the unread badge
    ("ok", "bg"),
]


def _schemes() -> dict[str, dict[str, str]]:
    css = STYLE_SHEET.read_text(encoding="utf-8")
    light, dark = re.findall(r":root\s*\{([^}]*)\}", css)
    return {
        name: dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        for name, block in [("light", light), ("dark", dark)]
    }


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), TEXT)
def test_text_has_at_least_aa_contrast(scheme: str, text: str, background: str) -> None:
    colours = _schemes()[scheme]

    assert contrast(colours[text], colours[background]) >= 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_outline_stands_out(scheme: str) -> None:
    colours = _schemes()[scheme]

    assert contrast(colours["focus"], colours["bg"]) >= 3.0
    assert contrast(colours["focus"], colours["surface"]) >= 3.0
