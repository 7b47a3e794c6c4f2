/*
 * cluster.c - `vocmine cluster`: options, the run, the output files and
 * the manifest part (see cluster.h).
 *
 * Outputs (all written atomically, identical bytes for any --threads):
 *   assignments.tsv.gz  id, topic, score: one row per complaint in input
 *                       order; topic is empty for a complaint with no
 *                       usable feature (counted as unclustered)
 *   topics.tsv.gz       one row per topic of the model (new, active,
 *                       dormant, merged), largest this run first
 *   topic_model.tsv.gz  the updated model (format in model.h)
 */
#include "cluster/cluster.h"
#include "cluster/corpus.h"
#include "cluster/fit.h"
#include "cluster/model.h"
#include "cluster/seeds.h"
#include "cluster/topics.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/paths.h"
#include "common/pipeline.h"
#include "common/sha256.h"
#include "common/tsv.h"
#include "extract/lexicon.h"
#include "normalize/fold.h"
#include "report/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SEEDS_FILE "topic_seeds.tsv"

/* Phases timed for the manifest. */
enum { PH_READ, PH_FIT, PH_TOPICS, PH_WRITE, NPHASES };
static const char *const phase_names[NPHASES] = {"read", "fit", "topics", "write"};

typedef struct args {
    const char *out, *model_path, *db, *seeds_path, *models_dir, *lexicons_dir;
    vm_cluster_opts o;
} args;

/* Where the previous model came from, for the manifest. */
typedef struct model_source {
    const char *kind;     /* "none", "file", "db" or "db-empty" (no model yet) */
    const char *path;
    char sha256[65];
    size_t bytes;
} model_source;

static void usage(FILE *f) {
    fprintf(f,
            "usage: vocmine cluster --out DIR [options]\n"
            "\n"
            "Groups DIR/features.tsv.gz's complaints into topics whose ids stay stable\n"
            "from run to run; writes DIR/topics.tsv.gz, DIR/assignments.tsv.gz and\n"
            "DIR/topic_model.tsv.gz.\n"
            "\n"
            "  --out DIR        run directory (required)\n"
            "  --model FILE     previous topic model (a topic_model.tsv.gz)\n"
            "  --db PATH        read the previous model from the LMDB database\n"
            "  --retrain        rebuild the topics, then map them onto old ids\n"
            "  --all            cluster every non-duplicate row, not only complaints\n"
            "  --seed N         sampler seed (default 1)\n"
            "  --threads N      worker threads (default: CPUs); output does not depend on it\n"
            "  --seeds FILE     bilingual seed list (default MODELS/" SEEDS_FILE ")\n"
            "  --models DIR     models directory (default %s)\n"
            "  --lexicons DIR   lexicon directory: which words name no topic, which aspect\n"
            "                   a word belongs to (default %s)\n"
            "  --sample N       about how many complaints the sampler fits (default 60000,\n"
            "                   at most 500000; its memory grows with their vocabulary)\n"
            "  --sweeps N       Gibbs sweeps (default 15)\n"
            "  --alpha X        topic prior of the mixture (default 0.1)\n"
            "  --beta X         word prior of the mixture (default 0.25)\n"
            "  --max-new N      slots for new topics (default 40, at most 200)\n"
            "  --min-size N     smallest new topic (default: complaints/200, 5..100)\n"
            "  --verbose, --quiet\n",
            vm_default_models_dir(), vm_default_lexicons_dir());
}

static int parse_count(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* A positive number up to 100. */
static int parse_real(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0 && v <= 100)) return -1;
    *out = v;
    return 0;
}

