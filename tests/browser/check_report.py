#!/usr/bin/python3
"""Loads a fairaudit report.html in headless Chromium and checks it.

Checks, through the Chrome DevTools protocol (a tiny WebSocket client below,
standard library only):
  * the page loads (load event) with no console error or warning, no uncaught
    exception and no browser log entry of level error or warning (a
    Content-Security-Policy violation would show up here);
  * every request the page makes stays inside the file: only the report's own
    file:// URL and data: URLs (the embedded charts) are allowed; anything
    else (http, https, ws, ftp, another file) fails the check;
  * no <script> element exists and no src/href attribute points outside the
    page (only data: and #fragment);
  * every chart is present: the number of <figure class="chart"> equals
    --expect-charts, none is a "missing" placeholder, every chart image
    decoded (naturalWidth > 0);
  * optional --expect-text strings appear literally in the rendered text, and
    --forbid-selector selectors match nothing (e.g. an injected element).
Keeps a full-page PNG screenshot (--screenshot) and, with --pdf, the page
printed to PDF, as test artefacts.

Exit status: 0 ok, 1 a check failed, 77 Chromium not found (skip; the message
says so).
"""
import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

SKIP = 77
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--remote-debugging-port=0", "--remote-allow-origins=*"]
WINDOW_WIDTH = 1200


class WebSocket:
    """Minimal RFC 6455 client: text frames, masking, fragmentation, ping."""

    def __init__(self, url, timeout):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError("websocket handshake failed: " + head.decode(errors="replace"))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text):
        data = text.encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask +
                          bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def recv(self):
        parts = []
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("websocket closed by peer")
            if opcode in (0x0, 0x1, 0x2):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode()


class DevTools:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, timeout=60):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        self.ws.sock.settimeout(timeout)
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)
        raise TimeoutError(method)

    def wait_event(self, name, timeout):
        deadline = time.time() + timeout
        for ev in self.events:
            if ev["method"] == name:
                return ev
        self.ws.sock.settimeout(max(0.1, timeout))
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == name:
                    return msg
        raise TimeoutError(name)

    def drain(self, seconds):
        """Collects events for a while (late requests, console messages)."""
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            self.ws.sock.settimeout(left)
            try:
                msg = json.loads(self.ws.recv())
            except (socket.timeout, TimeoutError):
                return
            if "method" in msg:
                self.events.append(msg)


def find_chromium(explicit):
    if explicit:
        return explicit if os.path.exists(explicit) or shutil.which(explicit) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def devtools_port(profile, proc, timeout):
    path = os.path.join(profile, "DevToolsActivePort")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited early with status {proc.returncode}")
        try:
            with open(path) as fp:
                lines = fp.read().split("\n")
            if len(lines) >= 2 and lines[0].strip():
                return int(lines[0])
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError("chromium did not open its DevTools port")


def page_ws_url(port, timeout):
    # no proxy: the DevTools endpoint is on the loopback interface
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                for t in json.loads(r.read()):
                    if t.get("type") == "page" and t.get("url") == "about:blank":
                        return t["webSocketDebuggerUrl"]
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise TimeoutError("no page target in chromium")


