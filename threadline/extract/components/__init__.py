"""spaCy pipeline components that turn a parsed Doc into Threadline facts.

Each component is registered with ``Language.factory`` under a versioned
name (``threadline_mentions_v1`` ...) and writes its output to a Doc
extension attribute, so a saved config never silently changes meaning:

    threadline_attribute_tables_v1  the model's attribute ruler (tag map, morph rules) as look-ups, same output
    threadline_line_breaks_v1  newlines end sentences (headlines, captions)
    threadline_elisions_v1     Italian "dell'Interno" split in two tokens (Italian runs through the English model)
    threadline_mentions_v1     doc._.tl_mentions: typed name spans from NER, gazetteer, institution rules
    threadline_entities_v1     doc._.tl_entities: mentions grouped into entities with aliases
    threadline_claims_v1       doc._.tl_claims: attributed claims with stance
    threadline_relations_v1    doc._.tl_relations: subject-predicate-object triples
    threadline_events_v1       doc._.tl_events: dated events

Chinese has no trained model here; its pipeline swaps two components for rule-based ones:

    threadline_zh_mentions_v1  doc._.tl_mentions from the gazetteer, name endings, titled names, places
    threadline_zh_claims_v1    doc._.tl_claims from reporting-verb cues and the nearest actor before them
"""

from threadline.extract.components import (  # noqa: F401  (registers the factories)
    attribute_tables,
    claims,
    elisions,
    entities,
    events,
    line_breaks,
    mentions,
    relations,
    zh_claims,
    zh_mentions,
)
