"""The explorer's files, without a browser: everything is served locally, the vendored libraries
are the ones package-lock.json pins, and no file of ours points at the internet."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

VIZ = Path(__file__).resolve().parents[1] / "viz"
STATIC = VIZ / "static"
OWN_FILES = sorted(p for p in STATIC.rglob("*") if p.is_file() and "vendor" not in p.parts)
# Not a request: the namespace every inline SVG must declare.
ALLOWED_URLS = {"http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def client():
    import warnings

    from api.app import create_app
    from graph.embedded import EmbeddedStore

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(store=EmbeddedStore()))


def test_index_and_every_asset_it_names_are_served(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    html = page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "index.html 应引用脚本和样式"
    for url in assets:
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/"), f"资源必须由本服务提供: {url}"
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.content, url


def test_every_module_import_resolves(client):
    for path in OWN_FILES:
        if path.suffix != ".js":
            continue
        for target in re.findall(r'from\s+"(\.[^"]+)"', path.read_text(encoding="utf-8")):
            resolved = (path.parent / target).resolve()
            assert resolved.is_file(), f"{path.name} 引用了不存在的模块 {target}"
            url = "/static/" + resolved.relative_to(STATIC).as_posix()
            assert client.get(url).status_code == 200, url


def test_no_file_of_ours_points_at_the_internet():
    for path in OWN_FILES:
        text = path.read_text(encoding="utf-8")
        urls = set(re.findall(r"https?://[^\s\"'<>)`]+", text)) - ALLOWED_URLS
        assert not urls, f"{path.relative_to(VIZ)} 含有外部地址: {urls}"
        # Protocol-relative URLs (//cdn…) load from the internet too.
        assert not re.search(r"""(?:src|href)\s*=\s*["']//""", text), path
        assert "@import" not in text and "@font-face" not in text, f"{path.name}: 不得加载网络字体或外部样式"


def test_css_uses_system_fonts_with_cjk_fallbacks():
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    for font in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert font in css


def test_vendored_versions_match_the_lock_file():
    lock = json.loads((VIZ / "package-lock.json").read_text(encoding="utf-8"))
    vendored = json.loads((STATIC / "vendor" / "versions.json").read_text(encoding="utf-8"))
    for package, version in vendored.items():
        assert lock["packages"][f"node_modules/{package}"]["version"] == version, package
        assert (STATIC / "vendor" / "licenses" / f"{package}.LICENSE").is_file()


def test_vendored_files_are_the_npm_files():
    if not (VIZ / "node_modules").is_dir():
        pytest.skip("viz/node_modules 不存在（运行 cd viz && npm ci 后可比对 static/vendor）")
    result = subprocess.run([sys.executable, str(VIZ / "vendor.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_strings_are_chinese():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    # Visible text between tags, placeholders and titles: every one has Chinese in it.
    texts = [t.strip() for t in re.findall(r">([^<>]+)<", html) if t.strip()]
    texts += re.findall(r'(?:placeholder|title|aria-label)="([^"]+)"', html)
    latin_only = [t for t in texts if not re.search(r"[\u4e00-\u9fff]", t) and not re.fullmatch(r"[\d\s.,:%/-]*", t)]
    allowed = {"CSV"}
    assert set(latin_only) <= allowed, latin_only