/* Returns 0, 1 for --help, 2 for a usage error. */
static int parse_args(int argc, char **argv, args *a) {
    enum { O_MODEL = 256, O_DB, O_RETRAIN, O_ALL, O_SEED, O_THREADS, O_SEEDS, O_MODELS, O_SAMPLE,
           O_SWEEPS, O_MAXNEW, O_MINSIZE, O_VERBOSE, O_QUIET, O_HELP, O_LEXICONS, O_ALPHA, O_BETA };
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},      {"model", required_argument, NULL, O_MODEL},
        {"db", required_argument, NULL, O_DB},       {"retrain", no_argument, NULL, O_RETRAIN},
        {"all", no_argument, NULL, O_ALL},           {"seed", required_argument, NULL, O_SEED},
        {"threads", required_argument, NULL, O_THREADS}, {"seeds", required_argument, NULL, O_SEEDS},
        {"models", required_argument, NULL, O_MODELS}, {"sample", required_argument, NULL, O_SAMPLE},
        {"sweeps", required_argument, NULL, O_SWEEPS}, {"max-new", required_argument, NULL, O_MAXNEW},
        {"min-size", required_argument, NULL, O_MINSIZE}, {"verbose", no_argument, NULL, O_VERBOSE},
        {"quiet", no_argument, NULL, O_QUIET},       {"help", no_argument, NULL, O_HELP},
        {"lexicons", required_argument, NULL, O_LEXICONS}, {"alpha", required_argument, NULL, O_ALPHA},
        {"beta", required_argument, NULL, O_BETA},
        {NULL, 0, NULL, 0}};
    optind = 0;
    int c, idx = 0;
    long v;
    while ((c = getopt_long(argc, argv, "o:", opts, &idx)) != -1) {
        switch (c) {
        case 'o': a->out = optarg; break;
        case O_MODEL: a->model_path = optarg; break;
        case O_DB: a->db = optarg; break;
        case O_RETRAIN: a->o.retrain = 1; break;
        case O_ALL: a->o.all = 1; break;
        case O_SEEDS: a->seeds_path = optarg; break;
        case O_MODELS: a->models_dir = optarg; break;
        case O_LEXICONS: a->lexicons_dir = optarg; break;
        case O_VERBOSE: vm_log_level = VM_LOG_VERBOSE; break;
        case O_QUIET: vm_log_level = VM_LOG_QUIET; break;
        case O_HELP: return 1;
        case O_SEED:
            if (parse_count(optarg, 0, 0x7fffffffL, &v) != 0) goto bad;
            a->o.seed = (uint64_t)v;
            break;
        case O_THREADS:
            if (parse_count(optarg, 1, 256, &v) != 0) goto bad;
            a->o.threads = (int)v;
            break;
        case O_SAMPLE:
            if (parse_count(optarg, 1, 500000, &v) != 0) goto bad;
            a->o.sample = (size_t)v;
            break;
        case O_SWEEPS:
            if (parse_count(optarg, 0, 1000, &v) != 0) goto bad;
            a->o.sweeps = (int)v;
            break;
        case O_MAXNEW:
            if (parse_count(optarg, 1, 200, &v) != 0) goto bad;
            a->o.fresh = (uint32_t)v;
            break;
        case O_ALPHA:
            if (parse_real(optarg, &a->o.alpha) != 0) goto bad;
            break;
        case O_BETA:
            if (parse_real(optarg, &a->o.beta) != 0) goto bad;
            break;
        case O_MINSIZE:
            if (parse_count(optarg, 1, 100000000L, &v) != 0) goto bad;
            a->o.min_size = (size_t)v;
            break;
        default: return 2;
        }
    }
    if (optind != argc) {
        vm_log_error("cluster: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (!a->out) {
        vm_log_error("cluster: --out DIR is required");
        return 2;
    }
    if (a->model_path && a->db) {
        vm_log_error("cluster: give --model or --db, not both");
        return 2;
    }
    return 0;
bad:
    vm_log_error("cluster: bad value '%s' for --%s", optarg, opts[idx].name);
    return 2;
}

/* ---- inputs ---- */

