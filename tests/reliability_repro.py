"""Reproducers for the pathological inputs the reliability tests found outside the ingest
pipeline (the pipeline's per-file time limit contained them). All three are fixed; this script
still times them (tests/test_reliability_malformed.py::test_known_slow_inputs_are_fast checks them).

    .venv/bin/python tests/reliability_repro.py

1. clean.IMAGE_MARKUP was `^\\s*(!\\[[^\\]]*\\]\\([^)]*\\)\\s*\\|?\\s*|\\|\\s*)+$`: the two `\\s*` around the
   optional `\\|` split a run of spaces in every way, inside a repeated group: exponential in the
   number of image links on one line when the line does not match (×~11 per link with 10 spaces;
   k=6: 0.7 s, k=7: 8.2 s). Now each item (an image or a "|") takes the spaces after it: 5,000
   links in 5 ms.
2. clean.COUNT was `^\\s*([\\d.,]+\\s*[kKmM]?\\s*(…)?|…)\\s*$`: three `\\s*` separated by optional
   parts: cubic in the length of a run of spaces after a number (1,600 spaces: 6.8 s), and
   `\\W*\\(?[\\d.,]+` in the other branch quadratic in dots after "comments" (4,000: 0.6 s). Now
   each optional part carries its own spaces: 100,000 spaces in 12 ms.
3. dates.resolve_times: `_sentence_at` scanned the text from 0 up to each time expression (and
   `rfind`/`find` of line breaks ran over the whole line), and each expression was checked against
   every earlier one (`taken`): quadratic in the number of time expressions (4,000 sentences with
   a weekday: 11 s; "on Tuesday and " × 4,000 on one line: 35 s). Now sentence boundaries and line
   breaks are found once and looked up by bisection, and `taken` is a sorted list: 16,000
   sentences in 0.7 s.
"""
from __future__ import annotations

import datetime as dt
import time

LEAD = "Real news paragraph about the council meeting on Tuesday evening in town.\n"
CASES = {
    "clean: image links on one line (k=6, 7)": [LEAD + ("![a](b)" + " " * 10) * k + "x\n" for k in (6, 7)],
    "clean: spaces after a number (400, 800, 1600)": [LEAD + "1" + " " * n + "x\n" for n in (400, 800, 1600)],
    "dates.resolve_times: sentences with a weekday (1000, 2000, 4000)":
        ["The mayor said on Tuesday that the bridge would close. " * n for n in (1000, 2000, 4000)],
}


def main() -> None:
    from assistant.ingest.clean import clean
    from assistant.ingest.dates import resolve_times

    for name, texts in CASES.items():
        times = []
        for text in texts:
            t0 = time.perf_counter()
            if name.startswith("dates"):
                resolve_times(text, dt.date(2024, 1, 1))
            else:
                clean(text, "text")
            times.append(f"{time.perf_counter() - t0:.2f}s")
        print(f"{name}: {', '.join(times)}")


if __name__ == "__main__":
    main()
