"""The best hand-written SQL for the panel's rows: the floor ``make bench`` holds the panel to.

Issue 13 asks for the panel page within 1.5x of "the best hand-written SQL for the same rows". The
statement here returns, for one staff member's visible patients, the rows
``db.queries.panel_for_staff`` shows (``program.panel.ALL_COLUMNS``, the marks and rounding
included), in one statement per engine, written by hand (no SQLAlchemy) and run through the bare
DBAPI cursor. ``compare`` times it and checks its rows against the panel's frame.

What it reads: the patient, their newest current enrolment, their PatientSummary row (the same
row the app reads: the last check-in, the strip of recent pain, the PEG at the program's two
ends), their check-ins where the summary cannot answer (the baseline week, the first 7 days, a
strip that does not reach back: one range read of the (patient, day, pain) index each), lesson
completions, questionnaire answers, open flags and the follow-up request in progress. Inputs that are not in the database are bound: each
zone's today and its windows' first days (a VALUES list), the curriculum's lessons with their due
day in program days (a VALUES list, ``program.adherence.lesson_offsets``), the questionnaire
schedule (``program.measures.SCHEDULE``) and the thresholds of ``program.defaults``.

Rounding: pandas rounds half to even (``numpy.round``); PostgreSQL's ``round(double precision)``
does too, SQLite's ``round`` does not, so SQLite gets a CASE that does (``Dialect.round``).

NOT exact for irregular plans: a plan with pauses, holds, skips or early unlocks
(``db.queries.panel_exact.IRREGULAR_KINDS``) moves the program week, the status (a pause that ends by
itself or starts later) and what is due, day by day (``program.adherence.due_items``,
``program.curriculum.program_week``). This statement counts every plan as a plain one: for those
patients ``status``, ``week``, ``items_due``, ``items_done`` and ``adherence`` may differ from
the panel's. ``compare`` says how many rows differ and whether they are all irregular plans.

Plan: per patient, correlated subqueries that one index answers (SQLite's planner, without
statistics, picks B-tree seeks for these every time) inside MATERIALIZED CTEs (SQLite would
otherwise copy a subquery into every expression that names its column, and run it again each
time). The 7-day mean and the window's check-ins are read from the summary's strip with string
functions (no index read at all) unless the strip does not reach back. PostgreSQL runs the same
shape with its own spelling of dates, rounding and ``%`` (``Dialect``); it was not tuned apart
(LATERAL joins or set-based aggregates might be faster there: not measured).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bench.panel_best_dialect import (
    Dialect,
    ceil7,
    date_param,
    day_param,
    fdiv,
    quoted,
    schedule_rows,
)
from db.queries.panel_exact import IRREGULAR_KINDS
from program.defaults import DEFAULTS
from program.panel import BASELINE, NOT_ENROLLED, PAIN_BETTER, PAIN_WORSE, PEG_BETTER, PEG_WORSE
from program.panel_summary import NO_CHECK_IN, PAIN_DIGITS, RECENT_DAYS
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    CARE_ROLES,
    CURRENT_ENROLMENT_STATUSES,
    OPEN_FLAG_STATUSES,
    SEVERITY_ORDER,
    EnrolmentStatus,
)

SEVERITIES = [s.value for s in SEVERITY_ORDER]
REPEATS = 5


def best_sql(
    dialect: str,
    *,
    todays: dict[str, date],
    offsets: dict[int, int],
    clinic_wide: bool,
    user_id: int,
    roles: list[str],
    as_of: date,
) -> tuple[str, list]:
    """(SQL, parameters) for the panel rows of one staff member (see the module docstring)."""
    d = Dialect(dialect)
    ph = d.ph
    params: list = []
    # Each zone's today, and its windows' first days: 7-day pain, adherence (14 days to yesterday).
    zone_rows = []
    for tz, today in sorted(todays.items()):
        zone_rows.append(
            f"({ph}, {date_param(d, ph)}, {date_param(d, ph)}, {date_param(d, ph)}, {date_param(d, ph)})"
        )
        params += [
            tz,
            day_param(d, today),
            day_param(d, today - timedelta(days=DEFAULTS.pain_window_days - 1)),
            day_param(d, today - timedelta(days=DEFAULTS.adherence_window_days)),
            day_param(d, today - timedelta(days=1)),
        ]
    lesson_rows = [f"({int(m)}, {int(o)})" for m, o in sorted(offsets.items())] or ["(-1, -1)"]
    if clinic_wide:
        visible = "TRUE" if dialect == "postgresql" else "1"
    elif not roles:
        visible = "FALSE" if dialect == "postgresql" else "0"
    else:
        visible = (
            "p.id IN (SELECT ct.patient_id FROM careteammember ct WHERE ct.user_id = "
            f"{ph} AND ct.role IN ({', '.join(ph for _ in roles)}) AND ct.from_date <= "
            f"{date_param(d, ph)} AND (ct.to_date IS NULL OR ct.to_date >= {date_param(d, ph)}))"
        )
        params += [user_id, *roles, day_param(d, as_of), day_param(d, as_of)]
    current = quoted(CURRENT_ENROLMENT_STATUSES)
    days = d.days
    n = DEFAULTS.pain_window_days - 1

    # Window counts of one patient's check-ins: an index range read of (patient_id, local_date).
    def checkins(what: str, first: str | None, last: str) -> str:
        days_ = (
            f"c.local_date <= {last}"
            if first is None
            else f"c.local_date BETWEEN {first} AND {last}"
        )
        return f"(SELECT {what} FROM checkin c WHERE c.patient_id = w.patient_id AND {days_})"

    # Program weeks (1 on) whose last day, program day 7w - 1, is in the adherence window.
    week_lo = f"CASE WHEN {ceil7('b.day_a + 1')} > 1 THEN {ceil7('b.day_a + 1')} ELSE 1 END"
    week_hi = fdiv("b.day_b + 1", 7)
    # Questionnaires due for weeks week_lo..week_hi, and whether an answer is one the schedule set.
    due_terms, set_terms = [], []
    for code, every, fixed in schedule_rows():
        if every is not None:
            count = f"{fdiv('w.week_hi', every)} - {fdiv('w.week_lo - 1', every)}"
            due_terms.append(d.greatest0(count))
            set_terms.append(
                f"(r.instrument = '{code}' AND {d.mod('r.program_week', str(every))} = 0)"
            )
        else:
            due_terms.append(f"CASE WHEN {fixed} BETWEEN w.week_lo AND w.week_hi THEN 1 ELSE 0 END")
            set_terms.append(f"(r.instrument = '{code}' AND r.program_week = {fixed})")
    lessons_due = (
        " + ".join(
            f"CASE WHEN {int(o)} BETWEEN w.day_a AND w.day_b THEN 1 ELSE 0 END"
            for o in sorted(offsets.values())
        )
        or "0"
    )
    # Each patient's open flags by severity: index reads of flag(patient_id), per patient. (A
    # clinic-wide GROUP BY joined to the panel made SQLite scan it once per patient for a
    # coordinator's panel: 10,000 of 20,000 patients took 4.6 s.)
    severity_counts = ", ".join(
        f"(SELECT count(*) FROM flag f WHERE f.patient_id = s4.patient_id AND f.status IN "
        f"({quoted(OPEN_FLAG_STATUSES)}) AND f.severity = '{s}') AS {s}"
        for s in SEVERITIES
    )
    sql = f"""
