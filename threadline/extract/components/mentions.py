"""Find typed name mentions: spaCy NER, the gazetteer and institution rules, merged.

Sources are ranked (gazetteer > institution rule > NER); a lower-ranked span
that overlaps a higher one keeps only its capitalised remainder. Places named
inside an institution ("embassy in Belgium") stay as mentions of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from threadline.extract.common_words import common_words
from threadline.extract.components import rule_names
from threadline.extract.components.elisions import split_elisions
from threadline.extract.inflect import english_bases
from threadline.extract.languages import borrowed_languages, has_own_parser, language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold

NER_TYPES = {
    "PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE",
    "FAC": "FACILITY", "LAW": "LAW", "EVENT": "EVENT", "PRODUCT": None, "WORK_OF_ART": None,
    "MISC": None,
}
RANK = {"compound": 5, "gazetteer": 4, "bracketed": 3, "institution": 2, "ner": 1, "pattern": 0}
_LEADING = {"the", "a", "an", "le", "la", "les", "l'", "l’", "de", "het", "een", "il", "lo", "gli", "un", "une", "el", "los", "las", "una", "der", "die", "das", "den", "dem", "ein", "eine"}
_OPENING, _CLOSING = get_string_id("("), get_string_id(")")  # the ORTH ids of a bracketed acronym's brackets
_GENERIC_PREFIX = {"ngo", "group", "rights", "human", "campaign", "watchdog", "think", "tank", "outlet", "agency", "news", "newspaper", "broadcaster", "daily", "site", "website", "l'ong", "ong"}
_OF_WORDS = {"of", "for", "del", "de", "della", "di", "des", "du", "van", "der"}
_BORROWED_LOCATIVES = {"a", "in", "te", "naar", "uit", "da", "en", "nach"}
_ACCORDING = {"secondo", "volgens", "selon", "according", "stando"}  # "Secondo la procura di Firenze"
_JUNK = {
    "credit", "related news", "copyright", "ngo", "ong", "reuters graphics", "mps", "twitter", "x",
    "secondo", "volgens", "selon", "according", "inoltre", "tuttavia", "intanto", "bovendien", "echter",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


@dataclass(frozen=True)
class Candidate:
    """A typed mention span, in token offsets, before grouping into entities."""

    start: int
    end: int
    type: str
    source: str
    gazetteer: str | None = None
    country: str | None = None
    nested: bool = False


class MentionFinder:
    """Collect and reconcile name spans from every source."""

    def __init__(self, nlp: Language, patterns: Patterns):
        self.patterns = patterns
        self.lex = patterns.lexicon
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries = {}
        for entry in patterns.gazetteer:
            self.entries[entry.name] = entry
            for name in entry.names:
                acronym = name.isupper() and len(name) <= 8
                matcher = self.acronyms if acronym else self.phrases
                pattern = nlp.make_doc(name)
                split = split_elisions(nlp.make_doc(name))  # as Italian text is tokenised
                matcher.add(entry.name, [pattern] if len(split) == len(pattern) else [pattern, split])
        self.institutions = Matcher(nlp.vocab)
        self._add_institution_patterns()
        kw = self.lex["type_keywords"]
        self.type_keywords = {t: [fold(w) for w in kw[t]] for t in ("LAW", "EVENT", "STATE_BODY", "FACILITY")}
        self.state_exceptions = [w.lower() for w in kw["state_exceptions"]]
        self._heads = frozenset(self.type_keywords["STATE_BODY"] + self.type_keywords["LAW"]) | {
            fold(h) for h in self.lex["institutions"]["heads"]} | {"ministère", "ministero", "ministerie", "ambassade", "ambasciata", "consolato", "loi", "legge", "wet"}
        self._role_words = patterns.words("roles") | patterns.words("role_words") | {"minister", "counsellor", "secretary", "director", "campaign"}
        self._role_suffixes = tuple(patterns.words("role_suffixes"))
        self._ngo_words = frozenset(fold(w) for w in patterns.words("ngo_name_words"))
        # the same words with a space either side, as _type_of looks for them in " name "
        self._padded = {kind: [f" {w} " for w in words] for kind, words in self.type_keywords.items()}
        self._padded_phrases = {kind: [f" {w} " for w in words if " " in w] for kind, words in self.type_keywords.items()}
        self._padded_ngo = [f" {w} " for w in self._ngo_words]
        self._padded_exceptions = [f" {w} " for w in self.state_exceptions]
        self._pronouns = patterns.words("person_pronouns") | patterns.words("first_person_plural")
        # titles that are not part of a name; honorifics such as "Mr" are kept
        self._ranks = (patterns.words("person_titles") | self._role_words
                       | {"sergeant", "inspector", "constable", "captain", "colonel", "senator", "commissioner"}) - _HONORIFICS

    def _add_institution_patterns(self) -> None:
        inst = self.lex["institutions"]
        adjectives = sorted(self.patterns.adjective_country)
        heads = [h for h in inst["heads"] if " " not in h and h not in inst["ambiguous_heads"][:1]] + [
            "ambassade", "consulat", "gouvernement", "autorités", "ministère", "tribunal", "ambassades", "consulats",  # fr
            "ambasciata", "consolato", "governo", "autorità", "polizia", "ministero",  # it
            "regering", "politie", "ministerie", "consulaat", "overheid"]  # nl
        modifiers = list(inst["modifiers"])
        adj = {"LOWER": {"IN": adjectives}}
        mods = {"LOWER": {"IN": modifiers}, "OP": "*"}
        head = {"LOWER": {"IN": heads}}
        place: list[dict[str, Any]] = [{"LOWER": {"IN": ["in", "to", "at", "en", "à", "au"]}}, {"ENT_TYPE": {"IN": ["GPE", "LOC", "FAC"]}, "OP": "+"}]
        both = [head, {"LOWER": {"IN": ["and", "or", "et"]}}, head]
        countries = sorted({n.lower() for n in self.patterns.name_country})
        possessive: list[dict[str, Any]] = [{"LOWER": {"IN": countries}}, {"ORTH": {"IN": ["'s", "’s"]}}]
        region: list[dict[str, Any]] = [{"ENT_TYPE": "GPE", "OP": "+"}, {"ORTH": {"IN": ["'s", "’s"]}}]
        named_heads = {"LOWER": {"IN": ["ministry", "embassy", "consulate", "police", "parliament", "court", "prosecutors", "cabinet"]}}
        de = {"LOWER": {"IN": ["de", "d'", "d’", "du"]}}
        country_name = {"LOWER": {"IN": countries}}
        # a place's own government or police: "the Beijing government", "the Hong Kong police"
        local = {"LOWER": {"IN": ["government", "authorities", "administration", "police"]}}
        named_place = {"ENT_TYPE": "GPE", "POS": "PROPN", "OP": "+"}
        self.institutions.add("INSTITUTION", [
            [named_place, local],
            [adj, mods, head],
            [adj, mods, head, *place],
            [adj, mods, *both],
            [*possessive, mods, head],
            [*possessive, mods, head, *place],
            [*region, mods, named_heads],      # "Hesse's interior ministry"
            [head, adj],  # French order: "autorités chinoises"
            [head, de, country_name],          # "ambassade de Chine"
            [head, de, country_name, *place],  # "ambassade de Chine en France"
        ])

    def __call__(self, doc: Doc) -> Doc:
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        reading = rule_names.Reading.of(doc, language) if language in borrowed_languages() else None
        found = self._gazetteer(doc) + self._institutions(doc) + self._ner(doc, reading)
        if reading is not None:
            found = _with_nationality(found, self._rule_bodies(reading))
            listed = [c for c in found if c.source == "gazetteer"]
            found += [
                Candidate(s, e, "LAW", "compound")
                for s, e in rule_names.laws(reading)
                if not any(c.start < e and s < c.end for c in listed)
            ]  # a gazetteer's law keeps its name
        found += self._law_extensions(doc, found) + self._name_chains(doc) + self._bracketed_names(doc, language)
        if reading is not None:
            taken = {i for c in found for i in range(c.start, c.end)}
            proposed = [
                Candidate(s, e, kind, "pattern", None, country)
                for s, e, kind, country in rule_names.propose(reading, taken)
            ]
            found += proposed + self._law_extensions(doc, proposed)  # "VN" + "vluchtelingenverdrag"
        doc._.tl_mentions = reconcile(doc, _without_furniture(doc, found, language))
        return doc

    def _rule_bodies(self, reading: rule_names.Reading) -> list[Candidate]:
        """State bodies from the language's data, and the places named inside them."""
        out = []
        for body in rule_names.state_bodies(reading):
            out.append(Candidate(body.start, body.end, "STATE_BODY", "institution", None, body.country))
            out += [Candidate(s, e, "GPE", "ner", None, c, nested=True) for s, e, c in body.places]
        return out

    # -- sources ---------------------------------------------------------------

    def _gazetteer(self, doc: Doc) -> list[Candidate]:
        out = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                entry = self.entries[doc.vocab.strings[match_id]]
                span = doc[start:end]
                if "\n" in span.text or not (_capitalised(span, self._heads) or span.text == entry.name):  # "franceinfo"
                    continue
                if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
                    continue  # "CDU-Innenexperte", "UFWD-linked": a word of a compound, not a name standing alone
                out.append(Candidate(start, end, entry.type, "gazetteer", entry.name, entry.country))
        return out

    def _institutions(self, doc: Doc) -> list[Candidate]:
        spans = filter_spans([doc[s:e] for _, s, e in self.institutions(doc)])
        out = []
        for span in spans:
            if "\n" in span.text:
                continue
            head = _institution_head(span)
            nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and head.dep_ == "compound":
                continue  # "Chinese police offices": the head modifies another noun
            if head.lower_ in ("authority", "police") and head.i == span.end - 1 and nxt is not None and nxt.pos_ == "NOUN":
                continue
            country = next((self.patterns.adjective_country.get(t.lower_) for t in span if t.lower_ in self.patterns.adjective_country), None) \
                or next((self.patterns.name_country[fold(t.text)] for t in span if fold(t.text) in self.patterns.name_country), None)
            out.append(Candidate(span.start, span.end, "STATE_BODY", "institution", None, country))
            place = [t.i for t in span if t.ent_type_ in ("GPE", "LOC", "FAC") and t.i > head.i]
            for run in _runs(place):  # "ambassade de Chine en France": two places, not "Chine en France"
                out.append(Candidate(run[0], run[-1] + 1, "GPE", "ner", nested=True))
        return out

    def _ner(self, doc: Doc, reading: rule_names.Reading | None = None) -> list[Candidate]:
        spans = []
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        borrowed = language is not None and not has_own_parser(language)  # parsed by another language's model
        of_words = _OF_WORDS | language_data(language).of_words
        roles = language_data(language).relations.roles  # the language's own job titles: "Generalsekretär des X"
        places = language_data(language or "en").relations.place_nouns
        works = language_data(language).work_nouns | language_data("en").work_nouns
        for span, label in _divisions_of_places(doc, self._model_spans(doc, reading), places, of_words):
            if self._is_title_word(doc, span) or _lone_heading(span) or _a_work_s_title(doc, span, works):
                continue
            span = _past_a_dangling_of(doc, span, of_words)
            if label == "PERSON" and language in (None, "en") and len(span) > 1 and self._headline_verb(span[-1]):
                span = span[:-1]  # "Merkel Warns" in a headline: the name, not its verb
            kind = self._type_of(span, label)
            if kind is None:
                continue
            if kind == "STATE_BODY" and span.start > 0 and doc[span.start - 1].lower_ in self.patterns.adjective_country:
                span = doc[span.start - 1:span.end]  # "Irish" + "Department of Foreign Affairs"
            if kind in ("GPE", "ORG") and len(span) >= 2 and span[0].lower_.rstrip(".") in _HONORIFICS - {"m"}:
                kind = "PERSON"  # "Mr Okafor" is a person whatever the model guessed
            while kind == "PERSON" and len(span) > 2 and span[0].lower_ in self._ranks:
                span = span[1:]  # "Sergeant Charles Poirier" -> "Charles Poirier"
            if kind in ("PERSON", "ORG"):
                named = self._without_title(doc, span)  # "GfbV-Asienreferent Ulrich Delius", "Abgeordneten Joana Cotar"
                if named is not span and (kind == "PERSON" or 2 <= len(named) <= 3 and all(t.text[:1].isupper() for t in named)):
                    span, kind = named, "PERSON"
            if borrowed and span[0].lower_ in self._pronouns:
                cleaned = self._clean(doc, span[1:]) if len(span) > 1 else None  # "Hij vond": a pronoun and its verb
                if cleaned is None:
                    continue
                span = cleaned
            if kind in ("ORG", "STATE_BODY") and len(span) > 2 and span[1].lower_ in of_words \
                    and (self._role(span[0]) or span[0].lower_.rsplit("-", 1)[-1] in roles):
                span = span[2:]  # "portavoz del Ministerio de Exteriores": the body the spokesperson speaks for
            if kind == "PERSON" and span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in _HONORIFICS:
                span = doc[span.start - 1:span.end]  # "Mr Tugendhat"
            if kind in ("PERSON", "ORG") and len(span) <= 3 and _listed_with_places(span.root):
                kind = "GPE"  # "Croydon, Glasgow and Hendon", "Belgrade, Novi Sad and Smederevo"
            if kind == "PERSON" and span.start > 0 and doc[span.start - 1].lower_ in ("in", "near", "outside", "à", "en") \
                    and not any(t.lower_ in self._ranks for t in span):
                kind = "GPE"  # "in Novi Sad": people are not where things happen
            if kind in ("PERSON", "ORG") and len(span) == 1 and borrowed and span.start > 0 \
                    and doc[span.start - 1].lower_ in _BORROWED_LOCATIVES:
                kind = "GPE"  # "a Roma", "te Rotterdam": the English model's guess is unreliable in Italian and Dutch
            if kind in ("ORG", "STATE_BODY"):
                while len(span) > 1 and span[-1].is_lower and span[-1].is_alpha:
                    span = span[:-1]  # "Liberal Initiative party" -> "Liberal Initiative"
            if kind == "STATE_BODY":
                while span.start > 0 and doc[span.start - 1].is_title and doc[span.start - 1].pos_ == "PROPN" \
                        and not doc[span.start - 1].is_sent_start and doc[span.start - 1].lower_ not in self.patterns.adjective_country:
                    span = doc[span.start - 1:span.end]  # "Attorney" + "General's Office"
            for part in _split_coordination(span):
                spans.append((part, kind if len(part) == len(span) else _place_or(kind)))
        joined = _join_name_chains(doc, spans)
        return [
            Candidate(span.start, span.end, kind, "ner",
                      nested=any(o.start <= span.start and span.end <= o.end and (o.start, o.end) != (span.start, span.end) for o, _ in joined))
            for span, kind in joined
        ]

    def _model_spans(self, doc: Doc, reading: rule_names.Reading | None) -> list[tuple[Span, str]]:
        """The model's entity spans, cleaned; in a language read by rules, checked against it too."""
        out = []
        ents = list(doc.ents) if reading is None else rule_names.join_particle_split(reading, list(doc.ents))
        for ent in ents:
            span = self._clean(doc, ent)
            if span is None:
                continue
            if reading is None:
                out.append((span, ent.label_))
                continue
            kind = NER_TYPES.get(ent.label_) or ent.label_
            for part, part_kind in rule_names.clean_span(reading, span, kind):
                cleaned = self._clean(doc, part)
                if cleaned is not None:
                    out.append((cleaned, ent.label_ if part_kind == kind else _LABELS.get(part_kind, ent.label_)))
        return out

    def _headline_verb(self, token: Token) -> bool:
        """A capitalised reporting verb, as a headline writes one ("Obama Says", "Merkel Warns")."""
        return token.text[:1].isupper() and token.is_alpha and any(
            self.patterns.verb_class(base, "en") is not None for base in english_bases(token.text))

    def _without_title(self, doc: Doc, span: Span) -> Span:
        """A name less the job title glued before it, hyphenated compounds included."""
        for k in range(min(len(span) - 1, 4)):
            joined = all(not t.whitespace_ for t in span[:k])
            if joined and self._role(span[k]) and span[k + 1].text[:1].isupper():
                return doc[span.start + k + 1:span.end]
        return span

    def _role(self, token: Token) -> bool:
        """A job title before a name: a role word, or a compound ending in one ("SPD-Innenexperte")."""
        word = token.lower_
        last = word.rsplit("-", 1)[-1]
        return word in self._role_words or last in self._role_words or (len(word) > 8 and word.endswith(self._role_suffixes))

    def _is_title_word(self, doc: Doc, span: Span) -> bool:
        """"Interior" in "Interior Minister", "Counsellor": words of a job title, not names."""
        roles = self._role_words
        words = [t.lower_ for t in span]
        if all(w in roles for w in words):
            return True
        if self._role(span[-1]) and all(not t.whitespace_ for t in span[:-1]):
            return True  # "SPD-Innenexperte": a title alone
        if len(words) > 1 and self._role(span[-1]) and all(fold(w) in self._heads or w in roles for w in words[:-1]):
            return True  # "Embassy Spokesperson", "Ministry Spokesman": a body's office, no one's name
        nxt = doc[span.end] if span.end < len(doc) else None
        if len(span) == 1 and nxt is not None and nxt.lower_ in roles and nxt.text[:1].isupper():
            return True
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        titles = language_data(language).relations.roles  # "State" ending "Minister of State": the title's last word
        return len(span) == 1 and any(
            " ".join(t.lower_ for t in doc[span.start - k:span.end]) in titles for k in (2, 3) if span.start >= k
        )

    def _law_extensions(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """ "State Council decree": a body followed by a law noun names a law; "Tiananmen Square crackdown": a
        place followed by an event noun names an event. The body or place stays a mention."""
        laws = set(self.type_keywords["LAW"])
        events = {w for w in self.type_keywords["EVENT"] if " " not in w}
        data = language_data(doc._.tl_language if Doc.has_extension("tl_language") else None)
        out = []
        for c in found:
            nxt = doc[c.end] if c.end < len(doc) else None
            if nxt is None or not nxt.is_lower:
                continue
            if c.type in ("ORG", "STATE_BODY") and (nxt.lower_ in laws or data.law_head(nxt.text)):
                out.append(Candidate(c.start, c.end + 1, "LAW", "compound"))
                out.append(replace(c, nested=True))
            elif c.type in ("GPE", "FACILITY") and nxt.lower_ in events and nxt.pos_ == "NOUN" and not c.nested:
                out.append(Candidate(c.start, c.end + 1, "EVENT", "compound"))
                out.append(replace(c, nested=True))
        return out

    def _name_chains(self, doc: Doc) -> list[Candidate]:
        """Two or three capitalised proper nouns the model missed, after a role word: "l'eurodéputé X Y";
        or one, after a capitalised title of the same run ("FBI Director Wray", "PM Trudeau"), when it is
        no common word of the language and no title itself."""
        out = []
        roles = self._role_words | self.patterns.words("person_titles")
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        pos = doc.to_array("POS").tolist()  # read as ids: most tokens are no proper noun and need not be built
        tokens = _LazyTokens(doc)
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                j = i
                while j < sent.end and pos[j] == PROPN and tokens[j].text[:1].isupper() and tokens[j].is_alpha:
                    j += 1
                before = tokens[i - 1].lower_.split("'")[-1].split("’")[-1] if i > sent.start and j - i >= 2 else ""
                if 2 <= j - i <= 3 and not tokens[i].ent_type_ and not tokens[j - 1].ent_type_ and before in roles:
                    out.append(Candidate(i, j, "PERSON", "pattern"))
                elif j - i >= 2 and tokens[j - 2].lower_ in roles and not tokens[j - 1].ent_type_ \
                        and tokens[j - 1].lower_ not in roles and tokens[j - 1].lower_ not in common_words(language or "en"):
                    kept = tokens[j - 2].lower_.rstrip(".") in _HONORIFICS  # "Mr Tompos" keeps its "Mr"
                    out.append(Candidate(j - 2 if kept else j - 1, j, "PERSON", "pattern"))
                i = max(j, i + 1)
        return out

    def _bracketed_names(self, doc: Doc, language: str | None) -> list[Candidate]:
        """"Verein für verfolgte Minderheiten (VvM)": the words before an acronym in brackets whose initials
        spell it name an organisation, though the model found none of them. The span starts at a capitalised
        word with the acronym's first letter and runs over words whose initials the acronym holds or the
        language's function words ("für", "der", "of"); the longest such run wins."""
        data = language_data(language)
        glue = data.function_words | data.of_words | language_data("en").function_words
        out = []
        orths = doc.to_array(ORTH).tolist() if len(doc) else []  # brackets found by id: no Token per word
        for i in range(1, len(doc) - 2):
            if orths[i] != _OPENING or orths[i + 2] != _CLOSING:
                continue
            acr = doc[i + 1].text
            if not (2 <= len(acr) <= 8 and acr.isalpha() and acr[0].isupper() and sum(c.isupper() for c in acr) >= 2):
                continue
            letters, start, j = acr.lower(), None, i - 1
            sent_start = doc[i].sent.start
            while j >= sent_start and i - j <= 8:
                t = doc[j]
                if not t.is_alpha or not (t.lower_ in glue or t.lower_[0] in letters):
                    break
                if t.text[0].isupper() and t.lower_[0] == letters[0] and t.lower_ not in _LEADING and t.lower_ not in glue:
                    start = j
                j -= 1
            if start is None or i - start < 2:
                continue
            span = doc[start:i]
            while len(span) > 1 and span[-1].lower_ in glue:
                span = span[:-1]
            inits = "".join(t.lower_[0] for t in span if t.lower_ not in glue or t.lower_[0] in letters)
            if len(span) < 2 or sum(c in inits for c in letters) / len(letters) < 0.6:
                continue
            kind = self._type_of(span, "ORG") or "ORG"
            out.append(Candidate(span.start, span.end, kind, "bracketed"))  # it outranks the model's partial spans
            out.append(Candidate(i + 1, i + 2, kind, "bracketed"))  # and the acronym is typed like its name
        return out

    # -- cleaning and typing ---------------------------------------------------

    def _clean(self, doc: Doc, span: Span) -> Span | None:
        offset, start, end = span.start, span.start, span.end
        tokens = list(span)  # every index below stays inside the span: its tokens, made once
        for i in range(start, end):  # cut at the first line break
            t = tokens[i - offset]
            if "\n" in t.text or ("\n" in t.whitespace_ and i < end - 1):
                end = i + 1 if "\n" not in t.text else i
                break
        while start < end and (tokens[start - offset].lower_ in _LEADING or tokens[start - offset].is_punct
                               or tokens[start - offset].is_space
                               or (tokens[start - offset].lower_ in _ACCORDING and end - start > 1)):
            start += 1
        while end > start and (tokens[end - 1 - offset].is_punct or tokens[end - 1 - offset].is_space
                               or tokens[end - 1 - offset].lower_ in ("'s", "’s", "'", "’")):
            end -= 1
        while end - start > 1 and tokens[start - offset].lower_ in _GENERIC_PREFIX and tokens[start + 1 - offset].text[:1].isupper():
            start += 1
        if start >= end:
            return None
        span, kept = doc[start:end], tokens[start - offset:end - offset]
        text = span.text
        folded = fold(text)
        if folded in _JUNK or len(folded) < 2 or not any(c.isupper() for c in text[:1] + "".join(t.text[:1] for t in kept)):
            return None
        if all(t.is_digit or t.like_num for t in kept):
            return None
        return span

    def _country_named(self, span: Span, label: str) -> bool:
        """"in the UK", "from Hong Kong": a word that is a country's name as well as its adjective names
        the place when the model reads a place and no noun follows it ("UK officials" stays an adjective)."""
        if label not in ("GPE", "LOC") or fold(span.text) not in self.patterns.name_country:
            return False
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        return nxt is None or nxt.pos_ not in ("NOUN", "PROPN")

    @staticmethod
    def _named_division(span: Span, language: str | None) -> bool:
        """"Eastern District", "Northern Province of X": a compass word before one of the language's place
        nouns (district, province, region) names an administrative division."""
        places = language_data(language or "en").relations.place_nouns
        return len(span) >= 2 and span[1].lower_ in places

    def _type_of(self, span: Span, label: str) -> str | None:
        text = span.text
        folded = fold(text)
        words = f" {folded} "
        language = span.doc._.tl_language if Doc.has_extension("tl_language") else None
        if (folded in self.patterns.adjective_country and not self._country_named(span, label)) \
                or (len(span) == 1 and label in ("LOC", "GPE") and span[0].pos_ == "NOUN"):
            return None  # a nationality ("Chinois") or a common noun ("Etat"), not a place
        if len(span) == 1 and label in ("PERSON", "PER", "ORG", "NORP", "GPE", "LOC") and folded in language_data(language).peoples:
            return None  # a people ("Uiguren", "Tibetans"), not a person and no place (CLDR's territories are left out)
        head = _head_word(folded)
        if label != "PERSON" and any(w in words for w in self._padded_ngo):
            return "ORG"  # "Centre for Human Rights": an organisation, whatever its head noun says
        if len(span) > 1 and language_data(language).law_head(head) and span[0].text[:1].isupper():
            return "LAW"  # "Verdrag van Wenen", "Gesetz über ...": the language's own law nouns
        if label != "PERSON" or len(span) > 1:
            for kind in ("LAW", "EVENT", "FACILITY", "STATE_BODY"):
                if head in self.type_keywords[kind] and not (kind == "FACILITY" and label in ("GPE", "LOC") and head != "street"):
                    return kind
        for kind in ("LAW", "EVENT"):
            if any(w in words for w in self._padded_phrases[kind]):
                return kind
        state = any(w in words for w in self._padded["STATE_BODY"])
        if state and not any(w in words for w in self._padded_exceptions) and label != "PERSON":
            return "STATE_BODY"
        base = NER_TYPES.get(label)
        if label == "FAC":
            return "FACILITY" if any(w in words for w in self._padded["FACILITY"]) else "GPE"
        if label in ("LOC", "GPE") and folded not in self.patterns.name_country and text.split()[0].lower() in ("western", "eastern", "northern", "southern") \
                and not self._named_division(span, language):
            return None  # "Eastern Europe" is a direction, "the Eastern District" a division's name
        return base


_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "mme", "mlle", "sir", "dame", "m"}
_LABELS = {"PERSON": "PERSON", "GPE": "GPE", "ORG": "ORG", "FACILITY": "FAC"}
_CHAIN_JOINERS = {"for", "of", "the", "for the", "of the", "pour", "de", "de la", "du", "des", "van", "voor", "per", "di", "della", "del"}


