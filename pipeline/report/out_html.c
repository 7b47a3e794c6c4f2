/*
 * out_html.c - report.html (see outputs.h): one self-contained page for a
 * service manager. Inline CSS (allowed by its SHA-256 in a strict
 * Content-Security-Policy), inline SVG charts, no scripts, fonts, images
 * or links to anything outside the file. Every piece of data-derived text
 * goes through vm_html_escape.
 */
#include "report/outputs.h"
#include "report/html.h"
#include "report/svg.h"
#include "common/mem.h"
#include "common/sha256.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HTML_EXEMPLARS 3
#define TREND_SERIES 5
#define SENTIMENT_ROWS 15
#define SENTIMENT_MIN_COMMENTS 5

static const char page_css[] =
    ":root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;--red:#dc2626;"
    "--amber:#d97706;--blue:#2563eb;--green:#059669}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,\"Segoe UI\","
    "\"Noto Sans CJK SC\",\"Noto Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}\n"
    "header.top{background:#0f172a;color:#fff;padding:22px 24px 18px}\n"
    "header.top h1{margin:0 auto;max-width:1092px;font-size:25px;font-weight:650}\n"
    "header.top p{margin:4px auto 0;max-width:1092px;color:#cbd5e1}\n"
    "main{max-width:1140px;margin:0 auto;padding:8px 24px 24px}\n"
    ".kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:18px 0}\n"
    ".kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}\n"
    ".kpi b{display:block;font-size:26px;font-weight:650}\n"
    ".kpi span{color:var(--muted);font-size:13px}\n"
    ".kpi.bad b{color:var(--red)}\n"
    "section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;"
    "margin:16px 0}\n"
    "h2{font-size:18px;margin:0 0 4px}\n"
    "p.sub{margin:0 0 12px;color:var(--muted);font-size:13px}\n"
    "ul.alerts{list-style:none;margin:0;padding:0}\n"
    "ul.alerts li{padding:8px 12px;border-left:4px solid var(--amber);background:#fffbeb;margin:6px 0;"
    "border-radius:4px}\n"
    "ul.alerts li.critical{border-color:var(--red);background:#fef2f2}\n"
    ".badge{display:inline-block;font-size:11px;font-weight:700;padding:1px 8px;border-radius:999px;"
    "background:#e2e8f0;color:#334155;margin-right:6px;text-transform:uppercase;letter-spacing:.03em;"
    "vertical-align:2px}\n"
    ".badge.critical,.badge.rising{background:var(--red);color:#fff}\n"
    ".badge.warning{background:var(--amber);color:#fff}\n"
    ".badge.new{background:#7c3aed;color:#fff}\n"
    ".badge.falling{background:var(--green);color:#fff}\n"
    ".topic{border-top:1px solid var(--line);padding:14px 0 10px}\n"
    ".topic:first-of-type{border-top:0}\n"
    ".topic h3{margin:0 0 6px;font-size:17px}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:4px 22px;color:#334155;font-size:14px;margin:4px 0}\n"
    ".facts b{font-weight:600}\n"
    ".formula{font-family:ui-monospace,\"SFMono-Regular\",Menlo,monospace;font-size:13px;color:#1e293b;"
    "background:#f1f5f9;padding:3px 8px;border-radius:6px;display:inline-block;margin:4px 0}\n"
    ".owner{color:#1d4ed8;font-weight:600}\n"
    "blockquote{margin:6px 0;padding:6px 12px;border-left:3px solid #cbd5e1;color:#334155;background:#f8fafc;"
    "unicode-bidi:isolate;overflow-wrap:anywhere}\n"
    "blockquote small{color:var(--muted)}\n"
    "svg.chart{max-width:100%;height:auto;display:block}\n"
    "svg.stack{vertical-align:middle;border-radius:3px}\n"
    ".chart text{font-size:13px;fill:#0f172a}\n"
    ".chart .note{fill:#475569;font-size:12px}\n"
    ".chart .axis{fill:#64748b;font-size:11px}\n"
    ".chart .hl{fill:#b91c1c;font-weight:700}\n"
    ".chart .grid{stroke:#e2e8f0}\n"
    ".chart .zero{stroke:#94a3b8}\n"
    ".legend{font-size:12px;color:var(--muted)}\n"
    ".legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}\n"
    ".sev0{background:#cbd5e1}.sev1{background:#fcd34d}.sev2{background:#f97316}.sev3{background:#b91c1c}\n"
    ".method{font-size:14px;color:#334155}\n"
    "footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}\n";

