"""Reports: the dossier as one self-contained HTML file (inline CSS, charts as inline SVG,
nothing fetched) or as a PDF printed from that same HTML by WeasyPrint.

Like the dossier, a report is built from a redacted :class:`~threadline.analyse.snapshot.Snapshot`
only. Charts are drawn with matplotlib's object API (no pyplot, so no GUI backend is ever
chosen) in the DejaVu fonts matplotlib ships, with text turned into paths so that the SVG
needs no font at all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Literal

from threadline import __version__
from threadline.analyse.snapshot import Snapshot
from threadline.errors import InputError
from threadline.model import SCHEMA
from threadline.publish.dossier import Brief, build_brief

MAX_NODES = 40


def _node_styles() -> dict[str, tuple[str, str, str, float, str]]:
    """Node styles by entity type, in drawing order: (marker, fill, edge, size in points^2, legend label), from
    ``chart`` and ``label`` in ``schema/entity_types.yaml``. State bodies stand out by colour and by shape."""
    charted = sorted((spec["chart"]["layer"], type_) for type_, spec in SCHEMA.entity_types.items() if spec.get("chart"))
    styles: dict[str, tuple[str, str, str, float, str]] = {}
    for _, type_ in charted:
        spec = SCHEMA.entity_types[type_]
        chart = spec["chart"]
        styles[type_] = (str(chart["marker"]), str(chart["fill"]), str(chart["edge"]), chart["size"], str(spec["label"]))
    return styles


NODE_STYLE = _node_styles()
DEFAULT_STYLE = ("o", "#d5d8dc", "#566573", 110, "Other")
EDGE_STYLE: dict[str, tuple[str, Literal["-", "--", ":"], str]] = {  # label -> (colour, linestyle, legend)
    "relation": ("#4d5656", "-", "Relation"),
    "alleges": ("#d35400", "--", "Allegation"),
    "confirms": ("#1e8449", "--", "Confirmation"),
    "states": ("#85929e", ":", "Statement or report"),
    "reports": ("#85929e", ":", "Statement or report"),
}
LANES = [  # timeline chart lanes, top to bottom: (key, label, colour, marker)
    ("event", "Events: when it happened", "#34495e", "o"),
    ("alleges", "Allegations: when said", "#d35400", "v"),
    ("denies", "Denials: when said", "#7d3c98", "X"),
    ("confirms", "Confirmations: when said", "#1e8449", "^"),
    ("states", "Statements, reports: when said", "#85929e", "o"),
]
LANE_OF = {"reports": "states"}


# -- SVG helpers -----------------------------------------------------------------------


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _svg(fig: Any, prefix: str) -> str:
    """The figure as an inline <svg> element: no XML prolog, ids made unique per picture, scalable."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "threadline", "font.family": "DejaVu Sans"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", pad_inches=0.05)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', rf'\1="#{prefix}-\2"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.replace("<svg", f'<svg class="chart {prefix}" role="img"', 1)


def _wrap(name: str, width: int = 20) -> str:
    lines = textwrap.wrap(name, width) or [name]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


# -- network picture -------------------------------------------------------------------


def network_nodes(brief: Brief, limit: int = MAX_NODES) -> tuple[list[str], list[Any]]:
    """The most relevant entities of a brief (at most ``limit``) and the links drawn between them."""
    links = [l for l in brief.links if l.label != "denies" and l.source in brief.entities and l.target in brief.entities]
    weight: defaultdict[str, float] = defaultdict(float)
    for l in links:
        for x in (l.source, l.target):
            weight[x] += l.score
    for s in brief.seeds:
        if s.id in weight:
            weight[s.id] += 1000.0  # the subject of the brief is always shown
    for x in weight:
        if SCHEMA.is_a(brief.entities[x].type, "state_body"):
            weight[x] += 1.0
    ranked = sorted(weight, key=lambda x: (-weight[x], brief.entities[x].name))[:limit]
    chosen = set(ranked)
    drawn = [l for l in links if l.source in chosen and l.target in chosen]
    linked = {x for l in drawn for x in (l.source, l.target)}
    return [x for x in ranked if x in linked], drawn


