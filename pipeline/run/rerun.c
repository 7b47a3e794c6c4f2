/*
 * rerun.c - `vocmine rerun`: recompute finished runs with other lexicons.
 *
 * For each run directory RUN (--from, repeatable, glob patterns allowed)
 * the rerun repeats extract -> cluster -> report from RUN's stored
 * normalized.tsv.gz (the original export is never read) into a new
 * directory, and stores the result in LMDB as a VARIANT of RUN:
 *
 *   - run id: `--run-id`, else "BASE+HASH": BASE is RUN's id (or, when RUN
 *     is itself a variant, the run it is a variant of) and HASH the first
 *     8 hex digits of the lexicon set's sha256 (over each lexicon file's
 *     name and sha256, and the models directory's files when --models is
 *     given), so the same lexicons give the same id and directory;
 *   - directory: `--out` (with several runs: --out/ID), else ID next to
 *     RUN. It receives RUN's normalized.tsv.gz and rejects.tsv.gz (hard
 *     links, or copies across file systems) and manifest.normalize.json,
 *     so it is a complete run directory;
 *   - options: each stage gets the options RUN's manifest recorded
 *     (models, dictionary, cluster seed and priors, report thresholds),
 *     with the new lexicons;
 *   - topic model: cluster starts from the model RUN started from (the
 *     cluster part's sha256 names it; it is found at its recorded path or
 *     among the database's model_runs), written to DIR/start_model.tsv.gz,
 *     so topic ids stay comparable and unchanged lexicons reproduce RUN
 *     byte for byte. --model FILE overrides;
 *   - personal data: masking is normalize's and is not redone; when the
 *     lexicons' pii.tsv is not the file RUN's text was masked with (its
 *     normalize manifest records the sha256), a warning says so and
 *     manifest.rerun.json records it (pii_patterns);
 *   - report: `--variant-of BASE` (schema.h: the variant has BASE's
 *     history, stays out of topic history and never becomes the current
 *     model). The database is --db, else the one RUN was stored in.
 * --replace instead recomputes RUN under its own id (and, without --out,
 * in its own directory): the one way a rerun overwrites a run.
 *
 * DIR/manifest.rerun.json records where the directory came from; stdout
 * gets one line per run: RUN_ID TAB NEW_ID TAB DIR.
 */
#include "vocmine.h"
#include "run/runinfo.h"
#include "common/json.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/paths.h"
#include "common/sha256.h"
#include "extract/lexicon.h"
#include "normalize/fold.h"
#include "report/jsonget.h"
#include "report/keys.h"
#include "report/schema.h"
#include "report/store.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define START_MODEL "start_model.tsv.gz"
#define HASH_DIGITS 8

typedef struct options {
    char **from;          /* run directories, globs expanded */
    size_t nfrom;
    const char *lexicons, *out, *run_id, *db, *models, *model, *threads;
    int replace;
    const char *log_flag; /* "--quiet", "--verbose" or NULL */
    char *abs[3];         /* absolute forms of --lexicons, --models, --db */
} options;

/* An argv under construction; owns the strings it was given with own(). */
typedef struct argvec {
    char **v;
    int n, cap;
    char **owned;
    int nowned;
} argvec;

static void push(argvec *a, const char *s) {
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = vm_xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = (char *)s;
    a->v[a->n] = NULL;
}

static void push_owned(argvec *a, char *s) {
    a->owned = vm_xrealloc(a->owned, (size_t)(a->nowned + 1) * sizeof *a->owned);
    a->owned[a->nowned++] = s;
    push(a, s);
}

static void argvec_free(argvec *a) {
    for (int i = 0; i < a->nowned; i++) free(a->owned[i]);
    free(a->owned);
    free(a->v);
    memset(a, 0, sizeof *a);
}

