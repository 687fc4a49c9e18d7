"""`strukturer preview` end to end in a real headless browser (Debian's chromium and its
driver, through selenium): load the page, change a chapter, see the new text; break the
content, see the error while the last good pages stay."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import edit

pytestmark = [pytest.mark.engine, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
#: Seconds a build may take on a busy machine; the test waits for outcomes, not durations.
PATIENCE = 240


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """A headless chromium; missing, it skips on a laptop and fails in CI."""
    if CHROMIUM is None or DRIVER is None:
        message = (
            "chromium and chromium-driver are needed (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def preview(project_dir: Path) -> Iterator[str]:
    """``strukturer preview`` running on a copy of the example; yields the page's address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "strukturer", "preview", str(project_dir), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("preview: http://127.0.0.1:"), first + str(process.stderr)
        yield first.removeprefix("preview: ").strip()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.returncode == 0, err
        assert err.rstrip().endswith("preview stopped"), err


def _texts(driver: WebDriver) -> str:
    script = (
        "return [...document.querySelectorAll('.page-text')].map(e => e.textContent).join('\\n')"
    )
    return str(driver.execute_script(script))


def test_the_page_follows_the_content(browser: WebDriver, preview: str, project_dir: Path) -> None:
    driver = browser
    wait = WebDriverWait(driver, PATIENCE, poll_frequency=0.2)
    driver.get(preview)
    wait.until(lambda d: "Sammantaget ser vi att" in _texts(d))
    sections = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section")]
    assert sections == ["rapport", "missiv", "pressmeddelande", "regeringsbeslut"]
    wait.until(
        lambda d: d.execute_script(
            "return [...document.images].every(i => i.complete && i.naturalWidth > 600)"
        ),
        "every page image is a loaded PNG",
    )
    placeholder = "strukturer-for-stod/cover-letter.yaml:2:8: warning placeholder"
    wait.until(lambda d: placeholder in d.find_element(By.ID, "diagnostics").text)

    assert "Slutsatser och vägval" not in _texts(driver)
    edit(
        project_dir / "chapters" / "03-slutsatser.md",
        "# Slutsatser och rekommendationer",
        "# Slutsatser och vägval",
    )
    wait.until(lambda d: "Slutsatser och vägval" in _texts(d))

    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-06-31")
    wait.until(lambda d: d.find_element(By.ID, "error").is_displayed())
    error = driver.find_element(By.ID, "error").text
    assert error == (
        "strukturer-for-stod/assignment.yaml:57: reporting[0].date: '2020-06-31' is not a "
        "date that exists (day is out of range for month)"
    )
    assert "Slutsatser och vägval" in _texts(driver)  # the last good pages stay
