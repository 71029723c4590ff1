"""Charts of the app, built with Altair (part of Streamlit) from the library's tables.

:func:`week_chart` draws a function's week as a picture: the school days side by side,
the time of day downwards, one block per piece of work, break or trip, coloured by area
(a palette that colour-blind readers can tell apart) **and** labelled with the task, so
the picture reads without colour too. The text alternative is the day table the page
shows next to it (:func:`matcher.outputs.grid.day_frame`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from matcher.text.format import nl_number
from matcher.text.labels import AREA_LABELS_NL

#: The school days, in order (the picture always shows all five).
DAYS = ["ma", "di", "wo", "do", "vr"]
#: Okabe-Ito colours per area, grey for breaks and travel.
COLOURS: dict[str, str] = {
    AREA_LABELS_NL["concierge"]: "#56B4E9",
    AREA_LABELS_NL["classroom"]: "#E69F00",
    AREA_LABELS_NL["administration"]: "#009E73",
    AREA_LABELS_NL["facilities"]: "#CC79A7",
    "pauze": "#E8E8E8",
    "reistijd": "#BDBDBD",
}
#: Pixels per hour of the day (half an hour holds a line of text comfortably).
HOUR_PX = 60
#: Blocks shorter than this (minutes) carry no text (it would not fit); the tooltip has it.
TEXT_MINUTES = 20


def short_sites(names: list[str]) -> dict[str, str]:
    """Site names without the words they all start with (``Eemland College locatie
    Centrum`` and ``... Vathorst`` become ``Centrum`` and ``Vathorst``)."""
    names = list(dict.fromkeys(names))
    words = [name.split() for name in names]
    common = 0
    while len(names) > 1 and all(len(w) > common + 1 for w in words) and \
            len({w[common] for w in words}) == 1:
        common += 1
    return {name: " ".join(w[common:]) for name, w in zip(names, words, strict=True)}


def chart_blocks(blocks: pd.DataFrame) -> pd.DataFrame:
    """The blocks with what the picture needs: the middle of each block and its label
    (the site on a second line when the week has more than one site and the block is
    long enough)."""
    out = blocks.copy()
    several = out.loc[out["soort"] == "werk", "locatie"].nunique() > 1
    minutes = out["einde"] - out["begin"]
    out["midden"] = (out["begin"] + out["einde"]) / 2
    label = out["tekst"].where(out["soort"] != "reistijd", "reistijd")
    if several:
        short = short_sites(list(out["locatie"].unique()))
        label = label.where(~((out["soort"] == "werk") & (minutes >= 45)),
                            label + "\n" + out["locatie"].map(short))
    out["label"] = label.where(minutes >= TEXT_MINUTES, "")
    return out


def week_chart(blocks: pd.DataFrame) -> alt.LayerChart:
    """The week picture of one function (``blocks``: :func:`matcher.outputs.grid.week_blocks`)."""
    data = chart_blocks(blocks)
    lo = int(data["begin"].min()) // 60 * 60 if len(data) else 8 * 60
    hi = -(-int(data["einde"].max()) // 60) * 60 if len(data) else 16 * 60
    present = [a for a in COLOURS if a in set(data["gebied"])]
    y = alt.Y("begin:Q", scale=alt.Scale(domain=[lo, hi], reverse=True, nice=False),
              axis=alt.Axis(title=None, values=list(range(lo, hi + 1, 60)),
                            labelExpr="utcFormat(datum.value * 60000, '%H:%M')", grid=True))
    x = alt.X("dag:N", sort=DAYS, scale=alt.Scale(domain=DAYS, paddingInner=0.06),
              axis=alt.Axis(title=None, orient="top", labelAngle=0, labelFontSize=13,
                            labelFontWeight="bold", ticks=False, domain=False))
    tooltip = [alt.Tooltip("dag:N", title="dag"), alt.Tooltip("van:N", title="van"),
               alt.Tooltip("tot:N", title="tot"), alt.Tooltip("tekst:N", title="wat"),
               alt.Tooltip("locatie:N", title="locatie"),
               alt.Tooltip("gebied:N", title="gebied")]
    base = alt.Chart(data)
    blocks_layer = base.mark_rect(stroke="#ffffff", strokeWidth=1.5, cornerRadius=3).encode(
        x=x, y=y, y2="einde:Q",
        color=alt.Color("gebied:N", title="gebied",
                        scale=alt.Scale(domain=present,
                                        range=[COLOURS[a] for a in present]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=tooltip)
    text_layer = base.mark_text(fontSize=11, lineBreak="\n", color="#111111",
                                limit=150, baseline="middle").encode(
        x=x, y=alt.Y("midden:Q", scale=alt.Scale(domain=[lo, hi], reverse=True, nice=False)),
        text="label:N", tooltip=tooltip)
    chart = alt.layer(blocks_layer, text_layer).properties(
        height=max(160, (hi - lo) // 60 * HOUR_PX),
        usermeta={"embedOptions": {"actions": False}})
    return chart.configure_view(stroke=None)


def week_spec(blocks: pd.DataFrame) -> dict[str, object]:
    """The week picture as a Vega-Lite spec (built once per week and kept: Altair's
    building and checking cost about 0.1 s a chart)."""
    spec: dict[str, object] = week_chart(blocks).to_dict(validate=False)
    return spec


def week_alt(function_id: str, blocks: pd.DataFrame) -> str:
    """The picture in words, for screen readers: per working day its first and last time
    and its hours of work."""
    work = blocks[blocks["soort"] == "werk"]
    days = []
    for day in DAYS:
        on_day = work[work["dag"] == day]
        if on_day.empty:
            continue
        minutes = int((on_day["einde"] - on_day["begin"]).sum())
        days.append(f"{day} {on_day['van'].min()}-{on_day['tot'].max()} "
                    f"({nl_number(minutes / 60)} uur werk)")
    return f"Weekrooster van {function_id}: " + ("; ".join(days) or "geen werk") + "."


def pool_map(points: pd.DataFrame, background: pd.DataFrame, sites: pd.DataFrame
             ) -> alt.LayerChart:
    """Where the profiles live, without any map tiles (nothing is fetched from the net).

    ``points``: :func:`matcher.outputs.privacy.pc4_points` (one circle per PC4 area, its
    area growing with the count); ``background``: PC4 centres (``lat``, ``lon``) around
    them, drawn as faint dots so the region has a shape; ``sites``: the schools (``name``,
    ``lat``, ``lon``), black squares with their names. The places with the most profiles
    are named.
    """
    projection = {"type": "mercator"}
    back = alt.Chart(background).mark_circle(size=6, color="#d0d0d0", opacity=0.8).encode(
        longitude="lon:Q", latitude="lat:Q")
    circles = alt.Chart(points).mark_circle(color="#0072B2", opacity=0.55,
                                            stroke="#ffffff", strokeWidth=0.5).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("kandidaten:Q", title="profielen", scale=alt.Scale(range=[15, 900]),
                      legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("pc4:N", title="postcode"), alt.Tooltip("plaats:N"),
                 alt.Tooltip("kandidaten:Q", title="profielen")])
    by_place = (points.groupby("plaats", as_index=False)
                .agg(kandidaten=("kandidaten", "sum"), lat=("lat", "mean"),
                     lon=("lon", "mean"))
                .sort_values(["kandidaten", "plaats"], ascending=[False, True]).head(6))
    names = alt.Chart(by_place).mark_text(fontSize=11, dy=-12, color="#333333").encode(
        longitude="lon:Q", latitude="lat:Q", text="plaats:N")
    schools = alt.Chart(sites).mark_point(shape="square", size=90, filled=True,
                                          color="#000000").encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="school")])
    labelled = sites.assign(label=sites["name"].map(short_sites(list(sites["name"]))))
    school_names = alt.Chart(labelled).mark_text(fontSize=11, dy=14, fontWeight="bold",
                                                 color="#000000").encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N")
    return alt.layer(back, circles, names, schools, school_names).properties(
        height=380, projection=projection,
        usermeta={"embedOptions": {"actions": False}}).configure_view(stroke=None)


def map_alt(points: pd.DataFrame, sites: pd.DataFrame) -> str:
    """The map in words: how many profiles in how many areas, the places with the most,
    and the schools."""
    if points.empty:
        return "Geen profielen met een bekende woonplaats."
    by_place = points.groupby("plaats")["kandidaten"].sum().sort_values(ascending=False)
    top = ", ".join(f"{place} {count}" for place, count in by_place.head(5).items())
    schools = ", ".join(str(n) for n in sites["name"]) or "geen"
    return (f"Kaart: {int(points['kandidaten'].sum())} profielen in {len(points)} "
            f"postcodegebieden; de meeste in {top}. Scholen: {schools}.")
