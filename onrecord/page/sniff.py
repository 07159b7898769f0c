"""Telling HTML from plain text when the caller does not say which it is."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|script|link|table|span|h[1-6]|br)\b", re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|table|td|tr|h[1-6]|img|article|section|strong|em|b|i)\b[^<>]{0,300}>", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    tags = len(_TAG.findall(head))
    words = len(head.split())
    return tags >= 3 and tags * 8 >= words
