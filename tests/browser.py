"""Debian's chromium, driven by Selenium, with the network cut off and every request recorded.

Used by tests/test_page.py and bench/page_scale.py (no pytest fixtures here, so a script can
import it too). The browser is the one `apt-get install chromium chromium-driver` installs;
nothing is downloaded. Requests are blocked twice over: by the DevTools protocol
(`Network.setBlockedURLs` for every URL with a host) and by a resolver that resolves
nothing; and each request the page attempts is read back from the performance log, so a
test can assert that none of them left the file.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


BROWSER_PAGES = ("chrome://", "chrome-untrusted://", "chrome-search://", "devtools://")


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (install Debian's chromium and chromium-driver)"
    if not Path(CHROMEDRIVER).exists():
        return f"{CHROMEDRIVER} is missing (install Debian's chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


class Browser:
    """One headless chromium with helpers to load a page offline and read what it did."""

    def __init__(self, width: int = 1280, height: int = 800) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="kg-test-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*://*/*"]})
        self.requests: list[tuple[str, str]] = []  # (document that asked, URL asked for)
        self.console: list[dict[str, Any]] = []
        self.driver.get("about:blank")  # leave the browser's start page before recording
        self.drain()
        self.requests.clear()
        self.console.clear()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def set_viewport(self, width: int, height: int) -> None:
        """Emulate a device viewport (a phone is narrower than any window headless allows)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        })

    def load(self, page: Path, *, timeout: float = 30.0) -> float:
        """Open the page, wait until it says it is ready; the page's ready time in seconds."""
        self.drain()  # what the browser did before (its start page) is not the page's
        self.requests.clear()
        self.console.clear()
        self.driver.get(Path(page).resolve().as_uri())
        ready = self.driver.execute_async_script(
            "const [ms, done] = arguments;"
            "const t = setTimeout(() => done(null), ms);"
            "const wait = () => window.kgReady ? window.kgReady.then((v) => { clearTimeout(t);"
            " done(v); }) : setTimeout(wait, 20); wait();", int(timeout * 1000))
        if ready is None:
            raise TimeoutError(f"{page} did not become ready within {timeout} s")
        return float(ready) / 1000.0

    def drain(self) -> None:
        """Move new performance and console log entries into `requests` and `console`."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                params = message["params"]
                self.requests.append((params.get("documentURL", ""), params["request"]["url"]))
        self.console.extend(self.driver.get_log("browser"))

    def outside_requests(self) -> list[str]:
        """Every request the page attempted that was not for a file: or data: URL.

        Requests of the browser's own pages (its start page, chrome://...) are not the page's.
        """
        self.drain()
        return [url for doc, url in self.requests
                if not doc.startswith(BROWSER_PAGES) and not url.startswith(("file:", "data:"))]

    def console_errors(self) -> list[str]:
        self.drain()
        return [e["message"] for e in self.console if e.get("level") == "SEVERE"]

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def wait_for(self, script: str, *args: Any, timeout: float = 10.0) -> Any:
        """Poll a JS expression (a `return ...` body) until it is truthy; its value."""
        end = time.monotonic() + timeout
        while True:
            value = self.driver.execute_script(script, *args)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"timed out waiting for: {script}")
            time.sleep(0.05)


@contextmanager
def browser(width: int = 1280, height: int = 800) -> Iterator[Browser]:
    b = Browser(width, height)
    try:
        yield b
    finally:
        b.close()