def _spread(pos: dict[str, Any], labels: dict[str, str], width_in: float = 7.0, height_in: float = 5.4,
            rounds: int = 400) -> dict[str, tuple[float, float]]:
    """Fill the frame and push apart nodes whose marker-and-label boxes would overlap.

    Works in inches on the printed frame; returns positions in 0..1 on both axes.
    """
    xs, ys = [float(v[0]) for v in pos.values()], [float(v[1]) for v in pos.values()]
    wx, wy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    p = {k: [(float(v[0]) - min(xs)) / wx * width_in, (float(v[1]) - min(ys)) / wy * height_in] for k, v in pos.items()}
    char_w, line_h, node_h = 0.066, 0.12, 0.26
    size = {k: (max(max(len(line) for line in text.split("\n")) * char_w, 0.3),
                (text.count("\n") + 1) * line_h + node_h) for k, text in labels.items()}
    keys = list(p)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                dx, dy = p[b][0] - p[a][0], p[b][1] - p[a][1]
                need_x = (size[a][0] + size[b][0]) / 2 + 0.04
                need_y = (size[a][1] + size[b][1]) / 2 + 0.03
                over_x, over_y = need_x - abs(dx), need_y - abs(dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                if over_x / need_x < over_y / need_y:  # cheaper to move sideways
                    step = min(over_x, 0.2) / 2 * (1 if dx >= 0 else -1)
                    p[a][0] -= step
                    p[b][0] += step
                else:
                    step = min(over_y, 0.2) / 2 * (1 if dy >= 0 else -1)
                    p[a][1] -= step
                    p[b][1] += step
        for k in keys:  # stay inside the frame
            p[k][0] = min(max(p[k][0], 0.0), width_in)
            p[k][1] = min(max(p[k][1], 0.0), height_in)
        if not moved:
            break
    return {k: (v[0] / width_in, v[1] / height_in) for k, v in p.items()}


def _layout(g: Any) -> dict[str, Any]:
    """Kamada-Kawai for each connected part (spring layout without scipy), parts packed side by side."""
    import networkx as nx

    parts = sorted(nx.connected_components(g), key=len, reverse=True)
    placed: dict[str, Any] = {}
    offset = 0.0
    for part in parts:
        sub = g.subgraph(part)
        if len(part) == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            try:
                local = nx.kamada_kawai_layout(sub)
            except ImportError:
                local = nx.spring_layout(sub, seed=7, iterations=300)
        xs = [v[0] for v in local.values()]
        ys = [v[1] for v in local.values()]
        width = (max(xs) - min(xs)) or 0.0
        scale = (len(part) ** 0.5) / max((max(ys) - min(ys)) or 1.0, width or 1.0)
        for k, v in local.items():
            placed[k] = ((v[0] - min(xs)) * scale + offset, (v[1] - min(ys)) * scale)
        offset += width * scale + 1.0
    return placed


def network_svg(brief: Brief) -> tuple[str, list[str]]:
    """The network picture as inline SVG, and the labels it shows."""
    import networkx as nx
    from matplotlib.lines import Line2D

    nodes, links = network_nodes(brief)
    fig = _figure(7.6, 6.6)
    ax = fig.add_axes((0, 0.1, 1, 0.9))
    ax.set_axis_off()
    if not nodes:
        ax.text(0.5, 0.5, "No links to draw in this scope.", ha="center", va="center", fontsize=10)
        return _svg(fig, "net"), []
    g = nx.Graph()
    g.add_nodes_from(nodes)
    best: dict[tuple[str, str], Any] = {}
    for l in links:
        pair = tuple(sorted((l.source, l.target)))
        if pair not in best or best[pair].score < l.score:
            best[pair] = l
    for (u, v), l in best.items():
        g.add_edge(u, v, weight=max(l.score, 0.5))
    pos = _spread(_layout(g), {x: _wrap(brief.entities[x].name) for x in nodes})
    for (u, v), l in best.items():
        colour, style, _ = EDGE_STYLE.get("relation" if l.kind == "relation" else l.label, EDGE_STYLE["states"])
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot([x1, x2], [y1, y2], color=colour, linestyle=style, linewidth=0.8 + 0.6 * min(l.independent, 4) - 0.6,
                alpha=0.85, zorder=1, solid_capstyle="round")
    types_shown = []
    for type_ in [*NODE_STYLE, None]:
        members = [x for x in nodes if (brief.entities[x].type if brief.entities[x].type in NODE_STYLE else None) == type_]
        if not members:
            continue
        marker, fill, edge, size, _ = NODE_STYLE.get(type_ or "", DEFAULT_STYLE)
        seeds = {s.id for s in brief.seeds}
        sizes = [size * (1.6 if x in seeds else 1.0) for x in members]
        ax.scatter([pos[x][0] for x in members], [pos[x][1] for x in members], s=sizes, marker=marker, c=fill,
                   edgecolors=edge, linewidths=1.6 if SCHEMA.is_a(type_, "state_body") else 0.8, zorder=3)
        types_shown.append(type_)
    labels = []
    for x in nodes:
        e = brief.entities[x]
        label = _wrap(e.name)
        labels.append(e.name)
        state = SCHEMA.is_a(e.type, "state_body")
        ax.text(pos[x][0], pos[x][1] - 0.032, label, ha="center", va="top", fontsize=7.5,
                fontweight="bold" if state else "normal", color="#641e16" if state else "#17202a", zorder=4,
                linespacing=1.0,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 1.04)
    handles = []
    for type_ in types_shown:
        marker, fill, edge, _, text = NODE_STYLE.get(type_ or "", DEFAULT_STYLE)
        handles.append(Line2D([], [], marker=marker, linestyle="", markerfacecolor=fill, markeredgecolor=edge,
                              markersize=9 if SCHEMA.is_a(type_, "state_body") else 7, label=text))
    kinds = {"relation" if l.kind == "relation" else l.label for l in best.values()}
    for key in ("relation", "alleges", "confirms", "states"):
        if key in kinds or (key == "states" and "reports" in kinds):
            colour, style, text = EDGE_STYLE[key]
            handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=1.4, label=text))
    fig.legend(handles=handles, loc="lower center", ncol=min(5, len(handles)), fontsize=7.5, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    return _svg(fig, "net"), labels


# -- timeline chart --------------------------------------------------------------------


def _period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """A date string at any precision ('2022', '2022-10', '2022-10-25') as its first and last day."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d
        if month:
            start = dt.date(year, int(month), 1)
            end = (dt.date(year + int(month) // 12, int(month) % 12 + 1, 1) - dt.timedelta(days=1))
            return start, end
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def timeline_svg(brief: Brief) -> str:
    """Events at the date they happened (a bar when only the month or year is known), joined to the
    date the source said so; claims at the date they were said, one lane per stance."""
    import matplotlib.dates as mdates

    info = {key: (label, colour, marker) for key, label, colour, marker in LANES}
    events: list[tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date] | None]] = []
    counts: Counter[tuple[str, dt.date]] = Counter()
    for item in brief.timeline:
        said = _period(item.said)
        if item.kind == "event":
            happened = _period(item.happened)
            if happened is not None:
                events.append((happened, said))
        elif said:
            lane = LANE_OF.get(item.kind, item.kind)
            if lane in info:
                counts[(lane, said[0])] += 1
    claim_lanes = [key for key, *_ in LANES[1:] if any(lane == key for lane, _ in counts)]
    # events get a band of rows on top (one row per event, up to 8, then reused); claims one lane each below
    rows = max(1, min(len(events), 8))
    band = max(1.0, rows * 0.28)
    ticks: dict[str, float] = {key: float(len(claim_lanes) - 1 - i) for i, key in enumerate(claim_lanes)}
    base = len(claim_lanes) - 0.4 + 0.3
    ticks["event"] = base + band / 2
    fig = _figure(7.6, 0.9 + 0.42 * len(claim_lanes) + 0.42 * band)
    ax = fig.add_axes((0.26, 0.1, 0.72, 0.88))
    dates: list[dt.date] = []
    colour = info["event"][1]
    for i, ((start, end), said) in enumerate(events):
        y = base + band - (i % rows + 0.5) * band / rows
        if end > start:
            ax.plot([mdates.date2num(start), mdates.date2num(end)], [y, y], color=colour, linewidth=4, alpha=0.3,
                    solid_capstyle="butt", zorder=2)
        mid = start + (end - start) / 2
        ax.plot([mdates.date2num(mid)], [y], marker="o", color=colour, markersize=3.5, zorder=3)
        dates += [start, end]
        if said and said[0] > end:
            ax.plot([mdates.date2num(end), mdates.date2num(said[0])], [y, y], color=colour, linewidth=0.6,
                    linestyle=":", zorder=1)
            ax.plot([mdates.date2num(said[0])], [y], marker="|", color=colour, markersize=5, zorder=2)
            dates.append(said[0])
    for (lane, day), n in counts.items():
        _, lane_colour, marker = info[lane]
        x = mdates.date2num(day)
        ax.plot([x], [ticks[lane]], marker=marker, color=lane_colour, markersize=5 + min(n, 8), linestyle="",
                alpha=0.9, zorder=3)
        if n > 1:
            ax.annotate(f"×{n}", (x, ticks[lane]), xytext=(5, 4), textcoords="offset points", fontsize=6.5,
                        color=lane_colour)
        dates.append(day)
    order = ["event", *claim_lanes]
    ax.set_yticks([ticks[k] for k in order], [info[k][0] for k in order], fontsize=7.5)
    ax.set_ylim(-0.6, base + band + 0.15)
    if events and claim_lanes:
        ax.axhline(base - 0.15, color="#d5d8dc", linewidth=0.6)
    if dates:
        lo, hi = min(dates), max(dates)
        margin = max((hi - lo).days * 0.04, 20)
        ax.set_xlim(mdates.date2num(lo) - margin, mdates.date2num(hi) + margin)
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.text(0.5, 0.5, "No dated entries in this scope.", transform=ax.transAxes, ha="center", fontsize=9)
        ax.set_xticks([])
    ax.tick_params(axis="x", labelsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e8e8", linewidth=0.6)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return _svg(fig, "tl")


# -- HTML and PDF ----------------------------------------------------------------------


def _environment() -> Any:
    from importlib import resources

    import jinja2

    from threadline.publish.safety import REPORT_CSP, link_target

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("threadline.publish").joinpath("templates"))),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = _css_string
    env.filters["link"] = link_target  # only http, https and mailto links, checked again at render
    env.globals["csp"] = REPORT_CSP
    env.filters["type_class"] = lambda t: (t or "other").lower().replace("_", "-")
    return env


def _css_string(value: str) -> Any:
    """A quoted CSS string (for page margin boxes): anything but plain characters as a CSS escape."""
    import markupsafe

    out = "".join(c if c.isalnum() or c in " .,:;()-_" else f"\\{ord(c):x} " for c in str(value))
    return markupsafe.Markup(f'"{out}"')


def _font_faces() -> str:
    """@font-face rules for matplotlib's bundled DejaVu (local files; used for PDF output only)."""
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    rules = []
    for file, weight, style in (("DejaVuSans.ttf", "normal", "normal"), ("DejaVuSans-Bold.ttf", "bold", "normal"),
                                ("DejaVuSans-Oblique.ttf", "normal", "italic"),
                                ("DejaVuSans-BoldOblique.ttf", "bold", "italic")):
        if (ttf / file).exists():
            rules.append(f'@font-face {{ font-family: "Threadline Sans"; src: url("{(ttf / file).as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def render_html(brief: Brief, for_pdf: bool = False) -> str:
    """The report as one self-contained HTML document."""
    network, labels = network_svg(brief)
    template = _environment().get_template("report.html.j2")
    return template.render(
        brief=brief, network_svg=network, network_count=len(labels), timeline_svg=timeline_svg(brief),
        font_faces=_font_faces() if for_pdf else "", version=__version__, max_nodes=MAX_NODES)


def report(snapshot: Snapshot, country: str | None = None, entity: str | None = None, *, path: str | Path) -> Path:
    """Write a report on one country or one entity: HTML, or PDF when ``path`` ends in .pdf."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InputError(f"a report is written as .html or .pdf, not {target.name!r}")
    brief = build_brief(snapshot, country=country, entity=entity)
    if target.parent and not target.parent.exists():
        raise InputError(f"no folder {target.parent} to write {target.name} in")
    if suffix == ".pdf":
        write_pdf(render_html(brief, for_pdf=True), target)
    else:
        target.write_text(render_html(brief), encoding="utf-8")
    return target


def write_pdf(html: str, target: Path) -> None:
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint is installed but the system's Pango is missing
        raise InputError(f"PDF output needs the Pango library (Debian: libpango-1.0-0 libpangoft2-1.0-0): {exc}") from None

    def no_network(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith(("file:", "data:")):
            raise ValueError(f"reports fetch nothing from the network ({url})")
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)

    HTML(string=html, url_fetcher=no_network).write_pdf(str(target))