static const char usage[] =
    "usage: vocmine rerun --from RUN_DIR [--from RUN_DIR|GLOB ...] --lexicons DIR [--out DIR]\n"
    "                     [--run-id ID] [--db PATH] [--models DIR] [--model FILE] [--threads N]\n"
    "                     [--replace] [--quiet|--verbose]\n"
    "Recomputes extract, cluster and report of finished runs from their normalized.tsv.gz with\n"
    "the lexicons of DIR, as variants RUN+HASH stored beside the originals (see rerun.c).\n"
    "  --from RUN_DIR   a run directory or a quoted glob of them (repeatable); variant\n"
    "                   directories a glob matches are skipped\n"
    "  --lexicons DIR   the lexicons to use (required)\n"
    "  --out DIR        output directory (with several runs: parent of one directory per run);\n"
    "                   default: a sibling of RUN_DIR named after the new run id\n"
    "  --run-id ID      the new run id (one run only; default RUN+HASH of the lexicon set)\n"
    "  --db PATH        LMDB database (default: the one the original run was stored in)\n"
    "  --models DIR     models directory (default: the one the original run used)\n"
    "  --model FILE     topic model to start from (default: the one the original run started from)\n"
    "  --threads N      worker threads of extract, cluster and report\n"
    "  --replace        recompute the run under its own id (in RUN_DIR unless --out): overwrites it\n";

/* ---- options ---- */

static int has_glob_chars(const char *s) { return strpbrk(s, "*?[") != NULL; }

static int is_variant_dir(const char *dir) {
    vm_runinfo ri = {0};
    vm_error ignored;
    int v = vm_runinfo_from_dir(&ri, dir, &ignored) == 0 && ri.variant_of != NULL;
    vm_runinfo_free(&ri);
    return v;
}

static void add_from(options *o, const char *dir) {
    o->from = vm_xrealloc(o->from, (o->nfrom + 1) * sizeof *o->from);
    o->from[o->nfrom++] = vm_xstrdup(dir);
}

/* Adds the run directories a --from value names: itself, or the
 * directories its glob matches (sorted; variants left out). */
static int expand_from(options *o, const char *pattern) {
    if (!has_glob_chars(pattern)) {
        add_from(o, pattern);
        return 0;
    }
    glob_t g;
    int rc = glob(pattern, GLOB_ONLYDIR, NULL, &g);
    if (rc != 0) {
        vm_log_error("rerun: --from '%s' matches no directory", pattern);
        return -1;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (is_variant_dir(g.gl_pathv[i]))
            vm_log_info("rerun: %s is a variant, skipped (name it without a glob to rerun it)", g.gl_pathv[i]);
        else
            add_from(o, g.gl_pathv[i]);
    }
    globfree(&g);
    return 0;
}

/* 0 ok, 1 help printed, 2 usage error. */
static int parse_args(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--lexicons") == 0  ? &o->lexicons
                            : strcmp(a, "--out") == 0      ? &o->out
                            : strcmp(a, "--run-id") == 0   ? &o->run_id
                            : strcmp(a, "--db") == 0       ? &o->db
                            : strcmp(a, "--models") == 0   ? &o->models
                            : strcmp(a, "--model") == 0    ? &o->model
                            : strcmp(a, "--threads") == 0  ? &o->threads
                                                           : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (strcmp(a, "--replace") == 0) {
            o->replace = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "--verbose") == 0) {
            o->log_flag = a;
            vm_log_level = a[2] == 'q' ? VM_LOG_QUIET : VM_LOG_VERBOSE;
        } else if ((slot || strcmp(a, "--from") == 0) && i + 1 < argc) {
            if (slot)
                *slot = argv[++i];
            else if (expand_from(o, argv[++i]) != 0)
                return 2;
        } else {
            vm_log_error("rerun: unknown option or missing value: %s", a);
            fputs(usage, stderr);
            return 2;
        }
    }
    if (!o->nfrom || !o->lexicons) {
        vm_log_error("rerun: --from RUN_DIR and --lexicons DIR are required");
        fputs(usage, stderr);
        return 2;
    }
    if (o->run_id && (o->nfrom > 1 || o->replace)) {
        vm_log_error("rerun: --run-id names one new run: give one --from and no --replace");
        return 2;
    }
    if (o->run_id && !vm_key_run_id_ok(o->run_id)) {
        vm_log_error("rerun: --run-id must be 1 to %d characters of A-Z a-z 0-9 . _ : + -", VM_RUN_ID_MAX);
        return 2;
    }
    return 0;
}

