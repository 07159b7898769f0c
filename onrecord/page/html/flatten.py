"""One walk over the DOM: elements with their ancestry, and the page's text as runs.

A run is the text of one block (a paragraph, a list item, a heading, a table cell, the loose
text of a div) in document order. Everything downstream (choosing the story's container,
picking its paragraphs, finding captions and bylines) works on runs and element indices, so
the DOM is walked once and never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onrecord.page.html.boilerplate import element_class

# Elements whose content is never page text.
SKIP = frozenset(
    """script style noscript template svg math canvas iframe object embed video audio source
    track map head select option optgroup textarea button input datalist meter progress
    frame frameset applet param rt rp""".split()
)
# Elements that start a new block of text. Everything else is inline.
BLOCK = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p
    pre section summary table tbody thead tfoot tr td th caption ul legend"""
    """ ins del""".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_IMAGES = frozenset(("img", "amp-img", "image"))
_BOLD = frozenset(("b", "strong"))


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
    bold_chars: int = 0  # inside <b>/<strong>: a bold-only short line is a subheading
    after_image: bool = False  # an <img> came right before: a short line here is a caption
    seq: int = 0  # elements seen before this run started: its place in document order
    text: str = ""


@dataclass
class Doc:
    elements: list[Element]
    runs: list[Run]

    def __post_init__(self) -> None:
        self._chains: dict[int, list[int]] = {}

    def ancestors(self, index: int) -> list[int]:
        """The element and its ancestors up to the root (cached: many runs share an owner)."""
        chain = self._chains.get(index)
        if chain is not None:
            return chain
        walk = []
        i = index
        while i >= 0 and i not in self._chains:
            walk.append(i)
            i = self.elements[i].parent
        tail = self._chains[i] if i >= 0 else []
        # Cache every element on the way up: siblings' runs reuse them.
        for j in reversed(walk):
            tail = [j, *tail]
            self._chains[j] = tail
        return self._chains[index]

    def subtree_end(self, index: int) -> int:
        """One past the last element inside ``index`` (elements are in document order)."""
        depth = self.elements[index].depth
        end = index + 1
        while end < len(self.elements) and self.elements[end].depth > depth:
            end += 1
        return end


_MAX_ELEMENTS = 400_000
# Real pages nest 20-60 levels; every element's ancestry is walked, so depth is bounded here
# whatever the parser let through.
MAX_DEPTH = 300


# Block and chrome tags without attributes always classify the same way.
_BARE_CLASS = {t: element_class(t, {}) for t in BLOCK | {"nav", "footer", "aside", "menu", "dialog", "form", "header"}}


def flatten(root: Any) -> Doc:
    """One pre-order pass with an explicit stack (no recursion), so any nesting depth is safe.

    The walk follows ``child``/``next`` itself rather than lexbor's ``traverse``: the parent is
    then known from the stack instead of a ``node.parent`` lookup per node, and skipped markup
    is never descended into.
    """
    elements: list[Element] = [Element(root.tag or "html", -1, 0, root, "")]
    runs: list[Run] = []
    current: Run | None = None
    current_owner = -1
    broken = False  # a <br> since the last text: every line of a page is its own run
    image = False
    bare_class = _BARE_CLASS
    skip_tags = SKIP
    block_tags = BLOCK
    # The enclosing element's state lives in locals, saved on the stack when a subtree is
    # entered: its index, its block owner, whether it is in a link or in bold, its depth.
    stack: list[tuple[Any, int, int, bool, bool, int]] = []
    node = root.child
    parent = 0
    owner = 0
    in_link = False
    in_bold = False
    depth = 0
    while True:
        if node is None:
            if not stack:
                break
            node, parent, owner, in_link, in_bold, depth = stack.pop()
            continue
        tag = node.tag or "-"  # "-text" for text nodes, "-comment" for comments
        if tag == "-text":
            raw = node.text_content
            node = node.next
            if not raw:
                continue
            if current is None or current_owner != owner or broken:
                if raw.isspace():
                    continue
                current = Run(owner, after_image=image, seq=len(elements))
                current_owner = owner
                runs.append(current)
                image = False
            broken = False
            current.parts.append(raw)
            if in_link:
                current.link_chars += len(raw.strip())
            if in_bold:
                current.bold_chars += len(raw.strip())
            continue
        if tag[0] == "-":
            node = node.next
            continue
        if tag == "br":
            broken = True
            node = node.next
            continue
        index = len(elements)
        child_depth = depth + 1
        if child_depth > MAX_DEPTH and tag not in skip_tags:
            # Deeper than any real page: the element is folded into its ancestor, its text kept.
            child = node.child
            if child is not None:
                stack.append((node.next, parent, owner, in_link, in_bold, depth))
                node = child
            else:
                node = node.next
            continue
        if tag in skip_tags or index >= _MAX_ELEMENTS:
            # Kept as a hidden element; nothing inside it is page text, so it is not entered.
            elements.append(Element(tag, parent, child_depth, node, "hidden"))
            node = node.next
            continue
        if tag in _IMAGES:
            image = True
        attrs = node.attributes
        klass = element_class(tag, attrs) if attrs else bare_class.get(tag, "")
        elements.append(Element(tag, parent, child_depth, node, klass, attrs))
        if tag in block_tags:
            current = None
            broken = False
        child = node.child
        if child is not None:
            stack.append((node.next, parent, owner, in_link, in_bold, depth))
            node = child
            parent = index
            if tag in block_tags:
                owner = index
            in_link = in_link or tag == "a"
            in_bold = in_bold or tag in _BOLD
            depth = child_depth
        else:
            node = node.next
    for run in runs:
        # str.split's whitespace is the regex \s: the same collapsed text, without the regex.
        run.text = " ".join("".join(run.parts).split())
    return Doc(elements, [r for r in runs if r.text])
