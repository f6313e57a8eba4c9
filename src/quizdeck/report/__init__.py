"""A class report over the progress files students hand in (``quiz progress export``).

Each file is one student's export: ``{"format": "quiz-progress", "version": 1,
"profile": ..., "exported_at": ..., "reviews": [...], "cards": [...]}``. Files of
the same student (several days' exports) merge: a review found in two files
counts once, and a card's state comes from the newest export. A file that is not
such an export is reported by name and left out.

The modules: ``exports`` (reading and checking files), ``roster`` (the class list),
``known`` (what the decks tell: titles, questions, options), ``students`` (who is behind:
first tries, mastered, overdue, flags), ``cards`` (how the class does on each card),
``compute`` (the whole report), ``data`` (as JSON), ``render`` (text and CSV), and
``html`` with ``markup`` and ``sections`` (the HTML page).
"""
