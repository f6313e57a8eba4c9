"""A class report over the progress files students hand in (``quiz progress export``).

Each file is one student's export: ``{"format": "quiz-progress", "version": 1,
"profile": ..., "exported_at": ..., "reviews": [...], "cards": [...]}``. Files of
the same student (several days' exports) merge: a review found in two files
counts once, and a card's state comes from the newest export. A file that is not
such an export is reported by name and left out.

The work is in three modules: ``exports`` (reading and checking files),
``compute`` (the report's numbers) and ``render`` (text and CSV).
"""
