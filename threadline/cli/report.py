"""Commands: filled in by the report work."""
