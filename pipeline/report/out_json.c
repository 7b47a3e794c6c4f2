/*
 * out_json.c - topics.json (see outputs.h).
 */
#include "report/outputs.h"
#include "report/records.h"

#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static void write_days(vm_json *j, const vm_rundata *rd) {
    double *totals = vm_xcalloc(rd->ndays + 1, sizeof *totals);
    vm_day_totals(rd, totals);
    vm_json_key(j, "days");
    vm_json_arr_begin(j);
    for (size_t p = 0; p < rd->ndays; p++) {
        vm_json_obj_begin(j);
        vm_json_key(j, "day");
        vm_json_str(j, vm_rundata_day(rd, rd->day_order[p]));
        vm_json_key(j, "comments");
        vm_json_int(j, (int64_t)totals[p]);
        vm_json_obj_end(j);
    }
    vm_json_arr_end(j);
    free(totals);
}

static void write_topic(vm_json *j, const vm_findings *an, const vm_topic_result *t, vm_row *row) {
    const vm_rundata *rd = an->rd;
    const vm_topic_info *tp = &rd->topics[t->topic];
    vm_record_topic(row, an, t);
    vm_json_obj_begin(j);
    vm_row_json_members(row, j);
    vm_json_key(j, "per_day");
    vm_json_arr_begin(j);
    for (size_t p = 0; p < rd->ndays; p++) {
        const vm_tally *s = vm_rundata_find(rd, VM_CELL_TOPIC, t->topic, 0, rd->day_order[p]);
        vm_json_int(j, s ? (int64_t)s->comments : 0);
    }
    vm_json_arr_end(j);
    vm_json_key(j, "exemplar_texts");
    vm_json_arr_begin(j);
    for (size_t e = 0; e < tp->nexemplars; e++) {
        const char *text = vm_exemplar_text(rd, tp->exemplars[e]);
        vm_json_obj_begin(j);
        vm_json_key(j, "id");
        vm_json_str(j, tp->exemplars[e]);
        vm_json_key(j, "text");
        if (text)
            vm_json_str(j, text);
        else
            vm_json_null(j);
        vm_json_obj_end(j);
    }
    vm_json_arr_end(j);
    vm_json_obj_end(j);
}

static void write_dims(vm_json *j, const char *key, const vm_findings *an, const vm_dim_result *d, size_t n,
                       vm_row *row) {
    vm_json_key(j, key);
    vm_json_arr_begin(j);
    for (size_t i = 0; i < n; i++) {
        vm_record_dim(row, an, &d[i]);
        vm_row_json(row, j);
    }
    vm_json_arr_end(j);
}

int vm_write_topics_json(const vm_findings *an, vm_outfile *o, vm_error *err) {
    const vm_rundata *rd = an->rd;
    vm_buf out = {0};
    vm_row row = {0};
    vm_json j;
    vm_json_init(&j, &out, 1);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "run_id");
    vm_json_str(&j, an->run_id);
    vm_record_run_counts(&j, an);
    vm_json_key(&j, "top");
    vm_json_int(&j, an->opt.top);
    write_days(&j, rd);
    vm_json_key(&j, "topics");
    vm_json_arr_begin(&j);
    for (size_t i = 0; i < an->ntopics; i++) write_topic(&j, an, &an->topics[i], &row);
    vm_json_arr_end(&j);
    write_dims(&j, "groups", an, an->groups, an->ngroups, &row);
    write_dims(&j, "channels", an, an->channels, an->nchannels, &row);
    vm_json_key(&j, "alerts");
    vm_json_arr_begin(&j);
    for (size_t i = 0; i < an->nalerts; i++) {
        vm_record_alert(&row, an, &an->alerts[i]);
        vm_row_json(&row, &j);
    }
    vm_json_arr_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(&out, '\n');
    int rc = vm_outfile_write(o, out.data, out.len, err);
    vm_row_free(&row);
    vm_buf_free(&out);
    return rc;
}
