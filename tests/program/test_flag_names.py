"""Staff read plain rule names and clinic-time stamps, never codes or UTC."""

from datetime import UTC, datetime

from program.clinic_hours import clinic_time
from program.flag_names import RULE_NAMES, rule_name
from program.rules import MEDICINES_RULE, MOOD_RULE, PHQ9_ITEM9_RULE, SELF_HARM_SIGN_RULE
from program.rules.flags import warning_sign_flags
from program.warning_signs import STAFF_NAMES, WARNING_SIGNS


def test_it_names_every_rule_in_plain_words():
    assert rule_name(PHQ9_ITEM9_RULE) == "Self-harm answer (PHQ-9 item 9)"
    assert rule_name(SELF_HARM_SIGN_RULE) == "Self-harm answer (warning sign)"
    assert rule_name(MEDICINES_RULE) == "Medicines changed"
    assert rule_name(MOOD_RULE) == "Mood score (PHQ-9/GAD-7)"
    assert rule_name("warning_sign", {"signs": ["chest_pain"]}) == (
        "Warning sign: chest pain or pressure"
    )
    assert rule_name("warning_sign", {"signs": ["calf", "chest_pain", "stroke"]}) == (
        "Warning sign: swollen, red or painful calf, chest pain or pressure and 1 more"
    )
    for name in RULE_NAMES.values():
        assert "_" not in name and "phq9" not in name.lower()
    assert rule_name("some_new_rule") == "Some new rule"  # never a code on screen


def test_staff_read_each_warning_sign_in_their_own_words_not_the_patients():
    # The checklist speaks to the patient ("along with your pain"); a flag's title and its
    # explanation are read by the care team.
    assert set(STAFF_NAMES) == {sign.key for sign in WARNING_SIGNS}
    for key, words in STAFF_NAMES.items():
        assert not {"you", "your"} & set(words.lower().replace(",", " ").split()), key
    assert rule_name("warning_sign", {"signs": ["fever_chills"]}) == (
        "Warning sign: fever or chills with the pain"
    )
    (flag,) = warning_sign_flags(["cancer_history"], datetime(2026, 3, 18).date())
    assert flag.explanation.endswith(": history of cancer, with a new pain.")
    assert flag.patient_explanation.startswith(
        "On March 18 you told us about: you have had cancer and have a new pain."
    )


def test_it_tells_a_time_in_the_clinics_zone_with_the_zones_name():
    moment = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)
    assert clinic_time(moment, "America/Chicago") == "Wed Mar 18, 10:00 am Central time"
    assert clinic_time(moment, None) == "Wed Mar 18, 11:00 am Eastern time"  # the app's default
    assert clinic_time(moment, "Not/AZone") == "Wed Mar 18, 11:00 am Eastern time"
