"""The app server's process: its start-up objects frozen, young collections made rarer."""

from pathlib import Path

from microposts.ops.runtime import GC_YOUNG_THRESHOLD
from tests.helpers import child_environment, run_microposts


def test_loading_the_wsgi_application_tunes_the_garbage_collector(tmp_path: Path) -> None:
    code = (
        "import gc; before = gc.get_freeze_count(); import microposts.config.wsgi; "
        "print(before, gc.get_freeze_count(), gc.get_threshold()[0])"
    )
    shown = run_microposts("shell", "-c", code, environment=child_environment(tmp_path))

    assert shown.returncode == 0, shown.stderr
    before, frozen, threshold = (int(word) for word in shown.stdout.split()[-3:])
    assert before == 0
    assert frozen > 50_000  # Django, the app and every view module
    assert threshold == GC_YOUNG_THRESHOLD