def _with_nationality(found: list[Candidate], bodies: list[Candidate]) -> list[Candidate]:
    """A gazetteer's body with the nationality adjective the rules read before it keeps that adjective
    ("het Nederlandse" + "ministerie van Buitenlandse Zaken"): the longer form is the same entry."""
    ruled = {(b.start, b.end): b for b in bodies if b.source == "institution"}
    out = []
    for c in found:
        body = ruled.get((c.start - 1, c.end))
        if c.source == "gazetteer" and body is not None and body.country in (None, c.country):
            c = replace(c, start=c.start - 1)
        out.append(c)
    return out + bodies


def _without_furniture(doc: Doc, found: list[Candidate], language: str | None) -> list[Candidate]:
    """A web page's buttons and menus are no names: mentions on a line most of whose words are interface
    words of the language or of English ("Home News Download PDF Share"), and mentions made of such words
    and common words only ("PDF Teilen", "Share Print Menu"), are dropped; a gazetteer's names stay."""
    interface = language_data(language).interface_words | language_data("en").interface_words
    if not interface:
        return found
    own, english = common_words(language or "en"), common_words("en")  # read apart: their union is 60,000 words
    furniture_lines = _furniture_lines(doc, interface)
    out = []
    for c in found:
        if c.source != "gazetteer":
            if any(start <= c.start < end for start, end in furniture_lines):
                continue
            words = [t.lower_ for t in doc[c.start : c.end] if t.is_alpha]
            if (
                words
                and any(w in interface for w in words)
                and all(w in interface or w in own or w in english for w in words)
            ):
                continue
        out.append(c)
    return out


