"""Swagger UI at /docs, driven by a real headless Chromium: a person's path from `make local` to a 200.

Loads the page from the local stack, authorises with a demo user's token (as pasted from `make token`), runs
GET /ai/health-check with "Try it out", and expects the page to show 200. The screenshot is kept under
.local/artifacts/ for a human to look at. Chromium missing is a failure with the way to install it, never a
skip (tests/browser/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.local_stack import RunningStack

pytestmark = pytest.mark.e2e

SCREENSHOT = "swagger-ui-health-check.png"
PAGE_TIMEOUT_S = 60
"""Safety bound for each wait on the page; a wait that runs out names the element it waited for."""


def wait_for(driver: WebDriver, css: str, what: str, clickable: bool = False) -> WebElement:
    condition = ec.element_to_be_clickable if clickable else ec.visibility_of_element_located
    element: WebElement = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        condition((By.CSS_SELECTOR, css)), message=f"Swagger UI never showed {what} ({css})"
    )
    return element


def test_a_person_authorises_and_runs_the_health_check_from_the_page(
    stack: RunningStack, browser: WebDriver, artifacts: Path
) -> None:
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
    browser.save_screenshot(str(artifacts / SCREENSHOT))
    assert status.text.strip().startswith("200"), f"the page showed {status.text!r}; see {artifacts / SCREENSHOT}"
    body = browser.find_element(By.CSS_SELECTOR, f"{answer} .response-col_description")
    assert '"overall"' in body.text, body.text[:500]
