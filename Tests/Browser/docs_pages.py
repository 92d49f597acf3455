"""Browser test of /docs (Swagger UI) and /redoc (ReDoc) against a running Nexus server.

Usage: docs_pages.py BASE_URL ADMIN_TOKEN ARTIFACTS_DIR
Checks that Swagger UI lists every operation of /openapi.json, that a "try it" call with the
bearer token succeeds (GET /events answers 200), that ReDoc renders every operation, and that
neither page meets a Content-Security-Policy violation. Saves a screenshot of each page.
"""

import json
import sys
import urllib.request

from webdriver import Browser, BrowserError

# The operation "try it" calls: GET /events (tag history), which needs an auditor's or admin's token.
EVENTS = "operations-history-getEvents"


# ReDoc's bundle always tries to show a logo from its vendor's CDN (and hides it when that fails):
# the page's policy blocks it, as it blocks every other origin.
EXPECTED_BLOCKS = ["'https://cdn.redoc.ly/redoc/logo-mini.svg'"]


def csp_violations(browser):
    messages = [m.get("message", "") for m in browser.console() if "Content Security Policy" in m.get("message", "")]
    return [m for m in messages if not any(expected in m for expected in EXPECTED_BLOCKS)]


def main(base, token, artifacts):
    with urllib.request.urlopen(base + "/openapi.json") as response:
        document = json.load(response)
    operations = [(method, path) for path, item in document["paths"].items() for method in item]
    with Browser(artifacts) as browser:
        browser.get(base + "/docs")
        browser.wait_css(".opblock", count=len(operations))
        listed = browser.script("return document.querySelectorAll('.opblock').length")
        if listed != len(operations):
            raise BrowserError(f"Swagger UI lists {listed} operations, the document has {len(operations)}")
        browser.screenshot("docs-swagger-ui")

        # "Try it" with the bearer token: Authorize, then GET /events.
        browser.click(browser.wait_css(".btn.authorize")[0])
        container = browser.wait(
            "the bearer authorization form",
            lambda: browser.script("""
                for (const c of document.querySelectorAll('.auth-container')) {
                  if (c.textContent.includes('bearer') && !c.textContent.includes('ops token')) return c;
                }
                return null;"""))
        field = browser.script("return arguments[0].querySelector('input')", container)
        browser.type(field, token)
        browser.click(browser.script("return arguments[0].querySelector('button.authorize')", container))
        browser.click(browser.wait_css(".btn-done")[0])
        browser.click(browser.wait_css(f"#{EVENTS} button.opblock-summary-control")[0])
        browser.click(browser.wait_css(f"#{EVENTS} .try-out__btn")[0])
        browser.click(browser.wait_css(f"#{EVENTS} .execute")[0])
        status = browser.wait("the try-it response", lambda: browser.script(
            f"const s = document.querySelector('#{EVENTS} .live-responses-table tbody .response-col_status');"
            "return s && s.textContent.trim();"))
        browser.screenshot("docs-swagger-try-it")
        if not status.startswith("200"):
            raise BrowserError(f"the try-it call of GET /events answered {status}")
        violations = csp_violations(browser)

        browser.get(base + "/redoc")
        browser.wait_css("[data-section-id*='operation/']", count=len(operations), timeout=30)
        browser.screenshot("docs-redoc")
        violations += csp_violations(browser)
        if violations:
            raise BrowserError("Content-Security-Policy violations:\n" + "\n".join(violations))
    print(json.dumps({"operations": len(operations), "tryIt": status}))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:4])
    except BrowserError as error:
        print(f"browser test failed: {error}", file=sys.stderr)
        sys.exit(1)
