"""A class report over the progress files students hand in (``quiz progress export``).

Each file is one student's export: ``{"format": "quiz-progress", "version": 1,
"profile": ..., "exported_at": ..., "reviews": [...], "cards": [...]}``. Files of
the same student (several days' exports) merge: a review found in two files
counts once, and a card's state comes from the newest export. A file that is not
such an export is reported by name and left out.

The work is in three modules: ``exports`` (reading and checking files),
``compute`` (the report's numbers) and ``render`` (text and CSV).
"""

from __future__ import annotations

from quizdeck.report.compute import CardResult as CardResult
from quizdeck.report.compute import ClassReport as ClassReport
from quizdeck.report.compute import Key as Key
from quizdeck.report.compute import StudentDeck as StudentDeck
from quizdeck.report.compute import card_results as card_results
from quizdeck.report.compute import class_report as class_report
from quizdeck.report.compute import latest_states as latest_states
from quizdeck.report.compute import merged_reviews as merged_reviews
from quizdeck.report.compute import student_rows as student_rows
from quizdeck.report.exports import CardState as CardState
from quizdeck.report.exports import Export as Export
from quizdeck.report.exports import ReportError as ReportError
from quizdeck.report.exports import Review as Review
from quizdeck.report.exports import read_export as read_export
from quizdeck.report.exports import read_exports as read_exports
from quizdeck.report.exports import student_name as student_name
from quizdeck.report.render import percent as percent
from quizdeck.report.render import report_csv as report_csv
from quizdeck.report.render import table_lines as table_lines
