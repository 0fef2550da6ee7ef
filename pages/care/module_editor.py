"""The program editor's edit form: title, summary, Markdown body, minutes, week and the two check
questions, with the reading grade as you type and a preview as a patient sees it on a phone."""

from __future__ import annotations

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, save_module_draft
from db.queries import ModuleHistory
from db.queries.modules import VersionRow
from pages.shell.lesson_body import show_lesson_body
from pages.shell.plain import plain
from program.lessons import CHECK_QUESTIONS, MAX_MINUTES, MIN_MINUTES, CheckQuestion
from program.module_editing import (
    NOTE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    readability,
    removed_for_patients,
)
from program.readability import GRADE_LIMIT
from program.wording import CHECK_INTRO, CHECK_TITLE, minutes_text

PHONE_WIDTH = 390  # the preview is drawn at a phone's width


def _version_label(v: VersionRow) -> str:
    return f"Version {v.number} ({v.status})"


def _question_fields(key: str, number: int, q: CheckQuestion | None) -> dict[str, object]:
    with st.expander(f"Check question {number}", expanded=False):
        question = st.text_input("Question", q.question if q else "", key=f"{key}-q{number}")
        options_text = st.text_area(
            "Answers, one per line (2 to 4)",
            "\n".join(q.options) if q else "",
            key=f"{key}-q{number}-options",
        )
        options = [line.strip() for line in options_text.splitlines() if line.strip()]
        answer = st.selectbox(
            "The right answer",
            range(len(options)),
            index=q.answer if q and q.answer < len(options) else (0 if options else None),
            format_func=lambda i: options[i],
            key=f"{key}-q{number}-answer",
        )
        right = st.text_input(
            "Feedback for a right answer", q.right if q else "", key=f"{key}-q{number}-right"
        )
        wrong = st.text_input(
            "Feedback for a wrong answer", q.wrong if q else "", key=f"{key}-q{number}-wrong"
        )
    return {
        "question": question,
        "options": options,
        "answer": answer,
        "right": right,
        "wrong": wrong,
    }


def _as_questions(raw: list[dict[str, object]]) -> list[CheckQuestion]:
    """The questions complete enough to preview and grade (the action checks them properly)."""
    questions = []
    for q in raw:
        options = tuple(q["options"])
        if q["question"] and len(options) >= 2 and isinstance(q["answer"], int):
            questions.append(
                CheckQuestion(
                    str(q["question"]), options, q["answer"], str(q["right"]), str(q["wrong"])
                )
            )
    return questions


def grade_line(title: str, summary: str, body: str, questions: list[CheckQuestion]) -> None:
    grade = readability(title, summary, body, questions)
    check = f", check questions {grade.check_grade:.1f}" if grade.check_grade is not None else ""
    st.markdown(
        f"**Reading grade:** lesson {grade.lesson_grade:.1f}{check} "
        f"(aim for grade {GRADE_LIMIT:.0f} or lower)"
    )
    if grade.too_hard:
        st.warning(
            f"Reading grade {grade.highest:.1f} is above grade {GRADE_LIMIT:.0f}. Shorter "
            "sentences and everyday words make it easier to read.",
            icon=":material/warning:",
        )
    if removed_for_patients(body):
        st.warning(
            "Patients will not see raw HTML, images from outside the app or links that leave the "
            "app: the preview shows what is left.",
            icon=":material/link_off:",
        )


def preview(title: str, minutes: int, body: str, questions: list[CheckQuestion]) -> None:
    st.subheader("Preview: as a patient sees it on a phone")
    with st.container(border=True, width=PHONE_WIDTH):
        st.markdown(f"### {plain(title)}")
        st.caption(minutes_text(minutes))
        show_lesson_body(body)
        st.markdown(f"#### {CHECK_TITLE}")
        st.caption(CHECK_INTRO)
        for q in questions:  # what the patient picks from (their own order is shuffled)
            st.markdown(
                f"**{plain(q.question)}**\n\n" + "\n".join(f"- {plain(o)}" for o in q.options)
            )


def edit_module(actor: Actor, history: ModuleHistory) -> None:
    """The edit form for one module, starting from its newest draft (or the live version)."""
    working = history.working_copy()
    if working is None:
        st.info("This module has no version to edit yet.")
        return
    st.subheader("Edit")
    numbers = [v.number for v in history.versions]
    start = st.selectbox(
        "Start from",
        numbers,
        index=numbers.index(working.number),
        format_func=lambda n: _version_label(history.version(n)),
        key=f"from-{history.module_id}-{working.number}",
    )
    base = history.version(start)
    key = f"mod-{history.module_id}-{working.number}-{base.number}"
    title = st.text_input("Title", base.title, max_chars=TITLE_MAX, key=f"{key}-title")
    summary = st.text_area(
        "Summary (on the lesson list)", base.summary, max_chars=SUMMARY_MAX, key=f"{key}-summary"
    )
    body = st.text_area("Lesson text (Markdown)", base.body, height=360, key=f"{key}-body")
    minutes = st.number_input(
        "Minutes to read",
        MIN_MINUTES,
        MAX_MINUTES,
        min(max(base.minutes, MIN_MINUTES), MAX_MINUTES),
        key=f"{key}-minutes",
    )
    week = st.number_input(
        "Program week", 1, history.weeks, min(base.week, history.weeks), key=f"{key}-week"
    )
    raw = [
        _question_fields(key, n, base.check[n - 1] if len(base.check) >= n else None)
        for n in range(1, CHECK_QUESTIONS + 1)
    ]
    note = st.text_input("What changed (for the history)", max_chars=NOTE_MAX, key=f"{key}-note")
    questions = _as_questions(raw)
    grade_line(title, summary, body, questions)
    if st.button("Save as draft", type="primary", width="stretch", key=f"{key}-save"):
        try:
            saved = save_module_draft(
                actor=actor,
                module_id=history.module_id,
                title=title,
                summary=summary,
                body=body,
                minutes=int(minutes),
                week=int(week),
                check=raw,
                change_note=note,
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.toast(
                f"Saved as draft version {saved.number}. Patients see it once it is published."
            )
            st.rerun()
    preview(title, int(minutes), body, questions)