static int read_file(const char *path, vm_buf *out, vm_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return vm_fail(err, "%s: cannot open: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? vm_fail(err, "%s: read error", path) : 0;
}

static vm_topic_model *load_model(const args *a, model_source *src, vm_error *err) {
    vm_buf bytes = {0};
    src->kind = "none";
    src->path = a->model_path ? a->model_path : a->db;
    int rc = 0;
    if (a->model_path) {
        src->kind = "file";
        rc = read_file(a->model_path, &bytes, err);
    } else if (a->db) {
        src->kind = "db";
        rc = vm_store_read_model(a->db, &bytes, err);
        if (rc == 0 && bytes.len == 0) src->kind = "db-empty";
    }
    vm_topic_model *m = NULL;
    if (rc == 0 && bytes.len) {
        vm_sha256_hex(bytes.data, bytes.len, src->sha256);
        src->bytes = bytes.len;
        m = vm_topic_model_parse(bytes.data, bytes.len, src->path, err);
    } else if (rc == 0) {
        m = vm_topic_model_new();
    }
    vm_buf_free(&bytes);
    return m;
}

static vm_seeds *load_seeds(const args *a, char *path, size_t cap, vm_error *err) {
    if (a->seeds_path) {
        snprintf(path, cap, "%s", a->seeds_path);
        return vm_seeds_load(path, err);
    }
    snprintf(path, cap, "%s/%s", a->models_dir ? a->models_dir : vm_default_models_dir(), SEEDS_FILE);
    if (access(path, R_OK) == 0) return vm_seeds_load(path, err);
    vm_log_warn("cluster: %s: missing; languages will not share concepts", path);
    path[0] = '\0';
    return vm_seeds_empty();
}

static const char *lexicons_dir(const args *a) {
    return a->lexicons_dir ? a->lexicons_dir : vm_default_lexicons_dir();
}

/* The lexicon, read by extract's loader: it tells which words name no
 * topic (extract/topicword.h) and which aspect a word belongs to. A
 * missing directory is warned about and *out stays NULL (clustering works
 * without, with noisier features and labels); a broken lexicon fails. */
static int load_lexicon(const args *a, vm_lexicon **out, vm_error *err) {
    struct stat st;
    *out = NULL;
    if (stat(lexicons_dir(a), &st) != 0 || !S_ISDIR(st.st_mode)) {
        vm_log_warn("cluster: %s: no lexicon directory; stopwords and function words stay features",
                    lexicons_dir(a));
        return 0;
    }
    vm_folder *folder = vm_folder_new(err);
    if (!folder) return -1;
    *out = vm_lexicon_load(lexicons_dir(a), folder, NULL, err);
    vm_folder_free(folder);
    return *out ? 0 : -1;
}

/* ---- outputs ---- */

static int write_gz(const char *dir, const char *name, const vm_buf *text, char sha[65], vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    vm_outfile *o = vm_outfile_open(path, VM_OUT_GZIP, err);
    if (!o) return -1;
    if (vm_outfile_write(o, text->data, text->len, err) != 0) {
        vm_outfile_abort(o);
        return -1;
    }
    if (sha) vm_sha256_hex(text->data, text->len, sha);
    return vm_outfile_commit(o, err);
}

static void put_topic_id(vm_buf *b, const vm_topic_model *m, long ti) {
    if (ti >= 0) vm_buf_printf(b, "T%u", m->topics[ti].num);
}

static int write_assignments(const char *dir, const vm_corpus *c, const vm_topic_model *m,
                             const vm_run_topics *r, vm_error *err) {
    vm_buf b = {0};
    vm_buf_puts(&b, "id\ttopic\tscore\n");
    for (size_t d = 0; d < c->ndocs; d++) {
        const char *id = vm_corpus_id(c, d);
        vm_tsv_escape(&b, id, strlen(id));
        vm_buf_putc(&b, '\t');
        put_topic_id(&b, m, r->doc_topic[d]);
        vm_buf_printf(&b, "\t%.3f\n", r->doc_topic[d] >= 0 ? (double)r->doc_score[d] : 0.0);
    }
    int rc = write_gz(dir, "assignments.tsv.gz", &b, NULL, err);
    vm_buf_free(&b);
    return rc;
}

typedef struct topic_order {
    const vm_topic_model *m;
    const uint64_t *size;
} topic_order;

static int cmp_topic_rows(const void *a, const void *b, void *ctx) {
    const topic_order *o = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (o->size[i] != o->size[j]) return o->size[i] > o->size[j] ? -1 : 1;
    uint32_t x = o->m->topics[i].num, y = o->m->topics[j].num;
    return (x > y) - (x < y);
}

static void put_text(vm_buf *b, const char *s) {
    vm_buf_putc(b, '\t');
    vm_tsv_escape(b, s, strlen(s));
}

static int write_topics(const char *dir, const vm_topic_model *m, const vm_run_topics *r, const vm_labeler *L,
                        vm_error *err) {
    size_t *order = vm_xmalloc((m->ntopics + 1) * sizeof *order);
    uint64_t clustered = 0;
    for (size_t i = 0; i < m->ntopics; i++) {
        order[i] = i;
        clustered += r->size[i];
    }
    topic_order ctx = {m, r->size};
    qsort_r(order, m->ntopics, sizeof *order, cmp_topic_rows, &ctx);
    vm_buf b = {0}, kw = {0};
    vm_buf_puts(&b, "topic\tstatus\tlabel\taspect\tkeywords\tsize\tshare\texemplars\tcreated_run\tlast_run\t"
                    "total_docs\tlineage\n");
    for (size_t k = 0; k < m->ntopics; k++) {
        const vm_topic *t = &m->topics[order[k]];
        uint64_t size = r->size[order[k]];
        vm_buf_reset(&kw);
        vm_topic_keywords(L, m, t, 10, ";", &kw);
        vm_buf_printf(&b, "T%u\t%s", t->num, vm_topic_status_name(t->status));
        put_text(&b, t->label);
        put_text(&b, t->aspect);
        put_text(&b, kw.data ? kw.data : "");
        vm_buf_printf(&b, "\t%llu\t%.4f", (unsigned long long)size,
                      clustered ? (double)size / (double)clustered : 0.0);
        put_text(&b, t->exemplars);
        vm_buf_printf(&b, "\t%u\t%u\t%llu", t->created_run, t->last_run, (unsigned long long)t->docs);
        put_text(&b, t->lineage);
        vm_buf_putc(&b, '\n');
    }
    int rc = write_gz(dir, "topics.tsv.gz", &b, NULL, err);
    vm_buf_free(&b);
    vm_buf_free(&kw);
    free(order);
    return rc;
}

/* ---- manifest ---- */

typedef struct run_info {
    const args *a;
    const char *features;
    const vm_corpus *c;
    const model_source *src;
    const char *seeds_path;
    const vm_lexicon *lx;
    const vm_fit *f;
    const vm_run_topics *r;
    const vm_topic_model *m;
    const char *model_sha;
    size_t model_bytes;
    char started[32];
    double seconds;
    const double *phase;     /* NPHASES durations */
} run_info;

static void key_int(vm_json *j, const char *k, int64_t v) {
    vm_json_key(j, k);
    vm_json_int(j, v);
}

static void key_str(vm_json *j, const char *k, const char *v) {
    vm_json_key(j, k);
    vm_json_str(j, v);
}

static void manifest_inputs(vm_json *j, const run_info *ri) {
    vm_json_key(j, "inputs");
    vm_json_obj_begin(j);
    vm_json_key(j, "features");
    vm_json_obj_begin(j);
    key_str(j, "path", ri->features);
    key_int(j, "bytes", (int64_t)ri->c->bytes);
    key_str(j, "sha256", ri->c->sha256);
    vm_json_obj_end(j);
    vm_json_key(j, "model");
    vm_json_obj_begin(j);
    key_str(j, "source", ri->src->kind);
    if (ri->src->path) key_str(j, "path", ri->src->path);
    if (ri->src->bytes) {
        key_int(j, "bytes", (int64_t)ri->src->bytes);
        key_str(j, "sha256", ri->src->sha256);
    }
    vm_json_obj_end(j);
    vm_json_key(j, "seeds");
    vm_json_obj_begin(j);
    key_str(j, "path", ri->seeds_path);
    char hex[65] = "";
    if (ri->seeds_path[0] && vm_sha256_file(ri->seeds_path, hex) == 0) key_str(j, "sha256", hex);
    vm_json_obj_end(j);
    vm_json_key(j, "lexicons");
    if (ri->lx) {
        vm_json_obj_begin(j);
        key_str(j, "path", lexicons_dir(ri->a));
        key_int(j, "terms", (int64_t)vm_lexicon_size(ri->lx));
        vm_json_key(j, "files");
        vm_json_obj_begin(j);
        for (int i = 0; i < vm_lexicon_nfiles(ri->lx); i++)
            key_str(j, vm_lexicon_file_name(ri->lx, i), vm_lexicon_file_sha256(ri->lx, i));
        vm_json_obj_end(j);
        vm_json_obj_end(j);
    } else {
        vm_json_null(j);
    }
    vm_json_obj_end(j);
}

static void manifest_options(vm_json *j, const vm_cluster_opts *o) {
    vm_json_key(j, "options");
    vm_json_obj_begin(j);
    vm_json_key(j, "retrain");
    vm_json_bool(j, o->retrain);
    vm_json_key(j, "all");
    vm_json_bool(j, o->all);
    key_int(j, "seed", (int64_t)o->seed);
    key_int(j, "threads", o->threads);
    key_int(j, "sample", (int64_t)o->sample);
    key_int(j, "sweeps", o->sweeps);
    key_int(j, "max_new", o->fresh);
    key_int(j, "min_size", (int64_t)o->min_size);
    vm_json_key(j, "alpha");
    vm_json_num(j, o->alpha, 3);
    vm_json_key(j, "beta");
    vm_json_num(j, o->beta, 3);
    vm_json_key(j, "history_cap");
    vm_json_num(j, o->history_cap, 0);
    vm_json_obj_end(j);
}

static void manifest_counts(vm_json *j, const run_info *ri) {
    const vm_corpus_counts *cc = &ri->c->counts;
    const vm_run_topics *r = ri->r;
    size_t live = 0, active = 0, fresh = 0, merged = 0;
    for (size_t i = 0; i < ri->m->ntopics; i++) {
        int s = ri->m->topics[i].status;
        live += s != VM_TOPIC_MERGED;
        active += s == VM_TOPIC_ACTIVE;
        fresh += s == VM_TOPIC_NEW;
        merged += s == VM_TOPIC_MERGED;
    }
    vm_json_key(j, "counts");
    vm_json_obj_begin(j);
    key_int(j, "rows", (int64_t)cc->rows);
    key_int(j, "bad_rows", (int64_t)cc->bad_rows);
    key_int(j, "duplicates", (int64_t)cc->duplicates);
    key_int(j, "not_complaints", (int64_t)cc->not_complaints);
    key_int(j, "clustered_rows", (int64_t)cc->docs);
    key_int(j, "unclustered", (int64_t)r->unclustered);
    key_int(j, "features_capped", (int64_t)cc->features_capped);
    key_int(j, "vocab_full", (int64_t)cc->vocab_full);
    key_int(j, "rare_features_dropped", (int64_t)ri->f->pruned);
    key_int(j, "sampled", (int64_t)ri->f->sampled);
    key_int(j, "sampler_vocab", ri->f->sampler_vocab);
    key_int(j, "slots", ri->f->nslots);
    key_int(j, "history_slots", ri->f->nhistory);
    key_int(j, "min_size", (int64_t)ri->f->min_size);
    key_int(j, "dissolved_slots", (int64_t)ri->f->dissolved);
    key_int(j, "topics_created", (int64_t)r->created);
    key_int(j, "slots_folded", (int64_t)r->folded);
    key_int(j, "sibling_slots_joined", (int64_t)r->siblings);
    key_int(j, "topics_merged", (int64_t)r->merged);
    key_int(j, "topics_split", (int64_t)r->split);
    key_int(j, "topics_mapped", (int64_t)r->mapped);
    key_int(j, "topics_live", (int64_t)live);
    key_int(j, "topics_new", (int64_t)fresh);
    key_int(j, "topics_active", (int64_t)active);
    key_int(j, "topics_dormant", (int64_t)r->dormant);
    key_int(j, "topics_merged_total", (int64_t)merged);
    vm_json_obj_end(j);
}

static int write_manifest(const run_info *ri, vm_error *err) {
    vm_buf b = {0};
    vm_json j;
    vm_json_init(&j, &b, 1);
    vm_json_obj_begin(&j);
    key_str(&j, "started", ri->started);
    vm_json_key(&j, "seconds");
    vm_json_num(&j, ri->seconds, 3);
    vm_json_key(&j, "phase_seconds");
    vm_json_obj_begin(&j);
    for (int i = 0; i < NPHASES; i++) {
        vm_json_key(&j, phase_names[i]);
        vm_json_num(&j, ri->phase[i], 3);
    }
    vm_json_obj_end(&j);
    key_int(&j, "run", ri->r->run);
    manifest_inputs(&j, ri);
    manifest_options(&j, &ri->a->o);
    manifest_counts(&j, ri);
    vm_json_key(&j, "outputs");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "topic_model");
    vm_json_obj_begin(&j);
    key_int(&j, "text_bytes", (int64_t)ri->model_bytes);
    key_str(&j, "text_sha256", ri->model_sha);
    vm_json_obj_end(&j);
    vm_json_obj_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(&b, '\n');
    int rc = vm_manifest_write(ri->a->out, "cluster", &b, err);
    vm_buf_free(&b);
    return rc;
}

