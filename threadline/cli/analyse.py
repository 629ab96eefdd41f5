"""Commands: filled in by the analyse work."""
