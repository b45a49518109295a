"""Accessibility: axe-core over every page reachable from the navigation, as staff and lead.

The crawl starts from the main navigation (and the user menu), then follows the
links on those pages one step further, one page per URL shape (ids replaced), so
every list and one of each detail page is checked. A page may have no serious or
critical violation (labels, contrast, landmarks, names of buttons and links), and
scrolls sideways neither at 1366 nor at 390 pixels.
"""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.test_reports import login

# Downloads, actions and pages that are no destination of their own.
SKIP = re.compile(
    r"(\.(csv|xlsx|docx|pdf|ics|json)$|/export|/download|/logout|/admin/|/i18n/|/bench/"
    r"|/accounts/login|/static/|/media/)"
)
SERIOUS = {"serious", "critical"}
MAX_PAGES = 80


def _shape(path: str) -> str:
    """One page per URL shape: /companies/12/ and /companies/13/ are one page."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def _links(page: Page, base: str, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if not href.startswith(base) or SKIP.search(parts.path) or parts.fragment:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _violations(page: Page, axe: Axe) -> list[str]:
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("username", ["anna", "lea"])
def test_every_page_from_the_navigation_passes_axe(page: Page, live_server, demo_data, username):
    page.set_viewport_size({"width": 1366, "height": 800})
    login(page, live_server.url, username)
    page.wait_for_url(re.compile(r"/$"))
    base = live_server.url
    start = ["/", *_links(page, base, "nav a[href]")]
    queue: list[tuple[str, int]] = [(path, 0) for path in dict.fromkeys(start)]
    seen_shapes: set[str] = set()
    axe = Axe()
    problems: dict[str, list[str]] = {}
    checked = 0
    pages: list[str] = []
    while queue and checked < MAX_PAGES:
        path, depth = queue.pop(0)
        shape = _shape(urlsplit(path).path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(base + path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in (response.headers.get("content-type", ""))
        ):
            continue
        checked += 1
        found = _violations(page, axe)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > 1366:
            found.append(f"the page is {wide} px wide at 1366")
        if found:
            problems[path] = found
        pages.append(path)
        if depth == 0:
            queue.extend((link, 1) for link in _links(page, base, "main a[href]"))
    assert checked >= 15, f"only {checked} pages reached from the navigation"
    # The same pages on a phone: none scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in pages:
        page.goto(base + path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > 390:
            problems.setdefault(path, []).append(f"the page is {wide} px wide at 390")
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
