/*
 * out_md.c - report.md (see outputs.h).
 *
 * Untrusted text is HTML-escaped (Markdown renders raw HTML) and the
 * Markdown punctuation that could make links, images, emphasis or table
 * cells out of it is written as numeric entities; line breaks become
 * spaces, so a comment stays inside its quote line.
 */
#include "report/outputs.h"
#include "report/html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MD_EXEMPLARS 3

static int md_special(char c) { return c && strchr("|*_`[]\\#!~", c) != NULL; }

static void md_text(vm_buf *b, const char *s) {
    size_t n = strlen(s), start = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '\0';
        int special = md_special(c), space = c == '\n' || c == '\t' || c == '\r';
        if (i < n && !special && !space) continue;
        vm_html_escape(b, s + start, i - start);
        if (special) vm_buf_printf(b, "&#%d;", c);
        if (space) vm_buf_putc(b, ' ');
        start = i + 1;
    }
}

static void md_summary(vm_buf *b, const vm_findings *an) {
    const vm_rundata *rd = an->rd;
    vm_buf_puts(b, "# Customer voice report: run ");
    md_text(b, an->run_id);
    vm_buf_puts(b, "\n\n");
    if (rd->ndays)
        vm_buf_printf(b, "Period: %s to %s (%zu day%s). ", vm_rundata_day(rd, rd->day_order[0]),
                      vm_rundata_day(rd, rd->day_order[rd->ndays - 1]), rd->ndays, rd->ndays == 1 ? "" : "s");
    vm_buf_printf(b, "%llu comments (%llu exact duplicates set aside), %llu complaints (%.1f%%), "
                     "mean sentiment %.2f, %zu topics, %zu alerts.\n\n",
                  (unsigned long long)an->run.comments, (unsigned long long)rd->duplicates,
                  (unsigned long long)an->run.complaints, 100 * vm_tally_complaint_rate(&an->run),
                  vm_tally_mean_score(&an->run), an->ntopics, an->nalerts);
}

static void md_alerts(vm_buf *b, const vm_findings *an) {
    vm_buf_puts(b, "## Alerts\n\n");
    if (!an->nalerts) vm_buf_puts(b, "No alerts.\n");
    for (size_t i = 0; i < an->nalerts; i++) {
        const vm_alert *a = &an->alerts[i];
        vm_buf_printf(b, "- **%s** ", a->critical ? "CRITICAL" : "warning");
        md_text(b, a->message);
        vm_buf_putc(b, '\n');
    }
    vm_buf_putc(b, '\n');
}

static void md_table(vm_buf *b, const vm_findings *an, size_t n) {
    char buf[256];
    vm_buf_printf(b, "## TOP-%zu issues by impact\n\n", n);
    if (!n) {
        vm_buf_puts(b, "No complaint topics in this run.\n\n");
        return;
    }
    vm_buf_puts(b, "| # | Topic | Comments | Share | Severity | Negativity | Growth | Impact | Trend | Suggested owner |\n"
                   "|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const vm_topic_result *t = &an->topics[i];
        vm_buf_printf(b, "| %d | ", t->rank);
        md_text(b, vm_topic_display(an->rd, t->topic, buf, sizeof buf));
        vm_buf_printf(b, " | %llu | %.1f%% | \xC3\x97%.2f | \xC3\x97%.2f | \xC3\x97%.2f | %.1f | %s | ",
                      (unsigned long long)t->st.comments, 100 * t->share, t->impact.severity, t->impact.negativity,
                      t->impact.growth, t->impact.score, *t->trend.label ? t->trend.label : "-");
        md_text(b, vm_owner_text(an, t, buf, sizeof buf));
        vm_buf_puts(b, " |\n");
    }
    vm_buf_putc(b, '\n');
}

static void md_where(vm_buf *b, const vm_findings *an, const vm_topic_result *t) {
    vm_buf_puts(b, "- Where: ");
    for (int g = 0; g < t->ngroups; g++) {
        if (g) vm_buf_puts(b, ", ");
        md_text(b, vm_rundata_name(an->rd, VM_CELL_GROUP, t->group[g]));
        vm_buf_printf(b, " (%llu)", (unsigned long long)t->group_n[g]);
    }
    if (t->ngroups && t->nchannels) vm_buf_puts(b, "; channels ");
    for (int c = 0; c < t->nchannels; c++) {
        if (c) vm_buf_puts(b, ", ");
        md_text(b, vm_rundata_name(an->rd, VM_CELL_CHANNEL, t->channel[c]));
        vm_buf_printf(b, " (%llu)", (unsigned long long)t->channel_n[c]);
    }
    vm_buf_putc(b, '\n');
}