/* ---- the lexicon set ---- */

/* sha256 over "name TAB sha256 LF" of every lexicon file (in the
 * loader's order), then the models directory's file list if given.
 * Loading also checks the lexicons before any directory is made. */
static int lexicon_set_hash(const options *o, char hex[65], vm_error *err) {
    vm_folder *folder = vm_folder_new(err);
    if (!folder) return -1;
    vm_lexicon *lx = vm_lexicon_load(o->lexicons, folder, NULL, err);
    vm_folder_free(folder);
    if (!lx) return -1;
    vm_buf text = {0};
    for (int f = 0; f < vm_lexicon_nfiles(lx); f++)
        vm_buf_printf(&text, "%s\t%s\n", vm_lexicon_file_name(lx, f), vm_lexicon_file_sha256(lx, f));
    vm_lexicon_free(lx);
    int rc = 0;
    if (o->models) {
        vm_json j;
        vm_json_init(&j, &text, 0);
        rc = vm_manifest_dir_hashes(&j, o->models, err);
    }
    if (rc == 0) vm_sha256_hex(text.data, text.len, hex);
    vm_buf_free(&text);
    return rc;
}

/* ---- one run ---- */

typedef struct rerun {
    const options *o;
    const char *set_hash;     /* lexicon set sha256 */
    vm_runinfo ri;
    char id[VM_RUN_ID_MAX + 1];
    const char *base;         /* variant_of of the new run, or NULL */
    char *dir;                /* output directory */
    const char *db;
    vm_buf model;             /* start model bytes (empty: none) */
    const char *model_from;   /* "file", "db" or "none" */
    char *model_where;        /* its path or model_runs key */
    int linked;
    char pii_new[65];         /* sha256 of the lexicons' pii.tsv ("" if unreadable) */
    int pii_changed;          /* it is not what the run's text was masked with (or that is unknown) */
} rerun;

/* Replaces *path (owned) by its absolute form when it exists, so the
 * manifests record paths that work from any directory. */
static void absolute(char **path) {
    char *abs = realpath(*path, NULL);
    if (!abs) return;
    free(*path);
    *path = abs;
}

static void strip_slashes(char *s) {
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/') s[--n] = '\0';
}

static char *parent_of(const char *dir) {
    char *p = vm_xstrdup(dir);
    strip_slashes(p);
    char *slash = strrchr(p, '/');
    if (!slash) {
        free(p);
        return vm_xstrdup(".");
    }
    if (slash == p) slash[1] = '\0';
    else *slash = '\0';
    return p;
}

static char *join(const char *dir, const char *name) {
    vm_buf b = {0};
    vm_buf_printf(&b, "%s/%s", dir, name);
    return vm_buf_detach(&b);
}

static int choose_id_and_dir(rerun *r, vm_error *err) {
    const options *o = r->o;
    const vm_runinfo *ri = &r->ri;
    if (o->replace) {
        snprintf(r->id, sizeof r->id, "%s", ri->run_id);
        r->base = ri->variant_of;
    } else {
        r->base = ri->variant_of ? ri->variant_of : ri->run_id;
        if (o->run_id)
            snprintf(r->id, sizeof r->id, "%s", o->run_id);
        else if (strlen(r->base) + 1 + HASH_DIGITS > VM_RUN_ID_MAX)
            return vm_fail(err, "%s: run id %s is too long to add +HASH; give --run-id", ri->dir, r->base);
        else
            snprintf(r->id, sizeof r->id, "%s+%.*s", r->base, HASH_DIGITS, r->set_hash);
        if (strcmp(r->id, r->base) == 0)
            return vm_fail(err, "%s: --run-id %s is the original run's id; use --replace to overwrite it", ri->dir, r->id);
    }
    if (r->id[0] == '.') return vm_fail(err, "run id %s cannot name a directory", r->id);
    if (o->out && o->nfrom > 1)
        r->dir = join(o->out, r->id);
    else if (o->out)
        r->dir = vm_xstrdup(o->out);
    else if (o->replace)
        r->dir = vm_xstrdup(ri->dir);
    else {
        char *parent = parent_of(ri->dir);
        r->dir = join(parent, r->id);
        free(parent);
    }
    strip_slashes(r->dir);
    return 0;
}

