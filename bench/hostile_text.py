"""How cleaning and extraction time grows with hostile input: 1x, 10x, 100x.

    .venv/bin/python bench/hostile_text.py            # sizes 10k, 100k, 1M characters
    .venv/bin/python bench/hostile_text.py 5000 50000  # other sizes

For each input shape it prints the seconds of `clean_article` and of
`extract_document` (which cleans again, then finds statements and events)
and the growth factor between consecutive sizes: about 10 per 10x is
linear, about 100 is quadratic. A shape that took more than 1 s at one size
is skipped at the larger ones. No assertion: tests/test_hostile_text.py
proves that the hostile inputs of the issue finish; this shows how fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quote_warehouse.text.clean import clean_article  # noqa: E402
from quote_warehouse.extract.document import extract_document  # noqa: E402

SENTENCE = "Zakharova said the expansion of NATO is a red line for Moscow, and the ministry agreed. "
WRAPPED = "the minister said that the talks would go on, and Lavrov told reporters"
QUOTE = "\u201cNothing will change,\u201d Peskov said. "


def _fill(unit: str, n: int, sep: str = "") -> str:
    return sep.join([unit] * max(1, n // (len(unit) + len(sep))))


SHAPES = {
    # one line, no newline at all
    "one line of words": lambda n: _fill("word ", n),
    "one line of sentences": lambda n: _fill(SENTENCE, n),
    # 10,000-line paragraphs: hard-wrapped lines, sentences ending now and then
    "wrapped paragraph, sentences": lambda n: _fill(WRAPPED + ". He added", n, "\n"),
    "wrapped paragraph, quotes each line": lambda n: _fill("He said: " + QUOTE, n, "\n"),
    "PDF blocks (blank line per line)": lambda n: _fill(WRAPPED + ".", n, "\n\n"),
    # pathological: one sentence that never ends, a speech cue + "that" per line
    "one endless sentence, cue+that per line": lambda n: _fill(WRAPPED + " that", n, "\n"),
    # quotes
    "unbalanced opening quote": lambda n: "\u201c" + _fill("he said it would go on ", n),
    "only quote marks": lambda n: _fill("\u201c \" \u00ab ", n),
    "many quotes in one paragraph": lambda n: _fill(QUOTE, n),
    "lost quotes as question marks": lambda n: _fill(" ?word and more? ", n),
    # SQL fragments, in sentences; and with no sentence boundary the splitter
    # sees ("said. '); DROP": the next sentence does not start like one)
    "SQL fragments in sentences": lambda n: _fill("Lavrov said the string '); DROP TABLE x; -- came in. ", n),
    "SQL fragments, no sentence boundary": lambda n: _fill("'); DROP TABLE marts.documents; -- Lavrov said. ", n),
}


BUDGET_S = 1.0  # a shape slower than this at one size is not run at the next (x100 would be too long)


def timed(fn, *args):
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main(sizes: list[int]) -> None:
    print(f"{'input shape':42} " + " ".join(f"{n:>22,}" for n in sizes) + "   growth per step")
    for name, make in SHAPES.items():
        cells, totals = [], []
        for n in sizes:
            if totals and totals[-1] > BUDGET_S:
                cells.append("skipped (too slow)")
                continue
            text = make(n)
            c = timed(clean_article, text)
            e = timed(extract_document, "0" * 64, "bench.txt", text)
            totals.append(e)
            cells.append(f"clean {c:6.2f} extr {e:6.2f}")
            print(f"\r{name:42} " + " ".join(f"{x:>22}" for x in cells), end="", flush=True)
        growth = [f"x{b / a:.0f}" if a > 0.001 else "-" for a, b in zip(totals, totals[1:])]
        print("   " + " ".join(growth), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
