"""The state a document's sentence loop carries between sentences: quotations and who spoke them.

A quotation may run over several sentences and name its speaker before, after or in the middle of it;
its sentences wait (``pending``) until a speaker settles them, and each then becomes a claim whose
evidence runs to the sentence that names the speaker. A quoted paragraph right after another of the
same speaker's is still theirs; narration ends the run. Kept apart from ``ClaimFinder`` so that the
loop reads as what it does per sentence. A fresh run per document; nothing is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from threadline.extract.components.claim_memory import ClaimHit, QuoteIndex


@dataclass
class QuotationRun:
    """Quotations waiting for a speaker, the speakers found so far, and the last quotation's speaker."""

    quotes: QuoteIndex
    continued: Callable[[Span, int, Span], ClaimHit]  # a sentence of a speaker's quotation, as a claim
    keep: Callable[[ClaimHit, Span], None]  # store a claim (once per claimant and sentence)
    pending: dict[int, list[Span]] = field(default_factory=dict)  # quotation id -> its sentences waiting for a speaker
    speakers: dict[int, int] = field(default_factory=dict)  # quotation id -> its speaker
    named_in: dict[int, Span] = field(default_factory=dict)  # quotation id -> the sentence that names its speaker
    ended_unattributed: int | None = None  # a quotation that closed in the previous sentence with no speaker
    last_quoted: int | None = None  # the speaker of the last quotation, until narration intervenes
    last_quoted_in: Span | None = None  # the sentence that named them

    def settle(self, q: int, speaker: int, naming: Span) -> None:
        """The speaker of quotation ``q`` is known: its waiting sentences become their claims."""
        self.speakers[q], self.named_in[q] = speaker, naming
        for earlier in self.pending.pop(q, []):
            self.keep(self.continued(earlier, speaker, naming), earlier)

    def settle_with_last(self) -> None:
        """A quoted paragraph after the speaker's last, named by nobody: still theirs."""
        if self.ended_unattributed is not None and self.last_quoted is not None and self.last_quoted_in is not None:
            self.settle(self.ended_unattributed, self.last_quoted, self.last_quoted_in)

    def furniture(self, sent: Span) -> None:
        """A line that is no sentence (a heading, a caption) may still close a quotation: "”" alone on its line."""
        closing = self.quotes.closing_in(sent)
        if closing is not None and closing not in self.speakers:
            self.ended_unattributed = closing

    def signed(self, qids: set[int], signer: int, sent: Span) -> None:
        """'"…" ― Ana Reyes' on a line of its own: the quotations before it are hers."""
        waiting = [q for q in qids if q not in self.speakers]
        if self.ended_unattributed is not None and self.ended_unattributed not in waiting:
            waiting.append(self.ended_unattributed)
        for q in waiting:
            self.settle(q, signer, sent)
        self.ended_unattributed, self.last_quoted, self.last_quoted_in = None, signer, sent

    def spoken(self, qids: set[int], speaker: int | None, sent: Span, content_first: bool) -> None:
        """The sentence has a speaker: the quotations it touches are theirs, and one that closed just before it
        when the content came first ('"…." The ministry said so on Monday.'). With none, the run goes on."""
        if speaker is None:
            self.settle_with_last()
            return
        waiting = [q for q in qids if q not in self.speakers]
        if self.ended_unattributed is not None and not qids and content_first:
            waiting.append(self.ended_unattributed)
        for q in waiting:
            self.settle(q, speaker, sent)

    def inside(self, sent: Span, q: int) -> list[ClaimHit]:
        """A sentence inside quotation ``q`` with no cue of its own: its speaker's, or it waits for one."""
        if q in self.speakers:
            return [self.continued(sent, self.speakers[q], self.named_in[q])]
        self.pending.setdefault(q, []).append(sent)
        return []

    def after(self, sent: Span, qids: set[int], speaker: int | None, found: bool) -> None:
        """What the sentence leaves for the next: a quotation it closed unattributed, the last speaker, or
        narration, which ends the run of quotations."""
        closing = self.quotes.closing_in(sent)
        self.ended_unattributed = closing if closing is not None and closing not in self.speakers else None
        if speaker is not None and qids:
            self.last_quoted, self.last_quoted_in = speaker, sent
        elif not qids and not found:
            self.last_quoted = self.last_quoted_in = None
