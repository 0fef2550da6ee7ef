"""Lesson Markdown made safe to show: nothing in a lesson can make a patient's phone fetch anything
from outside the app, or send them there.

Clinicians edit lesson text, so it is treated as untrusted at the edge where it is drawn:
- raw HTML tags and comments are removed (Streamlit would escape them, but a lesson never needs them),
- an image stays only when it points to the app's own static files (``app/static/...``, a relative
  path without ``..``); any other image is replaced by its alt text,
- a link stays only when it points within the app (a relative path, ``/page`` or ``#anchor``); any
  other link (``https:``, ``mailto:``, ``javascript:``, ``//host``) becomes its text, and a bare web
  address is escaped so that Markdown does not turn it into a link by itself,
- reference-style link definitions that point outside the app are removed.
"""

from __future__ import annotations

import re

STATIC_PREFIX = "app/static/"

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:|www\.)[^<>\s]*)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>|<![A-Za-z][^<>]*>|<\?.*?\?>")
# [text](url "title") or ![alt](<url> 'title'); the text may hold one level of brackets.
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*<?(?P<url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:\s*<?(?P<url>\S*?)>?(?:\s+.*)?$\n?")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BARE = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.\-]*://|www\.)")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_\-./]+$")


def is_internal_link(url: str) -> bool:
    """True for a link that stays within the app: no scheme, no host (``//``), no backslash."""
    url = url.strip()
    return bool(url) and not _SCHEME.match(url) and not url.startswith("//") and "\\" not in url


def is_app_image(url: str) -> bool:
    """True for an image served from the app's own static files (``app/static/...``)."""
    path = url.strip().removeprefix("./").removeprefix("/")
    return (
        path.startswith(STATIC_PREFIX)
        and bool(_SAFE_PATH.match(path))
        and ".." not in path
        and "//" not in path
    )


def _defuse_bare(text: str) -> str:
    """Escape the marks that make ``https://x`` or ``www.x`` a link by itself (GFM autolinks)."""
    return _BARE.sub(lambda m: m.group(0).replace(":", "\\:").replace(".", "\\.", 1), text)


def _link(match: re.Match[str]) -> str:
    text, url = match.group("text"), match.group("url")
    if match.group("bang"):
        return match.group(0) if is_app_image(url) else text
    if is_internal_link(url):
        return f"[{_LINK.sub(_link, text)}]({url})"
    return _LINK.sub(_link, text)


def safe_lesson_markdown(body: str) -> str:
    """``body`` with raw HTML removed, outside images dropped and outside links made plain text."""
    text = _COMMENT.sub("", body)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    text = _DEFINITION.sub(lambda m: m.group(0) if is_internal_link(m.group("url")) else "", text)
    text = _LINK.sub(_link, text)
    # What is left of a web address is text: escape it so Markdown shows it, not links it.
    return _defuse_bare(text)
