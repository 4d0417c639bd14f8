"""A PNG of the page, taken by Debian's headless chromium.

A picture of the page is a convenience (for a README, a review, a CI artefact), never a
reason to fail a build: without chromium, or if it fails, `screenshot` logs one clear
warning and returns False. The browser gets a throw-away profile, a resolver that
resolves nothing and the page's own Content-Security-Policy, so taking the picture makes
no network request either.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger("kg.render")

#: Where Debian's chromium package puts the browser; `$KG_CHROMIUM` overrides.
CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")


def find_chromium() -> str | None:
    """The chromium executable to use, or None."""
    override = os.environ.get("KG_CHROMIUM")
    if override:
        return override if shutil.which(override) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(html: Path, png: Path, *, width: int = 1280, height: int = 800,
               settle_ms: int = 8000, timeout: float = 90.0) -> bool:
    """Photograph `html` at `width`×`height` into `png`; True when the PNG was written.

    `settle_ms` is chromium's virtual-time budget: the page lays out its network and draws
    it within that much page time before the picture is taken.
    """
    html, png = Path(html).resolve(), Path(png)
    browser = find_chromium()
    if browser is None:
        log.warning("kg: no screenshot (%s): chromium is not installed "
                    "(Debian: apt-get install chromium)", png)
        return False
    if not html.is_file():
        log.warning("kg: no screenshot (%s): %s does not exist", png, html)
        return False
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        shot = Path(profile) / "shot.png"
        cmd = [
            browser, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}/profile", f"--window-size={width},{height}",
            f"--virtual-time-budget={settle_ms}", f"--screenshot={shot}", html.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  check=False, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as err:
            log.warning("kg: no screenshot (%s): chromium failed: %s", png, err)
            return False
        if not shot.is_file() or shot.stat().st_size == 0:
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            log.warning("kg: no screenshot (%s): chromium exited %s%s", png, proc.returncode,
                        (": " + " | ".join(tail)) if tail else "")
            return False
        tmp = png.with_name(f".{png.name}.{os.getpid()}.tmp")
        shutil.copyfile(shot, tmp)
        os.replace(tmp, png)
    return True