WITH zone(tz, today, pain_first, window_first, window_last) AS (VALUES {", ".join(zone_rows)}),
lesson(module_id, due_day) AS (VALUES {", ".join(lesson_rows)}),
-- Each visible patient with their newest current enrolment and the windows of their own today.
b AS (
  SELECT p.id AS patient_id, p.given_name, p.family_name, p.record_number,
         e.id AS enrolment_id, e.start_date, e.week1_start, e.status AS stored_status,
         z.today, z.pain_first, z.window_first, z.window_last,
         ps.last_check_in AS anchor, ps.recent_pain AS strip,
         CASE WHEN e.start_date > z.pain_first THEN e.start_date ELSE z.pain_first END AS pain_from,
         CASE WHEN e.start_date > z.window_first THEN e.start_date ELSE z.window_first END
           AS span_from,
         {days("z.window_first", "e.week1_start")} AS day_a,
         {days("z.window_last", "e.week1_start")} AS day_b,
         {days("z.today", "e.week1_start")} AS since_week1
  FROM patient p
  JOIN zone z ON z.tz = p.timezone
  LEFT JOIN patientsummary ps ON ps.patient_id = p.id
  LEFT JOIN enrolment e ON e.id = (
    SELECT max(e2.id) FROM enrolment e2
    WHERE e2.patient_id = p.id AND e2.status IN ({current}))
  WHERE {visible}
),
-- Program weeks whose last day (program day 7w - 1) is in the adherence window.
w AS MATERIALIZED (
  SELECT b.*, {week_lo} AS week_lo, {week_hi} AS week_hi,
    {strip_segment(d, "b.pain_from", "b.today", "pain")},
    {strip_segment(d, "b.span_from", "b.window_last", "span")}
  FROM b
),
s1 AS MATERIALIZED (
  SELECT w.*,
    CASE WHEN w.anchor IS NULL THEN NULL WHEN w.anchor <= w.today THEN w.anchor ELSE
      (SELECT c.local_date FROM checkin c WHERE c.patient_id = w.patient_id
         AND c.local_date <= w.today ORDER BY c.local_date DESC LIMIT 1) END AS last_check_in,
    {strip_window(d, "pain", "mean", checkins(d.mean("c.pain"), "w.pain_from", "w.today"))}
      AS recent,
    CASE WHEN w.start_date < w.week1_start THEN
      {checkins(d.mean("c.pain"), "w.start_date", "w.week1_start")} END
      AS baseline_mean,
    {strip_window(d, "span", "count", checkins("count(*)", "w.span_from", "w.window_last"))}
      AS check_ins_done,
    {lessons_due} AS lessons_due,
    (SELECT count(*) FROM lesson l WHERE l.due_day BETWEEN w.day_a AND w.day_b AND EXISTS (
       SELECT 1 FROM modulecompletion mc JOIN moduleversion mv ON mv.id = mc.module_version_id
       WHERE mc.patient_id = w.patient_id AND mv.module_id = l.module_id
         AND mc.local_date <= w.window_last)) AS lessons_done,
    {" + ".join(due_terms)} AS questionnaires_due,
    (SELECT count(*) FROM (
       SELECT DISTINCT r.instrument, r.program_week FROM questionnaireresponse r
       WHERE r.patient_id = w.patient_id AND r.program_week BETWEEN w.week_lo AND w.week_hi
         AND ({" OR ".join(set_terms)})) r) AS questionnaires_done
  FROM w
),
-- Where the baseline week has no mean: the 7 days from the first check-in since the start.
s2 AS MATERIALIZED (
  SELECT s1.*,
    CASE WHEN s1.enrolment_id IS NOT NULL AND s1.baseline_mean IS NULL THEN
      (SELECT min(c.local_date) FROM checkin c WHERE c.patient_id = s1.patient_id
         AND c.local_date BETWEEN s1.start_date AND s1.today) END AS first_day
  FROM s1
),
s3 AS MATERIALIZED (
  SELECT s2.*,
    COALESCE(s2.baseline_mean, (SELECT {d.mean("c.pain")} FROM checkin c
       WHERE c.patient_id = s2.patient_id
         AND c.local_date BETWEEN s2.first_day AND {d.plus("s2.first_day", n)})) AS first_mean,
    CASE WHEN s2.baseline_mean IS NOT NULL THEN s2.week1_start
         ELSE {d.plus("s2.first_day", n)} END AS first_week_last,
    CASE WHEN s2.enrolment_id IS NULL THEN '{NOT_ENROLLED}'
         WHEN s2.stored_status = '{EnrolmentStatus.ACTIVE}' AND s2.week1_start IS NULL
           THEN '{BASELINE}'
         ELSE s2.stored_status END AS status
  FROM s2
),
s4 AS (
  SELECT s3.*,
    CASE WHEN {days("s3.pain_first", "s3.first_week_last")} > 0
          AND s3.first_mean IS NOT NULL AND s3.recent IS NOT NULL THEN 1 ELSE 0 END AS comparable,
    s3.status IN ('{EnrolmentStatus.ACTIVE}', '{BASELINE}') AS running
  FROM s3
),
s5 AS MATERIALIZED (
  SELECT s4.*, {severity_counts},
    CASE WHEN s4.running THEN
      {d.greatest0(days("s4.window_last", "s4.span_from") + " + 1")}
      + s4.lessons_due + COALESCE(s4.questionnaires_due, 0) ELSE 0 END AS items_due,
    CASE WHEN s4.running THEN
      s4.check_ins_done + s4.lessons_done + s4.questionnaires_done ELSE 0 END AS items_done,
    CASE WHEN s4.comparable = 1 THEN s4.recent - s4.first_mean END AS change,
    CASE WHEN s4.comparable = 1 AND s4.first_mean > 0
         THEN (s4.first_mean - s4.recent) / s4.first_mean END AS fall,
    CASE WHEN ps.peg_latest_week IS NOT NULL AND ps.peg_latest_week <> ps.peg_baseline_week
         THEN ps.peg_latest END AS peg_latest,
    ps.peg_baseline
  FROM s4 LEFT JOIN patientsummary ps ON ps.patient_id = s4.patient_id
)
SELECT s5.patient_id,
  s5.given_name || ' ' || s5.family_name AS name,
  s5.record_number,
  CASE WHEN s5.enrolment_id IS NULL OR s5.status = '{EnrolmentStatus.PAUSED}' THEN NULL
       WHEN s5.week1_start IS NULL OR s5.since_week1 < 0 THEN 0
       ELSE {fdiv("s5.since_week1", 7)} + 1 END AS week,
  s5.last_check_in,
  {d.round("s5.recent", 1)} AS mean_pain_7d,
  {", ".join(f"s5.{s}" for s in SEVERITIES)},
  {" + ".join(f"s5.{s}" for s in SEVERITIES)} AS open_flags,
  s5.status,
  {days("s5.today", "s5.last_check_in")} AS days_since_check_in,
  CASE WHEN s5.comparable = 1 THEN {d.round("s5.first_mean", 1)} END AS pain_first_week,
  {d.round("s5.change", 1)} AS pain_change,
  CASE WHEN {d.round("s5.fall", 6)} >= {DEFAULTS.pain_meaningful_fall} THEN {d.text(PAIN_BETTER)}
       WHEN {d.round("s5.change", 6)} >= {DEFAULTS.worsening_pain_rise} THEN {d.text(PAIN_WORSE)}
       ELSE '' END AS pain_mark,
  s5.peg_baseline,
  s5.peg_latest,
  {d.round("s5.peg_latest - s5.peg_baseline", 2)} AS peg_change,
  CASE WHEN {d.round("s5.peg_baseline - s5.peg_latest", 6)} >= {DEFAULTS.peg_meaningful_change}
         THEN {d.text(PEG_BETTER)}
       WHEN {d.round("s5.peg_latest - s5.peg_baseline", 6)} >= {DEFAULTS.worsening_peg_rise}
         THEN {d.text(PEG_WORSE)}
       ELSE '' END AS peg_mark,
  CASE WHEN s5.items_due > 0 THEN CAST(s5.items_done AS DOUBLE PRECISION) / s5.items_due END
    AS adherence,
  s5.items_due,
  s5.items_done,
  CASE {" ".join(f"WHEN s5.{s} > 0 THEN '{s}'" for s in SEVERITIES)} ELSE '' END
    AS worst_flag,
  (SELECT max(fu.status) FROM followuprequest fu WHERE fu.patient_id = s5.patient_id
     AND fu.status IN ({quoted(ACTIVE_FOLLOW_UP_STATUSES)})) AS follow_up,
  EXISTS (SELECT 1 FROM planevent pe WHERE pe.enrolment_id = s5.enrolment_id
            AND pe.kind IN ({quoted(IRREGULAR_KINDS)})) AS irregular