static int same_dir(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int read_file(const char *path, vm_buf *out, vm_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return vm_fail(err, "%s: cannot open: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    vm_buf_reset(out);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? vm_fail(err, "%s: read error", path) : 0;
}

/* Copies a file through a temporary name (for small files, or when a
 * hard link is impossible). */
static int copy_file(const char *from, const char *to, vm_error *err) {
    FILE *f = fopen(from, "rb");
    if (!f) return vm_fail(err, "%s: cannot open: %s", from, strerror(errno));
    vm_outfile *out = vm_outfile_open(to, VM_OUT_PLAIN, err);
    int rc = out ? 0 : -1;
    char chunk[1 << 16];
    size_t n;
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0) rc = vm_outfile_write(out, chunk, n, err);
    if (rc == 0 && ferror(f)) rc = vm_fail(err, "%s: read error", from);
    fclose(f);
    if (rc == 0) return vm_outfile_commit(out, err);
    if (out) vm_outfile_abort(out);
    return -1;
}

/* Hard-links (else copies) RUN/name into the new directory. 1 linked, 0
 * copied, -1 error; optional files that do not exist are skipped. */
static int bring_file(rerun *r, const char *name, int optional, vm_error *err) {
    char *from = join(r->ri.dir, name), *to = join(r->dir, name);
    int rc;
    if (optional && access(from, F_OK) != 0) {
        rc = 0;
    } else {
        if (unlink(to) != 0 && errno != ENOENT) rc = vm_fail(err, "%s: cannot replace: %s", to, strerror(errno));
        else if (link(from, to) == 0) rc = 1;
        else rc = copy_file(from, to, err);
    }
    free(from);
    free(to);
    return rc;
}

static int prepare_dir(rerun *r, vm_error *err) {
    if (vm_mkdir_p(r->dir, err) != 0) return -1;
    absolute(&r->dir);
    if (same_dir(r->dir, r->ri.dir)) {
        if (!r->o->replace)
            return vm_fail(err, "%s: the output directory is the original run's; use --replace to overwrite it", r->dir);
        return 0;
    }
    int l = bring_file(r, "normalized.tsv.gz", 0, err);
    if (l < 0 || bring_file(r, "rejects.tsv.gz", 1, err) < 0) return -1;
    r->linked = l == 1;
    char *from = join(r->ri.dir, "manifest.normalize.json"), *to = join(r->dir, "manifest.normalize.json");
    int rc = access(from, F_OK) == 0 ? copy_file(from, to, err) : 0;
    free(from);
    free(to);
    return rc;
}

/* ---- the start model ---- */

typedef struct model_search {
    const char *sha;
    vm_buf *bytes;
    char *key;
} model_search;

static int match_model(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    model_search *s = ctx;
    char hex[65];
    vm_sha256_hex(val, vlen, hex);
    if (strcmp(hex, s->sha) != 0) return 0;
    vm_buf_reset(s->bytes);
    vm_buf_append(s->bytes, val, vlen);
    s->key = vm_xstrndup(key, klen);
    return 1;
}

/* Looks for the model with sha256 sha among a database's model_runs:
 * 1 found, 0 not, -1 error. */
static int model_from_db(rerun *r, const char *db, const char *sha, vm_error *err) {
    char *data = join(db, "data.mdb");
    int exists = access(data, F_OK) == 0;
    free(data);
    if (!exists) return 0;
    vm_store *s = vm_store_open(db, 0, err);
    vm_store_txn *t = s ? vm_store_begin_read(s, err) : NULL;
    model_search ms = {sha, &r->model, NULL};
    int rc = t ? vm_store_scan(t, VM_DB_MODEL_RUNS, "", 0, 0, match_model, &ms, err) : -1;
    vm_store_end(t);
    vm_store_close(s);
    if (rc != 0) return -1;
    if (!ms.key) return 0;
    r->model_from = "db";
    vm_buf b = {0};
    vm_buf_printf(&b, "%s model_runs/%s", db, ms.key);
    r->model_where = vm_buf_detach(&b);
    free(ms.key);
    return 1;
}

/* Finds the bytes of the model the original run's cluster stage read. */
static int find_start_model(rerun *r, vm_error *err) {
    const vm_runinfo *ri = &r->ri;
    r->model_from = "none";
    if (r->o->model) {
        r->model_from = "file";
        r->model_where = vm_xstrdup(r->o->model);
        return read_file(r->o->model, &r->model, err);
    }
    const char *sha = ri->model_sha256;
    if (!sha) return 0;  /* the original started without a model */
    char hex[65];
    if (ri->model_source && strcmp(ri->model_source, "file") == 0 && ri->model_path &&
        vm_sha256_file(ri->model_path, hex) == 0 && strcmp(hex, sha) == 0) {
        r->model_from = "file";
        r->model_where = vm_xstrdup(ri->model_path);
        return read_file(ri->model_path, &r->model, err);
    }
    const char *dbs[] = {r->db, ri->model_source && strcmp(ri->model_source, "db") == 0 ? ri->model_path : NULL,
                         ri->db};
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        int found = dbs[i] ? model_from_db(r, dbs[i], sha, err) : 0;
        if (found) return found < 0 ? -1 : 0;
    }
    return vm_fail(err, "%s: the topic model run %s started from (sha256 %.12s…) is neither at %s nor in a database's "
                        "model_runs; give it with --model FILE",
                   ri->dir, ri->run_id, sha, ri->model_path ? ri->model_path : "its recorded path");
}