def _furniture_lines(doc: Doc, interface: frozenset[str]) -> list[tuple[int, int]]:
    """Token ranges of the lines at least half of whose words (two or more) are interface words."""
    out, start = [], 0
    for t in doc:
        if "\n" in t.whitespace_ or "\n" in t.text or t.i == len(doc) - 1:
            words = [w.lower_ for w in doc[start : t.i + 1] if w.is_alpha]
            hits = sum(1 for w in words if w in interface)
            if hits >= 2 and hits * 2 >= len(words):
                out.append((start, t.i + 1))
            start = t.i + 1
    return out


def _capitalised(span: Span, heads: frozenset[str] = frozenset()) -> bool:
    """Names in running text start with a capital, unless their script has no case (Chinese), or they are
    French, Italian or Dutch institution names that capitalise a later word: "ministère chinois des Affaires
    étrangères", "ministero dell'Interno" (an institution head first, or four words or more)."""
    first = next((t.text for t in span if t.is_alpha), span.text)[:1]
    if first.isupper() or first.lower() == first.upper():
        return True
    words = [t for t in span if t.is_alpha]
    later_capital = any(t.text[:1].isupper() for t in words[1:])
    return later_capital and (len(words) >= 4 or (bool(words) and words[0].lower_ in heads))


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive token indexes grouped: [3, 5, 6] -> [[3], [5, 6]]."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _head_word(folded: str) -> str:
    """The head noun of a name: the last word before its first preposition."""
    words = folded.split()
    for i, w in enumerate(words):
        if i > 0 and w in ("of", "for", "on", "in", "de", "du", "des", "van", "voor", "di", "della", "del", "pour"):
            return words[i - 1]
    return words[-1] if words else ""