FROM s5
"""
    if dialect == "sqlite":
        sql = sql.replace("DOUBLE PRECISION", "REAL")
    return sql, params


def strip_segment(d: Dialect, first: str, last: str, name: str) -> str:
    """Columns ``{name}_high`` and ``{name}_seg``: how far back the window first..last reaches in
    the PatientSummary strip (program/panel_summary.py: one character a day, newest first, ending
    on ``anchor``), and the strip's characters of those days."""
    low = f"(CASE WHEN {d.days('b.anchor', last)} > 0 THEN {d.days('b.anchor', last)} ELSE 0 END)"
    high = d.days("b.anchor", first)
    size = f"(CASE WHEN {high} - {low} + 1 > 0 THEN {high} - {low} + 1 ELSE 0 END)"
    return f"{high} AS {name}_high, substr(b.strip, {low} + 1, {size}) AS {name}_seg"


def strip_window(d: Dialect, name: str, what: str, fallback: str) -> str:
    """The check-ins' count (``what="count"``) or mean pain (``"mean"``) in window ``name``, from
    its strip segment with string functions (no index read); ``fallback`` (a check-in read) where
    the strip does not reach back to the window's first day."""
    seg = f"w.{name}_seg"
    count = f"length(replace({seg}, '{NO_CHECK_IN}', ''))"
    total = " + ".join(
        f"{PAIN_DIGITS.index(c)} * (length({seg}) - length(replace({seg}, '{c}', '')))"
        for c in PAIN_DIGITS[1:]
    )
    real = "DOUBLE PRECISION" if d.name == "postgresql" else "REAL"
    value = (
        count
        if what == "count"
        else f"CASE WHEN {count} >= {DEFAULTS.pain_min_days} "
        f"THEN CAST({total} AS {real}) / {count} END"
    )
    return (
        f"CASE WHEN w.anchor IS NULL THEN {'0' if what == 'count' else 'NULL'} "
        f"WHEN w.{name}_high <= {RECENT_DAYS - 1} THEN {value} ELSE {fallback} END"
    )


def statement_for(actor, now: datetime, dialect: str) -> tuple[str, list]:
    """The best SQL for ``actor``'s panel at ``now``, with the inputs the app's statement binds."""
    from db.access import visible_patient_ids_clause
    from db.engine import read_session
    from db.queries.panel import panel_inputs

    where = visible_patient_ids_clause(actor, CARE_ROLES, now.date())
    with read_session() as session:
        inputs = panel_inputs(session, where, now)
    return best_sql(
        dialect,
        todays=inputs.todays,
        offsets=inputs.offsets,
        clinic_wide=actor.clinic_wide,
        user_id=actor.user_id,
        roles=[r for r in CARE_ROLES if r in actor.roles],
        as_of=now.date(),
    )
