"""Language: what the page declares, else a guess from its script and common words."""

from __future__ import annotations

import re
from collections import Counter

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{2,8})*$")
_WORD = re.compile(r"[^\W\d_]+")

# The most frequent short function words of each language: enough to tell them apart on a
# paragraph or more, and cheap.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that for it with was on as by he said his be at from have are this not but had has they an were which their its who been would will",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie",
        "fr": "le la les de des et en un une du est que pour dans qui au sur pas par il plus ne se ce sont avec ont aux été cette mais elle nous",
        "es": "el la de que y en los del las un por con no una para es al lo como más pero sus le ha se fue este ya también entre cuando muy sin sobre",
        "it": "il di che e la per un in è del non della una le con dei si al da sono gli alla anche più nel ha come ma questo lo delle",
        "pt": "o de que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser quando",
        "nl": "de het een van en in is dat op te zijn voor met die niet aan er om ook als bij dan maar wordt nog door heeft naar hij",
        "pl": "i w na z do się że nie to jest o jak po co ale przez za od jego tak już tym może przy być są dla jej",
        "sv": "och i att det som en på är av för med till den har de inte om ett han var men så från vid kan",
        "da": "og i at det er en til på som de med han af for ikke der var sig et har om vi men",
        "no": "og i det som på er en til av at for med han de ikke den har var seg om et vi men",
        "fi": "ja on ei että se oli hän kuin myös ovat tai mutta niin kun jo vain sen olla ole",
        "cs": "a se na že je v to s z do o jako by ale pro jsou podle jeho již které když",
        "hu": "a az és hogy nem is egy meg de van már csak el mint volt ki még azt",
        "ro": "și de la în a cu pe nu din o un care este să pentru mai ca se sau sunt",
        "tr": "ve bir bu da de için ile çok olarak daha gibi ne ama olan sonra kadar en",
        "id": "yang dan di dari ini itu dengan untuk tidak dalam akan pada juga ke ada oleh",
    }.items()
}
_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґ]", re.I)


def normalise_language(value: str | None) -> str | None:
    """"en-US", "de_DE", "EN" → "en"."""
    if not value:
        return None
    m = _CODE.match(value.strip().split(",")[0].strip())
    if not m:
        return None
    code = m.group(1).lower()
    return {"iw": "he", "in": "id", "nb": "no", "nn": "no"}.get(code, code)


def guess_language(text: str) -> str | None:
    sample = text[:5000]
    if len(sample) < 20:
        return None
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    for pattern, code in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.2:
            return code
    if len(_CYRILLIC.findall(sample)) > letters * 0.3:
        return "uk" if len(_UKRAINIAN.findall(sample)) > 3 else "ru"
    words = Counter(w.lower() for w in _WORD.findall(sample))
    if not words:
        return None
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    total = sum(words.values())
    return lang if best >= 3 and best >= total * 0.05 else None
