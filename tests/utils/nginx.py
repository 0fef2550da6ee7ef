"""The shipped proxy config (deploy/nginx/recalibrate.conf) run by a throwaway nginx of our own.

``render`` copies the file into a temp folder with a self-signed certificate (openssl) in place of
the placeholders, local ports, and the replicas' ports in place of the two ``server`` lines;
nothing else is changed, so what is tested is what a clinic installs. ``running`` starts nginx on
it in the foreground (``-p TMP -g 'daemon off;'``: never Debian's service) and stops it after.
Used by tests/test_deploy_config.py and the scale demo (tests/utils/scale_demo.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess  # nosec B404: nginx and openssl with fixed arguments
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "recalibrate.conf"
HOST = "recalibrate.example.org"
SHIPPED_REPLICAS = ("server 127.0.0.1:8501 ", "server 127.0.0.1:8502 ")


def nginx_binary() -> str | None:
    """Debian's nginx (``make nginx`` installs it), or None."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(
    tmp: Path, http_port: int, https_port: int, upstreams: Sequence[int], access_log: bool = False
) -> Path:
    """The nginx.conf of a throwaway set-up around the shipped file; its path."""
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
    lines = [line for line in text.splitlines() if line.strip().startswith(SHIPPED_REPLICAS)]
    assert len(lines) == len(SHIPPED_REPLICAS), "the shipped file's replica lines changed"
    options = lines[0].strip().split(" ", 2)[2]  # max_fails=... fail_timeout=...;
    servers = "\n".join(f"    server 127.0.0.1:{port} {options}" for port in upstreams)
    text = text.replace(lines[0] + "\n", servers + "\n").replace(lines[1] + "\n", "")
    (tmp / "recalibrate.conf").write_text(text)
    temp = "\n".join(
        f"  {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # The scale demo's log: which replica served each browser's route (a websocket's line is
    # written only when it closes, the page and health requests before it at once).
    log = (
        f"log_format route '$msec $recalibrate_route $status $request_uri $upstream_addr';\n"
        f"  access_log {tmp}/access.log route;"
        if access_log
        else "access_log off;"
    )
    main = tmp / "nginx.conf"
    main.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n  {log}\n{temp}\n  include {tmp}/recalibrate.conf;\n}}\n"
    )
    return main


@contextlib.contextmanager
def running(
    tmp: Path, upstreams: Sequence[int], access_log: bool = False
) -> Iterator[tuple[int, int]]:
    """nginx in the foreground on the rendered config: yields (http port, https port)."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (`make nginx` installs it)")
    http_port, https_port = free_port(), free_port()
    main = render(tmp, http_port, https_port, upstreams, access_log)
    user = " user root;" if os.geteuid() == 0 else ""
    server = subprocess.Popen(  # nosec B603: fixed arguments
        [nginx, "-p", str(tmp), "-c", str(main), "-g", f"daemon off;{user}"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {server.stderr.read()}") from None
                time.sleep(0.05)
        yield http_port, https_port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
