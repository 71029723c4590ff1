"""The shortlist for the WSP (the regional employer service point): pseudonymous CSV.

Only pseudonymous candidate ids and scores leave the school; with the pool, postcode,
education level and hours are added, coarsened until every combination is shared by at
least ``k`` candidates (:func:`matcher.outputs.privacy.k_anonymise`).
"""

from __future__ import annotations

import pandas as pd

from matcher.carving import Carving
from matcher.matching.weights import COMPONENTS
from matcher.model import Pool
from matcher.outputs.files import csv_bytes
from matcher.outputs.privacy import k_anonymise

__all__ = ["wsp_shortlist", "wsp_shortlist_csv"]


def wsp_shortlist(carving: Carving, short: pd.DataFrame, pool: Pool | None = None,
                  k: int = 5) -> pd.DataFrame:
    """The WSP shortlist table: pseudonymous ids and scores, small-group checked.

    ``short`` is a :func:`matcher.shortlist` frame (with explanations). With the pool,
    postcode, level and hours are added, coarsened until every combination is shared by
    at least ``k`` candidates, and the explanation text is dropped (it describes the
    profile too precisely); each row says how it was coarsened in ``generalised``.
    """
    titles = {f.function_id: f.title for f in carving.functions}
    columns = ["function_id", "rank", "candidate_id", "score", "confidence",
               *COMPONENTS, "assigned", "explanation"]
    out = short[columns].copy()
    if pool is not None:
        out, _ = k_anonymise(out, pool.frame, k=k)
    out.insert(1, "title", [titles[f] for f in out["function_id"]])
    out["score"] = out["score"].round(3)
    out["confidence"] = out["confidence"].round(2)
    for c in COMPONENTS:
        out[c] = out[c].round(3)
    out["assigned"] = ["ja" if a else "nee" for a in out["assigned"]]
    return out


def wsp_shortlist_csv(carving: Carving, short: pd.DataFrame, pool: Pool | None = None,
                      k: int = 5) -> bytes:
    """:func:`wsp_shortlist` as formula-safe CSV bytes (UTF-8 with BOM, ``;``-separated)."""
    return csv_bytes(wsp_shortlist(carving, short, pool, k), sep=";")
