"""Near-duplicate clustering quality of a built warehouse against the corpus manifest.

The generator knows which file copies which original (manifest.csv); the
warehouse says which document each document duplicates
(`marts.documents.duplicate_of`, NULL for the canonical copy). Both are
clusterings of the landing files, compared pairwise: a pair of files is a
true positive when it is in one predicted cluster and copies one original.
Pairwise (not per-file) scores, because a wrong merge of two big clusters
should cost more than one stray file.

    python bench/dedup_quality.py --warehouse W.duckdb --manifest manifest.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DedupScores:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    files: int
    files_missing: int  # in the manifest, not in marts.documents (rejected or unreadable)
    copy_recall_by_kind: dict[str, float] = field(default_factory=dict)  # copy in its original's cluster
    copies_by_kind: dict[str, int] = field(default_factory=dict)
    false_merges: list[tuple[str, str]] = field(default_factory=list)  # examples
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (copy, original file, kind)

    def line(self) -> str:
        return (f"dedup: precision {self.precision:.4f}, recall {self.recall:.4f} "
                f"({self.correct_pairs} of {self.predicted_pairs} predicted pairs right, "
                f"{self.correct_pairs} of {self.true_pairs} true pairs found; "
                f"{self.files_missing} manifest files not in documents)")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def load_manifest(path: Path) -> dict[str, tuple[str, str]]:
    """file_name -> (original_id, copy_kind)."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {r["file_name"]: (r["original_id"], r["copy_kind"]) for r in csv.DictReader(fh)}


def load_predicted(db_path: Path) -> dict[str, str]:
    """file_name -> predicted cluster (the canonical document's id)."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "select file_name, coalesce(duplicate_of, document_id) from marts.documents"
        ).fetchall()
    finally:
        con.close()
    return {name: cluster for name, cluster in rows}


def score(predicted: dict[str, str], truth: dict[str, tuple[str, str]], examples: int = 10) -> DedupScores:
    """Pairwise precision and recall over the files of the manifest.

    A manifest file missing from the warehouse counts as a singleton
    predicted cluster (its true pairs are missed). Warehouse files not in
    the manifest are ignored.
    """
    files = list(truth)
    missing = [f for f in files if f not in predicted]
    pred = {f: predicted.get(f, f"missing:{f}") for f in files}
    true = {f: truth[f][0] for f in files}
    true_sizes = Counter(true.values())
    pred_sizes = Counter(pred.values())
    both = Counter((pred[f], true[f]) for f in files)
    correct = sum(_pairs(n) for n in both.values())
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    pred_pairs = sum(_pairs(n) for n in pred_sizes.values())

    # per copy kind: is the copy in the same predicted cluster as its original file?
    original_file = {truth[f][0]: f for f in files if truth[f][1] == "original"}
    hit: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    missed = []
    for f in files:
        orig_id, kind = truth[f]
        if kind == "original" or orig_id not in original_file:
            continue
        seen[kind] += 1
        of = original_file[orig_id]
        if pred[f] == pred[of]:
            hit[kind] += 1
        elif len(missed) < examples:
            missed.append((f, of, kind))
    # false merges: predicted clusters holding more than one original
    members: dict[str, set[str]] = defaultdict(set)
    for f in files:
        members[pred[f]].add(true[f])
    false_merges = []
    for cluster, originals in members.items():
        if len(originals) > 1 and len(false_merges) < examples:
            false_merges.append((cluster, ", ".join(sorted(originals)[:4])))
    return DedupScores(
        precision=correct / pred_pairs if pred_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs, predicted_pairs=pred_pairs, correct_pairs=correct,
        files=len(files), files_missing=len(missing),
        copy_recall_by_kind={k: hit[k] / seen[k] for k in sorted(seen)},
        copies_by_kind=dict(sorted(seen.items())),
        false_merges=false_merges, missed=missed,
    )


def evaluate(db_path: Path, manifest: Path) -> DedupScores:
    return score(load_predicted(db_path), load_manifest(manifest))


def format_scores(s: DedupScores) -> str:
    lines = [s.line(), "copy in its original's cluster, by kind: " + ", ".join(
        f"{k} {v:.3f} ({s.copies_by_kind[k]})" for k, v in s.copy_recall_by_kind.items())]
    for f, of, kind in s.missed:
        lines.append(f"  missed {kind}: {f} (original {of})")
    for cluster, originals in s.false_merges:
        lines.append(f"  false merge in cluster {cluster}: {originals}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    args = parser.parse_args(argv)
    print(format_scores(evaluate(args.warehouse, args.manifest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
