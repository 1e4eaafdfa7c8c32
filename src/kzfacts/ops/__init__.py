"""Operations: the shell between the CLI and the store. Reads files, opens sessions, calls the pure checks."""
