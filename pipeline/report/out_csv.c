/*
 * out_csv.c - topn.csv and alerts.csv (see outputs.h), and the helpers
 * shared by the readable reports.
 */
#include "report/outputs.h"
#include "report/records.h"

#include <stdio.h>
#include <string.h>

const char *vm_exemplar_text(const vm_rundata *rd, const char *id) {
    long slot = vm_strmap_find(rd->wanted, id, strlen(id));
    return slot < 0 ? NULL : rd->wanted_text[slot];
}

const char *vm_owner_text(const vm_findings *an, const vm_topic_result *t, char *buf, size_t cap) {
    const char *aspect = an->rd->topics[t->topic].aspect;
    const char *en = vm_owners_label_en(an->owners, aspect);
    const char *zh = vm_owners_label_zh(an->owners, aspect);
    if (!*aspect) {
        snprintf(buf, cap, "unassigned (no aspect): triage");
    } else {
        char name[256];
        if (en && zh)
            snprintf(name, sizeof name, "%s / %s", en, zh);
        else
            snprintf(name, sizeof name, "%s", en ? en : zh ? zh : aspect);
        snprintf(buf, cap, "%s \xE2\x86\x92 %s", name, t->owner ? t->owner : "no owner listed: triage");
    }
    return buf;
}

int vm_write_topn_csv(const vm_findings *an, vm_outfile *o, vm_error *err) {
    vm_buf out = {0};
    vm_row row = {0};
    vm_record_topn_header(&out);
    for (size_t i = 0; i < an->ntopics && (int)i < an->opt.top; i++) {
        vm_record_topn(&row, an, &an->topics[i]);
        vm_row_csv(&row, &out);
    }
    int rc = vm_outfile_write(o, out.data, out.len, err);
    vm_row_free(&row);
    vm_buf_free(&out);
    return rc;
}

int vm_write_alerts_csv(const vm_findings *an, vm_outfile *o, vm_error *err) {
    vm_buf out = {0};
    vm_row row = {0};
    vm_record_alert_header(&out);
    for (size_t i = 0; i < an->nalerts; i++) {
        vm_record_alert(&row, an, &an->alerts[i]);
        vm_row_csv(&row, &out);
    }
    int rc = vm_outfile_write(o, out.data, out.len, err);
    vm_row_free(&row);
    vm_buf_free(&out);
    return rc;
}
