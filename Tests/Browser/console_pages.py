"""Browser test of the auditor console (/console) against a running Nexus server.

Usage: console_pages.py BASE_URL EMAIL PASSWORD ADMIN_TOKEN STREAM EARLIER_POSITION EARLIER_TEXT TAMPERED_STREAM SKU ARTIFACTS_DIR
Signs in through the form; checks that STREAM shows every link of its chain intact (✓), that its
state as of EARLIER_POSITION shows EARLIER_TEXT, that TAMPERED_STREAM shows a broken link (✗) and
"verify this stream" reports it, and that the live tail shows an event appended (a receipt of
SKU, through the API with ADMIN_TOKEN) after the page loaded, printing how long that took. No page
may meet a Content-Security-Policy violation. Saves a screenshot of each page.
"""

import json
import sys
import time
import urllib.request

from webdriver import Browser, BrowserError

# The most the live tail may take to show an appended event (the target is well under a second;
# the bound leaves room for a loaded machine).
LIVE_BOUND_SECONDS = 5.0


def text(browser, css):
    return browser.script(f"const e = document.querySelector({json.dumps(css)}); return e ? e.textContent : null;")


def check_csp(browser):
    violations = [m.get("message", "") for m in browser.console() if "Content Security Policy" in m.get("message", "")]
    if violations:
        raise BrowserError("Content-Security-Policy violations:\n" + "\n".join(violations))


def append_receipt(base, token, sku):
    request = urllib.request.Request(
        f"{base}/inventory/{sku}/receipts", method="POST", data=json.dumps({"quantity": 1}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["position"]


def main(base, email, password, token, stream, earlier, earlier_text, tampered, sku, artifacts):
    with Browser(artifacts) as browser:
        browser.get(base + "/console")
        browser.wait_css("#email")
        browser.screenshot("console-sign-in")
        browser.type(browser.find_all("#email")[0], email)
        browser.type(browser.find_all("#password")[0], password)
        browser.click(browser.find_all("#sign-in")[0])
        browser.wait_css("#stream-name")
        browser.screenshot("console-home")
        check_csp(browser)

        browser.get(f"{base}/console/stream?name={stream}")
        cells = browser.wait_css("td.chain")
        marks = browser.script("return [...document.querySelectorAll('td.chain')].map(c => c.className + ' ' + c.textContent)")
        if not marks or any(m != "chain ok ✓" for m in marks):
            raise BrowserError(f"{stream}: expected every link ✓, saw {marks}")
        browser.screenshot("console-stream")

        browser.get(f"{base}/console/state?name={stream}&position={earlier}")
        browser.wait_css("#state-json")
        state = text(browser, "#state-json")
        if earlier_text not in state:
            raise BrowserError(f"state as of {earlier} lacks {earlier_text!r}: {state}")
        browser.screenshot("console-state")

        browser.get(f"{base}/console/event?name={stream}&version=1")
        browser.wait_css("#event-json")
        browser.screenshot("console-event")

        browser.get(f"{base}/console/stream?name={tampered}")
        browser.wait_css("td.chain.broken")
        if "✗" not in text(browser, "td.chain.broken"):
            raise BrowserError("the broken link is not marked ✗")
        browser.screenshot("console-tampered")
        browser.click(browser.find_all("#verify-stream")[0])
        browser.wait_css("#verdict")
        verdict = text(browser, "#verdict")
        if "Broken at position" not in verdict:
            raise BrowserError(f"verify this stream said: {verdict}")
        browser.screenshot("console-verify")

        browser.get(f"{base}/console/projections")
        browser.wait_css("#projections tbody tr")
        browser.screenshot("console-projections")
        check_csp(browser)

        browser.get(f"{base}/console/live")
        browser.wait("the live tail to connect", lambda: text(browser, "#live-status") == "connected")
        started = time.monotonic()
        position = append_receipt(base, token, sku)
        browser.wait("the appended event in the live tail",
                     lambda: browser.find_all(f"#tail tr[data-position='{position}']"), timeout=LIVE_BOUND_SECONDS)
        seconds = time.monotonic() - started
        browser.screenshot("console-live")
        check_csp(browser)
    print(json.dumps({"liveTailSeconds": round(seconds, 3), "position": position}))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:11])
    except BrowserError as error:
        print(f"browser test failed: {error}", file=sys.stderr)
        sys.exit(1)