static void base64(vm_buf *b, const uint8_t *d, size_t n) {
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
        vm_buf_putc(b, tab[v >> 18 & 63]);
        vm_buf_putc(b, tab[v >> 12 & 63]);
        vm_buf_putc(b, i + 1 < n ? tab[v >> 6 & 63] : '=');
        vm_buf_putc(b, i + 2 < n ? tab[v & 63] : '=');
    }
}

static void head(vm_buf *b, const vm_findings *an) {
    vm_sha256 c;
    uint8_t digest[32];
    vm_sha256_init(&c);
    vm_sha256_update(&c, page_css, strlen(page_css));
    vm_sha256_final(&c, digest);
    vm_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-");
    base64(b, digest, sizeof digest);
    vm_buf_puts(b, "'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Customer voice report ");
    vm_html_escape_str(b, an->run_id);
    vm_buf_puts(b, "</title>\n<style>");
    vm_buf_puts(b, page_css);
    vm_buf_puts(b, "</style>\n</head>\n<body>\n");
}

static void top_header(vm_buf *b, const vm_findings *an) {
    const vm_rundata *rd = an->rd;
    vm_buf_puts(b, "<header class=\"top\"><h1>Customer voice: what to fix first</h1><p>Run ");
    vm_html_escape_str(b, an->run_id);
    if (rd->ndays)
        vm_buf_printf(b, " \xC2\xB7 %s to %s (%zu day%s)", vm_rundata_day(rd, rd->day_order[0]),
                      vm_rundata_day(rd, rd->day_order[rd->ndays - 1]), rd->ndays, rd->ndays == 1 ? "" : "s");
    if (an->h && an->h->nruns)
        vm_buf_printf(b, " \xC2\xB7 compared with %zu earlier run%s", an->h->nruns, an->h->nruns == 1 ? "" : "s");
    vm_buf_puts(b, "</p></header>\n<main>\n");
}

static void kpis(vm_buf *b, const vm_findings *an) {
    size_t critical = 0;
    for (size_t i = 0; i < an->nalerts; i++) critical += an->alerts[i].critical != 0;
    vm_buf_printf(b, "<div class=\"kpis\">\n<div class=\"kpi\"><b>%llu</b><span>comments (%llu duplicates set "
                     "aside)</span></div>\n",
                  (unsigned long long)an->run.comments, (unsigned long long)an->rd->duplicates);
    vm_buf_printf(b, "<div class=\"kpi\"><b>%llu</b><span>complaints (%.1f%% of comments)</span></div>\n",
                  (unsigned long long)an->run.complaints, 100 * vm_tally_complaint_rate(&an->run));
    vm_buf_printf(b, "<div class=\"kpi\"><b>%+.2f</b><span>mean sentiment (-1 to +1)</span></div>\n",
                  vm_tally_mean_score(&an->run));
    vm_buf_printf(b, "<div class=\"kpi%s\"><b>%zu</b><span>alerts (%zu critical)</span></div>\n</div>\n",
                  an->nalerts ? " bad" : "", an->nalerts, critical);
}

static void alerts(vm_buf *b, const vm_findings *an) {
    vm_buf_puts(b, "<section>\n<h2>Alerts</h2>\n");
    if (!an->nalerts) {
        vm_buf_puts(b, "<p class=\"sub\">No alerts in this run.</p>\n</section>\n");
        return;
    }
    vm_buf_puts(b, "<p class=\"sub\">Spikes against earlier runs or earlier days, new topics, and stores/channels "
                   "below the sentiment threshold. Most urgent first.</p>\n<ul class=\"alerts\">\n");
    for (size_t i = 0; i < an->nalerts; i++) {
        const vm_alert *a = &an->alerts[i];
        const char *lvl = a->critical ? "critical" : "warning";
        vm_buf_printf(b, "<li class=\"%s\"><span class=\"badge %s\">%s</span>", lvl, lvl, lvl);
        vm_html_escape_str(b, a->message);
        vm_buf_puts(b, "</li>\n");
    }
    vm_buf_puts(b, "</ul>\n</section>\n");
}

