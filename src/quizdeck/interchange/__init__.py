"""Reading and writing cards and progress in other formats (JSON, CSV, Anki)."""
