"""A validated questionnaire is only valid with its published wording.

The app's instruments (program/measures.py) are compared with a separate reference copy,
tests/data/instruments_reference.json, typed from the published sources it names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from program.measures import INSTRUMENTS, get_instrument

REFERENCE = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "instruments_reference.json").read_text(
        encoding="utf-8"
    )
)
CODES = [code for code in REFERENCE if not code.startswith("_")]


def test_it_has_a_reference_copy_for_every_instrument_the_app_asks() -> None:
    assert sorted(CODES) == sorted(INSTRUMENTS)
    assert all(REFERENCE[code]["source"].strip() for code in CODES)


@pytest.mark.parametrize("code", CODES)
def test_it_asks_the_published_items_word_for_word(code: str) -> None:
    published = [item["text"] for item in REFERENCE[code]["items"]]
    assert [item.text for item in get_instrument(code).items] == published


@pytest.mark.parametrize("code", CODES)
def test_it_shows_the_published_stem(code: str) -> None:
    assert get_instrument(code).stem == REFERENCE[code]["stem"]


@pytest.mark.parametrize("code", CODES)
def test_it_offers_the_published_answer_labels_in_order(code: str) -> None:
    for item, published in zip(get_instrument(code).items, REFERENCE[code]["items"], strict=True):
        assert [option.label for option in item.options] == published["options"], item.key
        assert [option.value for option in item.options] == list(range(len(published["options"])))


def test_it_uses_the_published_csi_part_a_stem_and_25_items() -> None:
    csi = get_instrument("CSI")
    assert len(csi.items) == 25
    assert csi.stem == "Please circle the best response to the right of each statement."
    assert csi.items[0].text == "I feel tired and unrefreshed when I wake from sleeping."