static int write_start_model(rerun *r, vm_error *err) {
    char *path = join(r->dir, START_MODEL);
    int rc = 0;
    if (r->model.len)
        rc = vm_write_file_atomic(path, r->model.data, r->model.len, err);
    else if (unlink(path) != 0 && errno != ENOENT)
        rc = vm_fail(err, "%s: cannot remove: %s", path, strerror(errno));
    free(path);
    return rc;
}

/* ---- the manifest part ---- */

/* Masking happens in normalize, which a rerun does not repeat (it never
 * reads the export): if the lexicons' personal-data patterns are not the
 * ones the run's text was masked with, say so, never silently. */
static void check_pii(rerun *r) {
    char *path = join(r->o->lexicons, "pii.tsv");
    if (vm_sha256_file(path, r->pii_new) != 0) r->pii_new[0] = '\0';
    free(path);
    r->pii_changed = !r->ri.pii_sha256 || strcmp(r->ri.pii_sha256, r->pii_new) != 0;
    if (r->pii_changed)
        vm_log_warn("rerun: %s: %s; its stored text keeps its masks (a rerun does not mask again): run the "
                    "export with `vocmine run` to apply the new patterns",
                    r->ri.dir,
                    r->ri.pii_sha256 ? "pii.tsv of the new lexicons differs from the patterns its text was masked with"
                                     : "its manifest does not say which personal-data patterns masked its text");
}

