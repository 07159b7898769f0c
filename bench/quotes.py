"""Quote attribution on PolNeAR dev: onrecord beside the textacy baseline, in one run.

Every system is scored by the reference scorer (shared/tools/quote_score.py, imported by path,
never copied) through its library entry ``quote_score.score``. The systems run one after
another in this process, so the speed ratios against textacy compare like with like on a noisy
shared machine. The seed article is read too and scored by shared/tools/seed_score.py.

    python bench/quotes.py                          # all 510 dev articles (a few minutes)
    python bench/quotes.py --limit 30               # a quick look while developing
    python bench/quotes.py --limit 30 --skip-textacy --systems full,fast
    python bench/quotes.py --cli                    # also the CLI form (start-up per batch)
    python bench/quotes.py --markdown               # print the BENCHMARKS.md section
    python bench/quotes.py --update-benchmarks      # write that section into BENCHMARKS.md

Outputs go to bench/out/ (git-ignored): scores, timings and article ids, never article text
(PolNeAR may not be redistributed), except seed.json, the Article read from the seed page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "bench" / "out"
TEXTACY_CACHE = OUT_DIR / "quotes-textacy.json"  # last textacy figures, keyed by article count
SEED_STEM = "000_add5c61cac13534f"
SECTION = "## Quote attribution (PolNeAR dev)"
ALL_SYSTEMS = ("textacy", "full", "fast", "cli")
GOALS = {"full": 4.0, "fast": 40.0, "cli": 4.0}  # throughput ratio vs textacy
WARM_UP = 'The mayor said the port would stay open. "We will not close it," she told reporters.'

Predict = Callable[[str], list[dict[str, Any]]]


def shared_dir() -> Path:
    override = os.environ.get("ONRECORD_SHARED")
    return Path(override).expanduser().resolve() if override else REPO.parent / "shared"


def load_scorer() -> ModuleType:
    path = shared_dir() / "tools" / "quote_score.py"
    spec = importlib.util.spec_from_file_location("quote_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the reference scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- systems


@dataclass
class Timed:
    """Wraps a predict function: per-call seconds, and any non-ValueError turned into one.

    The scorer counts a ValueError as "no output" for that article and goes on; anything else
    would end the whole run, so onrecord's crashes are recorded here and re-raised as such.
    """

    fn: Predict
    seconds: list[float] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)  # "call index: ExcType: message"

    def __call__(self, text: str) -> list[dict[str, Any]]:
        t0 = time.perf_counter()
        try:
            return self.fn(text)
        except ValueError:
            raise
        except Exception as ex:
            self.crashes.append(f"{len(self.seconds)}: {type(ex).__name__}: {str(ex)[:120]}")
            raise ValueError(f"{type(ex).__name__}: {ex}") from ex
        finally:
            self.seconds.append(time.perf_counter() - t0)


def onrecord_predict(fast: bool) -> Predict:
    import onrecord

    def predict(text: str) -> list[dict[str, Any]]:
        return [s.to_dict() for s in onrecord.attribute(text, fast=fast)]

    return predict


def make_system(name: str, qs: ModuleType) -> tuple[Predict, float]:
    """The predict function and its setup seconds (imports, model load, one warm-up call)."""
    t0 = time.perf_counter()
    if name == "textacy":
        fn = qs.make_textacy_baseline()
    else:
        fn = onrecord_predict(fast=name == "fast")
        fn(WARM_UP)  # onrecord loads its model lazily, on the first call
    return fn, time.perf_counter() - t0


def cli_command() -> str:
    exe = Path(sys.executable).parent / "onrecord"
    return f"{shlex.quote(str(exe))} read --as body --format jsonl"


# ----------------------------------------------------------------------------- output checks


def _span_ok(text: str, start: Any, end: Any, want: str | None = None) -> bool:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return False
    return want is None or text[start:end] == want


def check_output(arts: list[dict[str, Any]], dump: list[dict[str, Any]]) -> dict[str, int]:
    """Counts of statements that break onrecord's own contract (offsets index the text)."""
    issues = dict.fromkeys(
        ("statements", "bad_content_offsets", "bad_spans", "bad_speaker_offsets",
         "bad_cue_offsets", "not_in_body", "duplicates", "overlapping_pairs"), 0)
    for art, row in zip(arts, dump):
        text = art["text"]
        seen: set[tuple[int, int]] = set()
        ranges: list[tuple[int, int]] = []
        for st in row["predictions"]:
            issues["statements"] += 1
            s, e = st.get("start"), st.get("end")
            if not _span_ok(text, s, e, st.get("text")):
                issues["bad_content_offsets"] += 1
                continue
            if any(not _span_ok(text, sp.get("start"), sp.get("end")) or sp["start"] < s
                   or sp["end"] > e for sp in st.get("spans") or []):
                issues["bad_spans"] += 1
            sp = st.get("speaker") or {}
            if sp.get("start") is not None and not _span_ok(
                    text, sp.get("start"), sp.get("end"), sp.get("mention")):
                issues["bad_speaker_offsets"] += 1
            cue = st.get("cue")
            if cue and not _span_ok(text, cue.get("start"), cue.get("end"), cue.get("text")):
                issues["bad_cue_offsets"] += 1
            if st.get("where", "body") == "title":
                issues["not_in_body"] += 1
            issues["duplicates"] += (s, e) in seen
            seen.add((s, e))
            ranges.append((s, e))
        ranges.sort()
        issues["overlapping_pairs"] += sum(
            1 for i, (s1, e1) in enumerate(ranges) for s2, _ in ranges[i + 1:] if s2 < e1)
    return issues


