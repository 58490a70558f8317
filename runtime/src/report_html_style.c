/*
** report_html_style.c: the style sheet and status icons of the HTML report.
**
** Everything is inline so the page needs nothing but itself: system fonts
** only, no web fonts, no images. The layout is one column that narrows to a
** phone's width (figures wrap, tables scroll sideways inside their box), and
** a print style sheet drops colours behind text, keeps each goal on one page
** where it fits and prints link targets in the overview.
**
** Status colours are chosen for contrast (dark text on a light tint, at
** least 4.5:1), but colour never carries the status alone: every badge has
** its words and an icon whose shape differs per status (check, star,
** triangle, square, octagon, circles).
*/
#include "report_html.h"

/* In parts: ISO C promises string literals of 4095 characters only. */
const char *const kpirt_html_css[] = {
    ":root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--card:#ffffff;--page:#f3f4f6;"
    "--accent:#1d4ed8}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;background:var(--page);color:var(--ink);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
    ".page{max-width:980px;margin:0 auto;padding:20px 16px 40px}\n"
    "h1{font-size:1.6rem;margin:0 0 2px}\n"
    "h2{font-size:1.25rem;margin:0}\n"
    "h3{font-size:1rem;margin:18px 0 8px}\n"
    "a{color:var(--accent)}\n"
    ".report-head{margin-bottom:16px}\n"
    ".report-head p{margin:2px 0;color:var(--muted)}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;"
    "padding:16px 18px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.05)}\n"
    ".warnings{border-left:5px solid #b45309}\n"
    ".warnings ul{margin:6px 0 0;padding-left:20px}\n"
    ".counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:10px 0 14px;padding:0}\n"
    ".counts li{display:flex;align-items:center;gap:6px}\n"
    ".counts .n{font-weight:700;font-size:1.1rem;font-variant-numeric:tabular-nums}\n"
    ".table-wrap{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\n"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}\n"
    "thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}\n"
    "td.num,th.num{text-align:right}\n"
    "th.num{white-space:nowrap}\n"
    ".worst-first td:nth-child(2){overflow-wrap:anywhere;min-width:11em}\n"
    ".worst-first td.num{min-width:5.5em}\n"
    ".sub{color:var(--muted);font-size:.85rem}\n",
    ".badge{display:inline-flex;align-items:center;gap:5px;padding:2px 9px 2px 6px;border-radius:999px;"
    "font-size:.85rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}\n"
    ".badge svg{width:15px;height:15px;flex:none}\n"
    ".st-achieved{color:#14532d;background:#dcfce7}\n"
    ".st-on_track,.st-ok{color:#166534;background:#e7f7ec}\n"
    ".st-at_risk{color:#854d0e;background:#fef3c7}\n"
    ".st-off_track,.st-breached{color:#991b1b;background:#fee2e2}\n"
    ".st-missed{color:#7f1d1d;background:#fecaca}\n"
    ".st-overspend{color:#9a3412;background:#ffedd5}\n"
    ".goal-budget{margin:6px 0;font-size:.9rem}\n"
    ".st-no_data,.st-stale,.st-not_started,.st-none{color:#374151;background:#e5e7eb}\n"
    ".st-uncertain{color:#1e3a8a;background:#dbeafe}\n"
    ".goal-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px}\n"
    ".goal-meta{margin:4px 0 10px;color:var(--muted);font-size:.9rem}\n"
    ".goal-meta span+span::before{content:\"\\00B7\";margin:0 6px}\n"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin:10px 0}\n"
    ".figures div{background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:6px 10px}\n"
    ".figures dt{font-size:.75rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}\n"
    ".figures dd{margin:0;font-weight:650;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}\n"
    ".figures dd .range{display:block;font-weight:400;font-size:.8rem}"
    ".why-differs{margin:0 0 8px;font-size:.85rem}\n"
    ".delta{display:block;font-size:.8rem;font-weight:600}\n"
    ".delta.good{color:#166534}.delta.bad{color:#991b1b}.delta.flat{color:var(--muted)}\n"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
    ".goal-why{margin:0 0 8px;font-size:.92rem}\n"
    ".goal-realism{margin:0 0 8px;font-size:.92rem}\n"
    ".goal-realism[data-verdict=beyond]{border-left:3px solid #991b1b;padding-left:6px}\n"
    ".progress{display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin:8px 0}\n"
    ".bar{position:relative;flex:1 1 220px;height:14px;background:#e5e7eb;border-radius:7px;"
    "border:1px solid #9ca3af;overflow:hidden}\n"
    ".bar .fill{position:absolute;left:0;top:0;bottom:0;background:currentColor}\n"
    ".bar .mark{position:absolute;top:-1px;bottom:-1px;width:0;border-left:2px dashed #111827}\n"
    ".progress-text{font-size:.85rem;color:var(--muted)}\n"
    ".chart{margin:10px 0 0}\n"
    ".chart-svg{display:block;width:100%;height:auto;max-width:100%}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:4px 0 0;padding:0;"
    "font-size:.8rem;color:var(--muted)}\n"
    ".legend li{display:flex;align-items:center;gap:5px}\n"
    "details.chart-data{margin-top:6px;font-size:.85rem}\n"
    "details.chart-data summary{cursor:pointer;color:var(--accent)}\n"
    "details.chart-data table{margin-top:6px}\n"
    ".drivers{border-top:1px solid #e5e7eb;margin-top:14px}\n"
    ".tree{list-style:none;margin:0;padding:0}\n"
    ".tree .tree{margin-left:14px;padding-left:12px;border-left:2px solid #e5e7eb}\n"
    ".driver{border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;margin:8px 0;background:#fcfcfd}\n"
    ".driver h4{font-size:.98rem;margin:0}\n"
    ".empty{color:var(--muted)}\n"
    "footer{color:var(--muted);font-size:.8rem;margin-top:24px}\n",
    "@media (max-width:1000px){.hide-narrow{display:none}}\n"
    "@media (max-width:600px){body{font-size:14px}.page{padding:12px 8px 28px}"
    "h1{font-size:1.3rem}.card{padding:12px 10px}"
    ".figures{grid-template-columns:1fr 1fr}.tree .tree{margin-left:4px;padding-left:8px}"
    /* the chart scales down as a whole; its words must not */
    ".chart-svg text{font-size:18px}"
    /* the overview table becomes one block per goal */
    ".worst-first thead{display:none}"
    ".worst-first tr{display:flex;flex-wrap:wrap;align-items:center;gap:3px 10px;padding:8px 0;"
    "border-bottom:1px solid #e5e7eb}"
    ".worst-first td{border:0;padding:0;text-align:left}"
    ".worst-first td:nth-child(2){flex:1 1 55%;min-width:0}"
    ".worst-first td.num{font-size:.85rem;color:var(--muted)}"
    ".worst-first td[data-label]::before{content:attr(data-label) \": \"}}\n"
    "@media print{@page{margin:14mm}body{background:#fff;font-size:11pt}.page{max-width:none;padding:0}"
    ".card{box-shadow:none;border-color:#999;break-inside:avoid}"
    ".driver{break-inside:avoid}details.chart-data{display:none}"
    ".overview a{color:inherit;text-decoration:none}"
    ".badge,.bar .fill{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n",
    NULL,
};

