"""The example's HTML reports in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe`` (commands on fd 3, replies on fd 4, each a
JSON message ended by a NUL byte), so no port and no extra package is needed. The tests assert
that a report loads with no console error, that every request stays on the machine (only
``file:`` and ``data:`` URLs), and that every chart is drawn with a non-zero size; then, at 1366
px (a laptop), at 390 px (a phone) and laid out for A4 print: no table and no chart is wider than
its container, no text is smaller than 9 px on the phone, and the one-page summary ends on the
first A4 page (and the PDF is made). The comparison report is checked the same way. A page is
read once its load event has fired and its console has been quiet for ``SETTLE`` seconds.

Where no Chromium binary exists the tests are skipped with the reason, unless the environment
sets ``BALANSPLAN_REQUIRE_CHROMIUM=1`` (``.ci/run`` does): then they fail. With
``REPORT_SCREENSHOT_DIR`` set, the tops of the reports are saved there as ``report-<lang>.png``,
``report-<lang>-phone.png`` and ``compare-<lang>.png``: ``docs/img/`` is made by
``REPORT_SCREENSHOT_DIR=docs/img python -m pytest tests/test_browser.py``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from optimizer import load_scenario, solve
from optimizer.report.html.compare import render_compare_html
from optimizer.report.html.plan import render_html

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
WIDTH = 1366  # a laptop
PHONE = 390  # a phone (CSS pixels)
A4_WIDTH, A4_HEIGHT = 718, 1016  # A4 less the report's print margins (12 and 14 mm), at 96 px/in
MIN_FONT_PX = 9.0
SETTLE = 0.25  # seconds without a console message or request before a page counts as settled


def chromium_binary() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class Browser:
    """A headless Chromium and a minimal DevTools client over its debugging pipe."""

    def __init__(self, binary: str, profile: Path):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire,  # noqa: PLW1509 (single-threaded test)
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer, self._next_id, self.events = b"", 0, []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send a command and wait for its reply; events that arrive meanwhile are kept."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(timeout=20.0)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20.0) -> dict:
        """The first event ``method`` (already received, or the next to come)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event.get("method") == method:
                    return event
            seen = len(self.events)
            self.events.append(self._receive(timeout=max(deadline - time.monotonic(), 0.01)))

    def _receive(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_chrome], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("no message from Chromium")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed its debugging pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError, ConnectionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


def open_page(browser: Browser, url: str) -> tuple[str, list[dict]]:
    """Open ``url`` in a new tab, wait for its load event; the session and its events."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    start = len(browser.events)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired")
    settle(browser, session)
    events = [e for e in browser.events[start:] if e.get("sessionId") == session]
    return session, events


NOISY = ("Runtime.consoleAPICalled", "Log.entryAdded", "Runtime.exceptionThrown")


def settle(browser: Browser, session: str, timeout: float = 10.0) -> None:
    """Wait until the page's document is complete and no console message, exception or request
    has arrived for ``SETTLE`` seconds (instead of a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = evaluate(browser, session, "document.readyState")
        seen = len(browser.events)
        try:
            while True:
                event = browser._receive(timeout=SETTLE)  # noqa: SLF001
                browser.events.append(event)
                if event.get("method") in NOISY or event.get("method", "").startswith("Network."):
                    break
        except TimeoutError:
            if state == "complete" and len(browser.events) >= seen:
                return
    raise TimeoutError("the page did not settle")


def evaluate(browser: Browser, session: str, expression: str) -> object:
    reply = browser.send(
        "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
    )
    return reply["result"].get("value")


def screenshot(
    browser: Browser, session: str, path: Path, height: int | None = None, width: int = WIDTH
) -> None:
    """A PNG of the page at ``width`` pixels: the whole page, or its top ``height`` pixels."""
    set_view(browser, session, width, 900)
    full = int(evaluate(browser, session, "document.documentElement.scrollHeight"))
    shown = min(height or full, full)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": shown, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    data = browser.send(
        "Page.captureScreenshot",
        {"format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": shown, "scale": 1}},
        session=session,
    )["data"]
    path.write_bytes(base64.b64decode(data))


