"""Facts: writing checked facts, reading them back, editing them and their version history."""
