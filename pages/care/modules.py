"""Program editor (clinicians): every module by week and track, the drafts waiting to be
published, and one module's editor (``?module=<id>``) with its preview, publishing and history."""

import streamlit as st

from db.access import NotFound
from db.queries import EditorOverview, module_for_editor, program_modules_for_editor
from pages.care.module_editor import edit_module
from pages.care.module_versions import publish_and_history
from pages.shell.common import current_actor

SOURCE = {"shipped": "from the lesson files", "clinician": "by a clinician"}

actor = current_actor()


def open_module(module_id: int | None) -> None:
    if module_id is None:
        st.query_params.pop("module", None)
    else:
        st.query_params["module"] = str(module_id)
    st.rerun()


def drafts_waiting(overview: EditorOverview) -> None:
    st.subheader(f"Drafts waiting ({len(overview.drafts)})")
    if not overview.drafts:
        st.caption("No drafts waiting. Every module shows patients its newest published version.")
        return
    st.caption(
        "Changed lesson files and clinicians' edits wait here. Patients see none of them until "
        "a clinician publishes them. Review safety wording first."
    )
    for d in overview.drafts:
        with st.container(border=True):
            who = f"by {d.created_by}" if d.created_by else SOURCE.get(d.source, d.source)
            st.markdown(
                f"**Week {d.week} · {d.module_title}**  \n"
                f"Version {d.number}, {who}, saved {d.created_at:%d %b %Y}"
            )
            if d.change_note:
                st.text(d.change_note)
            if st.button("Review and publish", key=f"draft-{d.version_id}", width="stretch"):
                open_module(d.module_id)


def module_list(overview: EditorOverview) -> None:
    st.subheader("Modules by week")
    tracks = overview.tracks()
    track = (
        st.segmented_control("Track", tracks, format_func=str.capitalize, key="editor-track")
        if len(tracks) > 1
        else None
    )
    for week in overview.weeks_with_modules():
        shown = [m for m in overview.modules if m.week == week and track in (None, m.track)]
        if not shown:
            continue
        waiting = sum(m.drafts for m in shown)
        label = f"Week {week} · {len(shown)} module{'s' if len(shown) != 1 else ''}"
        with st.expander(label + (f" · {waiting} draft waiting" if waiting else "")):
            for m in shown:
                notes = [m.track.capitalize()]
                notes.append(
                    f"patients get version {m.live_number}" if m.live_number else "not live"
                )
                notes += [f"version {n} from {day:%d %b}" for n, day in m.scheduled]
                if m.drafts:
                    notes.append(f"{m.drafts} draft waiting")
                st.markdown(f"**{m.title}**  \n" + " · ".join(notes))
                if st.button("Edit", key=f"edit-{m.module_id}", width="stretch"):
                    open_module(m.module_id)


def overview_page() -> None:
    st.title("Program editor")
    overview = program_modules_for_editor(actor=actor)
    st.caption(
        f"{overview.program_title}. Saving makes a draft; patients get a version once it is "
        "published, from the date you choose (each patient's own date)."
    )
    drafts_waiting(overview)
    module_list(overview)


def module_page(module_id: int) -> None:
    if st.button("All modules", icon=":material/arrow_back:"):
        open_module(None)
    try:
        history = module_for_editor(actor=actor, module_id=module_id)
    except NotFound:
        st.warning("That module was not found.")
        return
    live = history.live()
    st.title(live.title if live else history.slug)
    st.caption(
        f"{history.track.capitalize()} · week {live.week if live else history.module_week} · "
        + (f"patients get version {live.number}" if live else "no version published yet")
    )
    edit_module(actor, history)
    publish_and_history(actor, history)


chosen = st.query_params.get("module")
if chosen and chosen.isdigit():
    module_page(int(chosen))
else:
    overview_page()
