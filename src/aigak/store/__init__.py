"""The database: SQLite by default, PostgreSQL by URL, one code path, Alembic migrations."""
