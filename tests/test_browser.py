"""The example's HTML report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe`` (commands on fd 3, replies on fd 4, each a
JSON message ended by a NUL byte), so no port and no extra package is needed. The test asserts
that the report loads with no console error, that every request stays on the machine (only
``file:`` and ``data:`` URLs), and that every chart is drawn with a non-zero size; it keeps a
screenshot in ``tmp_path``. With ``REPORT_SCREENSHOT_DIR`` set, the top of each report is also
saved there as ``report-<lang>.png`` (how ``docs/img/`` is made).

Skipped, with the reason, where no Chromium binary exists (``apt-get install -y chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from optimizer import load_scenario, solve
from optimizer.report.html import render_html

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
WIDTH = 1280


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
    time.sleep(0.3)  # let late console messages and requests arrive
    browser.send("Runtime.evaluate", {"expression": "1"}, session=session)
    events = [e for e in browser.events[start:] if e.get("sessionId") == session]
    return session, events


def evaluate(browser: Browser, session: str, expression: str) -> object:
    reply = browser.send(
        "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
    )
    return reply["result"].get("value")


def screenshot(browser: Browser, session: str, path: Path, height: int | None = None) -> None:
    """A PNG of the page at ``WIDTH`` pixels: the whole page, or its top ``height`` pixels."""
    full = int(evaluate(browser, session, "document.documentElement.scrollHeight"))
    shown = min(height or full, full)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": shown, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    data = browser.send(
        "Page.captureScreenshot",
        {"format": "png", "clip": {"x": 0, "y": 0, "width": WIDTH, "height": shown, "scale": 1}},
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


@pytest.fixture(scope="module")
def example_results():
    return solve(load_scenario())


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_report_in_chromium(lang: str, example_results, tmp_path: Path) -> None:
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no Chromium binary (install Debian's chromium: apt-get install -y chromium)")
    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(example_results, lang), encoding="utf-8")
    browser = Browser(binary, tmp_path / "profile")
    try:
        session, events = open_page(browser, page.as_uri())
        errors, remote = problems(events)
        assert errors == [], errors
        assert remote == [], f"requests leaving the machine: {remote}"
        requested = [e for e in events if e.get("method") == "Network.requestWillBeSent"]
        assert requested, "the page itself should show as a file: request"
        sizes = evaluate(
            browser,
            session,
            "JSON.stringify([...document.querySelectorAll('svg')].map(s => {"
            "const r = s.getBoundingClientRect(); return [r.width, r.height]; }))",
        )
        sizes = json.loads(sizes)
        assert len(sizes) == 6, sizes  # result, balance, by board, by kind, two price lists
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
    finally:
        browser.close()
