"""The login rate limit as a pure rule: given recent failures, may this attempt go ahead?"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoginLimit:
    """At most ``failures`` failed logins per account and client within ``window`` seconds."""

    failures: int = 5
    window: float = 15 * 60.0

    def since(self, now: float) -> float:
        """Failures older than this no longer count."""
        return now - self.window

    def retry_after(self, failed_at: Iterable[float], now: float) -> int | None:
        """Seconds to wait before the next attempt, or None if it may go ahead."""
        recent = sorted(t for t in failed_at if t > self.since(now))
        if len(recent) < self.failures:
            return None
        # the attempt is allowed again once enough of the recent failures have aged out of the window
        oldest_that_blocks = recent[len(recent) - self.failures]
        return max(1, math.ceil(oldest_that_blocks + self.window - now))