static int write_manifest(rerun *r, const char *started, vm_error *err) {
    const options *o = r->o;
    vm_buf b = {0};
    vm_json j;
    vm_json_init(&j, &b, 1);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "started");
    vm_json_str(&j, started);
    vm_json_key(&j, "from");
    vm_json_str(&j, r->ri.dir);
    vm_json_key(&j, "from_run_id");
    vm_json_str(&j, r->ri.run_id);
    vm_json_key(&j, "run_id");
    vm_json_str(&j, r->id);
    vm_json_key(&j, "variant_of");
    if (r->base) vm_json_str(&j, r->base);
    else vm_json_null(&j);
    vm_json_key(&j, "replace");
    vm_json_bool(&j, o->replace);
    vm_json_key(&j, "lexicons");
    vm_json_str(&j, o->lexicons);
    vm_json_key(&j, "lexicon_set_sha256");
    vm_json_str(&j, r->set_hash);
    vm_json_key(&j, "normalized");
    vm_json_str(&j, same_dir(r->dir, r->ri.dir) ? "in place" : r->linked ? "hard link" : "copy");
    vm_json_key(&j, "pii_patterns");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "masked_with_sha256");
    if (r->ri.pii_sha256) vm_json_str(&j, r->ri.pii_sha256);
    else vm_json_null(&j);
    vm_json_key(&j, "lexicons_sha256");
    vm_json_str(&j, r->pii_new);
    vm_json_key(&j, "changed_not_applied");
    vm_json_bool(&j, r->pii_changed);
    vm_json_obj_end(&j);
    vm_json_key(&j, "start_model");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "source");
    vm_json_str(&j, r->model_from);
    if (r->model.len) {
        char hex[65];
        vm_sha256_hex(r->model.data, r->model.len, hex);
        vm_json_key(&j, "from");
        vm_json_str(&j, r->model_where);
        vm_json_key(&j, "file");
        vm_json_str(&j, START_MODEL);
        vm_json_key(&j, "sha256");
        vm_json_str(&j, hex);
    }
    vm_json_obj_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(&b, '\n');
    int rc = vm_manifest_write(r->dir, "rerun", &b, err);
    vm_buf_free(&b);
    return rc;
}

/* ---- the stages ---- */

static void push_common(argvec *a, const char *stage, const rerun *r) {
    push(a, stage);
    push(a, "--out");
    push(a, r->dir);
    push(a, "--lexicons");
    push(a, r->o->lexicons);
    if (r->o->log_flag) push(a, r->o->log_flag);
}

/* Passes a recorded option on: "--flag VALUE" for numbers, "--flag" for
 * true; skipped when absent, false, or zero where zero means "auto". */
static void push_recorded(argvec *a, const vm_buf *json, const char *key, const char *flag, int zero_is_auto) {
    size_t n;
    const char *v = json->len ? vm_jsonget_raw(json->data, json->len, key, &n) : NULL;
    if (!v || (n == 5 && memcmp(v, "false", 5) == 0) || (n == 4 && memcmp(v, "null", 4) == 0)) return;
    if (zero_is_auto && strtod(v, NULL) == 0) return;
    push(a, flag);
    if (!(n == 4 && memcmp(v, "true", 4) == 0)) push_owned(a, vm_xstrndup(v, n));
}

static void extract_args(argvec *a, const rerun *r) {
    const vm_runinfo *ri = &r->ri;
    push_common(a, "extract", r);
    const char *models = r->o->models ? r->o->models : ri->models;
    if (models) {
        push(a, "--models");
        push(a, models);
    }
    if (ri->dict) {
        push(a, "--dict");
        push(a, ri->dict);
    } else if (ri->have_extract && ri->no_dict) {
        push(a, "--no-dict");
    }
    if (r->o->threads) {
        push(a, "--threads");
        push(a, r->o->threads);
    }
}

static void cluster_args(argvec *a, const rerun *r) {
    const vm_runinfo *ri = &r->ri;
    push_common(a, "cluster", r);
    const char *models = r->o->models ? r->o->models : ri->models;
    if (models) {
        push(a, "--models");
        push(a, models);
    }
    if (r->model.len) {
        push(a, "--model");
        push_owned(a, join(r->dir, START_MODEL));
    }
    const vm_buf *c = &ri->cluster_options;
    push_recorded(a, c, "retrain", "--retrain", 0);
    push_recorded(a, c, "all", "--all", 0);
    push_recorded(a, c, "seed", "--seed", 0);
    push_recorded(a, c, "sample", "--sample", 0);
    push_recorded(a, c, "sweeps", "--sweeps", 0);
    push_recorded(a, c, "max_new", "--max-new", 0);
    push_recorded(a, c, "min_size", "--min-size", 1);
    push_recorded(a, c, "alpha", "--alpha", 0);
    push_recorded(a, c, "beta", "--beta", 0);
    if (r->o->threads) {
        push(a, "--threads");
        push(a, r->o->threads);
    }
}

