"""The class report at school scale: 300 students' progress exports of 2,000 answers each.

Run:  python bench/report.py [--students N] [--answers N] [--runs N]

Writes the exports (seeded), then measures, alternating, the baseline — ``json.load`` of
every file, the least any report must do — and the whole report: reading and checking the
files, computing, and rendering the terminal table and the HTML page. Medians of the runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

START = datetime(2026, 1, 5, 8, tzinfo=timezone.utc)


def write_exports(folder: Path, students: int, answers: int, rng: random.Random) -> list[Path]:
    paths = []
    for number in range(students):
        reviews = []
        for index in range(answers):
            card = rng.randrange(200)
            correct = rng.random() < 0.8
            reviews.append({
                "id": index + 1, "time": (START + timedelta(minutes=index * 7)).isoformat(),
                "deck": f"deck-{card % 5}", "card": f"card-{card}", "mode": "start",
                "given": "" if correct else rng.choice(["Basra", "Mosul", "Erbil", "1990"]),
                "correct": correct, "score": float(correct), "rating": "good",
                "duration_ms": rng.randint(2000, 20000), "state_before": "review",
                "amended_at": None,
            })  # fmt: skip
        data = {"format": "quiz-progress", "version": 1, "profile": f"student-{number}",
                "student_id": f"{number:08x}-0000-4000-8000-000000000000",
                "exported_at": (START + timedelta(days=60)).isoformat(),
                "reviews": reviews, "cards": []}  # fmt: skip
        path = folder / f"student-{number}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from quizdeck.report.compute import class_report
    from quizdeck.report.exports import read_exports
    from quizdeck.report.html import report_html
    from quizdeck.report.render import table_lines

    with tempfile.TemporaryDirectory() as folder:
        paths = write_exports(Path(folder), args.students, args.answers, random.Random(1))

        def parse() -> None:
            for path in paths:
                json.loads(path.read_text(encoding="utf-8"))

        def report() -> None:
            exports, _ = read_exports(paths)
            result = class_report(exports)
            table_lines(result)
            report_html(result)

        parses: list[float] = []
        reports: list[float] = []
        for _ in range(args.runs):
            for action, times in ((parse, parses), (report, reports)):
                started = time.perf_counter()
                action()
                times.append(time.perf_counter() - started)
        base, full = statistics.median(parses), statistics.median(reports)
        total = args.students * args.answers
        print(f"{args.students} exports of {args.answers:,} answers ({total:,} in all)")
        print(f"json.load of every file (baseline): {base:.2f} s")
        print(
            f"the report (read, check, compute, table and HTML): {full:.2f} s; {full / base:.1f}×"
        )


if __name__ == "__main__":
    main()
