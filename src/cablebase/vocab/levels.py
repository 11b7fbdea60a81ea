"""Classification levels: how they are printed, and the level each one means."""

from __future__ import annotations

LEVELS = {"UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED", "CONFIDENTIAL": "CONFIDENTIAL",
          "SECRET": "SECRET", "TOPSECRET": "TOP SECRET", "TOP SECRET": "TOP SECRET",
          "LIMITED OFFICIAL USE": "UNCLASSIFIED"}


def normalise_level(raw: str | None) -> str | None:
    """`SECRET//NOFORN` -> `SECRET`; `UNCLASSIFIED//FOR OFFICIAL USE ONLY` -> `UNCLASSIFIED`."""
    if not raw:
        return None
    head = " ".join(raw.upper().split("//")[0].split())
    return LEVELS.get(head) or LEVELS.get(head.replace(" ", ""))
