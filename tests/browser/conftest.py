"""Real-browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked `browser` and left out of the default run (`make test`); `make test-browser` runs
them. No browser is downloaded: Playwright drives /usr/bin/chromium (`apt-get install chromium`).

After each navigation, a test calls `journey.check("step")`, which records on the page as it is:
axe-core (no "critical" or "serious" violation), no horizontal overflow at 1280 px and at 375 px wide, no
duplicate id, no console error, no HTTP 5xx response, and saves screenshots under var/browser/<journey>/.
The problems are collected and reported together when the test ends, with the URL of each.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.browser.helpers import Choice
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The machine's network is closed: nothing in the background, nothing but the live server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
BLOCKING_IMPACTS = {"critical", "serious"}
# A transparent 1×1 PNG: the map's background tiles (another origin, unreachable here).
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
TIMEOUT_MS = 15_000

# The figures of every journey of the run, printed at the end (pytest_terminal_summary).
FIGURES = []

DUPLICATE_IDS = """() => {
  const seen = {};
  for (const element of document.querySelectorAll("[id]")) seen[element.id] = (seen[element.id] || 0) + 1;
  return Object.entries(seen).filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count}×)`);
}"""
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= root.clientWidth + 1)
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: wide};
}"""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ is a `browser` test, before `-m` selects."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser checks")
    columns = ("pages", "axe_blocking", "axe_other", "overflow", "duplicate_ids", "console", "http_5xx")
    write(f"{'journey':48} " + " ".join(f"{c:>13}" for c in columns))
    for figures in FIGURES:
        write(f"{figures['journey']:48} " + " ".join(f"{figures[c]:>13}" for c in columns))
    write(f"screenshots and details: {SCREENSHOTS.relative_to(ROOT)}/<journey>/")


# --- The browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    # Playwright's synchronous API keeps an event loop in this thread, and Django refuses database calls from a
    # thread with a running loop: the tests and the live server are synchronous, so allow them, here only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(chromium, live_server, settings, references):
    """The live server, with the shipped reference data; emailed links point to it."""
    settings.SITE_URL = live_server.url
    settings.FRENCH_TYPOGRAPHY = True  # the pages as people read them
    return live_server.url


class Journey:
    """One person's tab, and the checks of each page she sees."""

    def __init__(self, browser, name, base_url, javascript=True):
        self.name = name
        self.base_url = base_url
        self.javascript = javascript
        self.directory = SCREENSHOTS / name
        self.directory.mkdir(parents=True, exist_ok=True)
        for old in self.directory.glob("*.png"):
            old.unlink()
        self.browser = browser
        self.context = self._new_context(javascript)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.step = 0
        self.problems = []  # readable messages
        self.pages = []  # what each check saw, written to report.json
        self.console = []  # console errors since the last check
        self.server_errors = []  # 5xx responses since the last check
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"uncaught exception: {error}"))
        self.page.on("response", self._on_response)
        self._audit = None  # without JavaScript, axe runs in a twin page whose scripts are emptied

    def _new_context(self, javascript):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=WIDE,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            java_script_enabled=javascript,
        )
        context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), self._empty_tile)
        return context

    @staticmethod
    def _empty_tile(route):
        route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)

    @staticmethod
    def _empty_script(route):
        route.fulfill(status=200, content_type="text/javascript", body="")

    def _on_console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.console.append(
                f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})"
            )

    def _on_response(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    # --- Navigation ---

    def goto(self, path, step):
        response = self.page.goto(path)
        assert response is not None
        self.check(step)
        return response

    def emailed_link(self, address, start):
        """The path of the link that starts with `start` in the last email sent to `address`."""
        from django.core import mail

        (message, *_) = [m for m in reversed(mail.outbox) if address in m.to] or [None]
        assert message is not None, f"no email to {address}"
        match = re.search(rf"{re.escape(self.base_url)}({re.escape(start)}\S+)", message.body)
        assert match, message.body
        return match[1]

    def url_path(self):
        return self.page.url.removeprefix(self.base_url)

    def login(self, person, step="connexion"):
        """Through the login page, as a person does (`step=None`: the page is not checked once more)."""
        if step is None:
            self.page.goto("/compte/connexion/")
        else:
            self.goto("/compte/connexion/", step)
        self.page.get_by_label("Adresse électronique").fill(getattr(person, "email", person))
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.page.get_by_role("main").get_by_role("button", name="Se connecter").click()
        self.page.wait_for_load_state()
        assert "/compte/connexion/" not in self.page.url, self.page.locator("main").inner_text()[:2000]

    def panel(self, label):
        """Open an action of the candidature page (a <details> whose summary is `label`): its form.

        The person's first action is open already: a click on its summary would fold it."""
        details = self.page.locator("details").filter(has=self.page.locator("summary", has_text=label))
        if not details.evaluate("element => element.open"):
            details.locator("summary").click()
        return details.locator("form")

    def fill(self, form, fields):
        """Fill a form as a person does: label → value; True ticks a box, Choice("Oui") picks a radio button,
        a select's option is chosen by its words."""
        for field, value in fields.items():
            if value is True:
                # DSFR draws the box in the label, which takes the click: a person clicks the label.
                form.locator("label", has_text=field).click()
                assert form.get_by_label(field).is_checked()
            elif isinstance(value, Choice):
                group = form.get_by_role("group", name=field)
                group.locator("label").filter(has_text=re.compile(rf"^{re.escape(value)}$")).click()
                assert group.get_by_label(value, exact=True).is_checked()
            else:
                control = form.get_by_label(field)
                if control.evaluate("element => element.tagName") == "SELECT":
                    control.select_option(label=value)
                else:
                    control.fill(value)

    def act(self, label, step, button="Confirmer", **fields):
        """Open the action `label`, fill its fields (see `fill`), press `button`, check the page."""
        form = self.panel(label)
        self.fill(form, fields)
        with self.page.expect_navigation():
            form.get_by_role("button", name=button).click()
        self.check(step)

    def expect_done(self, message, step_of_8=None):
        """The success message of the last action (what was done, what happens next) and the step tracker."""
        from playwright.sync_api import expect

        main = self.page.get_by_role("main")
        expect(main.locator(".fr-alert--success")).to_contain_text(message)
        if step_of_8:
            expect(main.locator(".fr-stepper__state")).to_have_text(f"Étape {step_of_8} sur 8")

    # --- The checks of one page ---

    def check(self, step):
        """Record every check on the page as it is now; screenshots at both widths."""
        page = self.page
        page.wait_for_load_state("load")
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        stem = f"{self.step:02d}-{slug}"
        url = self.url_path()
        seen = {"step": stem, "url": url, "title": page.title()}

        # axe-core at both widths (the narrow one shows the mobile menu button and other layouts).
        seen["axe"], blocking_ids = [], set()
        for label, size in (("1280", WIDE), ("375", NARROW)):
            blocking, other = self._axe(size)
            for violation in blocking + other:
                seen["axe"].append(
                    {
                        "width": label,
                        "id": violation["id"],
                        "impact": violation["impact"],
                        "nodes": violation["nodes"],
                    }
                )
            for violation in blocking:
                if violation["id"] in blocking_ids:
                    continue  # the same violation at both widths: said once
                blocking_ids.add(violation["id"])
                nodes = "; ".join(violation["nodes"][:5])
                self.problems.append(
                    f"{stem} {url}: axe {violation['impact']} « {violation['id']} » at {label} px "
                    f"({violation['help']}) on {nodes}"
                )
        seen["axe_blocking"] = sum(1 for v in seen["axe"] if v["impact"] in BLOCKING_IMPACTS)
        seen["axe_other"] = len(seen["axe"]) - seen["axe_blocking"]
        self.page.set_viewport_size(WIDE)

        duplicates = page.evaluate(DUPLICATE_IDS)
        seen["duplicate_ids"] = duplicates
        if duplicates:
            self.problems.append(f"{stem} {url}: duplicate ids {', '.join(duplicates)}")

        seen["overflow"] = {}
        page.screenshot(path=self.directory / f"{stem}.png", full_page=True)
        for label, size in (("1280", WIDE), ("375", NARROW)):
            page.set_viewport_size(size)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                seen["overflow"][label] = overflow
                self.problems.append(
                    f"{stem} {url}: horizontal overflow at {label} px "
                    f"(scrollWidth {overflow['scrollWidth']} > clientWidth {overflow['clientWidth']}; "
                    f"widest: {', '.join(overflow['widest'])})"
                )
            if label == "375":
                page.screenshot(path=self.directory / f"{stem}-375.png", full_page=True)
        page.set_viewport_size(WIDE)

        seen["console"], self.console = self.console, []
        for error in seen["console"]:
            self.problems.append(f"{stem} {url}: console error: {error}")
        seen["http_5xx"], self.server_errors = self.server_errors, []
        for error in seen["http_5xx"]:
            self.problems.append(f"{stem} {url}: server error {error}")
        self.pages.append(seen)

    def _axe(self, size):
        from axe_playwright_python.sync_playwright import Axe

        target = self.page
        target.set_viewport_size(size)
        if not self.javascript:
            # axe-core needs timers, which do not run where JavaScript is off: it audits a twin page in a
            # context whose scripts are all emptied, served the DOM that the person without JavaScript got.
            if self._audit is None:
                context = self._new_context(True)
                context.route(re.compile(r"\.js(\?.*)?$"), self._empty_script)
                self._audit = context.new_page()
            url, html = self.page.url.split("#")[0], self.page.content()

            def same_document(route):
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

            self._audit.route(lambda address: address.split("#")[0] == url, same_document)
            self._audit.goto(url)
            self._audit.unroute_all()
            target = self._audit
            target.set_viewport_size(size)
        results = Axe().run(target).response
        blocking, other = [], []
        for violation in results["violations"]:
            nodes = [
                ", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                for node in violation["nodes"]
            ]
            entry = {**violation, "nodes": nodes}
            (blocking if violation["impact"] in BLOCKING_IMPACTS else other).append(entry)
        return blocking, other

    def close(self):
        for error in self.console:
            self.problems.append(f"after the last check, {self.url_path()}: console error: {error}")
        for error in self.server_errors:
            self.problems.append(f"after the last check, {self.url_path()}: server error {error}")
        (self.directory / "report.json").write_text(json.dumps(self.pages, indent=2, ensure_ascii=False))
        figures = {
            "journey": self.name,
            "pages": len(self.pages),
            "axe_blocking": sum(p["axe_blocking"] for p in self.pages),
            "axe_other": sum(p["axe_other"] for p in self.pages),
            "overflow": sum(len(p["overflow"]) for p in self.pages),
            "duplicate_ids": sum(len(p["duplicate_ids"]) for p in self.pages),
            "console": sum(len(p["console"]) for p in self.pages),
            "http_5xx": sum(len(p["http_5xx"]) for p in self.pages),
        }
        FIGURES.append(figures)
        if self._audit is not None:
            self._audit.context.close()
        self.context.close()


@pytest.fixture
def journeys(request, chromium, site):
    """Open one tab per person: `journeys("amelie")`, `journeys("anonyme", javascript=False)`."""
    opened = []
    base = re.sub(r"^test_", "", request.node.name)

    def open_journey(person="", javascript=True):
        name = f"{base}-{person}" if person else base
        journey = Journey(chromium, name, site, javascript=javascript)
        opened.append(journey)
        return journey

    yield open_journey
    problems = []
    for journey in opened:
        journey.close()
        problems += journey.problems
    if problems:
        pytest.fail(f"{len(problems)} problem(s) found on the pages:\n" + "\n".join(problems), pytrace=False)
