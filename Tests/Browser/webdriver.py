"""A small W3C WebDriver client (standard library only) for headless Chromium through chromedriver."""

import base64
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium session; use it as a context manager."""

    def __init__(self, artifacts):
        self.artifacts = artifacts
        os.makedirs(artifacts, exist_ok=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.log = open(os.path.join(artifacts, "chromedriver.log"), "w")
        self.driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        self.profile = tempfile.TemporaryDirectory()
        deadline = time.time() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except Exception:
                if time.time() > deadline:
                    raise BrowserError("chromedriver did not start")
                time.sleep(0.1)
        capabilities = {"browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL"}, "goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400", f"--user-data-dir={self.profile.name}"]}}
        if os.path.exists("/usr/bin/chromium"):
            capabilities["goog:chromeOptions"]["binary"] = "/usr/bin/chromium"
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})["sessionId"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
            self.log.close()
            self.profile.cleanup()

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response).get("value")
        except urllib.error.HTTPError as error:
            raise BrowserError(f"{method} {path}: {error.read().decode(errors='replace')[:500]}")

    def _session(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self._session("POST", "/url", {"url": url})

    def script(self, source, *args):
        return self._session("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find_all(self, css):
        return [e[ELEMENT] for e in self._session("POST", "/elements", {"using": "css selector", "value": css})]

    @staticmethod
    def _id(element):
        """An element's id, from a found element id or an element a script returned."""
        return element[ELEMENT] if isinstance(element, dict) else element

    def click(self, element):
        self.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", {ELEMENT: self._id(element)})

    def type(self, element, text):
        self._session("POST", f"/element/{self._id(element)}/value", {"text": text})

    def wait(self, description, condition, timeout=20):
        """Polls `condition()` until it returns something truthy, and returns that."""
        deadline = time.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.time() > deadline:
                self.screenshot("timeout")
                raise BrowserError(f"timed out waiting for {description}")
            time.sleep(0.1)

    def wait_css(self, css, count=1, timeout=20):
        return self.wait(f"{count} × {css}", lambda: (lambda found: found if len(found) >= count else None)(self.find_all(css)), timeout)

    def screenshot(self, name):
        png = base64.b64decode(self._session("GET", "/screenshot"))
        path = os.path.join(self.artifacts, f"{name}.png")
        with open(path, "wb") as f:
            f.write(png)
        return path

    def console(self):
        """The browser console's messages since the last call (CSP violations show here)."""
        return self._session("POST", "/se/log", {"type": "browser"}) or []
