"""The shortlist for the WSP (the regional employer service point): pseudonymous.

Only pseudonymous candidate ids and scores leave the school; with the pool, postcode,
education level and hours are added, coarsened until every combination is shared by at
least ``k`` candidates (:func:`matcher.outputs.privacy.k_anonymise`).

:func:`wsp_shortlist` is the table with English column names (the library's, for
analysts); :func:`wsp_table` is the same table for the people who read it: Dutch headers,
the coarsened place said in words (``postcode 3811``, ``postcodegebied 38``,
``provincie Utrecht``), ``ja``/``nee``. It is what the downloads hold: CSV for a Dutch
Excel (``;``, decimal comma) and ``.xlsx``.
"""

from __future__ import annotations

import pandas as pd

from matcher.carving import Carving
from matcher.matching.weights import COMPONENTS
from matcher.model import Pool
from matcher.outputs.dutch import HEADERS_NL, SCORE_HEADERS_NL
from matcher.outputs.files import dutch_csv_bytes, xlsx_bytes
from matcher.outputs.privacy import UNKNOWN, k_anonymise

__all__ = ["WSP_HEADERS_NL", "wsp_shortlist", "wsp_shortlist_csv", "wsp_shortlist_xlsx",
           "wsp_table"]

#: Dutch headers of :func:`wsp_table`, by the column of :func:`wsp_shortlist`.
WSP_HEADERS_NL: dict[str, str] = {
    **{c: HEADERS_NL[c] for c in ("function_id", "title", "rank", "candidate_id", "score",
                                  "confidence")},
    **SCORE_HEADERS_NL,
    **{c: HEADERS_NL[c] for c in ("assigned", "pc4", "education_level", "hours_per_week_max",
                                  "generalised")},
}


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


def _place(value: object) -> str:
    """The coarsened place of a row in words."""
    text = str(value)
    if text in ("", UNKNOWN):
        return "onbekend"
    if text == "NL":
        return "Nederland"
    if text.isdigit():
        return f"postcode {text}" if len(text) == 4 else f"postcodegebied {text}"
    return f"provincie {text}"


def wsp_table(carving: Carving, short: pd.DataFrame, pool: Pool | None = None,
              k: int = 5) -> pd.DataFrame:
    """:func:`wsp_shortlist` for people: Dutch headers (:data:`WSP_HEADERS_NL`), the place
    in words, unknown values as ``onbekend``, how a row was coarsened in Dutch."""
    out = wsp_shortlist(carving, short, pool, k)
    if "pc4" in out.columns:
        out["pc4"] = [_place(v) for v in out["pc4"]]
        for column in ("education_level", "hours_per_week_max"):
            out[column] = ["onbekend" if str(v) in ("", UNKNOWN) else str(v)
                           for v in out[column]]
        out["generalised"] = [g or "niet nodig" for g in out["generalised"]]
    return out.drop(columns=["explanation"], errors="ignore").rename(columns=WSP_HEADERS_NL)


def wsp_shortlist_csv(carving: Carving, short: pd.DataFrame, pool: Pool | None = None,
                      k: int = 5) -> bytes:
    """:func:`wsp_table` as CSV for a Dutch Excel (``;``, decimal comma, UTF-8 with BOM,
    formula-safe)."""
    return dutch_csv_bytes(wsp_table(carving, short, pool, k))


def wsp_shortlist_xlsx(carving: Carving, short: pd.DataFrame, pool: Pool | None = None,
                       k: int = 5) -> bytes:
    """:func:`wsp_table` as an ``.xlsx`` workbook (sheet ``shortlist``), formula-safe."""
    return xlsx_bytes({"shortlist": wsp_table(carving, short, pool, k)})
