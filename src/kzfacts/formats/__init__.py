"""Pure rendering of findings and facts: text, JSON."""
