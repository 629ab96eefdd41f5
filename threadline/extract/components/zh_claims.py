"""Chinese claims: a reporting-verb cue and the nearest actor before it in the sentence.

No parser is available for Chinese here, so the rules are lexical:

- a cue is a token whose simplified form is in the lexicon's ``reporting_verbs.zh``;
- the claimant is the nearest entity mention before the cue in the same sentence
  (a person, organisation, state body or place); "他"/"她" stand for the last
  person named, "该会" (the association), "该局" (the bureau) for the sentence's
  first organisation or state body, else the last one named before;
- the stance is the cue's (``chinese.stances``): 指控/声称 alleges, 否认 denies,
  证实/确认 confirms, 报道/披露 reports, 表示/称/指出 states; a negated
  confirmation or denial ("尚未证实") is only a statement;
- one claim per claimant and sentence;
- a sentence without a cue goes on a person's speech: the sentence after "X说，……" in the same
  paragraph, or a quotation “……” whose speaker the next sentence opens with ("”X指出"), is X's
  statement; any other sentence without a cue that names an actor is the document's own report.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.components.claim_memory import ClaimHit
from threadline.extract.components.context import DocView
from threadline.extract.components.zh_mentions import folded_tokens
from threadline.extract.languages import language_data
from threadline.extract.patterns import Patterns, load_patterns

_CLAIMANT_TYPES = ("PERSON", "ORG", "STATE_BODY", "GPE")
_MIN_SENTENCE = 12  # characters: shorter lines are headings and captions
_AFTER_CUE = frozenset({"了", "过", "過", "着", "著", "说", "說", "道"})


class ChineseClaimFinder:
    def __init__(self, patterns: Patterns):
        lex: dict[str, Any] = patterns.lexicon["chinese"]
        self.patterns = patterns
        self.cues = dict(patterns.verbs.get("zh", {}))
        self.stances: dict[str, str] = dict(lex["stances"])
        self.rebuttals = language_data("zh").rebuttals
        self.negations = frozenset(lex["negations"])
        self.person_anaphors = frozenset(lex["person_anaphors"])
        self.actor_anaphors: dict[str, str | None] = dict(lex["actor_anaphors"])
        self.locatives = frozenset(lex.get("locatives", ()))

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        norms = folded_tokens(doc)
        hits: list[ClaimHit] = []
        last: dict[str, int] = {}
        sents = list(doc.sents)
        speaker: int | None = None  # whose speech the next sentence of the paragraph may go on with
        for n, sent in enumerate(sents):
            if view.is_furniture(sent):
                speaker = None
                continue
            claimed: set[int] = set()
            speakers: list[int] = []
            for token in sent:
                cls = self.cues.get(norms[token.i])
                if cls is None:
                    continue
                claimant = self._claimant(sent, token, view, norms, last)
                if claimant is None or claimant in claimed:
                    continue
                claimed.add(claimant)
                stance = self._stance(cls, token, norms, sent)
                if stance == "states":
                    speakers.append(claimant)  # a speech the next sentences may go on with; a disclosure is not
                elif stance == "reports" and view.kind(claimant) in ("person", "state"):
                    stance = "states"  # an official disclosing their own body's work announces it; outlets report
                hits.append(self._hit(sent, token, claimant, stance, view))
            if not claimed and not any(self.cues.get(norms[t.i]) for t in sent):
                nxt = sents[n + 1] if n + 1 < len(sents) else None
                goes_on = self._continued(sent, nxt, speaker, view, norms)
                hits.extend(goes_on or self._own_voice(sent, view))
                speaker = goes_on[0].claimant if goes_on else None
            else:
                speaker = next((g for g in speakers if view.groups[g].type == "PERSON"), None)
            for g in view.groups_in(sent):
                kind = view.groups[g].type
                last["person" if kind == "PERSON" else "actor"] = g
                last[kind] = g
        doc._.tl_claims = hits
        return doc

    def _continued(self, sent: Span, nxt: Span | None, speaker: int | None, view: DocView, norms: list[str]) -> list[ClaimHit]:
        """The sentence as the statement of the person who speaks before or right after it."""
        text = sent.text.strip()
        if len(text) < _MIN_SENTENCE or not text.endswith(("。", "！", "”", "」")) or "\n" in sent.text.strip():
            return []
        opens = text.startswith(("“", "「")) or (sent.start > 0 and sent.doc[sent.start - 1].text in ("“", "「"))
        if opens and text.endswith(("”", "」")) and nxt is not None:
            after = self._speaker_after(nxt, view, norms)
            speaker = after if after is not None else speaker
        if speaker is None:
            return []
        about = tuple(g for g in view.groups_in(sent) if g != speaker)
        return [ClaimHit(sent.start, sent.end, speaker, "states", about, sent[0].text, sent.start, sent.end, cue_i=sent.start)]

    def _speaker_after(self, sent: Span, view: DocView, norms: list[str]) -> int | None:
        """"”会长刘榕彦指出，……": who speaks at the cue that opens the sentence after a quotation."""
        cue = next((t for t in list(sent)[:10] if self.cues.get(norms[t.i])), None)
        if cue is None:
            return None
        g = self._claimant(sent, cue, view, norms, {})
        return g if g is not None and view.groups[g].type != "GPE" else None

    def _own_voice(self, sent: Span, view: DocView) -> list[ClaimHit]:
        """A sentence of the document's own about named actors, with no cue: the publisher reports it."""
        text = sent.text.strip()
        about = tuple(view.groups_in(sent))
        if len(text) < _MIN_SENTENCE or not about or not text.endswith(("。", "！", "”", "」")) or text.endswith(("？", "?")):
            return []
        return [ClaimHit(sent.start, sent.end, None, "reports", about, sent[0].text, sent.start, sent.end, cue_i=sent.start)]

    def _claimant(self, sent: Span, cue: Token, view: DocView, norms: list[str], last: dict[str, int]) -> int | None:
        for i in range(cue.i - 1, sent.start - 1, -1):
            g = view.token_group.get(i)
            if g is not None and view.groups[g].type == "GPE" and i > sent.start and norms[i - 1] in self.locatives:
                continue  # 在福州披露: where it was said, not who said it
            if g is not None and view.groups[g].type in _CLAIMANT_TYPES:
                return g
            if norms[i] in self.person_anaphors:
                return last.get("person")
            if norms[i] in self.actor_anaphors:
                return self._antecedent(sent, i, self.actor_anaphors[norms[i]], view, last)
        return None

    def _antecedent(self, sent: Span, at: int, kind: str | None, view: DocView, last: dict[str, int]) -> int | None:
        """"该会否认": the sentence's topic of that type, else the last one of that type named before."""
        kinds = (kind,) if kind else ("ORG", "STATE_BODY")
        topic = next((g for g in view.groups_in(sent.doc[sent.start:at]) if view.groups[g].type in kinds), None)
        if topic is not None:
            return topic
        return last.get(kind or "actor")

    def _stance(self, cls: str, cue: Token, norms: list[str], sent: Span) -> str:
        stance = self.stances.get(cls, "states")
        before = norms[max(0, cue.i - 2):cue.i]
        if stance in ("confirms", "denies") and any(w in self.negations for w in before):
            return "states"  # "尚未证实", "并不否认"
        said = sent.doc.text[cue.idx + len(cue.text):sent.end_char]
        if stance == "states" and any(w in said for w in self.rebuttals):
            return "denies"  # "纯属捏造", "恶意抹黑": a verdict of falsehood rejects the claim without a negation
        return stance

    def _hit(self, sent: Span, cue: Token, claimant: int, stance: str, view: DocView) -> ClaimHit:
        about = tuple(g for g in view.groups_in(sent) if g != claimant)
        start = cue.i + 1
        while start < sent.end and (sent.doc[start].is_punct or sent.doc[start].is_space or sent.doc[start].text in _AFTER_CUE):
            start += 1
        end = sent.end
        while end > start and (sent.doc[end - 1].is_punct or sent.doc[end - 1].is_space):
            end -= 1
        if start >= end:
            start, end = sent.start, sent.end
        return ClaimHit(sent.start, sent.end, claimant, stance, about, cue.text, start, end)


@Language.factory("threadline_zh_claims_v1", assigns=["doc._.tl_claims"], requires=["doc._.tl_entities"])
def make_chinese_claim_finder(nlp: Language, name: str) -> ChineseClaimFinder:
    for attr in ("tl_claims", "tl_publisher"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return ChineseClaimFinder(load_patterns())
