"""The thin storage layer: SQLModel tables, the engine, the migration runner, queries."""