_CONJUNCTIONS = {"e", "en", "et", "and", "y", "und"}


def _split_coordination(span: Span) -> list[Span]:
    """"Prato e Milano" tagged as one name by a model that does not know Italian: two names."""
    cut = [t.i for t in span if t.lower_ in _CONJUNCTIONS and span.start < t.i < span.end - 1]
    if len(cut) != 1 or not all(t.text[:1].isupper() for t in span if t.i != cut[0]):
        return [span]
    doc = span.doc
    return [doc[span.start:cut[0]], doc[cut[0] + 1:span.end]]


def _place_or(kind: str) -> str:
    return "GPE" if kind in ("ORG", "PERSON", "GPE") else kind


def _lone_heading(span: Span) -> bool:
    """"Explainer", "Briefing", "Lire aussi": one word standing alone on its line is page furniture."""
    if len(span) != 1:
        return False
    words = 0
    for t in span.sent:  # counted until a third word shows it is no heading
        if not t.is_punct and not t.is_space:
            words += 1
            if words > 2:
                return False
    return True


def _listed_with_places(token: Token) -> bool:
    """A word coordinated with place names is a place too."""
    related = [token.head] if token.dep_ == "conj" else []
    related += [c for c in token.children if c.dep_ == "conj"]
    return bool(related) and all(t.ent_type_ in ("GPE", "LOC") for t in related)


