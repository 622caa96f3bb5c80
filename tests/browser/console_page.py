"""The console as a person uses it, for the browser tests: sign in, move between sections, type, press, read
what the page shows, take a screenshot, check accessibility. Elements are found by what a person sees (labels,
button texts, headings), the way assistive technology finds them, not by the page's own ids.

A test for another part of the console (the time zone once GET /me lands, automations once their routes do)
needs only a few of these verbs: sign in as a role, `go` to the section, read and press.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.local_stack import RunningStack

WAIT_S = 60
"""Safety bound of each wait; one that runs out names what never showed."""
SERIOUS = ("serious", "critical")


def axe_script() -> str:
    """axe-core, as pinned in requirements/dev.txt (axe-selenium-python bundles it)."""
    import axe_selenium_python

    package = Path(axe_selenium_python.__file__).parent
    return (package / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


class ConsolePage:
    def __init__(self, driver: WebDriver, stack: RunningStack, artifacts: Path) -> None:
        self.driver = driver
        self.stack = stack
        self.artifacts = artifacts

    # --- waiting and finding ---------------------------------------------------------------------------------

    def wait(self, condition: Any, what: str) -> Any:
        try:
            return WebDriverWait(self.driver, WAIT_S, poll_frequency=0.1).until(lambda _: condition())
        except TimeoutException:
            shot = self.screenshot("timeout")
            raise AssertionError(f"the console never showed {what}; see {shot}") from None

    def find(self, xpath: str) -> list[WebElement]:
        return [element for element in self.driver.find_elements(By.XPATH, xpath) if element.is_displayed()]

    def field(self, label: str) -> WebElement:
        """The control a visible <label> names, as a screen reader would find it."""
        found: WebElement = self.wait(
            lambda: next(
                (
                    self.driver.find_element(By.ID, lab.get_attribute("for") or "")
                    for lab in self.find(f"//label[normalize-space(.)={json.dumps(label)}]")
                ),
                None,
            ),
            f"a field labelled {label!r}",
        )
        return found

    def button(self, text: str) -> WebElement:
        found: WebElement = self.wait(
            lambda: next(iter(self.find(f"//button[normalize-space(.)={json.dumps(text)}]")), None),
            f"a button {text!r}",
        )
        return found

    def has_button(self, text: str) -> bool:
        return bool(self.find(f"//button[normalize-space(.)={json.dumps(text)}]"))

    def link(self, text: str) -> WebElement:
        found: WebElement = self.wait(
            lambda: next(iter(self.find(f"//a[normalize-space(.)={json.dumps(text)}]")), None), f"a link {text!r}"
        )
        return found

    def heading(self, text: str) -> WebElement:
        xpath = f"//*[self::h1 or self::h2 or self::h3 or self::h4][normalize-space(.)={json.dumps(text)}]"
        found: WebElement = self.wait(lambda: next(iter(self.find(xpath)), None), f"the heading {text!r}")
        return found

    def text_shown(self, text: str) -> WebElement:
        """The innermost element whose text contains `text`."""
        wanted = f"contains(normalize-space(.), {json.dumps(text)})"
        xpath = f"//*[{wanted} and not(*[{wanted}])]"
        found: WebElement = self.wait(lambda: next(iter(self.find(xpath)), None), f"the text {text!r}")
        return found

    def alert(self) -> str:
        """The text of the error the page shows (role=alert)."""
        element: WebElement = self.wait(lambda: next(iter(self.find("//*[@role='alert']")), None), "an error")
        return element.text

    def sections(self) -> list[str]:
        """The section links of the navigation, as shown."""
        return [link.text for link in self.find("//nav[@aria-label='Sections']//a")]

    def board_titles(self) -> list[str]:
        """The Title column of the board (empty when the board shows no table)."""
        self.wait(lambda: not self.find("//*[@aria-busy='true']"), "the board loaded")
        headers = [th.text.strip().lower() for th in self.find("//table//thead//th")]
        if "title" not in headers:
            return []
        column = headers.index("title") + 1
        return [cell.text for cell in self.find(f"//table//tbody/tr/td[{column}]")]

    # --- doing ----------------------------------------------------------------------------------------------

    def open(self) -> None:
        self.driver.get(str(self.stack.info["consoleUrl"]))
        self.field("Email")

    def sign_in(self, role: str, password: str | None = None) -> None:
        """Email, Password, Sign in, by keyboard as a person would (Enter submits the form)."""
        user = self.stack.user(role)
        self.open()
        self.field("Email").send_keys(user["username"])
        self.field("Password").send_keys(password if password is not None else user["password"])
        self.field("Password").send_keys(Keys.ENTER)
        if password is None:
            self.wait(lambda: self.find("//button[normalize-space(.)='Sign out']"), "the signed-in console")

    def choose(self, label: str, option: str) -> None:
        """Pick an option (by its visible text) of the select a label names."""
        Select(self.field(label)).select_by_visible_text(option)

    def go(self, section: str) -> None:
        self.link(section).click()
        self.heading(section)

    def board_ready(self) -> None:
        self.heading("Task board")
        self.wait(lambda: not self.find("//*[@aria-busy='true']"), "the board loaded")

    def tab_to(self, description: str, script: str, tries: int = 60) -> WebElement:
        """Press Tab until the focused element satisfies `script` (JS over `el`): keyboard reachability."""
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        for _ in range(tries):
            focused: WebElement = self.driver.switch_to.active_element
            if self.driver.execute_script(f"const el = arguments[0]; return Boolean({script});", focused):
                return focused
            focused.send_keys(Keys.TAB)
        raise AssertionError(f"{description} is not reachable with Tab in {tries} presses")

    def screenshot(self, name: str) -> Path:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"console-{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def full_screenshot(self, name: str) -> Path:
        """The whole page, however long (the window is grown to the document's height for the shot)."""
        size = self.driver.get_window_size()
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        self.driver.set_window_size(size["width"], max(size["height"], height + 160))
        self.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
        try:
            return self.screenshot(name)
        finally:
            self.driver.set_window_size(size["width"], size["height"])

    def accessibility_violations(self) -> list[str]:
        """axe-core's serious and critical violations of the page as it is now, one line each."""
        self.driver.execute_script(axe_script())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
        )
        assert isinstance(result, list), result
        return [
            f"{v['impact']} {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in result
            if v.get("impact") in SERIOUS
        ]
