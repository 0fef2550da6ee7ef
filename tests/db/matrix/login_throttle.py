"""Access-matrix rows for the login limit per (client, account): admins only, like the account's."""

from __future__ import annotations

from sqlmodel import select

from core.settings import load_settings
from db import actions, queries
from db.auth import authenticate
from db.engine import read_session
from db.models import LoginThrottle
from tests.utils.matrix import ADMIN_ONLY, Call
from tests.utils.personas import World

BEHIND_NGINX = load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": "127.0.0.1"})


def _paused_pair(world: World) -> int:
    """A coordinator's login paused for one client address after five wrong passwords."""
    client = f"192.0.2.{world.next()}"
    for _ in range(BEHIND_NGINX.lockout_threshold):
        authenticate(
            username="coord-off", password="wrong guess", settings=BEHIND_NGINX, client=client
        )
    with read_session() as session:
        return session.exec(select(LoginThrottle.id).where(LoginThrottle.client == client)).one()


EXPECTED = {
    "paused_login_clients": ADMIN_ONLY,
    "unlock_login_client": ADMIN_ONLY,
}

CALLS: dict[str, Call] = {
    "paused_login_clients": lambda a, w: queries.paused_login_clients(actor=a),
    "unlock_login_client": lambda a, w: actions.unlock_login_client(
        actor=a, pause_id=_paused_pair(w)
    ),
}
