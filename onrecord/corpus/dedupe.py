"""Near-duplicate articles (syndicated wire copy): MinHash over word shingles, LSH in SQL.

The worker computes a fingerprint of the article text; the writer looks for earlier articles
that share an LSH band key, checks each candidate's full signature, and links the new article to
the earliest one it copies. Bands live in a plain indexed table, so detection works across runs
without loading an index into memory.

Two texts count as copies when their estimated Jaccard similarity over word 5-shingles is at
least JACCARD, or when one is mostly contained in the other (a trimmed version of the same
wire story): containment of the shorter text at least CONTAINMENT.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import struct
from dataclasses import dataclass

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands of 4 rows: J=0.5 becomes a candidate with p≈0.87, J=0.6 p≈0.99
SHINGLE = 5
MIN_WORDS = 40  # shorter texts share too much by chance to call them copies
JACCARD = 0.5
CONTAINMENT = 0.8
# Below this the Jaccard estimate is mostly sampling noise, too weak to derive containment from.
MIN_JACCARD_CONTAINED = 0.2

_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass
class Fingerprint:
    text_hash: str
    shingles: int  # distinct shingles
    signature: bytes | None  # NUM_PERM uint32, little-endian; None for short texts
    bands: list[int]


def _shingles(text: str) -> set[bytes]:
    words = _WORDS.findall(text.casefold())
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(max(0, len(words) - SHINGLE + 1))}


def _band_keys(values: list[int]) -> list[int]:
    keys = []
    for band in range(BANDS):
        chunk = struct.pack(f"<B{ROWS}I", band, *values[band * ROWS : (band + 1) * ROWS])
        # A signed 63-bit key so SQLite stores it as an INTEGER.
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return keys


def fingerprint(text: str) -> Fingerprint:
    text_hash = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    words = len(_WORDS.findall(text))
    if words < MIN_WORDS:
        return Fingerprint(text_hash, 0, None, [])
    from datasketch import MinHash

    shingles = _shingles(text)
    mh = MinHash(num_perm=NUM_PERM, seed=20241)
    mh.update_batch(list(shingles))
    values = [int(v) & 0xFFFFFFFF for v in mh.hashvalues]
    return Fingerprint(text_hash, len(shingles), struct.pack(f"<{NUM_PERM}I", *values), _band_keys(values))


def estimate_jaccard(a: bytes, b: bytes) -> float:
    va = struct.unpack(f"<{NUM_PERM}I", a)
    vb = struct.unpack(f"<{NUM_PERM}I", b)
    return sum(1 for x, y in zip(va, vb) if x == y) / NUM_PERM


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """|A∩B| / min(|A|, |B|), from the Jaccard estimate and the two set sizes."""
    if not size_a or not size_b:
        return 0.0
    common = jaccard / (1.0 + jaccard) * (size_a + size_b)
    return min(1.0, common / min(size_a, size_b))


def find_original(conn: sqlite3.Connection, fp: Fingerprint, article_id: int) -> tuple[int, float] | None:
    """The article ``fp`` copies (its root, never another copy) and the similarity, if any."""
    same = conn.execute(
        "SELECT id, duplicate_of FROM articles WHERE text_hash = ? AND id != ? ORDER BY id LIMIT 1",
        (fp.text_hash, article_id),
    ).fetchone()
    if same is not None and fp.shingles:
        return (int(same[1] or same[0]), 1.0)
    if fp.signature is None or not fp.bands:
        return None
    marks = ",".join("?" * len(fp.bands))
    rows = conn.execute(
        f"SELECT DISTINCT a.id, a.duplicate_of, a.signature, a.shingles FROM article_bands b"
        f" JOIN articles a ON a.id = b.article_id WHERE b.key IN ({marks}) AND a.id != ?",
        (*fp.bands, article_id),
    ).fetchall()
    best: tuple[float, int] | None = None
    for cand_id, dup_of, signature, shingles in rows:
        if signature is None:
            continue
        j = estimate_jaccard(fp.signature, signature)
        if j >= JACCARD or (j >= MIN_JACCARD_CONTAINED and containment(j, fp.shingles, int(shingles)) >= CONTAINMENT):
            root = int(dup_of or cand_id)
            if best is None or j > best[0] or (j == best[0] and root < best[1]):
                best = (j, root)
    if best is None:
        return None
    return (best[1], best[0])


def store_bands(conn: sqlite3.Connection, fp: Fingerprint, article_id: int) -> None:
    if fp.bands:
        conn.executemany(
            "INSERT INTO article_bands (key, article_id) VALUES (?, ?)", [(k, article_id) for k in fp.bands]
        )
