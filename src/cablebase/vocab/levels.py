"""Classification levels: how they are printed, and the level each one means."""

from __future__ import annotations

from functools import lru_cache

LEVELS = {"UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED", "CONFIDENTIAL": "CONFIDENTIAL",
          "SECRET": "SECRET", "TOPSECRET": "TOP SECRET", "TOP SECRET": "TOP SECRET",
          "LIMITED OFFICIAL USE": "UNCLASSIFIED"}


@lru_cache(maxsize=1024)  # a handful of printed forms, asked of every cable and its closing lines
def normalise_level(raw: str | None) -> str | None:
    """`SECRET//NOFORN` -> `SECRET`; `UNCLASSIFIED//FOR OFFICIAL USE ONLY` -> `UNCLASSIFIED`."""
    if not raw:
        return None
    head = " ".join(raw.upper().split("//")[0].split())
    return LEVELS.get(head) or LEVELS.get(head.replace(" ", ""))
