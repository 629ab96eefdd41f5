"""Analysis over a redacted snapshot of the store: evidence graph, paths, neighbourhoods,
centrality, communities, timelines. Nothing here reads the store directly: everything starts
from :func:`~threadline.analyse.snapshot.load_snapshot`, where protected persons are redacted."""
