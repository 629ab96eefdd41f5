"""Load every table resolution reads, so a thread can do it while worker processes extract.

The romanisation, Cantonese and city tables take seconds and a few hundred MiB
to build; with ``--jobs 2`` or more the main process mostly waits, so ``add``
builds them meanwhile and resolution then starts at once.
"""

from __future__ import annotations


def warm_tables() -> None:
    from threadline.resolve.blocking import record_keys  # noqa: F401  (imports the scorers' modules)
    from threadline.resolve.places import place
    from threadline.resolve.romanise import pinyin_syllables, syllable_units

    pinyin_syllables()
    syllable_units("Chan Ka-lok")  # Cantonese and Mandarin readings
    syllable_units("Tan Kah Kee")  # Hokkien readings
    place("milan")
