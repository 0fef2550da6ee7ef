"""A booked visit as an .ics file, read back with icalendar: the right moment in the patient's
zone across a clock change, one stable UID, and no health details in any field."""

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar

from export.visits import CalendarVisit, calendar_file_name, visit_calendar

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
VISIT = CalendarVisit(
    uid="5b0d9a3e-2f7c-4f7e-9a61-0c1d2e3f4a5b@recalibrate",
    sequence=0,
    local_date=date(2026, 3, 9),  # the Monday after the spring change in New York
    local_time=time(10, 0),
    timezone="America/New_York",
    minutes=30,
    modality="in_person",
    stamp=STAMP,
    clinic_phone="(617) 555-0142",
    clinic_address="100 River Street, Boston, MA",
)
HEALTH_WORDS = (
    "pain",
    "peg",
    "mood",
    "phq",
    "gad",
    "harm",
    "988",
    "911",
    "flare",
    "sign",
    "score",
    "persist",
    "worse",
    "recalibrate 12",
    "program",
    "dr.",
    "alex",
    "rivera",
)


def parsed(visit: CalendarVisit) -> Calendar:
    return Calendar.from_ical(visit_calendar(visit))


def the_event(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


def test_it_starts_at_the_local_time_in_the_patients_zone_after_the_clocks_change():
    event = the_event(parsed(VISIT))
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.tzinfo is not None and str(event["dtstart"].params["TZID"]) == "America/New_York"
    assert start.astimezone(UTC) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # EDT, UTC-4
    assert end - start == timedelta(minutes=30)
    before = the_event(parsed(CalendarVisit(**{**VISIT.__dict__, "local_date": date(2026, 3, 6)})))
    assert before.decoded("dtstart").astimezone(UTC) == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)


def test_it_carries_the_zones_rules_with_both_its_standard_and_daylight_time():
    (zone,) = parsed(VISIT).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "America/New_York"
    kinds = {c.name for c in zone.subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    offsets = {c.name: c.decoded("tzoffsetto") for c in zone.subcomponents}
    assert offsets == {"STANDARD": timedelta(hours=-5), "DAYLIGHT": timedelta(hours=-4)}


def test_it_keeps_the_uid_and_raises_the_sequence_when_the_visit_moves_or_is_cancelled():
    moved = CalendarVisit(**{**VISIT.__dict__, "sequence": 1, "local_time": time(15, 0)})
    cancelled = CalendarVisit(**{**VISIT.__dict__, "sequence": 2, "cancelled": True})
    events = [the_event(parsed(v)) for v in (VISIT, moved, cancelled)]
    assert {str(e["uid"]) for e in events} == {VISIT.uid}
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert calendar_file_name(VISIT) == "visit-2026-03-09.ics"


def test_it_puts_no_health_details_in_any_field():
    for visit in (VISIT, CalendarVisit(**{**VISIT.__dict__, "modality": "telehealth"})):
        text = visit_calendar(visit).decode().lower()
        found = [w for w in HEALTH_WORDS if w in text]
        assert found == [], found
        event = the_event(parsed(visit))
        assert set(event) == {
            "UID",
            "SEQUENCE",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "STATUS",
            "LOCATION",
            "DESCRIPTION",
            "CLASS",
        }
        assert str(event["summary"]) == "Visit with your care team"
        assert str(event["class"]) == "PRIVATE"


def test_it_is_valid_rfc_5545_as_icalendar_reads_it():
    cal = parsed(VISIT)
    assert str(cal["version"]) == "2.0" and str(cal["prodid"]).startswith("-//Recalibrate")
    raw = visit_calendar(VISIT)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded lines
