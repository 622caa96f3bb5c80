"""What the browser tier shares: one local stack for the session (started as `make local` starts it, on free
ports), Debian's headless Chromium through chromedriver, and where screenshots go.

Chromium missing is a failure with the way to install it, never a skip: `make browser` installs it (Debian's
`chromium` and `chromium-driver`). The stack checks every call its functions make against their IAM roles: a call a
role would deny fails the test during which it happened (tests/support/aws_rules.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from devkit.template import ROOT
from tests.e2e.local_stack import RunningStack, running_stack
from tests.support.aws_rules import pytest_runtest_call, pytest_runtest_teardown

__all__ = ["pytest_runtest_call", "pytest_runtest_teardown"]

ARTIFACTS = ROOT / ".local" / "artifacts"
"""Screenshots and figures a person looks at after the run."""
WINDOW = "1280,1000"


def chromium_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.fail(
            "Chromium and chromedriver are needed for the browser tests and were not found on PATH "
            f"(chromium: {browser}, chromedriver: {driver}). Install them with "
            "`apt-get install -y chromium chromium-driver` (as root; `make browser` does this itself).",
            pytrace=False,
        )
    return browser, driver


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with running_stack(Path(tmp_path_factory.mktemp("browser-stack"))) as running:
        yield running


def chromium(window: str = WINDOW) -> WebDriver:
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={window}"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(executable_path=driver_path))


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """A fresh Chromium per test: nothing (no token, no cache) carries over from another test."""
    driver = chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