static void report_args(argvec *a, const rerun *r) {
    push_common(a, "report", r);
    push(a, "--run-id");
    push(a, r->id);
    if (r->base) {
        push(a, "--variant-of");
        push(a, r->base);
    }
    if (r->db) {
        push(a, "--db");
        push(a, r->db);
    }
    const vm_buf *rep = &r->ri.report_options;
    push_recorded(a, rep, "top", "--top", 0);
    push_recorded(a, rep, "alert_threshold", "--alert-threshold", 0);
    push_recorded(a, rep, "min_count", "--min-count", 0);
    if (r->o->threads) {
        push(a, "--threads");
        push(a, r->o->threads);
    }
}

static int run_stages(const rerun *r) {
    void (*build[])(argvec *, const rerun *) = {extract_args, cluster_args, report_args};
    int (*mains[])(int, char **) = {vm_extract_main, vm_cluster_main, vm_report_main};
    for (size_t s = 0; s < 3; s++) {
        argvec a = {0};
        build[s](&a, r);
        int rc = mains[s](a.n, a.v);
        if (rc != 0) vm_log_error("rerun: %s of %s failed (exit %d)", a.v[0], r->id, rc);
        argvec_free(&a);
        if (rc != 0) return -1;
    }
    return 0;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int rerun_one(const options *o, const char *from, const char *set_hash) {
    rerun r = {.o = o, .set_hash = set_hash};
    vm_error err = {{0}};
    char started[32];
    vm_utc_now(started);
    double t0 = now_seconds();
    int rc = vm_runinfo_from_dir(&r.ri, from, &err);
    if (rc == 0 && !r.ri.run_id) rc = vm_fail(&err, "%s: not a finished run (no manifest.report.json)", from);
    if (rc == 0) {
        absolute(&r.ri.dir);
        r.db = o->db ? o->db : r.ri.db;
        rc = choose_id_and_dir(&r, &err);
    }
    if (rc == 0) check_pii(&r);
    if (rc == 0) rc = find_start_model(&r, &err);
    if (rc == 0) rc = prepare_dir(&r, &err);
    if (rc == 0) rc = write_start_model(&r, &err);
    if (rc == 0) rc = write_manifest(&r, started, &err);
    if (rc != 0) vm_log_error("rerun: %s", err.msg);
    if (rc == 0) rc = run_stages(&r);
    if (rc == 0) {
        printf("%s\t%s\t%s\n", r.ri.run_id, r.id, r.dir);
        fflush(stdout);
        vm_log_info("rerun: %s -> %s in %s (%.2f s)", r.ri.run_id, r.id, r.dir, now_seconds() - t0);
    }
    vm_runinfo_free(&r.ri);
    vm_buf_free(&r.model);
    free(r.model_where);
    free(r.dir);
    return rc;
}

static void free_options(options *o) {
    for (size_t i = 0; i < o->nfrom; i++) free(o->from[i]);
    free(o->from);
    for (int i = 0; i < 3; i++) free(o->abs[i]);
}

/* Makes --lexicons, --models and --db absolute where they exist. */
static void absolute_options(options *o) {
    const char **slots[3] = {&o->lexicons, &o->models, &o->db};
    for (int i = 0; i < 3; i++)
        if (*slots[i] && (o->abs[i] = realpath(*slots[i], NULL)) != NULL) *slots[i] = o->abs[i];
}

int vm_rerun_main(int argc, char **argv) {
    options o = {0};
    int u = parse_args(argc, argv, &o);
    if (u) {
        free_options(&o);
        return u == 1 ? 0 : 2;
    }
    char hash[65];
    vm_error err = {{0}};
    absolute_options(&o);
    /* Held for the whole rerun: every stage of every run shares it (fold.h). */
    vm_folder *folder = vm_folder_new(&err);
    if (!folder || lexicon_set_hash(&o, hash, &err) != 0) {
        vm_log_error("rerun: %s", err.msg);
        vm_folder_free(folder);
        free_options(&o);
        return 1;
    }
    size_t failed = 0;
    for (size_t i = 0; i < o.nfrom; i++) failed += rerun_one(&o, o.from[i], hash) != 0;
    if (failed) vm_log_error("rerun: %zu of %zu runs failed", failed, o.nfrom);
    vm_folder_free(folder);
    free_options(&o);
    return failed ? 1 : 0;
}