def _a_work_s_title(doc: Doc, span: Span, works: frozenset[str]) -> bool:
    """"its report Involuntary Returns documenting …", "Patrol and Persuade (PDF)": two or more capitalised words
    right after a noun of a written work (no article between), or before a bracketed "(PDF)", are a title,
    which names no entity."""
    before = doc[span.start - 1] if span.start > 0 else None
    if len(span) >= 2 and before is not None and before.is_lower and before.lower_ in works:
        return True
    after = doc[span.end:span.end + 3]
    return len(after) == 3 and after[0].text == "(" and after[1].lower_ == "pdf" and after[2].text == ")"


def _past_a_dangling_of(doc: Doc, span: Span, of_words: frozenset[str] | set[str]) -> Span:
    """"the Third Symposium of" + "Consular Assistance Volunteers": a name the model ends on "of" runs on over
    the capitalised proper nouns that follow (up to five); without them the "of" is left off."""
    if len(span) < 2 or span[-1].lower_ not in of_words:
        return span
    end = span.end
    while end < len(doc) and end - span.end < 5 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    return doc[span.start:end] if end > span.end else span[:-1]


def _divisions_of_places(doc: Doc, spans: list[tuple[Span, str]], places: frozenset[str] | set[str],
                         of_words: frozenset[str] | set[str]) -> list[tuple[Span, str]]:
    """"the Eastern District" + "of" + "New York": a place whose name ends in a place noun of the language,
    then "of" and a place, is one place (the second is part of its name, not a mention of its own)."""
    out: list[tuple[Span, str]] = []
    i = 0
    while i < len(spans):
        span, label = spans[i]
        if i + 1 < len(spans) and label in ("LOC", "GPE") and span[-1].lower_ in places:
            nxt, nxt_label = spans[i + 1]
            gap = doc[span.end:nxt.start]
            if nxt_label == "GPE" and len(gap) == 1 and gap[0].lower_ in of_words:
                out.append((doc[span.start:nxt.end], "GPE"))
                i += 2
                continue
        out.append((span, label))
        i += 1
    return out


