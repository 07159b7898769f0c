"""Human-readable renderings of an Article: Markdown with who said what, and plain text."""

from __future__ import annotations

from onrecord.model import Article, Statement


def _speaker_label(st: Statement) -> str:
    sp = st.speaker
    if sp is None:
        return "unknown"
    name = sp.name or sp.mention or "unknown"
    if sp.mention and sp.name and sp.mention != sp.name:
        return f"{name} (as “{sp.mention}”)"
    return name


def statement_line(st: Statement, body: str | None = None) -> str:
    cue = f" · {st.cue.text}" if st.cue else (" · continued" if st.continuation else "")
    venue = f" · to/on {st.venue}" if st.venue else ""
    where = "" if st.where == "body" else f" · in the {st.where}"
    return f"**{_speaker_label(st)}** ({st.kind}{cue}{venue}{where}): {st.said(body)}"


def to_markdown(article: Article) -> str:
    lines: list[str] = []
    lines.append(f"# {article.title or '(untitled)'}")
    facts = []
    if article.authors:
        facts.append("By " + ", ".join(article.authors))
    if article.published:
        facts.append(f"published {article.published}")
    if article.site_name:
        facts.append(article.site_name)
    if article.language:
        facts.append(f"language {article.language}")
    if article.stated_reading_time_minutes:
        facts.append(f"{article.stated_reading_time_minutes} min read (stated)")
    if article.reading_time_minutes:
        facts.append(f"{article.reading_time_minutes} min read (computed)")
    if facts:
        lines.append("")
        lines.append(" · ".join(facts))
    if article.url:
        lines.append(f"<{article.url}>")
    image = article.lead_image
    if image and (image.url or image.caption or image.credit):
        lines.append("")
        parts = [p for p in (image.caption, f"credit: {image.credit}" if image.credit else None) if p]
        lines.append(f"*Lead image — {' — '.join(parts) or image.url}*")
    if article.statements:
        lines.append("")
        lines.append(f"## Who said what ({len(article.statements)})")
        lines.append("")
        for st in article.statements:
            lines.append(f"- {statement_line(st, article.text)}")
    if article.people:
        lines.append("")
        lines.append("## People")
        lines.append("")
        for person in article.people:
            role = f", {person.role}" if person.role else ""
            lines.append(f"- {person.name} ({person.type}{role}): {', '.join(person.mentions)}")
    lines.append("")
    lines.append("## Text")
    for para in article.paragraphs:
        lines.append("")
        body = article.text[para.start : para.end]
        if para.kind == "heading":
            lines.append(f"### {body}")
        elif para.kind == "list":
            lines.append(f"- {body}")
        elif para.kind == "quote":
            lines.append(f"> {body}")
        else:
            lines.append(body)
    return "\n".join(lines) + "\n"


def to_text(article: Article) -> str:
    head = [article.title or ""]
    if article.authors:
        head.append("By " + ", ".join(article.authors))
    return "\n\n".join([h for h in head if h] + [article.text]) + "\n"