CHECK_JS = r"""
(() => {
  const figs = Array.from(document.querySelectorAll('figure.chart'));
  const imgs = Array.from(document.querySelectorAll('figure.chart img'));
  const refs = [];
  document.querySelectorAll('[src],[href]').forEach(el => {
    for (const a of ['src', 'href']) {
      const v = el.getAttribute(a);
      if (v !== null) refs.push(v.slice(0, 60));
    }
  });
  return JSON.stringify({
    title: document.title,
    figures: figs.length,
    missing: document.querySelectorAll('figure.chart.missing').length,
    images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
    scripts: document.querySelectorAll('script').length,
    refs: refs,
    text: document.body.innerText,
    height: Math.ceil(document.documentElement.scrollHeight),
  });
})()
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--pdf")
    ap.add_argument("--chromium")
    ap.add_argument("--expect-charts", type=int)
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--forbid-selector", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=90)
    args = ap.parse_args()

    exe = find_chromium(args.chromium)
    if exe is None:
        print("SKIP: chromium not found (Debian: apt-get install chromium); "
              "the headless browser check of report.html did not run", file=sys.stderr)
        return SKIP

    html = os.path.abspath(args.html)
    page_url = "file://" + urllib.parse.quote(html)
    profile = tempfile.mkdtemp(prefix="fa-chromium-")
    proc = subprocess.Popen([exe] + CHROMIUM_FLAGS +
                            [f"--user-data-dir={profile}", f"--window-size={WINDOW_WIDTH},1000",
                             "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        port = devtools_port(profile, proc, args.timeout)
        dt = DevTools(WebSocket(page_ws_url(port, args.timeout), args.timeout))
        for domain in ("Page", "Runtime", "Log", "Network"):
            dt.call(domain + ".enable")
        dt.call("Page.navigate", {"url": page_url})
        dt.wait_event("Page.loadEventFired", args.timeout)
        dt.drain(1.5)
        res = json.loads(dt.call("Runtime.evaluate",
                                 {"expression": CHECK_JS, "returnByValue": True})["result"]["value"])

        for ev in dt.events:
            m, p = ev["method"], ev.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                args_text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                failures.append(f"console {p['type']}: {args_text}")
            elif m == "Runtime.exceptionThrown":
                failures.append("uncaught exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                e = p["entry"]
                failures.append(f"browser log {e['level']} ({e.get('source')}): {e.get('text')} {e.get('url', '')}")
            elif m == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                if not (url.startswith("data:") or url == page_url):
                    failures.append("request leaves the file: " + url[:200])
            elif m == "Network.loadingFailed":
                failures.append("a resource failed to load: " + json.dumps(p)[:200])

        if res["scripts"]:
            failures.append(f"{res['scripts']} <script> element(s) in the page")
        for ref in res["refs"]:
            if not (ref.startswith("data:") or ref.startswith("#")):
                failures.append("src/href outside the page: " + ref)
        if res["missing"]:
            failures.append(f"{res['missing']} chart(s) not rendered (placeholder shown)")
        if res["broken"]:
            failures.append("chart image(s) did not decode: " + ", ".join(res["broken"]))
        if args.expect_charts is not None and res["figures"] != args.expect_charts:
            failures.append(f"{res['figures']} charts in the page, expected {args.expect_charts}")
        for t in args.expect_text:
            if t not in res["text"]:
                failures.append("text not shown literally: " + repr(t))
        for sel in args.forbid_selector:
            n = dt.call("Runtime.evaluate", {"expression": f"document.querySelectorAll({json.dumps(sel)}).length",
                                             "returnByValue": True})["result"]["value"]
            if n:
                failures.append(f"{n} element(s) match forbidden selector {sel}")

        # full-page screenshot
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": WINDOW_WIDTH, "height": res["height"], "deviceScaleFactor": 1, "mobile": False})
        shot = dt.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                       timeout=args.timeout)
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        with open(args.screenshot, "wb") as fp:
            fp.write(base64.b64decode(shot["data"]))
        pages = None
        if args.pdf:
            pdf = dt.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                          timeout=args.timeout)
            data = base64.b64decode(pdf["data"])
            with open(args.pdf, "wb") as fp:
                fp.write(data)
            pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
        print(f"report: {res['title']!r}, {res['figures']} charts, {len(res['refs'])} src/href attributes "
              f"checked, {sum(1 for e in dt.events if e['method'] == 'Network.requestWillBeSent')} "
              f"requests; screenshot {args.screenshot} ({res['height']} px high)"
              + (f"; PDF {args.pdf} ({pages} pages)" if pages is not None else ""))
        try:
            dt.call("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, ConnectionError, OSError):
            pass
    except (RuntimeError, TimeoutError, ConnectionError, OSError) as e:
        failures.append(f"browser check could not run: {e}")
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)

    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
