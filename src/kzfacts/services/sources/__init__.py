"""Sources: registering documents, reading their text, snapshots and how much of them facts cite."""
