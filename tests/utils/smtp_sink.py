"""A tiny SMTP server for tests: a real socket on 127.0.0.1 that accepts and keeps every message.

smtplib talks to it exactly as to a clinic's mail server (EHLO, MAIL, RCPT, DATA, QUIT); nothing
leaves the machine. It offers no STARTTLS, so tests use SMTP_SECURITY=none (allowed outside
production for a relay on this machine).

It can also misbehave as real servers do: ``SmtpSink(busy=N)`` answers the first N messages'
DATA with a temporary ``451`` (try again later), and ``SmtpSink(unknown={"x@y"})`` refuses those
recipients with a permanent ``550``.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, *lines: str) -> None:
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())

    def handle(self) -> None:
        self._say("220 sink.test ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip()[:4].upper()
            if verb == "EHLO":
                self._say("250-sink.test", "250 8BITMIME")
            elif verb == "RCPT":
                address = line.decode().split(":", 1)[1].strip().strip("<>")
                if address in self.server.unknown:
                    self._say("550 5.1.1 No such user here")
                    continue
                recipients.append(address)
                self._say("250 OK")
            elif verb == "DATA" and self.server.take_busy():
                self._say("451 4.3.0 Busy, try again later")
                recipients = []
            elif verb == "DATA":
                self._say("354 End data with <CR><LF>.<CR><LF>")
                self.server.keep(self._read_data(), recipients)
                recipients = []
                self._say("250 OK: queued")
            elif verb == "QUIT":
                self._say("221 Bye")
                return
            elif verb in ("HELO", "MAIL", "RSET", "NOOP"):
                self._say("250 OK")
            else:
                self._say("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # undo dot-stuffing
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, busy: int = 0, unknown: frozenset[str] = frozenset()) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.arrived = threading.Condition()
        self.busy, self.unknown = busy, unknown

    def take_busy(self) -> bool:
        """Whether this DATA is one of the first ``busy`` ones, answered "try again later"."""
        with self.arrived:
            if self.busy <= 0:
                return False
            self.busy -= 1
            return True

    def keep(self, data: bytes, recipients: list[str]) -> None:
        with self.arrived:
            self.messages.append(message_from_bytes(data, policy=policy.default))
            self.envelopes.append(list(recipients))
            self.arrived.notify_all()


class SmtpSink:
    """``with SmtpSink() as sink:`` serves on ``sink.port`` until the block ends."""

    def __init__(self, *, busy: int = 0, unknown: frozenset[str] | set[str] = frozenset()) -> None:
        self._busy, self._unknown = busy, frozenset(unknown)

    def __enter__(self) -> SmtpSink:
        self._server = _Server(self._busy, self._unknown)
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self._server.messages)

    @property
    def recipients(self) -> list[list[str]]:
        return list(self._server.envelopes)

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """The first ``count`` messages, waiting for them to arrive (fails after ``timeout``)."""
        with self._server.arrived:
            self._server.arrived.wait_for(lambda: len(self._server.messages) >= count, timeout)
        assert len(self._server.messages) >= count, f"expected {count} message(s) at the sink"
        return self.messages[:count]

    def env(self) -> dict[str, str]:
        """The settings that point the app at this sink."""
        return {
            "SMTP_HOST": self.host,
            "SMTP_PORT": str(self.port),
            "SMTP_SECURITY": "none",
            "SMTP_FROM": "clinic@example.org",
            "APP_BASE_URL": "https://recalibrate.example.org",
        }
