"""quiz: a terminal quiz and flashcard tool with fair grading and spaced repetition."""

__version__ = "0.1.0"