# ----------------------------------------------------------------------------- scoring


def figures(rep: dict[str, Any], stats: dict[str, Any], thr: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers of one scorer report."""
    h = rep["0.5"]
    return {
        "e2e_p": h["all"]["e2e"]["p"], "e2e_r": h["all"]["e2e"]["r"],
        "e2e_f1": h["all"]["e2e"]["f1"],
        "content_p": h["all"]["content"]["p"], "content_r": h["all"]["content"]["r"],
        "content_f1": h["all"]["content"]["f1"],
        "speaker_acc": h["all"]["speaker_acc"], "cue_acc": h["all"]["cue_acc"],
        "e2e_cue_f1": h["all"]["e2e_cue"]["f1"],
        "direct_content_f1": h["direct/mixed"]["content"]["f1"],
        "direct_e2e_f1": h["direct/mixed"]["e2e"]["f1"],
        "indirect_content_f1": h["indirect"]["content"]["f1"],
        "indirect_e2e_f1": h["indirect"]["e2e"]["f1"],
        "content_f1_08": rep["0.8"]["all"]["content"]["f1"],
        "content_f1_exact": rep["exact"]["all"]["content"]["f1"],
        "e2e_f1_08": rep["0.8"]["all"]["e2e"]["f1"],
        "e2e_f1_exact": rep["exact"]["all"]["e2e"]["f1"],
        "gold": h["all"]["gold"], "pred": h["all"]["pred"],
        "articles": stats["articles"], "articles_failed": stats["articles_failed"],
        "art_per_s": thr["art_per_s"], "words_per_s": thr["words_per_s"],
        "wall_s": thr["wall_s"], "setup_s": thr["setup_s"],
    }


def slowest(arts: list[dict[str, Any]], seconds: list[float], n: int = 5) -> list[dict[str, Any]]:
    order = sorted(range(len(seconds)), key=lambda i: -seconds[i])[:n]
    return [{"doc_id": arts[i]["doc_id"], "seconds": round(seconds[i], 3),
             "words": len(arts[i]["text"].split())} for i in order]


def run_system(name: str, qs: ModuleType, split: Path, limit: int | None,
               arts: list[dict[str, Any]]) -> dict[str, Any]:
    log = lambda m: print(f"  [{name}] {m}", file=sys.stderr)  # noqa: E731
    print(f"running {name} ...", file=sys.stderr, flush=True)
    if name == "cli":
        rep, stats, thr, errors, dump = qs.score(str(split), system_cmd=cli_command(), limit=limit,
                                                 dump=True, log=log)
        thr["setup_s"] = None  # start-up and model load are inside every batch's wall time
        timed = None
    else:
        try:
            fn, setup = make_system(name, qs)
        except Exception as ex:
            return {"system": name, "status": "skipped",
                    "reason": f"setup failed: {type(ex).__name__}: {str(ex)[:200]}"}
        timed = Timed(fn)
        rep, stats, thr, errors, dump = qs.score(str(split), predict=timed, limit=limit,
                                                 dump=True, log=log, setup_s=setup)
    result: dict[str, Any] = {
        "system": name, "status": "ok", "figures": figures(rep, stats, thr),
        "scores": rep, "throughput": thr, "n_errors": len(errors),
        "scorer_issues": {k: stats[k] for k in ("bad_statements", "located_by_text",
                                                "text_offset_mismatch", "pred_kinds")},
        "summary_line": qs.summary_line(name, rep, thr),
    }
    if name == "textacy":
        unclosed = sum("unclosed quotation" in e for e in errors)
        result["value_errors"] = {"articles": len(errors), "unclosed_quotation": unclosed}
    else:
        result["errors"] = [e[:200] for e in errors[:20]]
        result["output_checks"] = check_output(arts, dump)
    if timed is not None:
        result["crashes"] = [_name_crash(c, arts) for c in timed.crashes]
        result["slowest"] = slowest(arts, timed.seconds)
    if stats["articles_failed"] == stats["articles"]:
        result["status"] = "failed"
    print(f"  {result['summary_line']}", file=sys.stderr, flush=True)
    return result


def _name_crash(crash: str, arts: list[dict[str, Any]]) -> str:
    index, _, rest = crash.partition(": ")
    return f"{arts[int(index)]['doc_id']}: {rest}"


# ----------------------------------------------------------------------------- textacy figures


def load_saved_textacy(n_articles: int) -> dict[str, Any] | None:
    """The last saved textacy result, preferring one on the same number of articles."""
    if not TEXTACY_CACHE.exists():
        return None
    saved: dict[str, Any] = json.loads(TEXTACY_CACHE.read_text(encoding="utf-8"))
    if not saved:
        return None
    key = str(n_articles) if str(n_articles) in saved else max(saved, key=lambda k: saved[k]["date"])
    return saved[key]


def save_textacy(result: dict[str, Any], date: str) -> None:
    saved = json.loads(TEXTACY_CACHE.read_text(encoding="utf-8")) if TEXTACY_CACHE.exists() else {}
    saved[str(result["figures"]["articles"])] = {**result, "date": date}
    TEXTACY_CACHE.write_text(json.dumps(saved, indent=1), encoding="utf-8")


def add_ratios(results: list[dict[str, Any]], base: dict[str, Any] | None, same_run: bool) -> None:
    if base is None or base.get("status") != "ok":
        return
    b = base["figures"]
    note = "same run" if same_run else (
        f"NOT same run: textacy figures from {base.get('date', '?')} on {b['articles']} articles")
    for r in results:
        if r["system"] == "textacy" or r.get("status") != "ok":
            continue
        f = r["figures"]
        r["ratios"] = {
            "e2e_f1": round(f["e2e_f1"] / b["e2e_f1"], 2) if b["e2e_f1"] else None,
            "throughput": round(f["art_per_s"] / b["art_per_s"], 2) if b["art_per_s"] else None,
            "goal_throughput": GOALS.get(r["system"]),
            "basis": note,
        }


# ----------------------------------------------------------------------------- seed


def run_seed() -> dict[str, Any]:
    import onrecord

    src = shared_dir() / "examples" / f"{SEED_STEM}.txt"
    expected = shared_dir() / "examples" / f"{SEED_STEM}.expected.json"
    out = OUT_DIR / "seed.json"
    t0 = time.perf_counter()
    try:
        article = onrecord.read(src.read_bytes())
    except Exception as ex:
        return {"status": "failed", "summary": f"onrecord.read raised {type(ex).__name__}: {ex}"}
    seconds = time.perf_counter() - t0
    out.write_text(article.to_json(indent=1), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(shared_dir() / "tools" / "seed_score.py"),
                           str(expected), str(out)], capture_output=True, text=True, timeout=300)
    lines = proc.stdout.splitlines()
    return {
        "status": "ok" if proc.returncode == 0 else "fails",
        "summary": lines[-1] if lines else f"seed_score.py: rc {proc.returncode} {proc.stderr[-300:]}",
        "fails": [line for line in lines if line.startswith("FAIL")],
        "read_seconds": round(seconds, 3),
    }


# ----------------------------------------------------------------------------- reporting


def _f(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


ROWS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("e2e P / R / F1 @0.5", lambda f: f"{_f(f['e2e_p'])} / {_f(f['e2e_r'])} / **{_f(f['e2e_f1'])}**"),
    ("content P / R / F1 @0.5",
     lambda f: f"{_f(f['content_p'])} / {_f(f['content_r'])} / {_f(f['content_f1'])}"),
    ("speaker acc / cue acc", lambda f: f"{_f(f['speaker_acc'])} / {_f(f['cue_acc'])}"),
    ("direct/mixed content F1 / e2e F1",
     lambda f: f"{_f(f['direct_content_f1'])} / {_f(f['direct_e2e_f1'])}"),
    ("indirect content F1 / e2e F1",
     lambda f: f"{_f(f['indirect_content_f1'])} / {_f(f['indirect_e2e_f1'])}"),
    ("content F1 @0.8 / exact", lambda f: f"{_f(f['content_f1_08'])} / {_f(f['content_f1_exact'])}"),
    ("e2e F1 @0.8 / exact", lambda f: f"{_f(f['e2e_f1_08'])} / {_f(f['e2e_f1_exact'])}"),
    ("predicted / gold", lambda f: f"{f['pred']} / {f['gold']}"),
    ("articles with no output (error)", lambda f: f"{f['articles_failed']} of {f['articles']}"),
    ("articles/s, words/s", lambda f: f"{_f(f['art_per_s'], 2)}, {f['words_per_s']:.0f}"),
    ("setup (model load), s, not counted",
     lambda f: "in the wall time" if f["setup_s"] is None else _f(f["setup_s"], 1)),
)


def _ratio_cells(r: dict[str, Any]) -> tuple[str, str]:
    ra = r.get("ratios")
    if not ra:
        return ("1 (baseline)", "1 (baseline)") if r["system"] == "textacy" else ("—", "—")
    goal = ra["goal_throughput"]
    thr = "—" if ra["throughput"] is None else f"**{ra['throughput']:.1f}×**"
    if goal and ra["throughput"] is not None:
        thr += f" (goal ≥ {goal:g}×: {'met' if ra['throughput'] >= goal else 'not met'})"
    e2e = "—" if ra["e2e_f1"] is None else f"**{ra['e2e_f1']:.2f}×**"
    return e2e, thr


LABELS = {"textacy": "textacy 0.13 baseline", "full": "onrecord (full)",
          "fast": "onrecord `fast=True`", "cli": "onrecord CLI"}


def table(results: list[dict[str, Any]]) -> list[str]:
    ok = [r for r in results if r.get("status") in ("ok", "failed") and "figures" in r]
    labels = [r.get("label", LABELS[r["system"]]) + (" (FAILED)" if r["status"] == "failed" else "")
              for r in ok]
    lines = ["| | " + " | ".join(labels) + " |",
             "|---|" + "---|" * len(ok)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r["figures"]) for r in ok) + " |")
    e2e, thr = zip(*(_ratio_cells(r) for r in ok)) if ok else ((), ())
    lines.append("| **e2e F1 ratio vs textacy** | " + " | ".join(e2e) + " |")
    lines.append("| **throughput ratio vs textacy** | " + " | ".join(thr) + " |")
    return lines


def reading(record: dict[str, Any]) -> list[str]:
    """Plain statements of what the figures say (no judgement beyond the goals)."""
    by = {r["system"]: r for r in record["systems"]}
    out: list[str] = []
    t = by.get("textacy") or record.get("textacy_reference")
    if t and t.get("status") == "ok":
        ve = t.get("value_errors", {})
        out.append(
            f"- textacy raised `ValueError` on {ve.get('articles', '?')} of "
            f"{t['figures']['articles']} articles ({ve.get('unclosed_quotation', '?')} of them "
            "\"unclosed quotation\"); the scorer counts those as no output. It finds direct "
            "quotes only, so its indirect F1 is near zero.")
    for name in ("full", "fast", "cli"):
        r = by.get(name)
        if r is None:
            continue
        if r.get("status") == "skipped":
            out.append(f"- {LABELS[name]}: skipped ({r['reason']}).")
            continue
        if r.get("status") == "failed":
            first = (r.get("crashes") or r.get("errors") or ["?"])[0]
            out.append(f"- {LABELS[name]}: FAILED, every article raised (first: {first}).")
            continue
        f, ra = r["figures"], r.get("ratios") or {}
        bits = [f"e2e F1 {f['e2e_f1']:.3f}"]
        if ra.get("e2e_f1") is not None:
            bits.append(f"{ra['e2e_f1']:.2f}× textacy's")
        bits.append(f"direct/mixed e2e {f['direct_e2e_f1']:.3f}, indirect e2e "
                    f"{f['indirect_e2e_f1']:.3f}")
        if ra.get("throughput") is not None:
            goal = ra.get("goal_throughput")
            g = (f" (goal ≥ {goal:g}×: {'met' if ra['throughput'] >= goal else 'not met'})"
                 if goal else "")
            bits.append(f"{ra['throughput']:.1f}× textacy's articles/s{g}")
        issues = {k: v for k, v in (r.get("output_checks") or {}).items()
                  if v and k != "statements"}
        if f["articles_failed"]:
            bits.append(f"{f['articles_failed']} articles raised")
        if issues:
            bits.append("output issues: " + ", ".join(f"{k} {v}" for k, v in issues.items()))
        out.append(f"- {LABELS[name]}: " + "; ".join(bits) + ".")
    return out


def markdown(record: dict[str, Any]) -> str:
    lines = [SECTION, "",
             f"Run {record['date']} on {record['machine']}; {record['articles']} dev articles of "
             f"`shared/bench/polnear`, scored by the reference `shared/tools/quote_score.py` "
             "(headline: content overlap ≥ 0.5; e2e = content and speaker right). All systems "
             "ran one after another in one process (the CLI as a subprocess per batch of 50 "
             "files); throughput is wall time inside the calls, model load apart; load average "
             f"{record['load_before']} before the run, {record['load_after']} after. Ratios are "
             "against textacy "
             + ("in the same run." if record["textacy_same_run"] else
                "from an EARLIER run (not same-run)."),
             "", "```", record["command"], "```", ""]
    columns = record["systems"]
    ref = record.get("textacy_reference")
    if ref and not record["textacy_same_run"]:
        columns = [{**ref, "system": "textacy", "label": f"textacy (earlier run, {ref['date'][:10]})"}]
        columns += record["systems"]
    lines += table(columns)
    lines += ["", "Reading:", "", *reading(record)]
    seed = record.get("seed")
    if seed:
        lines += ["", f"Seed page (`shared/tools/seed_score.py`): `{seed['summary']}`"]
        lines += [f"  - `{f}`" for f in seed.get("fails", [])]
    return "\n".join(lines) + "\n"


def update_benchmarks(section: str) -> Path:
    """Replace (or append) only our section of BENCHMARKS.md; the other sections stay as they are."""
    path = REPO / "BENCHMARKS.md"
    if not path.exists():
        path.write_text(section, encoding="utf-8")
        return path
    old = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}[ \t]*\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", old, count=1)
        new = new.rstrip("\n") + "\n"
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")
    return path


def print_console(record: dict[str, Any]) -> None:
    print(f"PolNeAR dev, {record['articles']} articles, {record['date']}")
    for r in record["systems"]:
        if r.get("status") == "skipped":
            print(f"{r['system']}: skipped ({r['reason']})")
            continue
        ra = r.get("ratios") or {}
        extra = "  | FAILED: every article raised" if r.get("status") == "failed" else ""
        if ra:
            extra += f"  | vs textacy: e2e F1 {ra['e2e_f1']}×, speed {ra['throughput']}× ({ra['basis']})"
        print(r["summary_line"] + extra)
        if r.get("value_errors"):
            print(f"  textacy ValueError on {r['value_errors']['articles']} articles")
        if r.get("crashes"):
            print(f"  crashes: {len(r['crashes'])}, first: {r['crashes'][0]}")
        checks = {k: v for k, v in (r.get("output_checks") or {}).items() if v}
        if checks:
            print(f"  output checks: {checks}")
        if r.get("slowest"):
            print("  slowest: " + ", ".join(f"{s['doc_id']} {s['seconds']}s ({s['words']} w)"
                                            for s in r["slowest"][:3]))
    seed = record.get("seed")
    if seed:
        print(seed["summary"])
        for line in seed.get("fails", []):
            print("  " + line)


# ----------------------------------------------------------------------------- main


def _load() -> str:
    """The 1-minute load average: how busy the shared machine was."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default all 510)")
    ap.add_argument("--systems", default="textacy,full,fast",
                    help="comma list of textacy, full, fast, cli (default textacy,full,fast)")
    ap.add_argument("--cli", action="store_true", help="add the CLI form (start-up per batch)")
    ap.add_argument("--skip-textacy", action="store_true",
                    help="don't run textacy; ratios use its last saved figures (labelled)")
    ap.add_argument("--no-seed", action="store_true", help="skip the seed page")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "quotes.json")
    ap.add_argument("--markdown", action="store_true", help="print the BENCHMARKS.md section")
    ap.add_argument("--update-benchmarks", action="store_true",
                    help="write the section into BENCHMARKS.md (ours only)")
    args = ap.parse_args(argv)

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if args.cli and "cli" not in systems:
        systems.append("cli")
    if args.skip_textacy:
        systems = [s for s in systems if s != "textacy"]
    unknown = set(systems) - set(ALL_SYSTEMS)
    if unknown:
        ap.error(f"unknown systems: {', '.join(sorted(unknown))}")
    systems.sort(key=ALL_SYSTEMS.index)  # textacy first, the CLI last

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    qs = load_scorer()
    split = shared_dir() / "bench" / "polnear"
    arts = qs.load_split(str(split), args.limit)
    date = dt.datetime.now().astimezone().isoformat(timespec="seconds")

    load_before = _load()
    results = []
    for name in systems:
        results.append(run_system(name, qs, split, args.limit, arts))
        gc.collect()
    base = next((r for r in results if r["system"] == "textacy"), None)
    same_run = base is not None
    if base is not None and base.get("status") == "ok":
        save_textacy(base, date)
    elif base is None:
        base = load_saved_textacy(len(arts))
    add_ratios(results, base, same_run)

    command = "python bench/quotes.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    record: dict[str, Any] = {
        "date": date, "command": command.strip(), "articles": len(arts),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
        "load_before": load_before, "load_after": _load(),
        "split": str(split), "textacy_same_run": same_run, "systems": results,
    }
    if not same_run and base is not None:
        record["textacy_reference"] = {k: base[k] for k in ("date", "figures", "value_errors",
                                                            "status") if k in base}
    if not args.no_seed:
        print("reading the seed page ...", file=sys.stderr, flush=True)
        record["seed"] = run_seed()
    args.out.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")

    print_console(record)
    section = markdown(record)
    if args.markdown:
        print()
        print(section)
    if args.update_benchmarks:
        print(f"updated {update_benchmarks(section)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
