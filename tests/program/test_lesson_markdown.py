"""Lesson Markdown (clinicians edit it) can never make a patient's phone fetch anything from
outside the app or send them there: no raw HTML, images only from the app's own files, links only
within the app."""

import pytest

from program.lesson_markdown import is_app_image, is_internal_link, safe_lesson_markdown
from program.lessons import load_lessons


def test_it_removes_raw_html_tags_and_comments():
    body = 'Breathe <img src="https://evil.test/p.png" onerror=alert(1)> slowly.<!-- hidden -->'
    assert safe_lesson_markdown(body) == "Breathe  slowly."
    assert safe_lesson_markdown("<script>alert(1)</script>Rest <b>well</b>") == "alert(1)Rest well"


def test_it_drops_an_image_from_outside_the_app_and_keeps_its_words():
    out = safe_lesson_markdown("Look: ![a calm lake](https://evil.test/lake.png) here.")
    assert out == "Look: a calm lake here."
    assert "evil.test" not in safe_lesson_markdown("![x](//evil.test/p.png)")
    assert "](" not in safe_lesson_markdown("![x](data:image/png;base64,AAAA)")


def test_it_keeps_an_image_from_the_apps_own_static_files():
    body = "![The alarm dial](app/static/lessons/dial.png)"
    assert safe_lesson_markdown(body) == body


def test_it_turns_an_outside_link_into_plain_text():
    assert safe_lesson_markdown("Read [this page](https://evil.test/x) later.") == (
        "Read this page later."
    )
    assert safe_lesson_markdown("[call](javascript:alert(1))") == "call"
    assert safe_lesson_markdown("[mail us](mailto:a@evil.test)") == "mail us"


def test_it_keeps_a_link_within_the_app():
    body = "See [your progress](/progress) and [the next part](#part-two)."
    assert safe_lesson_markdown(body) == body


def test_it_unwraps_an_outside_link_around_an_outside_image():
    out = safe_lesson_markdown("[![logo](https://evil.test/l.png)](https://evil.test)")
    assert out == "logo"


def test_it_makes_bare_and_angle_bracket_web_addresses_plain_text():
    out = safe_lesson_markdown(
        "Go to <https://evil.test/a> or https://evil.test/b or www.evil.test"
    )
    assert "<" not in out and "https://" not in out and "www." not in out
    assert "https\\://evil.test/a" in out


def test_it_removes_reference_definitions_that_point_outside():
    body = (
        "See [the site][s] and ![pic][p].\n\n[s]: https://evil.test\n[p]: https://evil.test/p.png\n"
    )
    out = safe_lesson_markdown(body)
    assert "evil.test" not in out


@pytest.mark.parametrize(
    "url",
    ["app/static/a.png", "./app/static/img/b.svg", "/app/static/c.jpg"],
)
def test_it_accepts_app_static_image_paths(url):
    assert is_app_image(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.test/a.png",
        "//evil.test/a.png",
        "app/static/../../etc/passwd",
        "static/a.png",
        "app/static/a.png?x=https://evil.test",
        "data:image/png;base64,AAAA",
    ],
)
def test_it_refuses_images_from_anywhere_else(url):
    assert not is_app_image(url)


@pytest.mark.parametrize(
    "url", ["https://x.test", "//x.test", "JavaScript:alert(1)", "tel:988", ""]
)
def test_it_treats_every_scheme_and_host_as_outside_the_app(url):
    assert not is_internal_link(url)


def test_it_leaves_every_shipped_lesson_exactly_as_written():
    for lesson in load_lessons():
        assert safe_lesson_markdown(lesson.body) == lesson.body, lesson.slug
