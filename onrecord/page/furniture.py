"""Page furniture: the lines a news page carries around its story.

Shared by the HTML and text readers. Each test looks at one short line of text, so they are
anchored patterns, never searches inside a paragraph: a sentence that merely mentions
"comments" or "newsletter" is body text.
"""

from __future__ import annotations

import re

_MIN = r"(?:min(?:ute)?s?|mins?\.?|minuten|min\.|minutos|minuti|minut|минут[аы]?)"
_READ = (
    r"(?:read(?:ing)?(?:\s+time)?|de\s+lecture|lesezeit|lesedauer|lectura|de\s+lectura|di\s+lettura|"
    r"leestijd|czytania|чтения)"
)
_READING_TIME = (
    re.compile(rf"^(?:⏱\s*)?(\d{{1,3}})\s*(?:-\s*)?{_MIN}\s*{_READ}?\.?$", re.I),
    re.compile(rf"^{_READ}\s*[:\-–]?\s*(?:ca\.\s*|about\s*|approx\.?\s*)?(\d{{1,3}})\s*{_MIN}\.?$", re.I),
    re.compile(rf"^(?:estimated\s+)?{_READ}\s*:?\s*(\d{{1,3}})\s*{_MIN}\.?$", re.I),
)

_FURNITURE = re.compile(
    r"""^(?:
        share(?:\s+(?:this|the|on|via|to|article|story|post|page)\b.*)?
      | share\s*(?:this)?\s*(?:article|story)?\s*[:]?
      | (?:tweet|pin\s+it|e-?mail|print|copy\s+(?:link|url)|link\s+copied|whatsapp|facebook|twitter|linkedin|reddit|flipboard|telegram)
      | (?:leave|post|add|write|submit)\s+a\s+(?:comment|reply|response)
      | (?:\d+\s+)?comments?(?:\s*\(\d+\))?
      | (?:view|show|load|see|read)\s+(?:all\s+)?(?:\d+\s+)?comments?
      | your\s+email\s+address\s+will\s+not\s+be\s+published.*
      | required\s+fields\s+are\s+marked.*
      | (?:log|sign)\s+in\s+to\s+(?:comment|reply).*
      | cancel\s+reply
      | advertisement|advertising|sponsored(?:\s+content)?|anzeige|werbung|publicit[ée]|publicidad
      | (?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox|alerts)\b.*
      | (?:get|receive)\s+(?:our|the)\b.{0,40}\bnewsletter\b.*
      | (?:related|recommended|trending|popular)(?:\s+(?:articles?|stories|posts|news|content|reading|topics?))?\s*:?
      | related\s*:\s*.{1,200}
      | (?:like|share)\s+this\s*:?
      | (?:\d+\s+)?(?:likes?|shares?|views?)
      | (?:most\s+(?:read|popular|viewed|shared)|more\s+(?:from|on|in)\s+.{1,40}|you\s+(?:may|might)\s+also\s+like|read\s+(?:more|next|also)|see\s+also|also\s+read)\s*:?
      | (?:click|tap)\s+here\b.{0,60}
      | we\s+use\s+cookies\b.*
      | (?:accept|reject|manage)\s+(?:all\s+)?cookies
      | all\s+rights\s+reserved\.?
      | (?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}.*
      | skip\s+to\s+(?:main\s+)?content
      | (?:next|previous)\s+(?:article|story|post)\s*:?.{0,120}
      | back\s+to\s+top
      | (?:follow\s+us|follow)\s+on\s+\w+.*
      | (?:tags?|topics?|filed\s+under|categories)\s*:.*
      | (?:listen\s+to\s+(?:this\s+)?(?:article|story)).{0,30}
      | (?:audio\s+)?(?:article\s+)?saved
      | save\s+(?:article|story|for\s+later)
      | gift\s+(?:this\s+)?article
      | (?:this\s+)?(?:article|story)\s+(?:was\s+)?(?:updated|corrected)\s*$
      | partager(?:\s+(?:cet|l[’']|sur)\s*\w*)?.{0,40}
      | (?:jetzt\s+)?teilen(?:\s+\w+){0,3}|compartir(?:\s+\w+){0,3}|condividi(?:\s+\w+){0,3}
      | publi[ée]e?\s+le\s+.{1,80}|mis\s+à\s+jour\s+.{1,60}|ver[öo]ffentlicht\s+am\s+.{1,60}|aktualisiert\s+am\s+.{1,60}
      | (?:lire|voir)\s+aussi\s*:?.{0,120}|lesen\s+sie\s+(?:auch|mehr)\s*:?.{0,120}|mehr\s+zum\s+thema\s*:?.{0,120}
      | (?:leggi|vedi)\s+anche\s*:?.{0,120}|lea\s+tambi[ée]n\s*:?.{0,120}|veja\s+tamb[ée]m\s*:?.{0,120}|zobacz\s+(?:też|także)\s*:?.{0,120}
      | abonnez-vous\b.{0,160}|(?:jetzt\s+)?abonnieren\b.{0,120}|suscr[íi]bete\b.{0,120}|iscriviti\b.{0,120}
      | pubblicit[àa]|reklama
    )\s*[.!:]?\s*$""",
    re.I | re.X,
)

