"""One walk over the DOM: elements with their ancestry, and the page's text as runs.

A run is the text of one block (a paragraph, a list item, a heading, a table cell, the loose
text of a div) in document order. Everything downstream (choosing the story's container,
picking its paragraphs, finding captions and bylines) works on runs and element indices, so
the DOM is walked once and never mutated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from onrecord.page.html.boilerplate import element_class

# Elements whose content is never page text.
SKIP = frozenset(
    """script style noscript template svg math canvas iframe object embed video audio source
    track map head select option optgroup textarea button input datalist meter progress
    frame frameset applet param picture""".split()
)
# Elements that start a new block of text. Everything else is inline.
BLOCK = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p
    pre section summary table tbody thead tfoot tr td th caption ul legend"""
    """ ins del""".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Element:
    tag: str
    parent: int  # index into Doc.elements, -1 for the root
    depth: int
    node: Any  # the lexbor node
    klass: str  # "", "junk", "strong-junk", "content", "caption", "byline", "hidden"
    attrs: dict[str, str | None] | None = None


@dataclass(slots=True)
class Run:
    owner: int  # the block element this text belongs to
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    text: str = ""


@dataclass
class Doc:
    elements: list[Element]
    runs: list[Run]

    def ancestors(self, index: int) -> list[int]:
        out = []
        while index >= 0:
            out.append(index)
            index = self.elements[index].parent
        return out


_MAX_ELEMENTS = 400_000


def flatten(root: Any) -> Doc:
    """Walk the tree once, iteratively, so any nesting depth is safe."""
    elements: list[Element] = []
    runs: list[Run] = []
    current: Run | None = None
    # The stack holds (next sibling node to visit, parent index, block owner, link depth).
    stack: list[tuple[Any, int, int, int]] = []
    elements.append(Element(root.tag or "html", -1, 0, root, ""))
    stack.append((root.child, 0, 0, 0))
    pending_break = 0
    while stack:
        node, parent, owner, in_link = stack.pop()
        if node is None:
            continue
        # Come back for the next sibling after this node's subtree.
        stack.append((node.next, parent, owner, in_link))
        if node.is_text_node:
            raw = node.text_content
            if not raw:
                continue
            if current is None or current.owner != owner or pending_break >= 2:
                if raw.isspace():
                    continue
                current = Run(owner)
                runs.append(current)
            elif pending_break == 1 and current.parts:
                current.parts.append("\n")
            pending_break = 0
            current.parts.append(raw)
            if in_link:
                current.link_chars += len(raw.strip())
            continue
        if not node.is_element_node:
            continue
        tag = node.tag
        if tag in SKIP or len(elements) >= _MAX_ELEMENTS:
            continue
        if tag == "br":
            pending_break += 1
            continue
        if tag == "img" or tag == "hr" or tag == "wbr":
            if tag != "wbr":
                elements.append(Element(tag, parent, elements[parent].depth + 1, node, "", node.attributes))
            continue
        attrs = node.attributes
        index = len(elements)
        elements.append(
            Element(tag, parent, elements[parent].depth + 1, node, element_class(tag, attrs), attrs)
        )
        child_owner = index if tag in BLOCK else owner
        if tag in BLOCK:
            current = None
            pending_break = 0
        stack.append((node.child, index, child_owner, in_link + (tag == "a")))
    for run in runs:
        run.text = _WS.sub(" ", "".join(run.parts).replace("\n", "\x00")).replace("\x00", "\n").strip()
        run.text = re.sub(r" ?\n ?", "\n", run.text)
    return Doc(elements, [r for r in runs if r.text])
