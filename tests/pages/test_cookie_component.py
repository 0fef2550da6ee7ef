"""The re-login cookie's component (a hidden iframe of ~140 KB that the browser fetches on every
page load) is drawn only in runs that write or delete the cookie, or show the login form: a phone
that opens the app already logged in downloads none of it (issue 14, item 6)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import fresh_app, login_as
from tests.pages.test_login_cookie import DEMO, SETTINGS, start
from tests.pages.test_login_cookie import browser_cookies as browser_cookies  # the fixture


def cookie_components(at: AppTest) -> int:
    def walk(node) -> int:
        own = getattr(node, "type", None) == "component_instance"
        return own + sum(walk(child) for child in getattr(node, "children", {}).values())

    return walk(at._tree)


def test_it_draws_no_cookie_component_for_a_logged_in_patient(demo_db, frozen):
    at = login_as("demo-patient", DEMO)
    assert at.session_state["actor"].username == "demo-patient"
    assert cookie_components(at) == 0
    at.run()  # a tap on Today: a rerun of the same logged-in session
    assert not at.exception and cookie_components(at) == 0


def test_it_draws_none_when_a_revisit_logs_in_from_the_cookie(demo_db, frozen, browser_cookies):
    _sid, token = start("demo-patient")
    browser_cookies[SETTINGS.cookie_name] = token
    at = fresh_app().run()
    assert at.session_state["actor"].username == "demo-patient"
    assert cookie_components(at) == 0


def test_it_keeps_the_cookie_component_on_the_login_form_and_in_the_login_run(demo_db, frozen):
    at = fresh_app().run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert cookie_components(at) == 1  # loaded while the patient types, ready for the login run
    at.text_input[0].input("demo-patient")
    at.text_input[1].input(DEMO)
    at.button[0].click().run()
    assert at.session_state["actor"].username == "demo-patient"
    assert cookie_components(at) == 2  # the same reader, plus the one that writes the cookie


def test_it_draws_the_cookie_writer_in_every_run_until_the_browser_has_written_it(demo_db, frozen):
    # A tap right after "Log in" used to remove the writer before a slow phone had loaded it: the
    # patient was logged in, but the next visit showed the login form (make bench --quick).
    at = fresh_app().run()
    at.text_input[0].input("demo-patient")
    at.text_input[1].input(DEMO)
    at.button[0].click().run()
    pending = at.session_state["login_cookie"]
    assert pending is not None and cookie_components(at) == 2
    at.run()  # a tap on Today before the browser answered
    assert not at.exception and cookie_components(at) == 2
    assert at.session_state["login_cookie"] == pending

    at.session_state[pending.key] = True  # the component's answer: written
    at.run()
    assert at.session_state["login_cookie"] is None
    at.run()
    assert not at.exception and cookie_components(at) == 0
    assert at.session_state["actor"].username == "demo-patient"


def test_it_draws_the_component_that_deletes_the_cookie_on_logout(demo_db, frozen):
    at = login_as("demo-patient", DEMO)
    at.session_state["logout_requested"] = True
    at.run()
    assert at.session_state["actor"] is None
    assert cookie_components(at) == 2  # the reader and the delete