static void md_trend_line(vm_buf *b, const vm_trend *tr) {
    if (tr->has_baseline)
        vm_buf_printf(b, "- Trend: %s; previous run %.0f, expected %.1f from the last %d runs\n",
                      *tr->label ? tr->label : "-", tr->prev_count, tr->cross.expected, tr->baseline_runs);
    if (tr->has_window)
        vm_buf_printf(b, "- Last days: %.0f on %s vs %.1f expected from the earlier days\n", tr->within.observed,
                      tr->window, tr->within.expected);
}

static void md_topic(vm_buf *b, const vm_findings *an, const vm_topic_result *t) {
    char buf[256];
    const vm_topic_info *tp = &an->rd->topics[t->topic];
    vm_buf_printf(b, "### %d. ", t->rank);
    md_text(b, vm_topic_display(an->rd, t->topic, buf, sizeof buf));
    vm_buf_puts(b, "\n\n- Suggested owner: ");
    md_text(b, vm_owner_text(an, t, buf, sizeof buf));
    vm_buf_printf(b, "\n- Impact %.1f = %llu comments \xC3\x97 severity %.2f \xC3\x97 negativity %.2f \xC3\x97 growth %.2f\n",
                  t->impact.score, (unsigned long long)t->st.comments, t->impact.severity, t->impact.negativity,
                  t->impact.growth);
    vm_buf_printf(b, "- Severity mix: %llu severe, %llu moderate, %llu minor, %llu none\n",
                  (unsigned long long)t->st.sev[VM_SEV_SEVERE], (unsigned long long)t->st.sev[VM_SEV_MODERATE],
                  (unsigned long long)t->st.sev[VM_SEV_MINOR], (unsigned long long)t->st.sev[VM_SEV_NONE]);
    md_trend_line(b, &t->trend);
    md_where(b, an, t);
    if (*tp->keywords) {
        vm_buf_puts(b, "- Keywords: ");
        md_text(b, tp->keywords);
        vm_buf_putc(b, '\n');
    }
    size_t shown = 0;
    for (size_t e = 0; e < tp->nexemplars && shown < MD_EXEMPLARS; e++) {
        const char *text = vm_exemplar_text(an->rd, tp->exemplars[e]);
        if (!text) continue;
        if (!shown++) vm_buf_puts(b, "\nExamples:\n\n");
        vm_buf_puts(b, "> ");
        md_text(b, text);
        vm_buf_puts(b, " (");
        md_text(b, tp->exemplars[e]);
        vm_buf_puts(b, ")\n>\n");
    }
    vm_buf_putc(b, '\n');
}

static void md_rising(vm_buf *b, const vm_findings *an) {
    char buf[256];
    vm_buf_puts(b, "## Rising and new topics\n\n");
    size_t n = 0;
    for (size_t i = 0; i < an->ntopics; i++) {
        const vm_topic_result *t = &an->topics[i];
        if (strcmp(t->trend.label, "new") != 0 && strcmp(t->trend.label, "rising") != 0) continue;
        vm_buf_printf(b, "- **%s** #%d ", t->trend.label, t->rank);
        md_text(b, vm_topic_display(an->rd, t->topic, buf, sizeof buf));
        vm_buf_printf(b, ": %llu comments, growth \xC3\x97%.2f (ratio %.2f)\n", (unsigned long long)t->st.comments,
                      t->impact.growth, t->trend.growth_ratio);
        n++;
    }
    vm_buf_puts(b, n ? "\n" : "None.\n\n");
}

static void md_method(vm_buf *b, const vm_findings *an) {
    vm_buf_printf(b,
                  "## How to read this\n\n"
                  "Impact = comments \xC3\x97 severity \xC3\x97 negativity \xC3\x97 growth. Severity is 1 + (0.25 "
                  "minor + 0.5 moderate + 1.0 severe) / comments (1 to 2); negativity is 0.5 + the mean negative "
                  "strength of the comments (0.5 to 1.5); growth is 1 + 0.5 log2 of how many times more comments "
                  "than expected (1 to 2), against the median share of the last %d runs and, for runs over several days, the last "
                  "day(s) against the earlier days.\n\n"
                  "A spike is at least %.0f comments, at least 1.5 times the expected count and z >= 3 (two-rate binomial test against the baseline); "
                  "critical from z >= 5. Sentiment alerts fire below a mean score of %.2f over at least %.0f "
                  "comments.\n",
                  VM_BASELINE_RUNS, an->opt.min_count, an->opt.alert_threshold, an->opt.min_comments);
}

int vm_write_report_md(const vm_findings *an, vm_outfile *o, vm_error *err) {
    vm_buf b = {0};
    size_t n = an->ntopics < (size_t)an->opt.top ? an->ntopics : (size_t)an->opt.top;
    md_summary(&b, an);
    md_alerts(&b, an);
    md_table(&b, an, n);
    for (size_t i = 0; i < n; i++) md_topic(&b, an, &an->topics[i]);
    md_rising(&b, an);
    md_method(&b, an);
    int rc = vm_outfile_write(o, b.data, b.len, err);
    vm_buf_free(&b);
    return rc;
}