static size_t top_count(const vm_findings *an) {
    return an->ntopics < (size_t)an->opt.top ? an->ntopics : (size_t)an->opt.top;
}

static int is_hot(const vm_trend *tr) { return strcmp(tr->label, "rising") == 0 || strcmp(tr->label, "new") == 0; }

static void top_chart(vm_buf *b, const vm_findings *an) {
    size_t n = top_count(an);
    vm_buf_printf(b, "<section>\n<h2>TOP-%zu issues by impact</h2>\n<p class=\"sub\">Impact = comments \xC3\x97 "
                     "severity \xC3\x97 negativity \xC3\x97 growth, the factors after each bar (see the end of the page). Red: rising or "
                     "new.</p>\n",
                  n);
    if (!n) {
        vm_buf_puts(b, "<p>No complaint topics in this run.</p>\n</section>\n");
        return;
    }
    char **labels = vm_xcalloc(n, sizeof *labels), **notes = vm_xcalloc(n, sizeof *notes);
    double *values = vm_xcalloc(n, sizeof *values);
    int *hot = vm_xcalloc(n, sizeof *hot);
    for (size_t i = 0; i < n; i++) {
        const vm_topic_result *t = &an->topics[i];
        char buf[256];
        vm_buf l = {0}, o = {0};
        vm_buf_printf(&l, "%d. %s", t->rank, vm_topic_display(an->rd, t->topic, buf, sizeof buf));
        vm_buf_printf(&o, "%.0f = %llu \xC3\x97 %.2f \xC3\x97 %.2f \xC3\x97 %.2f", t->impact.score,
                      (unsigned long long)t->st.comments, t->impact.severity, t->impact.negativity, t->impact.growth);
        labels[i] = vm_buf_detach(&l);
        notes[i] = vm_buf_detach(&o);
        values[i] = t->impact.score;
        hot[i] = is_hot(&t->trend);
    }
    vm_svg_bars(b, "TOP issues by impact", (const char *const *)labels, values, (const char *const *)notes, hot, n);
    vm_buf_puts(b, "</section>\n");
    for (size_t i = 0; i < n; i++) {
        free(labels[i]);
        free(notes[i]);
    }
    free(labels);
    free(notes);
    free(values);
    free(hot);
}

static void topic_where(vm_buf *b, const vm_findings *an, const vm_topic_result *t) {
    vm_buf_puts(b, "<span>Where: ");
    for (int g = 0; g < t->ngroups; g++) {
        vm_buf_puts(b, g ? ", <b>" : "<b>");
        vm_html_escape_str(b, vm_rundata_name(an->rd, VM_CELL_GROUP, t->group[g]));
        vm_buf_printf(b, "</b> (%llu)", (unsigned long long)t->group_n[g]);
    }
    if (t->nchannels) vm_buf_puts(b, t->ngroups ? " \xC2\xB7 via " : "via ");
    for (int c = 0; c < t->nchannels; c++) {
        if (c) vm_buf_puts(b, ", ");
        vm_html_escape_str(b, vm_rundata_name(an->rd, VM_CELL_CHANNEL, t->channel[c]));
        vm_buf_printf(b, " (%llu)", (unsigned long long)t->channel_n[c]);
    }
    vm_buf_puts(b, "</span>");
}

static void topic_trend_text(vm_buf *b, const vm_trend *tr) {
    if (tr->has_baseline)
        vm_buf_printf(b, "<span>Previous run: <b>%.0f</b> \xC2\xB7 expected from last %d runs: <b>%.1f</b></span>",
                      tr->prev_count, tr->baseline_runs, tr->cross.expected);
    if (tr->has_window) {
        vm_buf_printf(b, "<span>Last day%s (", tr->window_days > 1 ? "s" : "");
        vm_html_escape_str(b, tr->window);
        vm_buf_printf(b, "): <b>%.0f</b> vs <b>%.1f</b> expected</span>", tr->within.observed, tr->within.expected);
    }
}

