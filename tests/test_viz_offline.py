"""The offline guard itself: a request off the machine is caught, blocked and fails the test.

Without this check, "no test saw an external request" could also mean "the guard saw nothing"."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import OfflineGuard, is_local, open_page  # noqa: E402

pytest_plugins = ["browser"]


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:8000/static/app.js", True),
    ("http://localhost:8000/", True),
    ("data:image/svg+xml;utf8,<svg/>", True),
    ("blob:http://127.0.0.1:8000/1234", True),
    ("https://cdn.jsdelivr.net/npm/cytoscape", False),
    ("https://fonts.googleapis.com/css2?family=Noto+Sans+SC", False),
    ("http://127.0.0.1.example.com/", False),
    ("http://10.0.0.1/", False),
])
def test_is_local(url, local):
    assert is_local(url) is local


def test_guard_blocks_and_reports_an_external_request(page, live_url, offline_guard):
    open_page(page, live_url)
    local_requests = offline_guard.requests
    assert local_requests > 5, "页面的脚本、样式和接口请求都应经过拦截"
    outcome = page.evaluate("""() => fetch('https://cdn.example.com/lib.js').then(() => 'loaded', () => 'blocked')""")
    assert outcome == "blocked"
    assert offline_guard.offenders == ["https://cdn.example.com/lib.js"]
    with pytest.raises(AssertionError, match="本机以外"):
        offline_guard.check()
    # This test made the request on purpose; the others must not.
    offline_guard.offenders.clear()


def test_guard_reports_script_errors():
    guard = OfflineGuard()
    guard.page_errors.append("TypeError: x is undefined")
    with pytest.raises(AssertionError, match="脚本出错"):
        guard.check()
