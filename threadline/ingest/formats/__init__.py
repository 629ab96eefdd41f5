"""One module per input format; each exposes ``read(source, ctx)`` yielding ``(location, Document | InputError)``.

The registry (:mod:`threadline.ingest.registry`) imports them lazily, so
``import threadline`` does not load pypdf, trafilatura or feedparser.
"""