static void topic_card(vm_buf *b, const vm_findings *an, const vm_topic_result *t) {
    static const char *const sev_names[] = {"none", "minor", "moderate", "severe"};
    const vm_topic_info *tp = &an->rd->topics[t->topic];
    char buf[256];
    vm_buf_printf(b, "<div class=\"topic\">\n<h3>%d. ", t->rank);
    vm_html_escape_str(b, vm_topic_display(an->rd, t->topic, buf, sizeof buf));
    if (*t->trend.label) vm_buf_printf(b, " <span class=\"badge %s\">%s</span>", t->trend.label, t->trend.label);
    vm_buf_puts(b, "</h3>\n<div class=\"facts\"><span>Suggested owner: <span class=\"owner\">");
    vm_html_escape_str(b, vm_owner_text(an, t, buf, sizeof buf));
    vm_buf_printf(b, "</span></span><span><b>%llu</b> comments (%.1f%% of all)</span><span>Severity ",
                  (unsigned long long)t->st.comments, 100 * t->share);
    double sev[4] = {(double)t->st.sev[0], (double)t->st.sev[1], (double)t->st.sev[2], (double)t->st.sev[3]};
    vm_svg_stack(b, sev, sev_names, 4, 120);
    vm_buf_printf(b, " %llu severe, %llu moderate</span></div>\n", (unsigned long long)t->st.sev[VM_SEV_SEVERE],
                  (unsigned long long)t->st.sev[VM_SEV_MODERATE]);
    vm_buf_printf(b, "<div class=\"formula\">impact %.1f = %llu comments \xC3\x97 severity %.2f \xC3\x97 negativity "
                     "%.2f \xC3\x97 growth %.2f</div>\n<div class=\"facts\">",
                  t->impact.score, (unsigned long long)t->st.comments, t->impact.severity, t->impact.negativity,
                  t->impact.growth);
    topic_trend_text(b, &t->trend);
    topic_where(b, an, t);
    if (*tp->keywords) {
        vm_buf_puts(b, "<span>Keywords: ");
        vm_html_escape_str(b, tp->keywords);
        vm_buf_puts(b, "</span>");
    }
    vm_buf_puts(b, "</div>\n");
    size_t shown = 0;
    for (size_t e = 0; e < tp->nexemplars && shown < HTML_EXEMPLARS; e++) {
        const char *text = vm_exemplar_text(an->rd, tp->exemplars[e]);
        if (!text) continue;
        shown++;
        vm_buf_puts(b, "<blockquote dir=\"auto\">");
        vm_html_escape_str(b, text);
        vm_buf_puts(b, " <small>(");
        vm_html_escape_str(b, tp->exemplars[e]);
        vm_buf_puts(b, ")</small></blockquote>\n");
    }
    vm_buf_puts(b, "</div>\n");
}

static void topic_cards(vm_buf *b, const vm_findings *an) {
    size_t n = top_count(an);
    if (!n) return;
    vm_buf_puts(b, "<section>\n<h2>The issues in detail</h2>\n<p class=\"sub\">Owner suggested from the aspect "
                   "category. Severity: <span class=\"legend\"><i class=\"sev0\"></i>none<i class=\"sev1\"></i>minor"
                   "<i class=\"sev2\"></i>moderate<i class=\"sev3\"></i>severe</span>. Examples are shown as written, "
                   "with personal data masked.</p>\n");
    for (size_t i = 0; i < n; i++) topic_card(b, an, &an->topics[i]);
    vm_buf_puts(b, "</section>\n");
}

