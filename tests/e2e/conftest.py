"""Browser tests: Playwright drives Debian's Chromium against the live server."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in
# fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Without these, Chromium keeps trying to reach Google on a closed network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo_data(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", companies=30, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Our users work in German browsers; the header switcher offers English.
    return {**browser_context_args, "locale": "de-DE"}


# -- Hardened access: the browser reports no CSP violation and no script error --
@pytest.fixture(autouse=True)
def _browser_console_clean(request):
    """Fail a journey on any console error, a Content Security Policy violation
    above all, and on any uncaught script error."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    problems: list[str] = []

    def on_console(message):
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            problems.append(f"console {message.type}: {text} ({page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error} ({page.url})"))
    # The event fires even where Chromium prints no console line.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield
    assert not problems, "\n".join(problems)
