"""What a deployment puts in front of the app (deploy/nginx/recalibrate.conf) and what Streamlit
itself is told (.streamlit/config.toml): the app cannot be framed by another site, its metrics are
not public, answers carry the security headers, and the websocket survives an idle phone."""

from __future__ import annotations

import http.client
import os
import re
import ssl
import subprocess  # nosec B404: nginx and openssl with fixed arguments
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit import config as st_config

from tests.utils import nginx as shipped

ROOT = Path(__file__).resolve().parents[1]
CONF, HOST = shipped.CONF, shipped.HOST
HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def nginx_binary() -> str:
    found = shipped.nginx_binary()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: run `make nginx` (CI must check the deploy config)")
        pytest.skip(
            "nginx is not installed (`make nginx` installs it); the deploy config is unchecked"
        )
    return found


def test_it_ships_a_proxy_config_that_nginx_accepts(tmp_path):
    nginx = nginx_binary()
    main = shipped.render(tmp_path, 8080, 8443, [8501, 8502])
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
        self.send_header("X-Replica", str(self.server.server_address[1]))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path) -> Iterator[tuple[int, int]]:
    nginx_binary()
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with shipped.running(tmp_path, [upstream.server_address[1]]) as ports:
            yield ports
    finally:
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


@pytest.fixture
def two_replicas(tmp_path) -> Iterator[tuple[int, list[ThreadingHTTPServer]]]:
    """nginx on the shipped file with two stand-in replicas: (https port, the replicas)."""
    nginx_binary()
    replicas = [ThreadingHTTPServer(("127.0.0.1", 0), Upstream) for _ in range(2)]
    for replica in replicas:
        threading.Thread(target=replica.serve_forever, daemon=True).start()
    try:
        with shipped.running(tmp_path, [r.server_address[1] for r in replicas]) as (_, https):
            yield https, replicas
    finally:
        for replica in replicas:
            replica.shutdown()


def route_of(response: http.client.HTTPResponse) -> str | None:
    cookie = response.getheader("set-cookie") or ""
    match = re.fullmatch(r"rc_route=([0-9a-f]{32}); Path=/; HttpOnly; Secure; SameSite=Lax", cookie)
    return match.group(1) if match else None


@pytest.mark.skipif(os.geteuid() != 0, reason="runs nginx's workers as root in a temp folder")
def test_it_pins_each_browser_to_one_replica_by_a_route_cookie_it_sets_once(two_replicas):
    https_port, _ = two_replicas
    first_replicas = set()
    for _ in range(24):  # 24 browsers, each on its first request and then ten more
        first = get(https_port, "/")
        route = route_of(first)
        assert route is not None, first.getheader("set-cookie")
        assert {k: first.getheader(k) for k in HEADERS} == HEADERS  # still sent beside it
        seen = {first.getheader("x-replica")}
        for path in ("/", "/_stcore/health", "/_stcore/stream", "/media/x.pdf") * 2 + ("/a",) * 2:
            again = get(
                https_port, path, headers={"Cookie": f"_streamlit_xsrf=new; rc_route={route}"}
            )
            assert again.getheader("set-cookie") is None  # given once, never changed
            seen.add(again.getheader("x-replica"))
        assert len(seen) == 1, (route, seen)  # the first page and all that follows: one replica
        first_replicas |= seen
    assert len(first_replicas) == 2  # and the browsers are spread over both
    component = get(https_port, "/component/x/index.html")
    assert route_of(component) and component.getheader("x-frame-options") == "SAMEORIGIN"


@pytest.mark.skipif(os.geteuid() != 0, reason="runs nginx's workers as root in a temp folder")
def test_it_sends_the_browsers_of_a_stopped_replica_to_the_other_one(two_replicas):
    https_port, replicas = two_replicas
    stopped = replicas[0]
    port = str(stopped.server_address[1])
    route = next(
        r for r in (route_of(get(https_port, "/")) for _ in range(50))
        if get(https_port, "/", headers={"Cookie": f"rc_route={r}"}).getheader("x-replica") == port
    )  # fmt: skip
    stopped.shutdown()
    stopped.server_close()
    for _ in range(3):
        page = get(https_port, "/today", headers={"Cookie": f"rc_route={route}"})
        assert page.status == 200
        assert page.getheader("x-replica") == str(replicas[1].server_address[1])


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
