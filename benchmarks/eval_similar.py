"""Precision@5 of ``commsgen similar`` on labelled corpora, against a random ranking and against
text alone (BM25 on the distinctive terms, no structured signals):

    python benchmarks/eval_similar.py [--files 1000] [--queries 300]

Two labelled sets:
- generated: benchmarks/kb_corpus.py postmortems, each labelled with its cause family (10 families;
  the generator shares vocabulary between families, and a fifth of them lack a trigger_kind);
- samples/history + samples: the recurring pairs written by hand (``HAND`` below).
precision@5 = share of the 5 results (every incident, earlier or later) that carry the query's label;
hit@1 = share of queries whose first result carries it.
Random baseline = (incidents with the query's label - 1) / (incidents - 1), averaged over queries.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from kb_corpus import generate  # noqa: E402

# samples/history: incidents of one recurring cause share a label; the rest are singletons
HAND = {
    "pool": ["INC-2025-0388", "INC-2026-0098", "INC-2026-0142", "INC-2026-0120"],
    "cert": ["INC-2025-0412", "INC-2026-0155", "INC-2026-0139"],
    "identity-release": ["INC-2026-0072", "INC-2026-0133"],
    "sms": ["INC-2026-0104", "INC-2026-0160"],
    "capacity": ["INC-2025-0421", "INC-2026-0163"],
    "search-index": ["INC-2026-0061", "INC-2026-0117", "INC-2026-0137"],
    "credentials": ["INC-2026-0047", "INC-2026-0151"],
}


def evaluate(folder: Path, labels: dict[str, str], queries: list[str], k: int = 5) -> dict[str, float]:
    from commsgen.kb import index, store
    from commsgen.kb.similar import _query, rank_similar

    index.run([str(folder)], folder / ".commsgen" / "index.sqlite")
    con = store.connect(folder / ".commsgen" / "index.sqlite")
    sizes: dict[str, int] = {}
    for lab in labels.values():
        sizes[lab] = sizes.get(lab, 0) + 1
    n = len(labels)
    out = {"random": 0.0, "text": 0.0, "text+structured": 0.0, "text hit@1": 0.0, "text+structured hit@1": 0.0}
    for qid in queries:
        q, texts = _query(con, qid)
        out["random"] += (sizes[labels[qid]] - 1) / (n - 1)
        for name, structured in (("text", False), ("text+structured", True)):
            got = rank_similar(con, q, texts, k, every=True, structured=structured)
            out[name] += sum(labels.get(r["id"]) == labels[qid] for r in got) / k
            out[f"{name} hit@1"] += bool(got) and labels.get(got[0]["id"]) == labels[qid]
    return {name: v / len(queries) for name, v in out.items()}


def tune(folder: Path, labels: dict[str, str], queries: list[str]) -> list[tuple[float, dict[str, float]]]:
    """precision@5 of every weight combination of a small grid (structured signals only vary)."""
    import itertools

    from commsgen.kb import store
    from commsgen.kb.similar import _query, rank_similar

    con = store.connect(folder / ".commsgen" / "index.sqlite")
    prepared = [(qid, *_query(con, qid)) for qid in queries]
    out = []
    for sv, tg, tr in itertools.product((0.0, 0.15, 0.3, 0.5), (0.0, 0.15, 0.3), (0.0, 0.2, 0.35, 0.6)):
        w = {"service": sv, "tag": tg, "trigger": tr, "related": 0.5}
        p = sum(
            sum(labels.get(r["id"]) == labels[qid] for r in rank_similar(con, q, t, 5, every=True, signals=w)) / 5
            for qid, q, t in prepared
        ) / len(prepared)
        out.append((p, w))
    out.sort(key=lambda x: -x[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument(
        "--tune",
        action="store_true",
        help="Grid of structured weights on a tuning corpus (seed 3), "
        "then the chosen weights on the evaluation corpus (seed 11).",
    )
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kb-eval-"))
    try:
        if a.tune:
            tl = generate(tmp / "tune", a.files, seed=3)
            from commsgen.kb import index

            index.run([str(tmp / "tune")], tmp / "tune" / ".commsgen" / "index.sqlite")
            grid = tune(tmp / "tune", tl, random.Random(9).sample(sorted(tl), k=min(100, len(tl))))
            for p, w in grid[:5] + grid[-2:]:
                print(f"tuning corpus: precision@5 {p:.3f} with {w}")
        labels = generate(tmp / "gen", a.files, seed=11)
        rnd = random.Random(5)
        qs = rnd.sample(sorted(labels), k=min(a.queries, len(labels)))
        res = evaluate(tmp / "gen", labels, qs)
        print(
            f"generated ({a.files} postmortems, {len(qs)} queries): "
            + ", ".join(f"{k} {v:.3f}" for k, v in res.items())
        )
        shutil.copytree(HERE.parent / "samples", tmp / "samples", ignore=shutil.ignore_patterns(".commsgen"))
        from commsgen.kb.records import from_paths

        recs, _ = from_paths([str(tmp / "samples")])
        hand = {r["id"]: r["id"] for r in recs}
        for lab, ids in HAND.items():
            hand.update({i: lab for i in ids})
        qs = [i for ids in HAND.values() for i in ids]
        res = evaluate(tmp / "samples", hand, qs)
        # with at most 3 true matches, precision@5 cannot exceed (size - 1) / 5: report that ceiling too
        ceiling = sum(min(len(HAND[hand[q]]) - 1, 5) / 5 for q in qs) / len(qs)
        print(
            f"samples ({len(hand)} postmortems, {len(qs)} queries with a true match; best possible {ceiling:.3f}): "
            + ", ".join(f"{k} {v:.3f}" for k, v in res.items())
        )
        print(json.dumps({"weights": "see commsgen/kb/similar.py"}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
