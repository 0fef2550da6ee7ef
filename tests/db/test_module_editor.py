"""The program editor: a clinician's edit is a draft until published; a published version reaches
each patient from its effective date (their own local date); completions stay with the version
read; shipped drafts wait in the same list; only clinicians may do any of it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    complete_module,
    discard_module_draft,
    publish_module_version,
    save_module_draft,
)
from db.content import sync_content
from db.engine import get_engine, read_session, write_session
from db.models import AuditEvent, ModuleCompletion, ModuleVersion, Program, max_length
from db.queries import (
    lesson_for_patient,
    lessons_for_patient,
    module_for_editor,
    program_modules_for_editor,
    progress_for_patient,
)
from program import module_editing as limits
from program.lessons import load_lessons
from tests.conftest import FROZEN_NOW
from tests.utils import actor_for, make_patient, rows

SLUG = "pain-is-protection"
CHECK = [
    {
        "question": "What does pain do?",
        "options": ["It protects you", "It measures damage", "Nothing"],
        "answer": 0,
        "right": "Yes. Pain is there to protect you.",
        "wrong": "Pain protects you. It does not measure damage.",
    },
    {
        "question": "Can your alarm system calm down?",
        "options": ["Yes, with practice", "No, never"],
        "answer": 0,
        "right": "Yes. It can learn to calm down.",
        "wrong": "It can learn. Small steps help it calm down.",
    },
]


def lesson(slug: str = SLUG, who: str = "ana"):
    return next(x for x in lessons_for_patient(actor=actor_for(who)).lessons if x.slug == slug)


def edit(**changes: object) -> dict[str, object]:
    base = dict(
        module_id=lesson().module_id,
        title="Pain is your protector",
        summary="Pain is your body's alarm. It tries to keep you safe.",
        body="Pain is a signal from your brain.\n\nIt tries to keep you safe.",
        minutes=4,
        week=1,
        check=CHECK,
        change_note="Shorter sentences.",
    )
    return base | changes


def draft(**changes: object) -> ModuleVersion:
    return save_module_draft(actor=actor_for("clin"), **edit(**changes))


def test_it_keeps_a_saved_draft_from_patients_until_a_clinician_publishes_it(care_team):
    before = lesson()
    version = draft()
    assert version.status == "draft" and version.number == 2 and version.source == "clinician"
    assert lesson().version_id == before.version_id  # the patient still reads version 1
    publish_module_version(actor=actor_for("clin"), version_id=version.id)
    after = lesson()
    assert (after.version_id, after.title) == (version.id, "Pain is your protector")
    detail = lesson_for_patient(actor=actor_for("ana"), slug=SLUG)
    assert detail.body.startswith("Pain is a signal from your brain.")
    assert [q.question for q in detail.check] == [q["question"] for q in CHECK]


def test_it_gives_patients_a_version_scheduled_for_a_later_date_only_from_that_date(
    care_team, frozen
):
    version = draft()
    start = date(2026, 3, 20)
    publish_module_version(actor=actor_for("clin"), version_id=version.id, effective_from=start)
    assert lesson().title != "Pain is your protector"
    with pytest.raises(Exception, match="module version"):  # not there for her yet
        complete_module(actor=actor_for("ana"), module_version_id=version.id, check_answers=[0, 0])
    frozen.move_to(FROZEN_NOW + timedelta(days=2))
    assert lesson().title == "Pain is your protector"


def test_it_starts_a_version_on_each_patients_own_local_date(care_team, frozen):
    # 2026-03-20 00:30 in New York is still 03-19 in Los Angeles.
    make_patient("Lou", username="lou", timezone="America/Los_Angeles", start=date(2026, 3, 2))
    version = draft()
    publish_module_version(
        actor=actor_for("clin"), version_id=version.id, effective_from=date(2026, 3, 20)
    )
    frozen.move_to("2026-03-20T04:30:00+00:00")
    assert lesson(who="ana").title == "Pain is your protector"
    assert lesson(who="lou").title != "Pain is your protector"
    frozen.move_to("2026-03-20T08:30:00+00:00")
    assert lesson(who="lou").title == "Pain is your protector"


def test_it_keeps_a_completion_tied_to_the_version_the_patient_read(care_team):
    first = lesson()
    complete_module(
        actor=actor_for("ana"), module_version_id=first.version_id, check_answers=[1, 0]
    )
    version = draft()
    publish_module_version(actor=actor_for("clin"), version_id=version.id)
    [done] = rows(ModuleCompletion)
    assert done.module_version_id == first.version_id
    now = lesson()
    assert now.version_id == version.id and not now.done and now.done_earlier_version
    assert progress_for_patient(actor=actor_for("ana")).lessons_done == 1
    history = module_for_editor(actor=actor_for("clin"), module_id=first.module_id)
    assert {v.number: v.completions for v in history.versions} == {1: 1, 2: 0}


def test_it_moves_the_module_to_the_week_its_published_version_names(care_team):
    assert lesson().week == 1 and lesson().state == "available"
    version = draft(week=5)
    assert version.week == 5
    publish_module_version(actor=actor_for("clin"), version_id=version.id)
    moved = lesson()
    assert moved.week == 5 and moved.state == "locked"  # Ana is in week 3
    overview = program_modules_for_editor(actor=actor_for("clin"))
    assert next(m for m in overview.modules if m.slug == SLUG).week == 5


def test_it_keeps_the_module_in_its_own_week_when_the_edit_leaves_the_week_alone(care_team):
    assert draft().week is None  # a later shipped move of the module still applies


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "write the title"),
        ({"body": ""}, "write the lesson text"),
        ({"minutes": 9}, "minutes from 3 to 6"),
        ({"week": 13}, "week from 1 to 12"),
        ({"check": CHECK[:1]}, "exactly 2 check questions"),
        ({"check": [CHECK[0], {**CHECK[1], "answer": 5}]}, "which answer to check question 2"),
        ({"check": [CHECK[0], {**CHECK[1], "options": ["Only one"]}]}, "2 to 4 answers"),
        ({"check": [{**CHECK[0], "wrong": ""}, CHECK[1]]}, "wrong answer to check question 1"),
        ({"body": "x" * 20_001}, "under 20000 characters"),
    ],
)
def test_it_refuses_an_edit_it_cannot_store_and_saves_nothing(care_team, changes, message):
    with pytest.raises(InvalidInput, match=message):
        draft(**changes)
    assert rows(ModuleVersion, status="draft") == []


def test_it_refuses_a_draft_that_changes_nothing(care_team):
    version = draft()
    with pytest.raises(InvalidInput, match=f"Nothing has changed since version {version.number}"):
        draft()


def test_it_refuses_to_publish_in_the_past_twice_or_after_a_newer_version(care_team):
    version = draft()
    clin = actor_for("clin")
    with pytest.raises(InvalidInput, match="cannot start in the past"):
        publish_module_version(actor=clin, version_id=version.id, effective_from=date(2026, 3, 17))
    with pytest.raises(InvalidInput, match="within the next year"):
        publish_module_version(actor=clin, version_id=version.id, effective_from=date(2027, 6, 1))
    newer = draft(title="Pain protects you")
    publish_module_version(actor=clin, version_id=newer.id)
    with pytest.raises(InvalidInput, match="already published"):
        publish_module_version(actor=clin, version_id=version.id)
    with pytest.raises(InvalidInput, match="not a draft"):
        publish_module_version(actor=clin, version_id=newer.id)


def changed_shipped_lesson():
    lessons = load_lessons()
    changed = next(x for x in lessons if x.slug == SLUG)
    return [
        replace(changed, body=changed.body + "\n\nIf chest pain comes, call 911 now.")
        if x.slug == SLUG
        else x
        for x in lessons
    ]


def test_it_lists_a_shipped_draft_as_waiting_until_a_clinician_publishes_it(care_team):
    with write_session() as session:
        sync_content(session, session.exec(select(Program)).one(), changed_shipped_lesson())
    clin = actor_for("clin")
    [waiting] = program_modules_for_editor(actor=clin).drafts
    assert (waiting.module_title, waiting.number, waiting.source) == (lesson().title, 2, "shipped")
    assert "call 911 now" not in lesson_for_patient(actor=actor_for("ana"), slug=SLUG).body
    published = publish_module_version(actor=clin, version_id=waiting.version_id)
    assert program_modules_for_editor(actor=clin).drafts == ()
    assert "call 911 now" in lesson_for_patient(actor=actor_for("ana"), slug=SLUG).body
    history = module_for_editor(actor=clin, module_id=waiting.module_id)
    latest = history.versions[0]
    assert (latest.number, latest.status, latest.published_by) == (2, "published", "Clin")
    assert latest.published_at == FROZEN_NOW and latest.effective_from == date(2026, 3, 18)
    assert history.live_number == published.number


def test_it_does_not_offer_a_shipped_draft_again_once_it_was_set_aside(care_team):
    program_lessons = changed_shipped_lesson()
    with write_session() as session:
        sync_content(session, session.exec(select(Program)).one(), program_lessons)
    [waiting] = program_modules_for_editor(actor=actor_for("clin")).drafts
    discard_module_draft(actor=actor_for("clin"), version_id=waiting.version_id)
    with write_session() as session:
        report = sync_content(session, session.exec(select(Program)).one(), program_lessons)
    assert report.drafts == 0
    assert program_modules_for_editor(actor=actor_for("clin")).drafts == ()
    statuses = [
        v.status
        for v in module_for_editor(actor=actor_for("clin"), module_id=waiting.module_id).versions
    ]
    assert statuses == ["discarded", "published"]


def test_it_audits_every_editor_change_naming_the_module_and_version(care_team):
    clin = actor_for("clin")
    first = draft()
    publish_module_version(actor=clin, version_id=first.id, effective_from=date(2026, 3, 19))
    second = draft(title="Pain protects you")
    discard_module_draft(actor=clin, version_id=second.id)
    with read_session() as session:
        audit = session.exec(
            select(AuditEvent.action, AuditEvent.detail, AuditEvent.actor_username).where(
                AuditEvent.action.like("%module%")
            )
        ).all()
    module_id = first.module_id
    assert audit == [
        ("save_module_draft", f"module {module_id} v2", "clin"),
        ("publish_module_version", f"module {module_id} v2 from 2026-03-19", "clin"),
        ("save_module_draft", f"module {module_id} v3", "clin"),
        ("discard_module_draft", f"module {module_id} v3", "clin"),
    ]


@pytest.mark.parametrize("who", ["coord", "ana", "admin"])
def test_it_lets_only_clinicians_edit_or_publish_the_program(care_team, who):
    version = draft()
    actor = actor_for(who)
    for attempt in (
        lambda: save_module_draft(actor=actor, **edit(title="Changed by someone else")),
        lambda: publish_module_version(actor=actor, version_id=version.id),
        lambda: discard_module_draft(actor=actor, version_id=version.id),
        lambda: program_modules_for_editor(actor=actor),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert [v.status for v in rows(ModuleVersion, module_id=version.module_id)] == [
        "published",
        "draft",
    ]
    # Any clinician of the clinic, not only Ana's own: the program is everyone's.
    publish_module_version(actor=actor_for("outsider-clin"), version_id=version.id)


@pytest.mark.parametrize(
    ("column", "value"), [("status", "archived"), ("source", "robot"), ("minutes", 0), ("week", 53)]
)
def test_it_has_the_database_refuse_a_version_no_editor_could_save(care_team, column, value):
    with pytest.raises(IntegrityError, match="(?i)check"), get_engine().begin() as conn:
        conn.execute(
            text(
                f"UPDATE moduleversion SET {column} = :v WHERE id = (SELECT min(id) FROM moduleversion)"
            ),  # noqa: S608
            {"v": value},
        )


def test_it_keeps_the_editors_text_limits_equal_to_the_columns():
    assert tuple(
        max_length(ModuleVersion, column) for column in ("title", "summary", "body", "change_note")
    ) == (limits.TITLE_MAX, limits.SUMMARY_MAX, limits.BODY_MAX, limits.NOTE_MAX)
