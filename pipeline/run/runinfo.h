/*
 * runinfo.h - what a finished run says about itself, read back from its
 * manifest parts: its id, the run it is a variant of, and the options its
 * stages ran with, so `vocmine rerun` can repeat them and `vocmine diff`
 * can explain them.
 *
 * The parts come from a run directory (DIR/manifest.<stage>.json) or from
 * the "manifest" object of the run's LMDB runs value, which holds the
 * same parts. A missing part leaves its fields NULL / empty: older runs
 * and runs made stage by stage are read as far as they go.
 *
 * The caller owns a vm_runinfo (usually on its stack, zeroed) and frees
 * it with vm_runinfo_free; every string belongs to it.
 */
#ifndef VM_RUN_RUNINFO_H
#define VM_RUN_RUNINFO_H

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_runinfo {
    char *dir;              /* run directory, or NULL (LMDB only, directory gone) */
    char *run_id;           /* report: run_id */
    char *variant_of;       /* report: variant_of, or NULL */
    char *db;               /* report: options.db, or NULL */
    vm_buf report_options;  /* report: raw JSON of "options", or empty */
    int have_extract;       /* the extract part was there */
    char *lexicons;         /* extract: options.lexicons */
    char *models;           /* extract: options.models */
    char *dict;             /* extract: dictionary.path, or NULL */
    int no_dict;            /* extract: options.no_dict */
    vm_buf lexicons_loaded; /* extract: raw JSON {file: sha256}, or empty */
    vm_buf cluster_options; /* cluster: raw JSON of "options", or empty */
    char *model_source;     /* cluster: inputs.model.source ("none", "file", "db", "db-empty") */
    char *model_path;       /* cluster: inputs.model.path, or NULL */
    char *model_sha256;     /* cluster: inputs.model.sha256, or NULL (no model read) */
    char *features_path;    /* cluster: inputs.features.path, or NULL */
    char *pii_sha256;       /* normalize: options.pii_patterns_sha256, or NULL (older runs) */
} vm_runinfo;

/* Reads DIR's manifest parts. A missing part is no error (run_id stays
 * NULL without the report part); a report part without run_id is. */
int vm_runinfo_from_dir(vm_runinfo *ri, const char *dir, vm_error *err);

/* Reads an LMDB runs value (its "manifest" object). dir is taken from the
 * cluster part's features path when that directory still exists. */
int vm_runinfo_from_record(vm_runinfo *ri, const char *json, size_t len, vm_error *err);

void vm_runinfo_free(vm_runinfo *ri);

/* The value at a path of object keys (NULL-terminated list) in JSON text:
 * its raw text, or NULL. */
const char *vm_json_path(const char *json, size_t len, const char *const *keys, size_t *vlen);

/* The string at a path, as a new string (caller frees), or NULL. */
char *vm_json_path_str(const char *json, size_t len, const char *const *keys);

#endif