def _join_name_chains(doc: Doc, spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """"The Volunteer Group" + "for the" + "Consular Protection of Overseas Chinese": one name."""
    out: list[tuple[Span, str]] = []
    i = 0
    while i < len(spans):
        span, kind = spans[i]
        j = i
        while kind == "ORG" and j + 1 < len(spans) and spans[j + 1][1] == "ORG":
            gap = doc[spans[j][0].end:spans[j + 1][0].start].text.strip().lower()
            if gap not in _CHAIN_JOINERS:
                break
            j += 1
        if j > i:
            end = spans[j][0].end
            if j + 1 < len(spans) and spans[j + 1][1] == "GPE" and doc[end:spans[j + 1][0].start].text.strip().lower() in ("in", "en", "in the"):
                out.append((spans[j + 1][0], "GPE"))
                end = spans[j + 1][0].end
                j += 1
            out.append((doc[span.start:end], "ORG"))
        else:
            out.append((span, kind))
        i = j + 1
    return out


def _institution_head(span: Span) -> Token:
    for token in reversed(span):
        if token.lower_ not in ("in", "to", "at", "en", "à", "au") and token.ent_type_ not in ("GPE", "LOC", "FAC"):
            if token.pos_ in ("NOUN", "PROPN") or token.lower_ in ("authorities", "police"):
                return token
    return span[-1]


def _reconcile_order(c: Candidate) -> tuple[int, int]:
    return (-RANK[c.source], -(c.end - c.start))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def reconcile(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Keep the best-ranked span where sources overlap; trim the losers to their free part."""
    nested = [c for c in found if c.nested]
    common = common_words((doc._.tl_language if Doc.has_extension("tl_language") else None) or "en")
    chosen: list[Candidate] = []
    for cand in sorted((c for c in found if not c.nested), key=_reconcile_order):
        clash = [c for c in chosen if _overlaps(c, cand)]
        if not clash:
            chosen.append(cand)
            continue
        # keep a capitalised remainder, e.g. "Zhao Lijian" after "Chinese foreign ministry spokesman"
        free = [i for i in range(cand.start, cand.end) if not any(c.start <= i < c.end for c in clash)]
        if free and cand.source == "ner" and free == list(range(free[0], free[-1] + 1)):
            part = doc[free[0]:free[-1] + 1]
            while len(part) and not part[0].text[:1].isupper():
                part = part[1:]
            if len(part) and all(t.text[:1].isupper() for t in part) and cand.type == "PERSON" and fold(part.text) not in _JUNK \
                    and not (len(part) == 1 and part[0].lower_ in common):  # "Atto", left of a body in "Atto Camera"
                trimmed = Candidate(part.start, part.end, cand.type, cand.source)
                if not any(_overlaps(c, trimmed) for c in chosen):
                    chosen.append(trimmed)
    for cand in nested:
        if any(c.start <= cand.start and cand.end <= c.end and c.source in ("institution", "compound", "ner") for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.start, c.end))


@Language.factory("threadline_mentions_v1", assigns=["doc._.tl_mentions"])
def make_mention_finder(nlp: Language, name: str) -> MentionFinder:
    if not Doc.has_extension("tl_mentions"):
        Doc.set_extension("tl_mentions", default=None)
    return MentionFinder(nlp, load_patterns())


class _LazyTokens:
    """A Doc's tokens by index, each built on first use and kept (a look at a token must not build it again)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.made: dict[int, Token] = {}

    def __getitem__(self, i: int) -> Token:
        token = self.made.get(i)
        if token is None:
            token = self.made[i] = self.doc[i]
        return token