/* Share (%) of the top topics per earlier run plus this run. */
static void trend_runs(vm_buf *b, const vm_findings *an, size_t ns) {
    const vm_history *h = an->h;
    size_t nx = h->nruns + 1;
    const char **x = vm_xcalloc(nx, sizeof *x), **names = vm_xcalloc(ns, sizeof *names);
    double *v = vm_xcalloc(nx * ns, sizeof *v);
    char (*bufs)[256] = vm_xcalloc(ns, sizeof *bufs);
    for (size_t r = 0; r < h->nruns; r++) x[r] = h->run_ids[r];
    x[h->nruns] = an->run_id;
    for (size_t s = 0; s < ns; s++) {
        const vm_topic_result *t = &an->topics[s];
        names[s] = vm_topic_display(an->rd, t->topic, bufs[s], sizeof bufs[s]);
        for (size_t r = 0; r < h->nruns; r++) {
            double c = h->topic_counts[(size_t)t->topic * h->nruns + r];
            v[s * nx + r] = h->run_comments[r] > 0 ? 100 * c / h->run_comments[r] : NAN;
        }
        v[s * nx + h->nruns] = 100 * t->share;
    }
    vm_svg_lines(b, "Share of comments per run", x, nx, names, v, ns, "%");
    free(x);
    free(names);
    free(v);
    free(bufs);
}

/* Share (%) of the top topics per day of this run. */
static void trend_days(vm_buf *b, const vm_findings *an, size_t ns) {
    const vm_rundata *rd = an->rd;
    size_t nx = rd->ndays;
    const char **x = vm_xcalloc(nx, sizeof *x), **names = vm_xcalloc(ns, sizeof *names);
    double *v = vm_xcalloc(nx * ns, sizeof *v), *tot = vm_xcalloc(nx, sizeof *tot);
    char (*bufs)[256] = vm_xcalloc(ns, sizeof *bufs);
    vm_day_totals(rd, tot);
    for (size_t p = 0; p < nx; p++) x[p] = vm_rundata_day(rd, rd->day_order[p]);
    for (size_t s = 0; s < ns; s++) {
        const vm_topic_result *t = &an->topics[s];
        names[s] = vm_topic_display(rd, t->topic, bufs[s], sizeof bufs[s]);
        for (size_t p = 0; p < nx; p++) {
            const vm_tally *st = vm_rundata_find(rd, VM_CELL_TOPIC, t->topic, 0, rd->day_order[p]);
            v[s * nx + p] = tot[p] > 0 ? 100.0 * (st ? (double)st->comments : 0) / tot[p] : NAN;
        }
    }
    vm_svg_lines(b, "Share of comments per day", x, nx, names, v, ns, "%");
    free(x);
    free(names);
    free(v);
    free(tot);
    free(bufs);
}

static void trends(vm_buf *b, const vm_findings *an) {
    size_t ns = an->ntopics < TREND_SERIES ? an->ntopics : TREND_SERIES;
    vm_buf_puts(b, "<section>\n<h2>Trends of the top topics</h2>\n");
    if (ns && an->h && an->h->nruns) {
        vm_buf_puts(b, "<p class=\"sub\">Share of all comments per run (this run last).</p>\n");
        trend_runs(b, an, ns);
    } else if (ns && an->rd->ndays >= 2) {
        vm_buf_puts(b, "<p class=\"sub\">Share of all comments per day of this run.</p>\n");
        trend_days(b, an, ns);
    } else {
        vm_buf_puts(b, "<p class=\"sub\">Trends appear once there are earlier runs in the database or the run spans "
                       "several days.</p>\n");
    }
    vm_buf_puts(b, "</section>\n");
}

static int has_alert(const vm_findings *an, const vm_dim_result *d) {
    const char *kind = d->kind == VM_CELL_GROUP ? "group" : "channel";
    for (size_t i = 0; i < an->nalerts; i++)
        if (strcmp(an->alerts[i].subject_kind, kind) == 0 && strcmp(an->alerts[i].subject, d->name) == 0) return 1;
    return 0;
}