def problems(events: list[dict]) -> tuple[list[str], list[str]]:
    """Console errors and exceptions; URLs of requests that are neither file: nor data:."""
    errors, remote = [], []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(json.dumps(params.get("exceptionDetails", {}))[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append(json.dumps(params.get("args", []))[:300])
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:")):
                remote.append(url)
    return errors, remote


def need_chromium() -> str:
    """The Chromium binary; skipped (with the reason) without one, failed where CI requires it."""
    binary = chromium_binary()
    if binary is None:
        reason = "no Chromium binary (install Debian's chromium: apt-get install -y chromium)"
        if os.environ.get("BALANSPLAN_REQUIRE_CHROMIUM") == "1":
            pytest.fail(reason + "; BALANSPLAN_REQUIRE_CHROMIUM=1 requires it")
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="module")
def example_results():
    return solve(load_scenario())


def set_view(browser: Browser, session: str, width: int, height: int, media: str = "screen"):
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    browser.send("Emulation.setEmulatedMedia", {"media": media}, session=session)
    settle(browser, session)


# Every table and chart (SVG) against the element it sits in: wider means cut off or spilling.
OVERFLOW = """JSON.stringify([...document.querySelectorAll('table, svg.chart')].filter(e => {
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).map(e => {
  const box = e.parentElement.getBoundingClientRect(), r = e.getBoundingClientRect();
  return [e.tagName + ' ' + (e.closest('section') ? e.closest('section').querySelector('h2,h3')
          ?.textContent : ''), Math.round(r.width), Math.round(box.width),
          Math.round(r.right - document.documentElement.clientWidth)]; })
  .filter(([_, w, box, out]) => w > box + 1 || out > 1))"""

# The rendered size of every visible text: HTML by computed font size, SVG text by its box
# height (its font size scaled with the chart).
SMALL_TEXT = """JSON.stringify((() => { const small = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg') || !e.childNodes.length) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const r = e.getBoundingClientRect();
    if (own && r.width > 0 && parseFloat(getComputedStyle(e).fontSize) < %(min)s)
      small.push([e.tagName, e.textContent.trim().slice(0, 30), getComputedStyle(e).fontSize]);
  }
  for (const svg of document.querySelectorAll('svg.chart')) {
    const r = svg.getBoundingClientRect(); if (!r.width) continue;
    const scale = r.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (t.textContent.trim() && size < %(min)s) small.push(['svg', t.textContent.slice(0, 30),
        size.toFixed(1)]);
    }
  }
  return small; })())""".replace("%(min)s", str(MIN_FONT_PX))


def check_page(browser: Browser, binary_page: Path, summary: bool) -> dict:
    """Open ``binary_page``; assert no errors, nothing remote, the layout at each width; return
    the sizes found."""
    session, events = open_page(browser, binary_page.as_uri())
    errors, remote = problems(events)
    assert errors == [], errors
    assert remote == [], f"requests leaving the machine: {remote}"
    assert [e for e in events if e.get("method") == "Network.requestWillBeSent"]
    found = {"session": session}
    for width in (WIDTH, PHONE):
        set_view(browser, session, width, 900)
        spill = json.loads(evaluate(browser, session, OVERFLOW))
        assert spill == [], f"wider than their containers at {width} px: {spill}"
    small = json.loads(evaluate(browser, session, SMALL_TEXT))
    assert small == [], f"text under {MIN_FONT_PX} px at {PHONE} px: {small[:10]}"
    set_view(browser, session, A4_WIDTH, A4_HEIGHT, "print")
    spill = json.loads(evaluate(browser, session, OVERFLOW))
    assert spill == [], f"wider than their containers in A4 print: {spill}"
    if summary:
        bottom = evaluate(
            browser,
            session,
            "document.querySelector('[data-key=summary]').getBoundingClientRect().bottom"
            " + window.scrollY",
        )
        assert 0 < bottom <= A4_HEIGHT, f"the summary ends at {bottom} px, after page 1"
        following = evaluate(
            browser,
            session,
            "getComputedStyle(document.querySelector('[data-key=summary]')).breakAfter",
        )
        assert following == "page"  # what follows starts on page 2
    pdf = base64.b64decode(
        browser.send(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
            session=session,
        )["data"]
    )
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") >= 0
    found["pages"] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    set_view(browser, session, WIDTH, 900)
    return found


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_report_in_chromium(lang: str, example_results, tmp_path: Path) -> None:
    binary = need_chromium()
    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(example_results, lang), encoding="utf-8")
    browser = Browser(binary, tmp_path / "profile")
    try:
        found = check_page(browser, page, summary=True)
        session = found["session"]
        assert 2 <= found["pages"] <= 12, found["pages"]
        sizes = evaluate(
            browser,
            session,
            "JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {"
            "const r = s.getBoundingClientRect(); return [r.width, r.height]; })"
            ".filter(([w, h]) => w > 0))",
        )
        sizes = json.loads(sizes)
        # two bridges (2027, 2030), result, balance, by board, by kind, two price lists
        assert len(sizes) == 8, sizes
        assert all(w > 100 and h > 50 for w, h in sizes), sizes
        title = evaluate(browser, session, "document.querySelector('h1').textContent")
        assert "Region Jämtland Härjedalen" in title
        shot = tmp_path / f"report-{lang}.png"
        screenshot(browser, session, shot)
        assert shot.stat().st_size > 10_000 and shot.read_bytes()[:4] == b"\x89PNG"
        if os.environ.get("REPORT_SCREENSHOT_DIR"):
            folder = Path(os.environ["REPORT_SCREENSHOT_DIR"])
            folder.mkdir(parents=True, exist_ok=True)
            screenshot(browser, session, folder / f"report-{lang}.png", height=1500)
            screenshot(browser, session, folder / f"report-{lang}-phone.png", 1600, PHONE)
    finally:
        browser.close()


def test_comparison_in_chromium(example_results, tmp_path: Path) -> None:
    binary = need_chromium()
    care = solve(load_scenario(priorities="protect-care"))
    page = tmp_path / "compare.html"
    page.write_text(render_compare_html([example_results, care], "sv"), encoding="utf-8")
    browser = Browser(binary, tmp_path / "profile")
    try:
        found = check_page(browser, page, summary=False)
        text = evaluate(browser, found["session"], "document.body.innerText")
        assert "Vad kostar prioriteringen? Skydda vården" in text
        if os.environ.get("REPORT_SCREENSHOT_DIR"):
            folder = Path(os.environ["REPORT_SCREENSHOT_DIR"])
            screenshot(browser, found["session"], folder / "compare-sv.png", height=1500)
    finally:
        browser.close()


def test_a_missing_chromium_skips_here_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(globals(), "chromium_binary", lambda: None)
    monkeypatch.delenv("BALANSPLAN_REQUIRE_CHROMIUM", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium binary"):
        need_chromium()
    monkeypatch.setenv("BALANSPLAN_REQUIRE_CHROMIUM", "1")
    with pytest.raises(pytest.fail.Exception, match="requires it"):
        need_chromium()
