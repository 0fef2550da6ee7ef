"""Learn: this week's lessons first, then earlier weeks; open one to read it and check understanding."""

import streamlit as st

from db.access import NotFound
from db.actions import InvalidInput, complete_module
from db.queries import (
    LearnView,
    LessonDetail,
    LessonStatus,
    lesson_for_patient,
    lessons_for_patient,
)
from pages.shell.common import current_actor, help_footer
from pages.shell.lesson_body import show_lesson_body
from pages.shell.plain import plain
from program import wording as w
from program.lessons import grade_questions

DONE_MARK, OPEN_MARK, CLOSED_MARK = (
    ":material/check_circle:",
    ":material/radio_button_unchecked:",
    ":material/lock:",
)
# Bigger tap targets for the answer options on a phone held in one hand.
TAP_TARGETS = """<style>
div[data-testid="stRadio"] label { min-height: 44px; padding: 6px 0; align-items: center; }
div[data-testid="stRadio"] label p { font-size: 1.05rem; }
</style>"""

actor = current_actor()


def open_lesson(slug: str | None) -> None:
    if slug is None:
        st.query_params.pop("lesson", None)
    else:
        st.query_params["lesson"] = slug
    st.rerun()


def show_lesson_next_run(slug: str) -> None:
    """A button callback: the run it starts opens ``slug``."""
    st.query_params["lesson"] = slug


def status_line(lesson: LessonStatus) -> str:
    if lesson.state == "held":
        return w.held_text(lesson.title, plain(lesson.reason))
    if lesson.state == "skipped":
        return w.skipped_text(lesson.title, plain(lesson.reason))
    if lesson.state == "locked":
        return w.locked_text(lesson.week)
    badge = f":green-badge[{w.DONE}]" if lesson.done else f":gray-badge[{w.NOT_DONE}]"
    extra = w.check_result_text(lesson.check_correct, lesson.check_total) if lesson.done else ""
    return f"{badge} {w.minutes_text(lesson.minutes)}" + (f"  \n{extra}" if extra else "")


def lesson_card(lesson: LessonStatus) -> None:
    with st.container(border=True):
        mark = CLOSED_MARK if not lesson.openable else DONE_MARK if lesson.done else OPEN_MARK
        st.markdown(f"{mark} **{lesson.title}**  \n{status_line(lesson)}")
        if lesson.openable:
            if lesson.done_earlier_version:
                st.caption(w.UPDATED)
            if st.button(w.OPEN_LESSON, key=f"open-{lesson.slug}", width="stretch"):
                open_lesson(lesson.slug)


def lesson_list(view: LearnView) -> None:
    st.title(w.LEARN_TITLE)
    st.caption(w.LEARN_INTRO)
    plan = view.plan
    if plan is None:
        st.info(w.NOT_SET_UP)
        return
    if plan.paused:
        st.info(w.LEARN_PAUSED, icon=":material/pause_circle:")
    if plan.week == 0 and not view.opened_early():
        st.info(w.LESSONS_START)
        return
    sections = (
        [(w.ALL_LESSONS, view.earlier_weeks())]
        if plan.finished
        else [
            (f"{w.THIS_WEEK} (week {plan.week})", view.this_week()),
            (w.OPENED_EARLY, view.opened_early()),
            (w.EARLIER_WEEKS, view.earlier_weeks()),
        ]
    )
    for heading, lessons in sections:
        if lessons:
            st.header(heading)
            for lesson in lessons:
                lesson_card(lesson)
    if coming := view.coming_next():
        st.header(w.COMING_NEXT)
        st.caption("  \n".join(f"{CLOSED_MARK} {lesson.title}" for lesson in coming))


def answers_key(detail: LessonDetail, number: int) -> str:
    return f"lesson-{detail.status.version_id}-q{number}"


def show_feedback(feedback: tuple[str, ...], picks: list[int]) -> None:
    for question, pick, text in zip(detail.check, picks, feedback, strict=True):
        (st.success if pick == question.answer else st.info)(text)


def lesson_page(detail: LessonDetail) -> None:
    lesson = detail.status
    if st.button(w.BACK, icon=":material/arrow_back:"):
        open_lesson(None)
    st.title(lesson.title)
    st.caption(w.minutes_text(lesson.minutes))
    if detail.body is None:
        st.info(status_line(lesson), icon=":material/lock:")
        return
    if lesson.done:
        st.caption(w.done_on_text(f"{lesson.completed_on:%B} {lesson.completed_on.day}"))
    show_lesson_body(detail.body)  # the renderer the program editor's preview uses too
    st.header(w.CHECK_TITLE, divider="gray")
    st.caption(w.CHECK_INTRO)
    st.html(TAP_TARGETS)
    picks = [
        st.radio(
            question.question,
            # The patient's own stable order; the value stays the original option index.
            options=detail.option_orders[n],
            format_func=lambda i, q=question: q.options[i],
            index=None,
            key=answers_key(detail, n),
        )
        for n, question in enumerate(detail.check)
    ]
    answered = all(pick is not None for pick in picks)
    if st.button(w.CHECK_BUTTON, width="stretch"):
        if answered:
            show_feedback(grade_questions(detail.check, picks).feedback, picks)
        else:
            st.warning(w.ANSWER_ALL)
    if st.button(w.MARK_DONE, type="primary", width="stretch"):
        if not answered:
            st.warning(w.ANSWER_ALL)
            return
        try:
            done = complete_module(
                actor=actor,
                module_version_id=lesson.version_id,
                check_answers=picks,
            )
        except InvalidInput as exc:
            st.warning(str(exc))
        else:
            st.success(w.MARKED_DONE, icon=":material/celebration:")
            show_feedback(done.result.feedback, picks)
            next_step(lesson.slug)


def next_lesson(view: LearnView, current: str) -> LessonStatus | None:
    """The first lesson still to do this week (then from earlier weeks), if any."""
    candidates = [*view.this_week(), *view.earlier_weeks()]
    return next((x for x in candidates if x.openable and not x.done and x.slug != current), None)


def next_step(current: str) -> None:
    """After "Mark as done": the next lesson still to do, and always the way back to Today."""
    st.markdown(f"**{w.NEXT_STEP}**")
    if (upcoming := next_lesson(lessons_for_patient(actor=actor), current)) is not None:
        st.button(
            f"{w.NEXT_LESSON}: {upcoming.title}",
            icon=":material/arrow_forward:",
            type="primary",
            width="stretch",
            key=f"next-{upcoming.slug}",
            on_click=show_lesson_next_run,
            args=(upcoming.slug,),
        )
    st.page_link("pages/patient/today.py", label=w.BACK_TO_TODAY, icon=":material/today:")


slug = st.query_params.get("lesson")
if slug:
    try:
        detail = lesson_for_patient(actor=actor, slug=slug)
    except NotFound:
        st.warning(w.NOT_FOUND)
        if st.button(w.BACK, icon=":material/arrow_back:"):
            open_lesson(None)
    else:
        lesson_page(detail)
else:
    lesson_list(lessons_for_patient(actor=actor))
help_footer()