static int cmp_mean(const void *x, const void *y) {
    const vm_dim_result *a = *(const vm_dim_result *const *)x, *b = *(const vm_dim_result *const *)y;
    if (a->mean_score != b->mean_score) return a->mean_score < b->mean_score ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void sentiment_chart(vm_buf *b, const vm_findings *an, const vm_dim_result *d, size_t n, const char *title,
                            size_t max_rows) {
    const vm_dim_result **rows = vm_xcalloc(n + 1, sizeof *rows);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].st.comments >= SENTIMENT_MIN_COMMENTS || has_alert(an, &d[i])) rows[m++] = &d[i];
    qsort(rows, m, sizeof *rows, cmp_mean);
    size_t shown = m < max_rows ? m : max_rows;
    const char **labels = vm_xcalloc(shown + 1, sizeof *labels);
    char **notes = vm_xcalloc(shown + 1, sizeof *notes);
    double *values = vm_xcalloc(shown + 1, sizeof *values);
    int *hl = vm_xcalloc(shown + 1, sizeof *hl);
    for (size_t i = 0; i < shown; i++) {
        vm_buf o = {0};
        vm_buf_printf(&o, "%+.2f \xC2\xB7 %.0f%% complaints \xC2\xB7 %llu comments", rows[i]->mean_score,
                      100 * rows[i]->complaint_rate, (unsigned long long)rows[i]->st.comments);
        labels[i] = rows[i]->name;
        notes[i] = vm_buf_detach(&o);
        values[i] = rows[i]->mean_score;
        hl[i] = has_alert(an, rows[i]);
    }
    if (shown)
        vm_svg_diverging(b, title, labels, values, (const char *const *)notes, hl, shown);
    else
        vm_buf_puts(b, "<p>No data.</p>\n");
    if (m > shown) vm_buf_printf(b, "<p class=\"legend\">%zu more not shown (better sentiment).</p>\n", m - shown);
    for (size_t i = 0; i < shown; i++) free(notes[i]);
    free(rows);
    free(labels);
    free(notes);
    free(values);
    free(hl);
}

static void sentiment(vm_buf *b, const vm_findings *an) {
    vm_buf_printf(b, "<section>\n<h2>Sentiment by store / branch / product</h2>\n<p class=\"sub\">Mean sentiment "
                     "(-1 to +1), worst first, at least %d comments. Red names have an alert.</p>\n",
                  SENTIMENT_MIN_COMMENTS);
    sentiment_chart(b, an, an->groups, an->ngroups, "Sentiment by store", SENTIMENT_ROWS);
    vm_buf_puts(b, "</section>\n<section>\n<h2>Sentiment by channel</h2>\n");
    sentiment_chart(b, an, an->channels, an->nchannels, "Sentiment by channel", SENTIMENT_ROWS);
    vm_buf_puts(b, "</section>\n");
}

static void method(vm_buf *b, const vm_findings *an) {
    vm_buf_printf(b,
                  "<section class=\"method\">\n<h2>How to read this page</h2>\n"
                  "<p><b>Impact</b> = comments \xC3\x97 severity \xC3\x97 negativity \xC3\x97 growth. "
                  "<b>Severity</b> = 1 + (0.25 minor + 0.5 moderate + 1.0 severe) / comments, from 1 to 2. "
                  "<b>Negativity</b> = 0.5 + the mean negative strength of the comments, from 0.5 to 1.5. "
                  "<b>Growth</b> = 1 + 0.5 \xC3\x97 log<sub>2</sub> of how many times more comments came in than "
                  "expected, from 1 to 2: against the median share of the last %d runs and, for a run over several days, the last "
                  "day(s) against the earlier days.</p>\n"
                  "<p>A <b>spike</b> is at least %.0f comments, at least 1.5 times the expected count and z \xE2\x89\xA5 "
                  "3 (two-rate binomial test against the baseline); critical from z \xE2\x89\xA5 5. A <b>sentiment alert</b> fires when a store or "
                  "channel averages below %.2f over at least %.0f comments.</p>\n</section>\n",
                  VM_BASELINE_RUNS, an->opt.min_count, an->opt.alert_threshold, an->opt.min_comments);
}

int vm_write_report_html(const vm_findings *an, vm_outfile *o, vm_error *err) {
    vm_buf b = {0};
    head(&b, an);
    top_header(&b, an);
    kpis(&b, an);
    alerts(&b, an);
    top_chart(&b, an);
    topic_cards(&b, an);
    trends(&b, an);
    sentiment(&b, an);
    method(&b, an);
    vm_buf_puts(&b, "<footer>Generated by vocmine " VM_VERSION " from the run's files; no data leaves this page."
                    "</footer>\n</main>\n</body>\n</html>\n");
    int rc = vm_outfile_write(o, b.data, b.len, err);
    vm_buf_free(&b);
    return rc;
}
