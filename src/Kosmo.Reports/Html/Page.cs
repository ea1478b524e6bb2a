namespace Kosmo.Reports.Html;

/// <summary>The page shell: inline CSS, the header, section navigation and the tooltip script. No external resources.</summary>
internal static class Page
{
    public static string Wrap(string title, IReadOnlyList<(string Id, string Title)> nav, string body)
    {
        var links = string.Concat(nav.Select(n => $"<a href=\"#{n.Id}\">{Blocks.E(n.Title)}</a>"));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{Blocks.E(title)}</title><style>{Css}</style></head><body>"
            + $"<nav class=\"top\"><span class=\"brand\">Kosmo</span>{links}</nav><main>{body}</main>"
            + "<div id=\"tip\" role=\"tooltip\"></div>"
            + $"<script>{Script}</script></body></html>\n";
    }

    private const string Css = """
:root{--bg:#f4f6fa;--card:#fff;--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--neg:#c0392b;--pos:#1a7f46}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Helvetica Neue",Arial,sans-serif}
nav.top{position:sticky;top:0;z-index:5;display:flex;gap:4px;flex-wrap:wrap;align-items:center;padding:8px 24px;background:#0f172a;color:#fff}
nav.top a{color:#cbd5e1;text-decoration:none;padding:4px 10px;border-radius:6px;font-size:13px}
nav.top a:hover{background:#1e293b;color:#fff}
nav.top .brand{font-weight:700;margin-right:12px;letter-spacing:.5px}
main{max-width:1240px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:26px;margin:8px 0 4px}
h2{font-size:19px;margin:36px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:14px;margin:0 0 10px;color:#374151}
.sub{color:var(--muted);margin:0 0 16px}
.banner{background:repeating-linear-gradient(45deg,#fde68a,#fde68a 12px,#fcd34d 12px,#fcd34d 24px);color:#78350f;font-weight:800;letter-spacing:2px;text-align:center;padding:10px;border-radius:10px;margin:10px 0 16px;font-size:16px}
.problems{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:10px;padding:10px 16px;margin:10px 0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:12px 0}
.kpi{background:var(--card);border-radius:12px;padding:14px 16px;box-shadow:0 1px 3px rgba(15,23,42,.08)}
.kpi .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.kpi .v{font-size:22px;font-weight:700;margin-top:2px}
.kpi .d{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px;align-items:start}
.card{background:var(--card);border-radius:12px;padding:16px 18px;box-shadow:0 1px 3px rgba(15,23,42,.08);margin-bottom:16px;min-width:0}
.grid .card{margin-bottom:0}
.caption{color:var(--muted);font-size:12px;margin:8px 0 0}
.note{color:var(--muted);font-style:italic;background:var(--card);border:1px dashed #d1d5db;border-radius:10px;padding:10px 14px;margin:0 0 12px}
svg.chart{display:block;width:100%;height:auto;font-size:11px}
svg .grid{stroke:#eef0f4;stroke-width:1}
svg .zero{stroke:#9ca3af;stroke-width:1}
svg .axis{stroke:#9ca3af;stroke-width:1}
svg .ref{stroke:#9ca3af;stroke-width:1.2;stroke-dasharray:4 4}
svg .lbl{fill:#4b5563;font-size:11px}
svg .muted{fill:#9ca3af;font-size:14px}
svg .axtitle{fill:#374151;font-size:12px;font-weight:600}
svg .cellv{font-size:11px;font-weight:600}
svg .cell:hover{stroke:#111827;stroke-width:1.5}
svg .hover rect:hover{fill:rgba(37,99,235,.07)}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:0 0 8px;font-size:12px;color:#374151}
.legend span{display:inline-flex;align-items:center;gap:6px}
.legend .sw{display:inline-block;width:18px;height:0;border-top:3px solid;border-radius:2px}
.legend .sw.dashed{border-top-style:dashed}
.legend .sw.muted{border-top-width:2px;opacity:.8}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
th{background:#f9fafb;color:#374151;font-weight:600;text-align:right;padding:7px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
td{text-align:right;padding:6px 10px;border-bottom:1px solid #f1f5f9;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
tr:hover td{background:#f8fafc}
table.kv td:last-child,table.kv th:last-child{text-align:left;white-space:normal}
table.text2 td:nth-child(2),table.text2 th:nth-child(2),table.text3 td:nth-child(-n+3),table.text3 th:nth-child(-n+3){text-align:left}
.neg{color:var(--neg)}.pos{color:var(--pos)}
.ci{color:var(--muted);font-size:12px}
.tag{display:inline-block;font-size:11px;padding:1px 7px;border-radius:10px;background:#e0e7ff;color:#3730a3;margin-left:6px}
details{background:var(--card);border-radius:12px;padding:10px 16px;box-shadow:0 1px 3px rgba(15,23,42,.08)}
summary{cursor:pointer;font-weight:600}
pre{overflow:auto;background:#0f172a;color:#e2e8f0;padding:12px;border-radius:8px;font-size:12px}
#tip{position:fixed;display:none;pointer-events:none;z-index:10;background:#111827;color:#f9fafb;padding:6px 9px;border-radius:6px;font-size:12px;white-space:pre;box-shadow:0 4px 12px rgba(0,0,0,.25)}
""";

    private const string Script = """
(function(){var t=document.getElementById('tip');if(!t){return;}
document.addEventListener('mouseover',function(e){var el=e.target&&e.target.closest?e.target.closest('[data-tip]'):null;
if(!el){t.style.display='none';return;}t.textContent=el.getAttribute('data-tip');t.style.display='block';});
document.addEventListener('mousemove',function(e){var x=e.clientX+14,y=e.clientY+14;
if(x+t.offsetWidth>window.innerWidth){x=e.clientX-t.offsetWidth-10;}t.style.left=x+'px';t.style.top=y+'px';});})();
""";
}
