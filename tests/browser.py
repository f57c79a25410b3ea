"""Headless Chromium for the explorer's end-to-end tests: Debian's browser, driven by Playwright.

Playwright's own browser download does not work on our machines (and must never run here), so
the tests use Debian's `chromium` package. When it is missing and we are root with apt-get, the
project installs it itself, once, under a lock; otherwise the tests skip and say why. A CJK font
(fonts-wqy-microhei) comes with it when the machine has none, or every label in the screenshots
would be a row of empty boxes; its absence alone never skips a test.

Every request the page makes goes through ``context.route("**/*")``: anything that is not
127.0.0.1/localhost is aborted and recorded, and the test that made it fails (checked right
after the test body, in the call phase, so it is a failure and not a teardown error). The
explorer must work on an intranet with no internet, so a single CDN or font request is a bug.

Test modules load this file as a plugin (``pytest_plugins = ["browser"]``) to get its fixtures
and that check. The app is served by uvicorn on 127.0.0.1 from a graph of the real corpus list
L05 plus the project's sample roster, 审管联动 list (so that chains have supervisors) and 属地管理
list (so that a territorial gap shows beside the broken chains), and the corpus laws (so that a
row's 依据 leads to article text).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
SAMPLES = REPO / "ingest" / "samples"
GRAPH_FILES = [L05, SAMPLES / "广安区_部门名册.csv", SAMPLES / "示例_审管联动清单.csv",
               SAMPLES / "示例_属地管理主体责任和配合责任清单.csv", CORPUS / "laws"]
REGION = "511602"
SCREENSHOTS = REPO / "screenshots"
INSTALL_LOG = SCREENSHOTS / "chromium-install.log"
# One lock for every pytest process on the machine: two concurrent apt-get runs fail on dpkg's lock.
INSTALL_LOCK = Path(tempfile.gettempdir()) / "dutygraph-chromium-install.lock"

# Without the background-networking flags Chromium phones home at start, and this machine's
# closed network refuses those connections many at a time. Playwright itself adds --headless,
# --no-sandbox and a fresh temporary --user-data-dir to every launch().
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}

_install_failure: str | None = None


CJK_FONT_PACKAGE = "fonts-wqy-microhei"


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


def _missing_packages() -> list[str]:
    missing = [] if CHROMIUM.exists() else ["chromium"]
    if not _has_cjk_font():
        missing.append(CJK_FONT_PACKAGE)
    return missing


def _apt_install() -> str | None:
    """Install Debian's chromium (and a CJK font); return None on success or a reason to skip."""
    SCREENSHOTS.mkdir(exist_ok=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(INSTALL_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = _missing_packages()  # another process may have installed them while we waited
        if not missing:
            return None
        with open(INSTALL_LOG, "a", encoding="utf-8") as log:
            for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", *missing]):
                log.write(f"\n$ {' '.join(cmd)}\n")
                log.flush()
                rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
                if rc != 0:
                    return f"`{' '.join(cmd)}` 失败（退出码 {rc}），详见 {INSTALL_LOG}"
    if not CHROMIUM.exists():
        return f"apt-get 安装完成但找不到 {CHROMIUM}，详见 {INSTALL_LOG}"
    return None


def ensure_chromium() -> str:
    """Path of Debian's chromium, installing it if we may; pytest.skip with the reason otherwise."""
    global _install_failure
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("未安装 Python 包 playwright：pip install -e '.[test]'")
    can_install = os.geteuid() == 0 and shutil.which("apt-get") is not None
    if _install_failure is None:
        if not _missing_packages():
            _install_failure = ""
        elif can_install:
            _install_failure = _apt_install() or ""
        elif not CHROMIUM.exists():
            _install_failure = (f"找不到 {CHROMIUM}，且当前不是 root 或没有 apt-get，无法自动安装："
                                "请安装 Debian 的 chromium 包（apt-get install chromium）")
        else:
            _install_failure = ""  # a missing CJK font only spoils the screenshots
    if not CHROMIUM.exists():
        pytest.skip(_install_failure or f"找不到 {CHROMIUM}")
    return str(CHROMIUM)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in LOCAL_HOSTS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an ASGI app on 127.0.0.1 in a background thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="viz-uvicorn", daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn 未能在 20 秒内启动")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


class OfflineGuard:
    """Aborts and remembers every request that would leave the machine, and the page's script errors."""

    def __init__(self) -> None:
        self.offenders: list[str] = []
        self.page_errors: list[str] = []
        self.requests = 0

    def handle(self, route, request) -> None:  # playwright's Route, Request
        self.requests += 1
        if is_local(request.url):
            route.continue_()
        else:
            self.offenders.append(request.url)
            route.abort("blockedbyclient")

    def check(self) -> None:
        assert not self.offenders, f"页面请求了本机以外的地址: {self.offenders}"
        assert not self.page_errors, f"页面脚本出错: {self.page_errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    guard = getattr(item, "funcargs", {}).get("offline_guard")
    if guard is not None:
        guard.check()
    return result


@pytest.fixture(scope="session")
def viz_store():
    """The real L05 list with the sample roster, 审管联动 and 属地管理 lists of 广安区 and the laws, in memory."""
    from graph.embedded import EmbeddedStore
    from ingest.dispatch import ingest_paths

    missing = [p for p in GRAPH_FILES if not p.exists()]
    if missing:
        pytest.fail(f"找不到测试数据: {missing}（测试需要仓库旁边的 ../shared/corpus）")
    store = EmbeddedStore()
    report = ingest_paths(store, GRAPH_FILES)
    assert not report.failed, report.summary_zh()
    return store


@pytest.fixture(scope="session")
def live_url(viz_store) -> Iterator[str]:
    from api.app import create_app

    with LiveServer(create_app(store=viz_store)) as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return ensure_chromium()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def offline_guard() -> OfflineGuard:
    return OfflineGuard()


@pytest.fixture()
def page(browser, offline_guard: OfflineGuard) -> Iterator[object]:
    """A fresh page in its own context, every request routed through the offline guard."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                  locale="zh-CN")
    context.route("**/*", offline_guard.handle)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.on("pageerror", lambda exc: offline_guard.page_errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


# ---- helpers the tests share ---------------------------------------------------------------
def wait_idle(pg, timeout: float = 30_000) -> None:
    """Until the page has nothing loading (app.js keeps body[data-busy] up to date)."""
    pg.wait_for_function("document.body.dataset.busy === '0'", timeout=timeout)


def open_page(pg, base: str, query: str = "") -> None:
    pg.goto(f"{base}/{query}")
    wait_idle(pg)


def choose_suggestion(pg, text: str, expect: str | None = None) -> str:
    """Type into the search box, wait for suggestions, choose the one containing ``expect``."""
    pg.fill("#search", "")
    pg.type("#search", text, delay=20)
    option = pg.locator("#suggestions li[data-index]", has_text=expect or text).first
    option.wait_for()
    name = option.locator(".s-name").inner_text()
    option.click()
    wait_idle(pg)
    return name


def node_count(pg) -> int:
    return pg.evaluate("window.dutygraph.explorer.cy.nodes().length")


def visible_count(pg) -> int:
    return pg.evaluate("window.dutygraph.explorer.cy.nodes().not('.hidden').length")


def node_screen_point(pg, node_id: str, cy: str = "explorer") -> tuple[float, float]:
    """Page coordinates of a node's centre, for real mouse clicks on the canvas."""
    box = pg.evaluate(
        """([id, which]) => { const cy = window.dutygraph[which].cy; const n = cy.getElementById(id);
             const r = cy.container().getBoundingClientRect(); const p = n.renderedPosition();
             return [r.left + p.x, r.top + p.y]; }""", [node_id, cy])
    return box[0], box[1]


def center_on(pg, node_id: str, cy: str = "explorer") -> None:
    """Centre and zoom the view on a node so that a click cannot land on a neighbour."""
    pg.evaluate("([id, which]) => { const cy = window.dutygraph[which].cy; cy.zoom(1.2); cy.center(cy.getElementById(id)); }",
                [node_id, cy])


def screenshot(pg, name: str) -> Path:
    """Save a full-window screenshot under screenshots/ (kept out of git) and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path
