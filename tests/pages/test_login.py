from tests.pages.conftest import fresh_app, texts


def test_it_shows_the_login_form_to_a_visitor(demo_db):
    at = fresh_app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "not watched around the clock" in texts(at)


def test_it_logs_the_demo_patient_in_to_today(demo_db, frozen):
    at = fresh_app().run()
    at.text_input[0].input("demo-patient")
    at.text_input[1].input("recalibrate-demo")
    at.button[0].click().run()
    assert not at.exception
    assert "Week 3 of 12" in texts(at)
    assert at.session_state["actor"].username == "demo-patient"


def test_it_shows_one_generic_error_for_a_wrong_password(demo_db):
    at = fresh_app().run()
    at.text_input[0].input("demo-patient")
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    assert len(at.error) == 1 and "did not work" in at.error[0].value
    assert at.session_state["actor"] is None


def test_it_logs_out_and_the_session_cannot_be_reused(demo_db, frozen):
    at = fresh_app().run()
    at.text_input[0].input("demo-coordinator")
    at.text_input[1].input("recalibrate-demo")
    at.button[0].click().run()
    session_id = at.session_state["login_session_id"]
    at.switch_page("pages/shell/account.py").run()
    at.button[0].click().run()
    assert at.session_state["actor"] is None
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    replay = fresh_app()
    replay.session_state["login_session_id"] = session_id
    replay.run()
    assert replay.session_state["actor"] is None


def test_it_shows_an_apology_not_a_traceback_when_a_page_fails(app_as, monkeypatch, caplog):
    import db.queries

    def broken(**_kwargs):
        raise RuntimeError("database fell over")

    monkeypatch.setattr(db.queries, "today_for_patient", broken)
    at = app_as("demo-patient")
    assert not at.exception
    assert any("Sorry, something went wrong" in e.value for e in at.error)
    assert "database fell over" not in texts(at)
    assert "database fell over" in caplog.text


def test_it_sends_a_logged_out_deep_link_to_the_login_form(demo_db):
    at = fresh_app().run()
    at.switch_page("pages/care/panel.py").run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert not at.dataframe


def test_it_lands_staff_on_their_home_after_logging_in_from_a_patient_page(demo_db, frozen):
    # While logged out the default page is the first registered one (a patient page); the login
    # run still carries it. Staff must land on their own home, without a "not available" note.
    at = fresh_app().run()
    at.switch_page("pages/patient/today.py").run()
    at.text_input[0].input("demo-coordinator")
    at.text_input[1].input("recalibrate-demo")
    at.button[0].click().run()
    shown = texts(at)
    assert "Patient panel" in shown and "not available" not in shown
