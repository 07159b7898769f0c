"""A one-pass model of lexbor's HTML tree builder, wrong in one direction only.

It follows the tokenizer exactly and the tree builder conservatively: an element is closed in
the model only when the parser certainly closes it, and an element the model cannot be sure
of is marked and never closed by name again. So the model's stack is never shallower than
the parser's, and whatever the model writes into the page (explicit end tags, dropped tags)
keeps the two in step. guard.py sets the limits and says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from onrecord.page.html.markup import (
    ATTR,
    BLOCK_FAST,
    BLOCKISH,
    BREAKOUT,
    CLEARS_FORMATTING,
    CLOSES_P,
    END_NEEDS_RULES,
    FORMATTING,
    HEAD_ONLY,
    HEADINGS,
    IMPLIED_END,
    IN_HEAD,
    IN_HEAD_NOSCRIPT,
    MARKERS,
    MARKUP,
    MATH_TEXT_INTEGRATION,
    NO_QUIRKS,
    NOT_PLAIN,
    RAW_TEXT,
    SCOPE,
    SCOPED_END,
    SPECIAL,
    SVG_INTEGRATION,
    TABLE_CONTEXT,
    TABLE_PARTS,
    TABLE_SCOPE,
    TAG_OPEN,
    VOID,
    WS,
    as_text,
    attribute_names,
    html_encoding,
    lower,
    script_end,
)

# Flags of the model's stack entries.
SURE = 1  # the parser certainly has this element open
SVG = 2
MATH = 4
FOREIGN = SVG | MATH
HTML_IP = 8  # an HTML integration point: HTML content inside SVG or MathML
TEXT_IP = 16  # a MathML text integration point
IS_SPECIAL = 32
IS_SCOPE = 64
IS_FORMATTING = 128
FRESH_TEMPLATE = 256  # a template whose content has not started yet
COLUMN_TEMPLATE = 512  # a template that began with <col>: the parser ignores all but <col>
HEAD_NOSCRIPT = 1024  # a <noscript> in <head>: any tag but a few (or text) closes it
# A formatting element opened before a <select> that has since closed: lexbor may have
# dropped it from its list, so its end tag follows the "any other end tag" rule instead.
LISTLESS = 2048


@dataclass(frozen=True)
class Limits:
    """The budgets of one walk (guard.py's MAX_* values, read when the walk starts)."""

    depth: int
    tags: int
    attributes: int
    total_attributes: int
    open_formatting: int
    depth_work: int
    shallow_depth: int
    reopen_work: int
    unsure: int
    tail_breaks: int


class Budget(Exception):
    """A budget ran out: the rest of the page becomes text."""


class Walk:
    """One pass over the page: the tokenizer exactly, the tree builder conservatively."""

    def __init__(self, html: str, limits: Limits) -> None:
        self.html = html
        self.limits = limits
        self.names: list[str] = []
        self.flags: list[int] = []
        self.out: list[str] = []
        self.last = 0  # html[last:] is not yet copied to out
        self.before = ""  # end tags to write in front of the current tag
        self.replacement: str | None = None  # the current tag's new text, when it changes
        self.tags = 0
        self.attributes = 0
        self.depth_work = 0
        self.reopen_work = 0
        self.unsure = 0
        # Formatting elements the parser may hold closed but re-open: (the stack index of the
        # cell or template whose end forgets them, name).
        self.lingering: list[tuple[int, str]] = []
        self.open_formatting = 0
        self.form_open = False
        self.in_body = False
        self.frameset = False  # after <frameset> the parser may ignore raw-text tags
        self.foreign = 0  # SVG and MathML entries on the stack
        # A cell, template, object... closed without its own end tag leaves its marker in
        # the parser's list, so "clear up to the last marker" stops short from then on.
        self.stale_markers = False
        self.wrote_all = True
        self.count: dict[str, int] = {}  # open entries by name, to skip walks that cannot match
        self.cap = self.limits.depth
        self.work_limit = self.limits.depth_work
        self.no_quirks = NO_QUIRKS.match(html) is not None

    def run(self) -> str:
        html = self.html
        pos = 0
        lt = 0
        try:
            while True:
                lt = html.find("<", pos)
                if (self._in_colgroup() or not self.in_body) and html[pos : len(html) if lt < 0 else lt].strip(WS):
                    self._text()
                if lt < 0:
                    break
                m = MARKUP.match(html, lt)
                if m is None:
                    if TAG_OPEN.match(html, lt):
                        # A tag that never ends: the tokenizer drops it at the end of input,
                        # but only after reading every attribute in it. So it goes now.
                        self._write(lt, len(html), "")
                        break
                    self._text()  # a '<' that opens nothing is text
                    pos = lt + 1
                    continue
                pos = m.end()
                if m.group("name") is None:
                    if html.startswith("<![CDATA[", lt):
                        if self._ambiguous():
                            # SVG would read a CDATA section, HTML a comment: make it text.
                            self._write(lt, lt + 1, "&lt;")
                            pos = lt + 9
                        elif self.flags and self.flags[-1] & FOREIGN:
                            # In SVG and MathML a CDATA section runs to "]]>", not to the first '>'.
                            close = html.find("]]>", lt)
                            pos = len(html) if close < 0 else close + 3
                    continue
                self.before, self.replacement = "", None
                pos = self._tag(m)
                if self.before or self.replacement is not None:
                    tag = m.group(0) if self.replacement is None else self.replacement
                    if not tag and not self.before and self._after_lt(m.start()):
                        tag = " "  # "<" + "<td>text": dropping the tag must not make "<text" one
                    self._write(m.start(), m.end(), self.before + tag)
        except Budget:
            self._write(lt, len(html), as_text(html[lt:], breaks=not self.lingering, max_breaks=self.limits.tail_breaks))
        if not self.out and self.last == 0:
            return html
        self.out.append(html[self.last :])
        return "".join(self.out)

    def _text(self) -> None:
        """Text starts the body (closing a <noscript> in <head>) and closes a colgroup."""
        self.in_body = True
        if (self.flags and self.flags[-1] & HEAD_NOSCRIPT) or self._in_colgroup():
            self._pop_to(len(self.names) - 1, by_token=True)

    def _in_colgroup(self) -> bool:
        if not self.count.get("colgroup") or self.names[-1] != "colgroup":
            return False
        return self.flags[-1] & (SURE | FOREIGN) == SURE

    def _ambiguous(self) -> bool:
        """Whether the parser might be in SVG/MathML or in HTML: the model cannot tell."""
        # After a <frameset> the parser may ignore <svg> and everything else.
        return (bool(self.foreign) and not self.flags[-1] & SURE) or self.frameset

    def _after_lt(self, start: int) -> bool:
        if start > self.last:
            return self.html[start - 1] == "<"
        return bool(self.out) and self.out[-1].endswith("<")

    def _write(self, start: int, end: int, text: str) -> None:
        # Empty pieces are never stored: _after_lt looks at the last one.
        if start > self.last:
            self.out.append(self.html[self.last : start])
        if text:
            self.out.append(text)
        self.last = end

    # --- the model's stack -------------------------------------------------------------------
    def _push(self, name: str, ns: int = 0, attrs: str = "") -> None:
        flags = SURE | ns
        if ns == SVG:
            if name in SVG_INTEGRATION:
                flags |= HTML_IP | IS_SPECIAL | IS_SCOPE
        elif ns == MATH:
            if name in MATH_TEXT_INTEGRATION:
                flags |= TEXT_IP | IS_SPECIAL | IS_SCOPE
            elif name == "annotation-xml":
                flags |= IS_SPECIAL | IS_SCOPE | (HTML_IP if html_encoding(attrs) else 0)
        else:
            if name in SPECIAL:
                flags |= IS_SPECIAL
            if name in SCOPE:
                flags |= IS_SCOPE
            if name in FORMATTING:
                flags |= IS_FORMATTING
                self.open_formatting += 1
            if name == "noscript" and not self.in_body:
                flags |= HEAD_NOSCRIPT
            if name == "frameset":
                flags &= ~SURE  # refused once the body has content
            if name == "template":
                flags |= FRESH_TEMPLATE
        if ns:
            self.foreign += 1
        self.names.append(name)
        self.flags.append(flags)
        self.count[name] = self.count.get(name, 0) + 1

    def _pop_to(self, index: int, *, by_token: bool = False) -> None:
        """Pop entries index.. and write their end tags, innermost first.

        Each written end tag closes the parser's current node, so nothing goes through the
        adoption agency and no formatting element stays in the parser's list to be re-opened
        at the next text (what the formatting bomb exploits). Past an uncertain entry the
        model cannot say what is current: formatting elements there may linger.
        ``by_token``: the current tag is the end tag of entry ``index`` itself.
        """
        ends = []
        clean = True
        for i in range(len(self.names) - 1, index - 1, -1):
            f, name = self.flags[i], self.names[i]
            self.count[name] -= 1
            if not f & SURE or (name == "form" and not f & FOREIGN and not self.form_open):
                # Past an uncertain entry, or a form whose end tag the parser would ignore (its
                # form pointer is already cleared), a written end tag may not close anything.
                clean = False
            if not f & SURE:
                pass
            elif not (by_token and i == index):
                if clean:
                    ends.append(f"</{name}>")
                    if name == "form" and not f & FOREIGN:
                        self.form_open = False
                elif f & IS_FORMATTING:
                    self.lingering.append((self._section(i), name))
            if f & IS_FORMATTING:
                self.open_formatting -= 1
            if f & FOREIGN:
                self.foreign -= 1
            if not f & FOREIGN and name in MARKERS:
                closed_by_tag = (by_token and i == index) or (clean and f & SURE)
                if not closed_by_tag:
                    self.stale_markers = True
                elif name in CLEARS_FORMATTING and not self.stale_markers:
                    # Closing a cell or template forgets the formatting elements inside it.
                    self.lingering = [(m, n) for m, n in self.lingering if m < i]
        closed_select = "select" in self.names[index:]
        del self.names[index:]
        del self.flags[index:]
        if closed_select:
            for i, f in enumerate(self.flags):  # in place: callers hold the list
                if f & IS_FORMATTING:
                    self.flags[i] = f | LISTLESS
        self.before += "".join(ends)
        self.wrote_all = clean  # every end tag down to index was written

    def _mark_unsure(self, index: int) -> None:
        """The parser may have closed entries index.. or may not: stop relying on them."""
        marker = self._section(index)
        changed = False
        for i in range(index, len(self.flags)):
            if self.flags[i] & SURE:
                self.flags[i] &= ~SURE
                changed = True
                if self.flags[i] & IS_FORMATTING:
                    # It may sit in the parser's list, closed, to be re-opened at any text.
                    self.lingering.append((marker, self.names[i]))
        if changed:
            self.unsure += 1
            if self.unsure > self.limits.unsure:
                raise Budget

    def _scan(self, match: Callable[[int], bool], stop: Callable[[int], bool]) -> tuple[int, int]:
        """Walk down from the current node to the element the parser would close.

        Returns (pop, mark): pop >= 0 when the parser certainly closes up to that entry;
        otherwise mark >= 0 is the deepest entry it might close (an uncertain entry matched or
        stood in the way), or -1 when it certainly closes nothing.
        """
        doubt = False
        candidate = -1
        for i in range(len(self.names) - 1, -1, -1):
            sure = self.flags[i] & SURE
            if match(i):
                if sure and not doubt:
                    return i, -1
                candidate = i
                if sure:
                    return -1, candidate
                doubt = True
                continue
            if stop(i):
                if sure:
                    return -1, candidate
                doubt = True
        return -1, candidate

    def _close(self, match: Callable[[int], bool], stop: Callable[[int], bool], *, by_token: bool = False) -> bool:
        pop, mark = self._scan(match, stop)
        if pop >= 0:
            self._pop_to(pop, by_token=by_token)
            return True
        if mark >= 0:
            self._mark_unsure(mark)
        return False

    def _html(self, names: frozenset[str] | str) -> Callable[[int], bool]:
        if isinstance(names, str):
            return lambda i: self.names[i] == names and not self.flags[i] & FOREIGN
        return lambda i: self.names[i] in names and not self.flags[i] & FOREIGN

    def _scope(self, extra: frozenset[str] = frozenset()) -> Callable[[int], bool]:
        return lambda i: bool(self.flags[i] & IS_SCOPE) or (self.names[i] in extra and not self.flags[i] & FOREIGN)

    def _pop_current_if(self, names: frozenset[str], *, by_token: bool = False) -> None:
        if self.names and self.names[-1] in names and not self.flags[-1] & FOREIGN:
            if self.flags[-1] & SURE:
                self._pop_to(len(self.names) - 1, by_token=by_token)
            else:
                self._mark_unsure(len(self.names) - 1)

    # --- tokens ------------------------------------------------------------------------------
    def _tag(self, m: re.Match[str]) -> int:
        self.tags += 1
        if self.tags > self.limits.tags:
            raise Budget
        self.reopen_work += len(self.lingering)
        if self.reopen_work > self.limits.reopen_work:
            raise Budget
        attrs = m.group("attrs")
        if len(attrs) > 2 * self.limits.attributes:
            attrs = self._limit_attributes(m, attrs)
        elif len(attrs) > 1:
            # An upper bound, cheaper than parsing: attributes are split by white space, or
            # follow a quoted value or a '/' directly.
            self.attributes += len(attrs.split()) + attrs.count('"') // 2 + attrs.count("'") // 2 + attrs.count("/")
        if self.attributes > self.limits.total_attributes:
            raise Budget
        name = lower(m.group("name"))
        end = m.group("end")
        names, flags = self.names, self.flags
        if flags and flags[-1] & HEAD_NOSCRIPT and not (
            (name in IN_HEAD_NOSCRIPT and not end) or (name == "noscript" and end)
        ):
            self.count[names.pop()] -= 1  # the parser closes it itself, then reads the tag in <head>
            flags.pop()
        if end:
            if len(attrs) > 2 * self.limits.attributes:
                self.replacement = f"</{m.group('name')}>"  # end tags' attributes mean nothing
            # Fast path: the end tag of the current node closes exactly it, under every rule
            # (a form's, and a lingering formatting element's, excepted).
            if names and names[-1] == name and flags[-1] & SURE and name != "form" and not (
                    name in FORMATTING and self._lingers(name)):
                if flags[-1] & (IS_FORMATTING | FOREIGN) or name in MARKERS:
                    self._pop_to(len(names) - 1, by_token=True)
                else:  # the common case, without the bookkeeping
                    self.count[name] -= 1
                    names.pop()
                    flags.pop()
            elif self.count.get(name) or name in END_NEEDS_RULES or self._in_colgroup():
                self._end_tag(name)
            return m.end()
        plain = name not in NOT_PLAIN
        if (plain or name in BLOCK_FAST) and not (flags and flags[-1] & (FOREIGN | FRESH_TEMPLATE | COLUMN_TEMPLATE)) \
                and not self._in_colgroup():
            # Fast path: an element with no rules of its own just opens (a block closes an
            # open <p> first).
            self.in_body = True
            if not self._keep():
                self.replacement = "" if plain else " "
                return m.end()
            if not plain and self.count.get("p"):
                self._close(self._html("p"), self._scope(frozenset({"button"})))
            self._push(name)
            return m.end()
        return self._start_tag(m, name, attrs)

    def _limit_attributes(self, m: re.Match[str], attrs: str) -> str:
        found = [a.group(0) for a in ATTR.finditer(attrs)]
        self.attributes += len(found)
        if len(found) > self.limits.attributes and not m.group("end"):
            attrs = " " + " ".join(found[:self.limits.attributes])
            self.replacement = f"<{m.group('name')}{attrs}{m.group('selfclose')}>"
        return attrs

    def _start_tag(self, m: re.Match[str], name: str, attrs: str) -> int:
        if name not in ("col", "template") and self._in_colgroup():
            self._pop_to(len(self.names) - 1)  # anything else closes a colgroup first
        top = self.flags[-1] if self.flags else 0
        if top & COLUMN_TEMPLATE and name not in ("col", "template"):
            return m.end()  # ignored: not even a <script> opens raw text here
        if top & FRESH_TEMPLATE and name not in IN_HEAD:
            # The first such tag sets the template's mode; a <col> makes it ignore the rest.
            template = len(self.flags) - 1
            end = self._tag_in_context(m, name, attrs, top)
            still_open = template < len(self.flags) and self.flags[template] & FRESH_TEMPLATE
            if still_open and (self.replacement is None or self.replacement.strip()):  # not dropped
                self.flags[template] &= ~FRESH_TEMPLATE
                if name == "col":
                    self.flags[template] |= COLUMN_TEMPLATE
            return end
        return self._tag_in_context(m, name, attrs, top)

    def _tag_in_context(self, m: re.Match[str], name: str, attrs: str, top: int) -> int:
        breakout = False
        if top & FOREIGN and not (
            top & HTML_IP
            or (top & TEXT_IP and name not in ("mglyph", "malignmark"))
            or (self.names[-1] == "annotation-xml" and name == "svg")
        ):
            breakout = name in BREAKOUT or (name == "font" and bool(attribute_names(attrs) & {"color", "face", "size"}))
            if not breakout:
                ambiguous = self._ambiguous()
                if ambiguous and (name in RAW_TEXT or name == "plaintext"):
                    # HTML would read raw text here, SVG markup: without the tag, both read markup.
                    self.replacement = ""
                    return m.end()
                if not m.group("selfclose") or ambiguous:
                    if self._keep(html=False):
                        self._push(name, top & FOREIGN, attrs)
                        if ambiguous:
                            self.flags[-1] &= ~SURE
                    else:
                        self.replacement = ""
                return m.end()
        return self._html_start_tag(m, name, attrs, breakout)

    def _leave_foreign(self) -> None:
        # The parser pops foreign elements until HTML or an integration point is current.
        i = len(self.flags)
        while i > 0 and self.flags[i - 1] & FOREIGN and not self.flags[i - 1] & (HTML_IP | TEXT_IP):
            i -= 1
        self._pop_to(i)

    def _keep(self, opens: int = 1, *, html: bool = True) -> bool:
        """Whether ``opens`` more elements may open here, charging the work budget.

        At the limit the innermost elements are closed first (explicitly, so the parser
        closes them too) when the model is sure of them and closing leaves the context HTML;
        otherwise the answer is no.
        """
        depth = len(self.names) + len(self.lingering)
        excess = depth + opens - self.cap
        if excess > 0:
            if not html or not self._close_to(len(self.names) - excess):
                return False
            depth = len(self.names) + len(self.lingering)
        self.depth_work += depth + 1
        if self.depth_work > self.work_limit:
            # Deep nesting all through the page: cut it back once, then give up.
            shallow = self.limits.shallow_depth - opens - len(self.lingering)
            if self.cap == self.limits.shallow_depth or not html or not self._close_to(shallow):
                raise Budget
            self.cap = self.limits.shallow_depth
            self.work_limit += self.limits.depth_work
        return True

    def _close_to(self, top: int) -> bool:
        """Close entries top.. with explicit end tags, if that cannot change the context."""
        if top >= len(self.names):
            return True
        # The tag was read in the current context; closing must not change it (a foreign or
        # template parent decides how tags are read), and a form's end tag is unreliable.
        if top < 1 or any(
            self.flags[i] & FOREIGN or not self.flags[i] & SURE or self.names[i] in ("template", "form")
            for i in range(top, len(self.names))
        ):
            return False
        # Nor may it uncover SVG or MathML: even an integration point reads some tags its own
        # way (<mglyph> under <mi>, <svg> under annotation-xml).
        if self.flags[top - 1] & FOREIGN or self.names[top - 1] == "template":
            return False
        self._pop_to(top)
        return True

    def _html_start_tag(self, m: re.Match[str], name: str, attrs: str, breakout: bool) -> int:
        if breakout and name not in RAW_TEXT:
            if not self._keep():
                self.replacement = " " if name in BLOCKISH else ""
                return m.end()
            self._leave_foreign()
        if name in ("html", "body", "head"):
            self.in_body = self.in_body or name == "body"
            return m.end()
        if name not in HEAD_ONLY:
            self.in_body = True
        if name == "image":
            name = "img"
        if name in RAW_TEXT or name == "plaintext":
            if self.frameset or (self.flags and not self.flags[-1] & SURE):
                # Raw text starts only where the parser inserts the element: not after a
                # <frameset> it accepted, not in SVG, not in a template that began with <col>.
                # Unsure of the current node, the model cannot tell; without the tag, both
                # read the content as markup.
                self.replacement = ""
                return m.end()
            # Kept whatever the limits: dropping the tag would turn its content into markup.
            self._implied_ends(name)
            return self._skip_raw(m, name)
        # A cell may open an implied tbody and tr with it.
        opens = 3 if name in TABLE_PARTS else 1
        if not self._keep(opens) or (name in FORMATTING and self.open_formatting >= self.limits.open_formatting):
            self.replacement = " " if name in BLOCKISH else ""
            return m.end()
        if name in TABLE_PARTS or name == "table":
            self._table_start(name)
            return m.end()
        if not self._implied_ends(name):
            return m.end()  # the parser ignores this start tag
        if name in VOID:
            return m.end()
        if name in ("svg", "math"):
            if not m.group("selfclose"):
                self._push(name, SVG if name == "svg" else MATH, attrs)
            return m.end()
        if name == "form":
            # Inside a template the parser keeps no form pointer.
            self.form_open = self.form_open or not self.count.get("template")
            context = self._table_context()
            if context is not None and context >= 0 and self.names[context] in ("table", "tbody", "thead", "tfoot", "tr"):
                return m.end()  # in a table the parser inserts the form and closes it at once
            self._push(name)
            if context is not None and context < 0:
                self.flags[-1] &= ~SURE  # unsure whether the table closed it at once
            return m.end()
        self._push(name)
        return m.end()

    def _implied_ends(self, name: str) -> bool:
        """Model what a start tag closes first. False when the parser ignores the tag."""
        if name in ("a", "nobr"):
            # An open <a> (or a <nobr> in scope) first goes through the adoption agency.
            self._reopened_may_close(name)
            stop = self._html(MARKERS) if name == "a" else self._scope()
            pop, mark = self._scan(self._html(name), stop)
            if pop >= 0 and name == "a" and any(self.flags[j] & IS_SCOPE for j in range(pop + 1, len(self.flags))):
                # Out of scope (a table between): the parser takes the old <a> off its stack
                # but leaves it in the tree, so the model keeps it, uncertain, for the depth.
                self.flags[pop] &= ~SURE
                pop = mark = -1
            if pop >= 0 and not self._special_above(pop) and (name == "a" or not self._lingers(name)):
                self._pop_to(pop)  # writes its end tag: the parser closes exactly this
            elif not (pop >= 0 and name == "a" and self._adopt(pop)) and max(pop, mark) >= 0:
                self._mark_unsure(max(pop, mark))
            if name == "a" and not self.stale_markers:
                # The parser keeps one <a> per cell in its list: a new one removes the old.
                section = self._section(len(self.names))
                self.lingering = [(m, n) for m, n in self.lingering if n != "a" or m != section]
            return True
        if name == "form" and self.form_open and "template" not in self.names:
            return False
        if name == "frameset":
            self.frameset = True
            if self.names:
                self._mark_unsure(0)  # a frameset may replace the whole body
        count = self.count
        if name in CLOSES_P and count.get("p"):
            self._close(self._html("p"), self._scope(frozenset({"button"})))
        if name == "li":
            if count.get("li"):
                self._close_item(frozenset({"li"}))
        elif name in ("dd", "dt"):
            if count.get("dd") or count.get("dt"):
                self._close_item(frozenset({"dd", "dt"}))
        elif name in HEADINGS:
            self._pop_current_if(HEADINGS)
        elif name == "button":
            if count.get("button"):
                self._close(self._html("button"), self._scope())
        elif name in ("option", "optgroup"):
            self._pop_current_if(frozenset({"option"}))
        elif name in ("rb", "rtc", "rp", "rt"):
            ends = IMPLIED_END if name in ("rb", "rtc") else IMPLIED_END - {"rtc"}
            while self.names and self.names[-1] in ends and self.flags[-1] & SURE and not self.flags[-1] & FOREIGN:
                self._pop_to(len(self.names) - 1)
        elif name == "select":
            if count.get("select") and self._close(self._html("select"), self._scope()):
                # A <select> inside a select closes it and is dropped. If we wrote the end
                # tag, the tag itself must go too, or the parser would open a new select.
                if self.wrote_all:
                    self.replacement = ""
                return False
        elif name == "input":
            # lexbor's <select> parsing (2025): <input> closes the select; <textarea> does not.
            if count.get("select"):
                self._close(self._html("select"), self._scope())
        return True

    def _close_item(self, names: frozenset[str]) -> None:
        # The parser walks down from the current node; a special element other than address,
        # div and p ends the walk.
        self._close(self._html(names), lambda i: bool(self.flags[i] & IS_SPECIAL) and self.names[i] not in ("address", "div", "p"))

    def _table_start(self, name: str) -> None:
        context = self._table_context()
        if context is None:  # not inside a table
            if name != "table":
                self.replacement = ""  # the parser ignores stray table parts; so do we
                return
            if self.no_quirks:
                self._close(self._html("p"), self._scope(frozenset({"button"})))
            else:
                # A quirks-mode page keeps <p> open around a table, a standard one does not.
                pop, mark = self._scan(self._html("p"), self._scope(frozenset({"button"})))
                if max(pop, mark) >= 0:
                    self._mark_unsure(max(pop, mark))
            self._push("table")
            return
        if context < 0:
            # The model lost the table's state: open the element and what the parser may
            # imply around it, all uncertain, and close nothing.
            implied = {"td": ("tbody", "tr", "td"), "th": ("tbody", "tr", "th"), "tr": ("tbody", "tr"),
                       "col": ("colgroup",)}.get(name, (name,))
            for part in implied:
                self._push(part)
                self.flags[-1] &= ~SURE
            return
        where = self.names[context]
        if (where in ("td", "th") and name != "table") or (where == "caption" and name != "table"):
            self._pop_to(context)  # a table part closes the cell or caption first
            context = self._table_context()
            if context is None or context < 0:
                if name != "col":
                    self._push(name)
                return
            where = self.names[context]
        elif where in ("td", "th", "caption"):
            self._push("table")  # a table nested in a cell
            return
        if where == "colgroup":
            if context == len(self.names) - 1:
                self._pop_to(context)
                return self._table_start(name)
            self._mark_unsure(context)
            if name != "col":
                self._push(name)
            return
        if where == "template":
            if name != "col":
                self._push(name)
            return
        # In the table, its body or a row: clear back to the right level, open what the
        # parser implies, then the element itself.
        if name == "table":
            table = self._down_to(("table",), context)
            if table >= 0:
                self._pop_to(table)
            self._push("table")
            return
        if name in ("td", "th"):
            level = self._down_to(("tr", "tbody", "thead", "tfoot", "table"), context)
        elif name == "tr":
            level = self._down_to(("tbody", "thead", "tfoot", "table"), context)
        else:
            level = self._down_to(("table",), context)
        if level < 0:
            if name != "col":
                self._push(name)
            return
        self._pop_to(level + 1)
        parent = self.names[level]
        if name in ("td", "th"):
            if parent == "table":
                self._push("tbody")
            if parent != "tr":
                self._push("tr")
        elif name == "tr" and parent == "table":
            self._push("tbody")
        elif name == "col":
            self._push("colgroup")
            return
        self._push(name)

    def _table_context(self) -> int | None:
        """Index of the nearest table element (the parser's insertion mode follows it).

        None outside any table; -1 when that element is uncertain, so the model cannot tell
        what the parser will do.
        """
        for i in range(len(self.names) - 1, -1, -1):
            if self.names[i] in TABLE_CONTEXT and not self.flags[i] & FOREIGN:
                if not self.flags[i] & SURE:
                    self._mark_unsure(i)
                    return -1
                return i
        return None

    def _down_to(self, targets: tuple[str, ...], start: int) -> int:
        i = start
        while i >= 0 and not (self.names[i] in targets and not self.flags[i] & FOREIGN):
            if not self.flags[i] & SURE:
                self._mark_unsure(i)
                return -1
            i -= 1
        return i

    def _skip_raw(self, m: re.Match[str], name: str) -> int:
        """Skip raw text (script, style, textarea...) exactly as the tokenizer does."""
        html = self.html
        if name == "plaintext":
            return len(html)
        start = m.end()
        if name == "script":
            end = script_end(html, start)
        else:
            closer = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I | re.A).search(html, start)
            end = closer.start() if closer else len(html)
        if end >= len(html):
            return len(html)
        tag = MARKUP.match(html, end)
        return tag.end() if tag is not None else len(html)

    def _end_tag(self, name: str) -> None:
        if self.flags and self.flags[-1] & COLUMN_TEMPLATE and name != "template":
            return
        if name not in ("colgroup", "col", "template") and self._in_colgroup():
            self._pop_to(len(self.names) - 1)
        if self.flags and self.flags[-1] & FOREIGN:
            if name in ("br", "p"):
                self._leave_foreign()
            elif self._foreign_end_tag(name):
                return
        if name in ("html", "body", "head", "br"):
            self.in_body = True  # past these, a <noscript> is a body element
            return
        if name == "p":
            self._close(self._html("p"), self._scope(frozenset({"button"})), by_token=True)
        elif name == "li":
            self._close(self._html("li"), self._scope(frozenset({"ol", "ul"})), by_token=True)
        elif name in HEADINGS:
            self._close(self._html(HEADINGS), self._scope(), by_token=True)
        elif name == "form":
            self._end_form()
        elif name in ("table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"):
            self._close(self._html(name), self._html(TABLE_SCOPE), by_token=True)
        elif name == "colgroup":
            self._pop_current_if(frozenset({"colgroup"}), by_token=True)
        elif name == "template":
            self._close(self._html("template"), lambda i: False, by_token=True)
        elif name in FORMATTING:
            self._formatting_end(name)
        elif name in SCOPED_END:
            self._close(self._html(name), self._scope(), by_token=True)
        else:
            # Any other end tag: the nearest same-named element, unless a special one is nearer.
            self._close(self._html(name), lambda i: bool(self.flags[i] & IS_SPECIAL), by_token=True)

    def _end_form(self) -> None:
        had_pointer, self.form_open = self.form_open, False
        if not had_pointer and not self.count.get("template"):
            return  # the form pointer is already null (even an ignored </form> clears it)
        pop, mark = self._scan(self._html("form"), self._scope())
        if pop >= 0 and pop == len(self.names) - 1:
            self._pop_to(pop, by_token=True)
        elif max(pop, mark) >= 0:
            # The parser removes the form element alone and leaves what is above it.
            self._mark_unsure(max(pop, mark))

    def _formatting_end(self, name: str) -> None:
        # The adoption agency: with no special element above the formatting element it pops
        # up to it; with one it re-parents without deepening, so the model keeps all, unsure.
        # A formatting element the parser may still hold closed can absorb the end tag.
        self._reopened_may_close(name)
        markers = self._html(MARKERS)
        pop, mark = self._scan(self._html(name), lambda i: bool(self.flags[i] & IS_SCOPE) or markers(i))
        # An <a> is never dropped from the parser's list by the three-of-a-kind rule and is
        # alone in it, so its adoption can be modelled exactly; other names cannot.
        if pop >= 0 and not self._special_above(pop) and (name == "a" or not self._lingers(name)):
            self._pop_to(pop, by_token=True)
        elif not (pop >= 0 and name == "a" and self._adopt(pop)) and max(pop, mark) >= 0:
            self._mark_unsure(max(pop, mark))

    def _adopt(self, fe: int) -> bool:
        """The adoption agency for an <a> with special elements (blocks) open inside it.

        The parser removes the <a> and every non-special element above it and keeps the
        blocks, re-parenting them. Modelled when every entry is certain, there are at most
        seven blocks (the algorithm's loop runs eight times) and no formatting element sits
        among them; formatting elements after the last block get explicit end tags first.
        """
        top = len(self.flags)
        specials = [j for j in range(fe + 1, top) if self.flags[j] & IS_SPECIAL]
        if not specials or len(specials) > 7 or not all(self.flags[j] & SURE for j in range(fe, top)):
            return False
        if self.flags[fe] & LISTLESS:
            return False  # the parser may not run the agency at all
        if any(self.flags[j] & IS_SCOPE for j in range(fe + 1, top)):
            return False  # not in scope: the parser does something else
        last = specials[-1]
        if any(self.flags[j] & (IS_FORMATTING | FOREIGN) for j in range(fe + 1, last)):
            return False
        ends = [f"</{self.names[j]}>" for j in range(top - 1, last, -1) if self.flags[j] & IS_FORMATTING]
        self.before += "".join(ends)
        keep = [j for j in range(fe + 1, top) if self.flags[j] & IS_SPECIAL]
        self.open_formatting -= 1 + len(ends)
        self.foreign -= sum(1 for j in range(fe, top) if self.flags[j] & FOREIGN and j not in keep)
        for j in range(fe, top):
            if j not in keep:
                self.count[self.names[j]] -= 1
        self.names[fe:] = [self.names[j] for j in keep]
        self.flags[fe:] = [self.flags[j] for j in keep]
        return True

    def _section(self, index: int) -> int:
        """Stack index of the nearest cell or template below ``index`` (-1: none)."""
        for i in range(index - 1, -1, -1):
            if self.names[i] in CLEARS_FORMATTING and not self.flags[i] & FOREIGN:
                return i
        return -1

    def _lingers(self, name: str) -> bool:
        return any(n == name for _, n in self.lingering)

    def _reopened_may_close(self, name: str) -> None:
        """The parser may have re-opened a lingering ``name`` anywhere above its cell: an
        end tag for it (or the adoption agency) may then close everything above that."""
        sections = [m for m, n in self.lingering if n == name]
        if sections and min(sections) + 1 < len(self.names):
            self._mark_unsure(min(sections) + 1)

    def _special_above(self, index: int) -> bool:
        return any(self.flags[j] & IS_SPECIAL for j in range(index + 1, len(self.flags)))

    def _foreign_end_tag(self, name: str) -> bool:
        """An end tag in SVG/MathML pops to a same-named foreign element; True if handled."""
        for i in range(len(self.names) - 1, -1, -1):
            f = self.flags[i]
            if not f & FOREIGN:
                return False  # the HTML rules decide, from the current node
            if self.names[i] == name:
                if f & SURE:
                    self._pop_to(i, by_token=True)
                else:
                    self._mark_unsure(i)
                return True
        return False
