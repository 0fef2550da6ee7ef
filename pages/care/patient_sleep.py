"""The patient detail's sleep diary: the last 7 nights, sleep by program week, the latest nights
and whether bedtime scheduling is on."""

from __future__ import annotations

import streamlit as st

from db.queries import PatientDetail
from program.sleep_wording import duration

NIGHTS_SHOWN = 7


def sleep_diary(d: PatientDetail) -> None:
    st.subheader("Sleep diary")
    sleep = d.sleep
    if not sleep.entries:
        st.caption("No sleep diary nights yet.")
        return
    week = sleep.last_week
    if week is None:
        st.markdown("No diary nights in the last 7 nights.")
    else:
        st.markdown(
            f"Last 7 nights: {week.nights} saved · mean sleep {duration(week.mean_total_sleep)}"
            f" · efficiency {week.efficiency:g}%"
        )
    plan = sleep.plan
    if plan is None:
        st.caption("Bedtime scheduling is off.")
    else:
        window = f", window {duration(plan.window.minutes)}" if plan.window else ""
        bed = f", bedtime {plan.bedtime}" if plan.bedtime else ""
        st.caption(f"Bedtime scheduling on since {plan.since:%b %d}{window}{bed}.")
    for n in sorted(sleep.entries, reverse=True)[:NIGHTS_SHOWN]:
        e = sleep.entries[n]
        st.markdown(
            f"**{e.night:%a %b %d}**: in bed {e.into_bed:%H:%M} to {e.out_of_bed:%H:%M}, "
            f"asleep {duration(e.total_sleep)} ({e.efficiency:g}%), "
            f"woke {e.awakenings} {'time' if e.awakenings == 1 else 'times'}, "
            f"quality {e.quality} of 5"
        )
    if sleep.weeks:
        lines = [
            f"Week {w}: {s.nights} nights, {duration(s.mean_total_sleep)}, {s.efficiency:g}%"
            for w, s in sleep.weeks.items()
        ]
        st.caption("By program week (0 is the baseline week): " + "; ".join(lines) + ".")
