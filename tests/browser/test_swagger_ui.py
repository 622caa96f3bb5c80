"""Swagger UI at /docs, driven by a real headless Chromium: a person's path from `make local` to a 200.

Loads the page from the local stack, authorises with a demo user's token (as pasted from `make token`), runs
GET /ai/health-check with "Try it out", and expects the page to show 200. The screenshot is kept under
.local/artifacts/ for a human to look at. Chromium missing is a failure with the way to install it, never a
skip: `make test` installs it (Debian's `chromium` and `chromium-driver`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from devkit.template import ROOT
from tests.e2e.local_stack import RunningStack, running_stack

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / ".local" / "artifacts"
SCREENSHOT = ARTIFACTS / "swagger-ui-health-check.png"
PAGE_TIMEOUT_S = 60
"""Safety bound for each wait on the page; a wait that runs out names the element it waited for."""


def chromium_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.fail(
            "Chromium and chromedriver are needed for the Swagger UI test and were not found on PATH "
            f"(chromium: {browser}, chromedriver: {driver}). Install them with "
            "`apt-get install -y chromium chromium-driver` (as root; `make test` does this itself).",
            pytrace=False,
        )
    return browser, driver


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with running_stack(Path(tmp_path_factory.mktemp("browser-stack"))) as running:
        yield running


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: WebDriver, css: str, what: str, clickable: bool = False) -> WebElement:
    condition = ec.element_to_be_clickable if clickable else ec.visibility_of_element_located
    element: WebElement = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        condition((By.CSS_SELECTOR, css)), message=f"Swagger UI never showed {what} ({css})"
    )
    return element


def test_a_person_authorises_and_runs_the_health_check_from_the_page(stack: RunningStack, browser: WebDriver) -> None:
    token = stack.id_token("ADMIN")
    browser.get(f"{stack.url}/docs")
    wait_for(browser, ".swagger-ui .info .title", "the API's title")

    wait_for(browser, ".auth-wrapper button.authorize", "the Authorize button", clickable=True).click()
    wait_for(browser, ".modal-ux input[type=text]", "the token field").send_keys(token)
    wait_for(browser, ".modal-ux button.modal-btn.authorize", "the dialog's Authorize", clickable=True).click()
    wait_for(browser, ".modal-ux button.btn-done", "the dialog's Close", clickable=True).click()

    operation = "#operations-health-health_check_ai_health_check_get"
    wait_for(browser, f"{operation} .opblock-summary", "GET /ai/health-check", clickable=True).click()
    wait_for(browser, f"{operation} button.try-out__btn", "Try it out", clickable=True).click()
    wait_for(browser, f"{operation} button.execute", "Execute", clickable=True).click()

    answer = f"{operation} .live-responses-table tr.response"
    status = wait_for(browser, f"{answer} .response-col_status", "a response")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", status)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    assert status.text.strip().startswith("200"), f"the page showed {status.text!r}; see {SCREENSHOT}"
    body = browser.find_element(By.CSS_SELECTOR, f"{answer} .response-col_description")
    assert '"overall"' in body.text, body.text[:500]