void kpirt_html_icon(FILE *out, kpirt_status s) {
    static const char open[] = "<svg viewBox=\"0 0 16 16\" aria-hidden=\"true\" focusable=\"false\">";
    const char *shape;
    switch (s) {
    case KPIRT_STATUS_ACHIEVED: /* a star */
        shape = "<path fill=\"currentColor\" d=\"M8 .8l2.2 4.6 5 .7-3.6 3.5.9 5L8 12.2l-4.5 2.4.9-5L.8 "
                "6.1l5-.7z\"/>";
        break;
    case KPIRT_STATUS_ON_TRACK:
    case KPIRT_STATUS_OK: /* a check in a circle */
        shape = "<circle cx=\"8\" cy=\"8\" r=\"7.2\" fill=\"currentColor\"/>"
                "<path d=\"M4.4 8.3l2.4 2.4 4.8-5\" fill=\"none\" stroke=\"#fff\" stroke-width=\"1.9\"/>";
        break;
    case KPIRT_STATUS_AT_RISK: /* a warning triangle */
        shape = "<path fill=\"currentColor\" d=\"M8 .9l7.4 13.6H.6z\"/>"
                "<path d=\"M8 5.5v4.4M8 11.4v1.4\" stroke=\"#fff\" stroke-width=\"1.8\"/>";
        break;
    case KPIRT_STATUS_OFF_TRACK: /* a cross in a square */
        shape = "<rect x=\"1\" y=\"1\" width=\"14\" height=\"14\" rx=\"2\" fill=\"currentColor\"/>"
                "<path d=\"M5 5l6 6M11 5l-6 6\" stroke=\"#fff\" stroke-width=\"1.9\"/>";
        break;
    case KPIRT_STATUS_MISSED: /* a cross in a circle */
        shape = "<circle cx=\"8\" cy=\"8\" r=\"7.2\" fill=\"currentColor\"/>"
                "<path d=\"M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6\" stroke=\"#fff\" stroke-width=\"1.9\"/>";
        break;
    case KPIRT_STATUS_BREACHED: /* a no-entry octagon */
        shape = "<path fill=\"currentColor\" d=\"M5.1 .8h5.8l4.1 4.1v6.2l-4.1 4.1H5.1L1 11.1V4.9z\"/>"
                "<path d=\"M4.3 8h7.4\" stroke=\"#fff\" stroke-width=\"2\"/>";
        break;
    case KPIRT_STATUS_OVERSPEND: /* a diamond with an exclamation mark */
        shape = "<path fill=\"currentColor\" d=\"M8 .6L15.4 8 8 15.4.6 8z\"/>"
                "<path d=\"M8 4.2v4.9M8 10.6v1.4\" stroke=\"#fff\" stroke-width=\"1.8\"/>";
        break;
    case KPIRT_STATUS_NOT_STARTED: /* a clock face */
        shape =
            "<circle cx=\"8\" cy=\"8\" r=\"6.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\"/>"
            "<path d=\"M8 4.2V8l2.6 1.8\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\"/>";
        break;
    case KPIRT_STATUS_UNCERTAIN: /* a question mark in a circle */
        shape = "<circle cx=\"8\" cy=\"8\" r=\"7.2\" fill=\"currentColor\"/>"
                "<path d=\"M5.9 6.2a2.1 2.1 0 1 1 3 1.9c-.6.3-.9.8-.9 1.4v.6M8 11.4v1.4\" fill=\"none\" "
                "stroke=\"#fff\" stroke-width=\"1.7\"/>";
        break;
    default: /* no data: a dashed, empty circle */
        shape =
            "<circle cx=\"8\" cy=\"8\" r=\"6.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\" "
            "stroke-dasharray=\"2.6 2\"/>";
        break;
    }
    fputs(open, out);
    fputs(shape, out);
    fputs("</svg>", out);
}
