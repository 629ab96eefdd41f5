"""Commands: filled in by the export work."""
