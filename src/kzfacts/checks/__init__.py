"""Pure checks that turn anchorings, values and facts into findings."""
