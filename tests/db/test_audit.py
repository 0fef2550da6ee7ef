import pytest
from sqlalchemy import text

from core.settings import load_settings
from db.audit import main as audit_main
from db.audit import verify
from db.auth import authenticate
from db.engine import get_engine, read_session
from tests.utils import PASSWORD, make_user


@pytest.fixture
def chain(db):
    make_user("nurse", ["coordinator"])
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    for password in (PASSWORD, "wrong", PASSWORD):
        authenticate(username="nurse", password=password, settings=settings)


def test_it_verifies_an_untouched_chain(chain, capsys):
    with read_session() as session:
        assert verify(session) == []
    assert audit_main(["verify"]) == 0


def test_it_detects_an_edited_row(chain, capsys):
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE auditevent SET outcome = 'ok' WHERE id = 3"))
    assert audit_main(["verify"]) == 1
    assert "row 3: contents do not match" in capsys.readouterr().out


def test_it_detects_a_deleted_row(chain):
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM auditevent WHERE id = 2"))
    with read_session() as session:
        assert any("row 3" in p for p in verify(session))


def test_it_detects_removal_of_the_newest_row(chain):
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM auditevent WHERE id = (SELECT max(id) FROM auditevent)"))
    with read_session() as session:
        assert verify(session) != []
