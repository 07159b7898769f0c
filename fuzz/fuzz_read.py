#!/usr/bin/env python3
"""Coverage-guided fuzzing of ``onrecord.read``: bytes in, an Article or an OnrecordError out.

    make fuzz                        # the long budget (FUZZ_RUNS=100000)
    make fuzz FUZZ_RUNS=2000         # a short, bounded run (what ``make test`` does)
    .venv/bin/python fuzz/fuzz_read.py -runs=500 -seed=1 [corpus dirs...]

With atheris installed this is a libFuzzer target and takes libFuzzer's flags; without it the
same target runs under a plain loop of mutated seeds and random bytes (``-runs``, ``-seed``
and ``-max_total_time`` are understood), so the harness works wherever onrecord does;
FUZZ_FALLBACK=1 picks the loop even where atheris is installed.

The first two bytes of an input choose how it is read (kind, str or bytes, rules or parser,
Content-Type, URL); the rest is the page. A crash is any exception other than OnrecordError,
or a record that breaks an invariant of tests/fuzz/checks.py (offsets that do not slice to
their text, JSON that does not round-trip). Crashing inputs are written to
test-artifacts/fuzz/ (``crash-<sha1>``); replay one with
``.venv/bin/python fuzz/fuzz_read.py test-artifacts/fuzz/crash-...``.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.fuzz.checks, when run as a script from anywhere

ARTIFACTS = ROOT / "test-artifacts" / "fuzz"
# libFuzzer adds what it finds here, and the next run starts from it. FUZZ_CORPUS names another
# folder: `make test` gives a fresh one, so its short run is the same every time.
WORK_CORPUS = Path(os.environ.get("FUZZ_CORPUS") or ARTIFACTS / "corpus")
SEED_DIRS = [ROOT / "samples" / "pages", ROOT / "tests" / "fixtures" / "html", ROOT / "tests" / "fixtures" / "text"]
DICTIONARY = Path(__file__).resolve().parent / "read.dict"
MAX_LEN = 4096  # bytes: past this a mutation mostly makes the parser slower, not the input stranger

try:
    import atheris
except ImportError:  # the fallback loop below needs nothing but the standard library
    atheris = None
if os.environ.get("FUZZ_FALLBACK"):  # the loop even where atheris is installed (its own test)
    atheris = None


def _import_target() -> None:
    """Import every module of the page and speech layers now, so that atheris instruments them
    (it only sees modules imported inside its hook, and these are otherwise imported lazily)."""
    import onrecord

    for pkg in ("onrecord.page", "onrecord.speech"):
        mod = importlib.import_module(pkg)
        for info in pkgutil.walk_packages(mod.__path__, prefix=pkg + "."):
            importlib.import_module(info.name)
    assert onrecord.read


if atheris is not None:
    with atheris.instrument_imports(include=["onrecord"]):
        _import_target()
else:
    _import_target()

import onrecord  # noqa: E402  (after instrumentation, on purpose)
from onrecord.errors import OnrecordError  # noqa: E402
from tests.fuzz.checks import check_article  # noqa: E402

KINDS = ("auto", "html", "text", "body")
CONTENT_TYPES: tuple[str | None, ...] = (
    None, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252", "text/html; charset=shift_jis",
    "text/plain; charset=utf-16", "text/html; charset=bogus", "application/pdf",
)
URLS: tuple[str | None, ...] = (None, "https://example.com/2024/03/31/story.html", "http://[::1", "not a url")


def decode_input(data: bytes) -> tuple[str | bytes, dict[str, object]]:
    """Split a fuzz input into the page and the arguments of ``read``.

    Byte 0: bits 0-1 kind, bit 2 pass a str (decoded with surrogateescape, so lone surrogates
    reach the page layer), bits 3-4 the parser when both are 0 (one input in four: it is about
    ten times slower than the rules). Byte 1: Content-Type (low 3 bits) and URL (bits 3-4).
    """
    if len(data) < 2:
        return data, {"kind": "auto", "fast": True}
    b0, b1 = data[0], data[1]
    payload = data[2:]
    source: str | bytes = payload.decode("utf-8", "surrogateescape") if b0 & 4 else payload
    return source, {
        "kind": KINDS[b0 & 3],
        "fast": bool(b0 & 24),
        "content_type": CONTENT_TYPES[b1 & 7],
        "url": URLS[(b1 >> 3) & 3],
    }


def test_one_input(data: bytes) -> None:
    source, kwargs = decode_input(data)
    try:
        article = onrecord.read(source, **kwargs)  # type: ignore[arg-type]
    except OnrecordError:
        return  # a clear refusal is a correct answer to a bad page
    check_article(article)


# -- seeds -------------------------------------------------------------------------------------------

# The headers given to each seed: html as bytes with the rules; auto as a str with the parser;
# text as bytes with the parser; body as a str with the rules.
_SEED_HEADERS = (bytes([0x09, 0x01]), bytes([0x04, 0x08]), bytes([0x02, 0x00]), bytes([0x0F, 0x02]))


def seed_inputs() -> list[bytes]:
    seeds: list[bytes] = []
    for folder in SEED_DIRS:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".html", ".txt", ".htm"):
                page = path.read_bytes()[:MAX_LEN - 2]
                seeds.extend(h + page for h in _SEED_HEADERS)
    seeds.append(bytes([0x08, 0x00]) + "\u201cWe will not back down,\u201d Mayor Ana Ruiz said.".encode())
    return seeds


def prepare_corpus() -> Path:
    """The working corpus (libFuzzer adds what it finds), seeded from the repo's pages once."""
    WORK_CORPUS.mkdir(parents=True, exist_ok=True)
    if not any(WORK_CORPUS.iterdir()):
        for seed in seed_inputs():
            (WORK_CORPUS / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    return WORK_CORPUS


def dictionary_tokens() -> list[bytes]:
    out = []
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith('"') and line.endswith('"'):
            out.append(line[1:-1].encode("latin-1").decode("unicode_escape").encode("latin-1"))
    return out


# -- the fallback loop ------------------------------------------------------------------------------


class Mutator:
    """A few of libFuzzer's mutations, without coverage feedback: enough to put random,
    damaged and spliced pages through ``read`` where atheris cannot be installed."""

    def __init__(self, rng: random.Random, seeds: list[bytes], tokens: list[bytes]) -> None:
        self.rng, self.seeds, self.tokens = rng, seeds, tokens

    def __call__(self) -> bytes:
        rng = self.rng
        if rng.random() < 0.1 or not self.seeds:
            return rng.randbytes(rng.randint(0, 512))
        data = bytearray(rng.choice(self.seeds))
        for _ in range(rng.randint(1, 8)):
            self._once(data)
        return bytes(data[:MAX_LEN])

    def _once(self, data: bytearray) -> None:
        rng = self.rng
        at = rng.randint(0, len(data))
        op = rng.randrange(7)
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        elif op == 2:
            del data[at : at + rng.randint(1, 64)]
        elif op == 3 and self.tokens:
            data[at:at] = rng.choice(self.tokens) * rng.choice((1, 1, 1, 2, 50))
        elif op == 4 and data:
            end = min(len(data), at + rng.randint(1, 256))
            data[at:at] = data[at:end] * rng.randint(1, 20)
        elif op == 5:
            other = rng.choice(self.seeds)
            cut = rng.randint(0, len(other))
            data[at:] = other[cut:]
        elif op == 6 and len(data) > 2:
            data[0], data[1] = rng.randrange(256), rng.randrange(256)


def _flags(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    flags, paths = {}, []
    for arg in argv:
        if arg.startswith("-") and "=" in arg:
            name, value = arg.lstrip("-").split("=", 1)
            flags[name] = value
        else:
            paths.append(arg)
    return flags, paths


def _replay(paths: list[Path]) -> int:
    """Run the given files once each (a crash file, or a folder of them)."""
    failed = 0
    for path in paths:
        for f in sorted(path.iterdir()) if path.is_dir() else [path]:
            try:
                test_one_input(f.read_bytes())
                print(f"{f}: ok")
            except Exception:  # any exception is the finding
                failed += 1
                print(f"{f}: CRASH")
                traceback.print_exc()
    return 1 if failed else 0


def fallback(argv: list[str]) -> int:
    flags, paths = _flags(argv)
    files = [Path(p) for p in paths if Path(p).is_file()]
    if files:
        return _replay(files)
    runs = int(flags.get("runs", "-1"))
    seconds = float(flags.get("max_total_time", "0")) or float("inf")
    rng = random.Random(int(flags.get("seed", "0")) or None)
    seeds = seed_inputs() + [p.read_bytes() for d in paths if Path(d).is_dir() for p in Path(d).iterdir()]
    mutate = Mutator(rng, seeds, dictionary_tokens())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    start, n, crashes = time.monotonic(), 0, 0
    print(f"fuzz_read: without atheris: a random-input loop, {runs if runs >= 0 else 'unbounded'} runs")
    while (runs < 0 or n < runs) and time.monotonic() - start < seconds:
        data = seeds[n] if n < len(seeds) else mutate()  # every seed once, as libFuzzer does
        n += 1
        try:
            test_one_input(data)
        except Exception:  # any exception is the finding
            crashes += 1
            crash = ARTIFACTS / f"crash-{hashlib.sha1(data).hexdigest()}"
            crash.write_bytes(data)
            traceback.print_exc()
            print(f"fuzz_read: crash on input {n}, written to {crash}")
            break  # as libFuzzer: stop at the first crash, so it gets looked at
        if n % 1000 == 0:
            print(f"fuzz_read: {n} inputs, {time.monotonic() - start:.0f} s", flush=True)
    took = time.monotonic() - start
    print(f"fuzz_read: Done {n} runs in {took:.0f} second(s); {crashes} crash(es)")
    return 1 if crashes else 0


def main(argv: list[str]) -> int:
    # Load the language model before the clock starts: its first load is seconds, not a hang.
    onrecord.read("warm up", kind="body", fast=False)
    if atheris is None:
        return fallback(argv[1:])
    flags, paths = _flags(argv[1:])
    extra = []
    if not any(Path(p).is_file() for p in paths):
        if not paths:
            extra.append(str(prepare_corpus()))
        if "max_len" not in flags:
            extra.append(f"-max_len={MAX_LEN}")
        if "dict" not in flags:
            extra.append(f"-dict={DICTIONARY}")
        if "timeout" not in flags:
            extra.append("-timeout=30")  # seconds for one input: a page that takes longer is a hang
        if "rss_limit_mb" not in flags:
            extra.append("-rss_limit_mb=2048")
        if "artifact_prefix" not in flags:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            extra.append(f"-artifact_prefix={ARTIFACTS}/")
        extra.append("-print_final_stats=1")
    atheris.Setup([argv[0], *argv[1:], *extra], test_one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
