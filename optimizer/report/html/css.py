"""The report's stylesheet, inline in every HTML report: screen, phone (tables stacked, charts
drawn narrow, text at least 9 px) and A4 print (the summary on page 1, tables fitted, headings
kept with what follows)."""

CSS = """
:root { --ink:#1d1d1f; --muted:#5f6368; --line:#e3e3e3; --good:#1b7a3d; --goodbg:#e6f4ea;
  --bad:#b3261e; --badbg:#fce8e6; --atbg:#f6f6f6; --accent:#4e79a7; }
* { box-sizing:border-box; }
body { margin:0; color:var(--ink); background:#fff;
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:1120px; margin:0 auto; padding:24px 28px 48px; }
h1 { font-size:28px; margin:0 0 4px; }
h2 { font-size:20px; margin:36px 0 4px; padding-top:8px; border-top:2px solid var(--line); }
h3 { font-size:16px; margin:18px 0 4px; }
p.sentence { font-size:18px; margin:8px 0 6px; max-width:60em; }
ul.sentences { font-size:17px; margin:10px 0; padding-left:1.2em; max-width:62em; }
ul.sentences li { margin:4px 0; }
h2.appendix { font-size:24px; border-top:4px solid var(--ink); }
svg.chart .unit { fill:var(--muted); font-size:12px; font-style:italic; }
p.lead, p.sub, p.more { color:var(--muted); margin:2px 0 10px; }
.banner { margin:16px 0; padding:14px 18px; border-radius:8px; font-size:18px; font-weight:700; }
.banner.bad { background:var(--badbg); color:var(--bad); border:2px solid var(--bad); }
.banner.good { background:var(--goodbg); color:var(--good); border:1px solid var(--good); }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(190px,1fr)); gap:12px; margin:16px 0; }
.card { border:1px solid var(--line); border-radius:8px; padding:12px 14px; border-top:5px solid var(--accent); }
.card.good { border-top-color:var(--good); } .card.bad { border-top-color:var(--bad); background:var(--badbg); }
.card .label { color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.03em; }
.card .value { font-size:24px; font-weight:700; margin:2px 0; font-variant-numeric:tabular-nums; }
.card.status .value { font-size:17px; }
.card .note { color:var(--muted); font-size:13px; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:24px; }
.grid2 > div, figure { min-width:0; }
figure { margin:8px 0 12px; }
svg.chart { display:block; max-width:100%; height:auto; font-size:13px; fill:var(--ink); }
svg.chart .tick { fill:var(--muted); font-size:12px; } svg.chart .total { font-weight:700; }
table { border-collapse:collapse; margin:8px 0 4px; font-variant-numeric:tabular-nums; }
th, td { padding:4px 10px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { background:#fafafa; font-weight:600; border-bottom:2px solid #ccc; }
td.num, th.num { text-align:right; white-space:nowrap; }
tr:last-child td.strong, tr.total td { font-weight:700; }
td.bad { background:var(--badbg); color:var(--bad); font-weight:700; }
ul.legend { list-style:none; padding:0; margin:4px 0; display:flex; flex-wrap:wrap; gap:2px 14px;
  font-size:13px; }
ul.legend li { display:flex; align-items:center; gap:6px; }
ul.legend span { display:inline-block; width:14px; height:12px; background:var(--c); border-radius:2px; }
ul.legend span.sw-line { height:3px; } ul.legend span.sw-marker { height:4px; }
ul.legend span.sw-diamond { width:10px; height:10px; transform:rotate(45deg); }
td.proposed { background:#e8f0fe; font-style:italic; font-weight:600; }
td.good { background:var(--goodbg); } td.at { background:var(--atbg); }
.wide { overflow-x:auto; }
dl.about { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; color:var(--muted); font-size:13px; }
dl.about dt { font-weight:600; } dl.about dd { margin:0; word-break:break-all; }
.legendnote { font-size:13px; color:var(--muted); }
.legendnote span { display:inline-block; padding:0 6px; margin-right:6px; border-radius:3px; }
@media (max-width: 860px) { .grid2 { grid-template-columns:1fr; } }
.chart-narrow { display:none; }
@media screen and (max-width: 600px) {
  main { padding:16px 12px 32px; }
  h1 { font-size:22px; }
  .wide table, .wide thead, .wide tbody, .wide tr, .wide td { display:block; width:100%; }
  .wide thead { position:absolute; left:-9999px; }
  .wide tr { border-bottom:2px solid var(--line); padding:4px 0; }
  .wide td { border:none; padding:2px 4px; text-align:right; white-space:normal; min-height:1.6em; }
  .wide td::before { content:attr(data-label); float:left; font-weight:600; color:var(--muted);
    text-align:left; padding-right:8px; max-width:55%; }
  .wide td:first-child { text-align:left; font-weight:600; }
  .wide td:first-child::before { content:none; }
  .chart-wide { display:none; } .chart-narrow { display:block; }
}

@media print {
  @page { size:A4; margin:14mm 12mm; }
  body { font-size:11pt; -webkit-print-color-adjust:exact; print-color-adjust:exact; }
  main { max-width:none; padding:0; }
  .grid2 { grid-template-columns:1fr 1fr; gap:12px; }
  h2, h3 { break-after:avoid; margin-top:18px; }
  section.summary { break-after:page; }
  section.summary figure { margin:0; }
  section.summary h3 { margin:4px 0 0; font-size:11pt; }
  section.summary p.lead { margin:2px 0; font-size:9pt; }
  h1 { font-size:18pt; } p.sub { margin:0; font-size:9pt; }
  .banner { margin:4px 0; padding:4px 12px; font-size:12pt; }
  ul.sentences { font-size:9.5pt; margin:3px 0; }
  ul.sentences li { margin:1px 0; }
  section.summary .cards { margin:4px 0; gap:8px; }
  .card { padding:4px 10px; } .card .value { font-size:15pt; } .card .label, .card .note { font-size:8.5pt; }
  h2.appendix { break-before:page; }
  section > h2 + p.lead { break-after:avoid; }
  figure, table, .cards, .banner, .card, tr { break-inside:avoid; }
  .wide { overflow:visible; }
  table { width:100%; font-size:8.5pt; }
  th, td { padding:2px 4px; }
  th { white-space:normal; }
  td { overflow-wrap:anywhere; }
}
"""
