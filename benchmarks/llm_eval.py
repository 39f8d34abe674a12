"""Score a language model through the `llm` backend on the evaluation set, beside the rules backend.

    python benchmarks/llm_eval.py --url http://127.0.0.1:11434/v1 --model qwen2.5:7b-instruct
    python benchmarks/llm_eval.py --url ... --model ... --backends llm,ensemble --keep results/

For every gold file of the evaluation folder (default `../shared/eval` beside the repository), the
document is extracted by `rules.v1` and by each backend asked for; the FORMAT.md JSON files go to a
temporary folder (or `--keep DIR`), and the folder's `score.py` scores each set in folder mode. The
table gives F1 (and precision/recall) per family side by side. `llm (aligned)` is the model's
output without its unaligned records: what a reviewer would start from. A document on which a
backend fails (server down, bad answers) is scored as empty and counted under `failed`.

The documents are sent to the server at --url: run it on a machine you trust with them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
FAMILIES = ("persons", "attributes", "organizations", "places", "relations", "amounts", "events")


def _aligned_only(result: dict[str, Any]) -> dict[str, Any]:
    """The extraction without records the model quoted but aigak could not find in the text."""
    out = dict(result)
    for section in ("entities", "relations", "events", "amounts"):
        out[section] = [r for r in result.get(section) or [] if r.get("alignment") != "unaligned"]
    kept = {e.get("id") for e in out["entities"]}
    out["relations"] = [r for r in out["relations"] if r.get("from") in kept and r.get("to") in kept]
    return out


def _score(scorer: Path, gold: Path, system: Path, docs: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(scorer), str(gold), str(system), "--texts", str(docs), "--json"],
                          capture_output=True, text=True, timeout=600, check=False)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("SCORE ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"score.py failed on {system}: {proc.stderr.strip() or proc.stdout.strip()}")
    result: dict[str, Any] = json.loads(line[len("SCORE "):])
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Extract every evaluation document with each backend, score each set, and return the figures."""
    sys.path.insert(0, str(REPO / "src"))
    from aigak.core.errors import AigakError
    from aigak.extract.backend import get_backend

    eval_dir = Path(args.eval_dir).resolve()
    gold_dir, docs_dir = eval_dir / "gold", eval_dir / "docs"
    scorer = Path(args.scorer).resolve() if args.scorer else eval_dir / "score.py"
    if not scorer.is_file():
        raise SystemExit(f"No scorer at {scorer}; pass --eval-dir (the folder holding gold/, docs/, score.py) "
                         "or --scorer.")
    options = {"url": args.url, "model": args.model, "key": args.key, "timeout_s": args.timeout_s,
               "chunk_chars": args.chunk_chars, "max_tokens": args.max_tokens}
    names = ["rules", *[n.strip() for n in args.backends.split(",") if n.strip() and n.strip() != "rules"]]
    backends = {name: get_backend(name) if name == "rules" else get_backend(name, **options) for name in names}
    out_root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="aigak-llm-eval-"))
    folders = {name: out_root / name for name in names}
    if "llm" in names:
        folders["llm (aligned)"] = out_root / "llm-aligned"
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    stats: dict[str, dict[str, Any]] = {name: {"seconds": 0.0, "failed": [], "alignment": {}} for name in names}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (docs_dir / gold["document"]).read_text(encoding="utf-8")
        for name, backend in backends.items():
            started = time.perf_counter()
            try:
                result = backend.extract(text)
            except AigakError as exc:
                stats[name]["failed"].append(f"{gold_path.stem}: {exc}")
                print(f"  {name} failed on {gold_path.stem}: {exc}", file=sys.stderr)
                continue
            finally:
                stats[name]["seconds"] += time.perf_counter() - started
            for status, n in (result.get("backend") or {}).get("alignment", {}).items():
                stats[name]["alignment"][status] = stats[name]["alignment"].get(status, 0) + n
            (folders[name] / gold_path.name).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            if name == "llm":
                (folders["llm (aligned)"] / gold_path.name).write_text(
                    json.dumps(_aligned_only(result), ensure_ascii=False), encoding="utf-8")
        print(f"  {gold_path.stem}: done", file=sys.stderr)
    scores = {name: _score(scorer, gold_dir, folder, docs_dir) for name, folder in folders.items()}
    return {"model": args.model, "documents": len(list(gold_dir.glob("*.json"))),
            "scores": scores, "stats": stats, "output": str(out_root)}


def _table(report: dict[str, Any]) -> str:
    columns = list(report["scores"])
    width = max(19, *(len(c) + 2 for c in columns))
    lines = [f"{'F1 (P/R)':<15}" + "".join(f"{c:>{width}}" for c in columns)]
    for family in FAMILIES:
        cells = []
        for column in columns:
            s = report["scores"][column].get(family, {})
            cells.append(f"{s.get('f1', 0):.2f} ({s.get('p', 0):.2f}/{s.get('r', 0):.2f})")
        lines.append(f"{family:<15}" + "".join(f"{c:>{width}}" for c in cells))
    for key in ("event_dates", "event_places"):
        shares = [report["scores"][c].get(key, {}).get("share") for c in columns]
        cells = ["-" if share is None else f"{share:.2f}" for share in shares]
        lines.append(f"{key.replace('_', ' '):<15}" + "".join(f"{c:>{width}}" for c in cells))
    lines.append("")
    for name, s in report["stats"].items():
        per_doc = s["seconds"] / max(1, report["documents"])
        align = ", ".join(f"{k} {v}" for k, v in sorted(s["alignment"].items())) or "-"
        lines.append(f"{name}: {per_doc:.1f} s per document, {len(s['failed'])} failed, alignment: {align}")
    lines.append(f"files: {report['output']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1")
    parser.add_argument("--model", required=True, help="model name the server knows")
    parser.add_argument("--key", default=None, help="API key, if the server needs one")
    parser.add_argument("--backends", default="llm", help="comma-separated: llm, ensemble (rules always runs)")
    parser.add_argument("--eval-dir", default=str(DEFAULT_EVAL), help="folder with gold/, docs/ and score.py")
    parser.add_argument("--scorer", default=None, help="score.py to use (default: the one in --eval-dir)")
    parser.add_argument("--timeout-s", type=float, default=300.0, help="seconds to wait for one answer")
    parser.add_argument("--chunk-chars", type=int, default=6000, help="longest chunk of text sent at once")
    parser.add_argument("--max-tokens", type=int, default=4096, help="longest answer asked for")
    parser.add_argument("--keep", default=None, help="write the JSON files here instead of a temporary folder")
    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    args = parser.parse_args(argv)
    report = run(args)
    print(json.dumps(report, indent=1) if args.json else _table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
