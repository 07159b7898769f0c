"""The speaker registry: one row per real person (or body) across every article in the store.

Each article's speech layer already folds "Donald Trump", "President Trump" and "Trump" into one
Person; here that Person is tied to a registry row. Matching is by surname key, then first name
("Donald" and "D." agree; "Donald" and "Ivanka" never do), then, when only a surname is known
and several people share it, by evidence: a role seen before, the same site, people who appeared
with them before, gender. Without a clear winner a surname-only mention is kept on a row of its
own rather than pinned on the wrong person.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from onrecord.corpus.names import (
    NameParts,
    display_name,
    first_names_agree,
    fold,
    speaks_for_another,
    split_name,
)
from onrecord.model import Person

_ROLE_NOISE = frozenset({"the", "of", "a", "an", "and", "us", "u", "s", "for", "to", "former", "then"})
_ROLE_WORD = re.compile(r"\w+")


_PRONOUNS = frozenset(
    ["i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "himself", "herself", "itself", "themselves", "ourselves", "one"]
)


def name_like(mention: str | None) -> bool:
    """A mention worth keeping as an alias: has a capital letter and is not a pronoun ("He")."""
    if not mention or not mention.strip():
        return False
    words = mention.split()
    while words and fold(words[0]) in ("the", "a", "an"):
        words = words[1:]  # "The mayor" is a description; "The Port Authority" is a name
    rest = " ".join(words)
    return bool(rest) and fold(rest) not in _PRONOUNS and any(c.isupper() for c in rest)


def role_words(role: str | None) -> set[str]:
    if not role:
        return set()
    return {w for w in _ROLE_WORD.findall(fold(role)) if w not in _ROLE_NOISE and len(w) > 1}


@dataclass
class Context:
    """What the article around a person tells about them."""

    article_id: int
    site: str | None
    date: str | None
    people: set[int]  # registry ids already resolved in this article


@dataclass
class _Candidate:
    id: int
    name: str
    first: str | None
    gender: str | None


class Registry:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, person: Person, context: Context) -> int:
        """The registry id for ``person``, creating or enriching a row; records alias and role."""
        kind = person.type or "unknown"
        if kind == "person" and speaks_for_another(person.name):
            # "spokesperson for Premier Ilse Marenko" is not Ilse Marenko: one row for the
            # description, never matched by the surname inside it.
            pid = self._match_body(person, kind)
            if pid is None:
                pid = self._new(person, kind, None, fold(person.name))
        elif kind == "person":
            parts = split_name(person.name)
            pid = self._match_person(person, parts, context) if parts.surname else None
            if pid is None:
                pid = self._new(person, kind, parts.first, parts.surname or fold(person.name))
            else:
                self._enrich(pid, person, parts)
        else:
            pid = self._match_body(person, kind)
            if pid is None:
                pid = self._new(person, kind, None, fold(person.name))
        self._record_names(pid, person)
        self._record_role(pid, person, split_name(person.name).titles if kind == "person" else [], context)
        return pid

    def _match_body(self, person: Person, kind: str) -> int | None:
        keys = {fold(person.name)} | {fold(m) for m in person.mentions if name_like(m)}
        for key in keys:
            row = self.conn.execute(
                "SELECT p.id FROM aliases a JOIN people p ON p.id = a.person_id"
                " WHERE a.norm = ? AND p.type = ? ORDER BY a.count DESC LIMIT 1",
                (key, kind),
            ).fetchone()
            if row:
                return int(row[0])
        return None

    def _match_person(self, person: Person, parts: NameParts, context: Context) -> int | None:
        rows = self.conn.execute(
            "SELECT id, name, first_name, gender FROM people WHERE type = 'person' AND surname = ?",
            (parts.surname,),
        ).fetchall()
        candidates = [
            _Candidate(int(r[0]), r[1], r[2], r[3])
            for r in rows
            if not (person.gender and r[3] and person.gender != r[3])  # never merge across gender
        ]
        if not candidates:
            return None
        if parts.first is not None:
            named = [c for c in candidates if c.first is not None and first_names_agree(c.first, parts.first)]
            exact = [c for c in named if c.first == parts.first] or named
            if len(exact) == 1:
                return exact[0].id
            if exact:
                return self._best(exact, person, parts, context, need_evidence=False)
            # Only surname-only rows may be this person: take one over if the evidence points to it.
            bare = [c for c in candidates if c.first is None]
            others = [c for c in candidates if c.first is not None]
            if len(bare) == 1 and not others:
                return bare[0].id
            if bare:
                return self._best(bare, person, parts, context, need_evidence=True)
            return None
        # A surname alone ("Trump", "President Trump").
        if len(candidates) == 1:
            only = candidates[0]
            score = self._score(only, person, parts, context)
            return only.id if score >= 0 else None
        chosen = self._best(candidates, person, parts, context, need_evidence=True)
        if chosen is not None:
            return chosen
        # Ambiguous: the surname-only row collects it, so no named person is credited wrongly.
        bare = [c for c in candidates if c.first is None]
        return bare[0].id if bare else None

    def _best(
        self,
        candidates: list[_Candidate],
        person: Person,
        parts: NameParts,
        context: Context,
        *,
        need_evidence: bool,
    ) -> int | None:
        scored = sorted(((self._score(c, person, parts, context), c.id) for c in candidates), reverse=True)
        best_score, best_id = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else None
        if need_evidence and best_score <= 0:
            return None
        if runner_up is not None and runner_up == best_score:
            # A tie: without evidence no one is credited; with names alike the oldest row wins.
            return None if need_evidence else min(c.id for c in candidates)
        return best_id

    def _score(self, cand: _Candidate, person: Person, parts: NameParts, context: Context) -> int:
        score = 0
        wanted = role_words(person.role) | {t for t in parts.titles if t not in _ROLE_NOISE}
        if wanted:
            known: set[str] = set()
            for (norm,) in self.conn.execute("SELECT norm FROM roles WHERE person_id = ?", (cand.id,)):
                known |= role_words(norm)
            if known:
                score += 2 if wanted & known else -1
        if context.site:
            seen = self.conn.execute(
                "SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id"
                " WHERE m.person_id = ? AND a.site = ? LIMIT 1",
                (cand.id, context.site),
            ).fetchone()
            if seen:
                score += 1
        if context.people:
            marks = ",".join("?" * len(context.people))
            together = self.conn.execute(
                f"SELECT count(DISTINCT m2.person_id) FROM mentions m1 JOIN mentions m2"
                f" ON m2.article_id = m1.article_id WHERE m1.person_id = ? AND m2.person_id IN ({marks})",
                (cand.id, *sorted(context.people)),
            ).fetchone()[0]
            score += min(int(together), 2)
        if person.gender and cand.gender == person.gender:
            score += 1
        return score

    # -- writing -----------------------------------------------------------------------------

    def _new(self, person: Person, kind: str, first: str | None, surname: str | None) -> int:
        cur = self.conn.execute(
            "INSERT INTO people (name, type, first_name, surname, gender, added)"
            " VALUES (?, ?, ?, ?, ?, datetime('now'))",
            (display_name(person.name) if kind == "person" else person.name, kind, first, surname, person.gender),
        )
        return int(cur.lastrowid or 0)

    def _enrich(self, pid: int, person: Person, parts: NameParts) -> None:
        row = self.conn.execute("SELECT name, first_name, gender FROM people WHERE id = ?", (pid,)).fetchone()
        name, first, gender = row[0], row[1], row[2]
        # A full first name beats an initial, and an initial beats none.
        upgrade = parts.first is not None and (first is None or (len(first) == 1 and len(parts.first) > 1))
        shown = display_name(person.name)
        # The canonical name is the fullest seen: a better first name, or more words of the same.
        if upgrade or (parts.first == first and len(shown.split()) > len(name.split())):
            name = shown
        self.conn.execute(
            "UPDATE people SET name = ?, first_name = ?, gender = ? WHERE id = ?",
            (name, parts.first if upgrade else first, gender or person.gender, pid),
        )

    def _record_names(self, pid: int, person: Person) -> None:
        names = {person.name, *[m for m in person.mentions if name_like(m)]}
        for alias in names:
            alias = " ".join(alias.split())
            if not alias:
                continue
            self.conn.execute(
                "INSERT INTO aliases (person_id, alias, norm) VALUES (?, ?, ?)"
                " ON CONFLICT(person_id, norm) DO UPDATE SET count = count + 1",
                (pid, alias, fold(alias)),
            )

    def _record_role(self, pid: int, person: Person, titles: list[str], context: Context) -> None:
        roles = [person.role] if person.role else []
        if not roles and titles:
            roles = [" ".join(t for t in titles)]
        for role in roles:
            words = role.split()
            if len(words) > 1 and fold(words[0]) in ("the", "a", "an"):
                words = words[1:]  # "the president of the union" and "president of the union" are one role
            role = " ".join(words)
            if not role:
                continue
            self.conn.execute(
                "INSERT INTO roles (person_id, role, norm, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(person_id, norm) DO UPDATE SET count = count + 1,"
                " first_seen = CASE WHEN excluded.first_seen IS NOT NULL AND (first_seen IS NULL OR excluded.first_seen < first_seen) THEN excluded.first_seen ELSE first_seen END,"
                " last_seen = CASE WHEN excluded.last_seen IS NOT NULL AND (last_seen IS NULL OR excluded.last_seen > last_seen) THEN excluded.last_seen ELSE last_seen END",
                (pid, role, fold(role), context.date, context.date),
            )