_PHOTO_WORD = r"(?:photo(?:graph)?s?|image|picture|pic|credit|foto|bild|fotos?|crédit(?:\s+photo)?|quelle)"
_AGENCY = (
    r"(?:getty\s+images?(?:\s+for\s+[\w .&'-]+)?|afp|ap|ap\s+photo|associated\s+press|reuters|epa(?:-efe)?|efe|"
    r"shutterstock|alamy|bloomberg|nurphoto|sipa(?:\s+usa)?|zuma(?:\s+press)?|dpa|anadolu(?:\s+agency)?|"
    r"tass|xinhua|pool|imago|picture[- ]alliance|istock(?:photo)?|unsplash|wikimedia\s+commons|"
    r"the\s+washington\s+post|the\s+new\s+york\s+times|[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})"
)
_CREDITS = (
    # "Photo: Jane Doe/Reuters", "Image credit: NASA", "Foto: dpa"
    re.compile(rf"^\(?\s*{_PHOTO_WORD}(?:\s+credits?)?\s*(?:by\s*)?[:©|]\s*(?P<c>.{{2,120}}?)\s*\)?$", re.I),
    # "(Photo by Jane Doe/Getty Images)"
    re.compile(rf"^\(?\s*{_PHOTO_WORD}\s+by\s+(?P<c>.{{2,120}}?)\s*\)?$", re.I),
    # "(AP Photo/Evan Vucci)", "(Coastwire Photo/Jens Moller)"
    re.compile(r"^\(?(?P<c>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\s+Photo\s*/\s*[^()]{2,80})\)?$"),
    # "© Jane Doe" / "Copyright: Reuters"
    re.compile(r"^(?:©|\(c\)|copyright\s*:?)\s*(?P<c>[^\d].{1,100})$", re.I),
    # "Win McNamee/Getty Images", "Jane Doe / AFP via Getty Images"
    re.compile(
        rf"^(?P<c>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){{0,4}}\s*/\s*{_AGENCY}(?:\s+via\s+{_AGENCY})?)$"
    ),
)


def reading_time(line: str) -> int | None:
    """Minutes from a reading-time badge ("3 Min Read", "Lesezeit: 4 Min."), else None."""
    line = line.strip()
    if len(line) > 40:
        return None
    for pattern in _READING_TIME:
        m = pattern.match(line)
        if m:
            minutes = int(m.group(1))
            return minutes if 0 < minutes < 600 else None
    return None


_READING_TIME_IN = re.compile(
    rf"(?:^|[\s•·|,–—-])(?:(\d{{1,3}})\s*(?:-\s*)?{_MIN}\s*{_READ}|{_READ}\s*[:\-–]?\s*(?:ca\.\s*|about\s*)?(\d{{1,3}})\s*{_MIN})(?:$|[\s.•·|,])",
    re.I,
)


def reading_time_in(text: str) -> int | None:
    """Minutes from a reading-time badge inside a short line ("Jane Doe · 4 min read")."""
    if len(text) > 160:
        return None
    m = _READING_TIME_IN.search(text)
    if not m:
        return None
    minutes = int(m.group(1) or m.group(2))
    return minutes if 0 < minutes < 600 else None


_CALL_TO_ACTION = re.compile(
    r"""\b(?:subscribe(?:\s+(?:now|today|to|for|here))?\b|subscription\b|sign\s+up\b|newsletter\b|become\s+a\s+(?:member|subscriber|patron)|
    support\s+(?:our|us|independent)|donate|follow\s+us|download\s+(?:our|the)\s+app|
    all\s+rights\s+reserved|(?:has|have)\s+been\s+(?:corrected|updated|amended)\s+(?:in|to|since)|
    abonn|werbung|anzeige|affiliate|we\s+may\s+earn\s+a\s+commission)""",
    re.I | re.X,
)


def is_call_to_action(line: str) -> bool:
    """A short pitch, correction note or disclaimer at the edge of a story."""
    return len(line) <= 300 and _CALL_TO_ACTION.search(line) is not None


def is_furniture(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 160:
        return False
    return bool(_FURNITURE.match(line)) or reading_time(line) is not None


def credit_of(line: str) -> str | None:
    """The credit when the whole line is a photo credit, else None."""
    line = line.strip()
    if not line or len(line) > 140 or (line.endswith((".", "?", "!")) and "/" not in line):
        return None
    for pattern in _CREDITS:
        m = pattern.match(line)
        if m:
            return m.group("c").strip(" ()")
    return None


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\s+(?=\()|\s+[|–—-]\s+")


def split_caption_credit(caption: str) -> tuple[str | None, str | None]:
    """Split "A man walks. Photo: Jane Doe/AFP" into the caption and its credit.

    The credit is the last sentence-like piece of the caption when that piece is a credit on its
    own, so names inside the caption's own sentence stay where they are.
    """
    caption = caption.strip()
    if not caption:
        return None, None
    whole = credit_of(caption)
    if whole:
        return None, whole
    pieces = [m.end() for m in _SENTENCE_BREAK.finditer(caption)]
    for cut in reversed(pieces[-3:]):
        tail = caption[cut:].strip()
        credit = credit_of(tail)
        if credit:
            head = caption[:cut].rstrip(" |–—-")
            return head or None, credit
    return caption, None