/* ---- the run ---- */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int run(const args *a, vm_error *err) {
    char started[32];
    vm_utc_now(started);
    double t0 = now_seconds(), mark = t0, phase[NPHASES] = {0};
    char features[4096], seeds_path[4096];
    snprintf(features, sizeof features, "%s/features.tsv.gz", a->out);
    model_source src = {0};
    vm_topic_model *m = load_model(a, &src, err);
    if (!m) return -1;
    vm_seeds *seeds = load_seeds(a, seeds_path, sizeof seeds_path, err);
    vm_lexicon *lx = NULL;
    if (!seeds || load_lexicon(a, &lx, err) != 0) {
        vm_seeds_free(seeds);
        vm_topic_model_free(m);
        return -1;
    }
    vm_labeler labeler = {.seeds = seeds, .lx = lx};
    vm_corpus c;
    vm_fit f = {0};
    vm_run_topics r = {0};
    vm_buf text = {0};
    char model_sha[65] = "";
    int rc = vm_corpus_read(&c, features, m, seeds, lx, a->o.all, a->o.threads, err);
    phase[PH_READ] = now_seconds() - mark;
    mark += phase[PH_READ];
    if (rc == 0) rc = vm_fit_run(&f, &c, m, &a->o, err);
    phase[PH_FIT] = now_seconds() - mark;
    mark += phase[PH_FIT];
    if (rc == 0) {
        vm_topics_update(&r, m, &c, &f, &labeler, &a->o);
        vm_topic_model_write(m, &text);
        phase[PH_TOPICS] = now_seconds() - mark;
        mark += phase[PH_TOPICS];
        rc = write_assignments(a->out, &c, m, &r, err);
    }
    if (rc == 0) rc = write_topics(a->out, m, &r, &labeler, err);
    if (rc == 0) rc = write_gz(a->out, "topic_model.tsv.gz", &text, model_sha, err);
    if (rc == 0) {
        phase[PH_WRITE] = now_seconds() - mark;
        run_info ri = {.a = a, .features = features, .c = &c, .src = &src, .seeds_path = seeds_path,
                       .lx = lx, .f = &f,
                       .r = &r, .m = m, .model_sha = model_sha, .model_bytes = text.len, .phase = phase};
        memcpy(ri.started, started, sizeof started);
        ri.seconds = now_seconds() - t0;
        rc = write_manifest(&ri, err);
        vm_log_info("cluster: %llu complaints, %zu topics created, run %u, %.2f s (read %.2f, fit %.2f, "
                    "topics %.2f, write %.2f)",
                    (unsigned long long)c.counts.docs, r.created, r.run, ri.seconds, phase[PH_READ], phase[PH_FIT],
                    phase[PH_TOPICS], phase[PH_WRITE]);
    }
    vm_buf_free(&text);
    vm_run_topics_free(&r);
    vm_fit_free(&f);
    vm_corpus_free(&c);
    vm_lexicon_free(lx);
    vm_seeds_free(seeds);
    vm_topic_model_free(m);
    return rc;
}

int vm_cluster_main(int argc, char **argv) {
    args a = {0};
    a.o = (vm_cluster_opts){.threads = vm_cpu_count(), .seed = 1, .sample = 60000, .sweeps = 15, .fresh = 40,
                            .alpha = 0.1, .beta = 0.25, .history_cap = 1000};
    int p = parse_args(argc, argv, &a);
    if (p == 1) {
        usage(stdout);
        return 0;
    }
    if (p == 2) {
        usage(stderr);
        return 2;
    }
    vm_error err;
    if (run(&a, &err) != 0) {
        vm_log_error("cluster: %s", err.msg);
        return 1;
    }
    return 0;
}
