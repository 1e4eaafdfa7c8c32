"""Services by capability over `store/`: they read files, open sessions and call the pure checks.

- `facts/`: writing a fact after its checks, editing it, its version history, an entity's timeline.
- `sources/`: the source registry, text extraction, snapshots, citation coverage, suggested quotes.
- `entities`: the entity catalogue, resolving names to entities, merging entities.
- `audit/`: re-verifying the fact base, its verdicts and where each finding's input is defined.
- `drafts`: checking draft facts against the stored base without writing them.
- `records/`: reading fact records from files and loading them in one transaction.
- `maintenance/`: the database's health check, dumping it to a file and restoring it.
- `report`: the summary of a fact base and its latest audit.
- `errors`: the refusal every service raises for bad input.
"""
