"""Finnish-aware search shared by the catalogues: `analyser` (words → terms) and `index`
(terms stored and matched by SQLite FTS5 or PostgreSQL full text search)."""
