"""What a deployment puts in front of the app (deploy/nginx/recalibrate.conf) and what Streamlit
itself is told (.streamlit/config.toml): the app cannot be framed by another site, its metrics are
not public, answers carry the security headers, and the websocket survives an idle phone."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess  # nosec B404: nginx and openssl with fixed arguments
import threading
import time
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "deploy" / "nginx" / "recalibrate.conf"
HOST = "recalibrate.example.org"
HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: run `make nginx` (CI must check the deploy config)")
        pytest.skip(
            "nginx is not installed (`make nginx` installs it); the deploy config is unchecked"
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_prefix(tmp: Path, http_port: int, https_port: int, upstream: int) -> Path:
    """A throwaway nginx set-up around the shipped file: a self-signed certificate in place of the
    placeholders, local ports, and the given upstream port; nothing else is changed."""
    subprocess.run(  # nosec B603 B607: fixed arguments
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         f"/CN={HOST}", "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    text = CONF.read_text()
    text = text.replace("/etc/ssl/recalibrate/fullchain.pem", str(tmp / "cert.pem"))
    text = text.replace("/etc/ssl/recalibrate/privkey.pem", str(tmp / "key.pem"))
    text = re.sub(r"(?m)^\s*listen \[::\].*\n", "", text)  # a test machine may have no IPv6
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{upstream};")
    (tmp / "recalibrate.conf").write_text(text)
    temp = "\n".join(
        f"  {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp / "nginx.conf"
    main.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n{temp}\n  include {tmp}/recalibrate.conf;\n}}\n"
    )
    return main


def test_it_ships_a_proxy_config_that_nginx_accepts(tmp_path):
    nginx = nginx_binary()
    main = nginx_prefix(tmp_path, 8080, 8443, 8501)
    done = subprocess.run(  # nosec B603: fixed arguments
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_it_keeps_the_websocket_open_for_an_idle_phone_and_bounds_request_bodies():
    text = CONF.read_text()
    stream = text[text.index("location /_stcore/stream") :].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_http_version 1.1;" in stream
    assert re.search(r"proxy_read_timeout (\d+)s;", stream).group(1) == "86400"
    assert re.search(r"client_max_body_size \d+m;", text)
    assert text.count("# PLACEHOLDER:") == 4  # host name twice, certificate and key


def test_it_tells_the_app_which_address_each_request_came_from_in_every_location():
    text = CONF.read_text()
    locations = re.findall(r"location [^{]+\{[^}]*proxy_pass[^}]*\}", text)
    assert len(locations) == 3
    for block in locations:
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block, block
        assert "proxy_set_header X-Real-IP $remote_addr;" in block, block


class Upstream(BaseHTTPRequestHandler):
    """Stands in for Streamlit: answers every path with 200 and the path it was asked for, and
    the client addresses nginx forwarded."""

    def do_GET(self) -> None:  # noqa: N802
        forwarded = (self.headers.get("X-Forwarded-For"), self.headers.get("X-Real-IP"))
        body = f"{self.path}\n{forwarded[0]}\n{forwarded[1]}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path) -> Iterator[tuple[int, int]]:
    nginx = nginx_binary()
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    main = nginx_prefix(tmp_path, http_port, https_port, upstream.server_address[1])
    server = subprocess.Popen(  # nosec B603: fixed arguments
        [nginx, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off; user root;"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield http_port, https_port
    finally:
        server.terminate()
        server.wait(timeout=10)
        upstream.shutdown()


def get(
    port: int, path: str, tls: bool = True, headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    conn = (
        http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
        if tls
        else http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    )
    conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.skipif(os.geteuid() != 0, reason="runs nginx's workers as root in a temp folder")
def test_it_appends_the_real_peer_after_whatever_the_client_forged(proxy):
    _, https_port = proxy
    page = get(https_port, "/today", headers={"X-Forwarded-For": "198.51.100.9"})
    path, forwarded_for, real_ip = page.body.decode().split("\n")
    # The app reads from the right (core/client_address.py): the forged entry stays on the left.
    assert (path, forwarded_for, real_ip) == ("/today", "198.51.100.9, 127.0.0.1", "127.0.0.1")
    plain = get(https_port, "/today").body.decode().split("\n")
    assert plain[1:] == ["127.0.0.1", "127.0.0.1"]


@pytest.mark.skipif(os.geteuid() != 0, reason="runs nginx's workers as root in a temp folder")
def test_it_sends_the_security_headers_and_hides_the_metrics_through_nginx(proxy):
    http_port, https_port = proxy
    page = get(https_port, "/today")
    assert page.status == 200
    assert {k: page.getheader(k) for k in HEADERS} == HEADERS
    for path in (
        "/_stcore/metrics",
        "/_stcore/metrics/",
        "//_stcore/metrics",
        "/_stcore/%6detrics",
    ):
        hidden = get(https_port, path)
        assert hidden.status == 404, path
        assert hidden.getheader("x-frame-options") == "DENY"
    # The cookie manager is a page the app frames itself: same origin only.
    component = get(https_port, "/component/extra_streamlit_components.CookieManager/index.html")
    assert component.getheader("content-security-policy") == "frame-ancestors 'self'"
    assert component.getheader("x-frame-options") == "SAMEORIGIN"
    plain_http = get(http_port, "/today", tls=False)
    assert plain_http.status == 301
    assert plain_http.getheader("location") == f"https://{HOST}/today"


def streamlit_config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_it_sets_every_protection_streamlit_itself_offers():
    cfg = streamlit_config()
    assert cfg["server"]["enableXsrfProtection"] is True
    # CORS *protection*: false would send "Access-Control-Allow-Origin: *" and accept the
    # websocket from any site.
    assert cfg["server"]["enableCORS"] is True
    assert cfg["server"]["enableWebsocketCompression"] is False
    assert cfg["server"]["maxUploadSize"] <= 1
    assert cfg["server"]["address"] == "127.0.0.1"  # only the proxy reaches it
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["toolbarMode"] == "minimal"
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["global"]["developmentMode"] is False


def test_it_names_only_options_this_streamlit_knows():
    known = st_config.get_config_options()
    cfg = streamlit_config()
    names = [f"{section}.{key}" for section, values in cfg.items() for key in values]
    assert [n for n in names if n not in known] == []
