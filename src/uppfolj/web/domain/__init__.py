"""Database-aware services: imports, queries, state changes. Each documents its side effects."""
