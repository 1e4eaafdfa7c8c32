"""Pure text handling: normalisation with an offset map, quote anchoring, the token guard, names."""
