/*
 * schema.h - the layout of vocmine's LMDB database (--db PATH).
 *
 * PATH is an LMDB environment directory (data.mdb + lock.mdb), readable
 * with mdb_stat / mdb_dump -a, python3-lmdb (scripts/lmdb_example.py) and
 * `vocmine query`. Named databases (keys: see keys.h; values are UTF-8
 * JSON objects unless said otherwise):
 *
 *   meta           "schema_version" -> 1 (JSON number; readers refuse
 *                  other versions); "current_model_run" -> "RUN" (JSON
 *                  string: the run whose topic model "model" holds)
 *   runs           RUN -> {"run_id", ["variant_of",] "comments",
 *                  "complaints", "duplicates", "topics", "alerts",
 *                  "first_day", "last_day", "days", "top": [topic ids],
 *                  "manifest": {merged stage manifests of the run}};
 *                  "variant_of": "BASE" marks a variant (see below)
 *   topn           RUN \0 RANK -> one TOP-N row, as in topn.csv
 *   topics         RUN \0 TOPIC -> every topic of the run with counts,
 *                  share, impact and its factors, rank, trend
 *   topic_history  TOPIC \0 RUN -> {"run_id", "topic", "label", "rank",
 *                  "comments", "share", "impact"}: a topic across runs
 *   groups         RUN \0 KIND \0 NAME -> per store/branch/product
 *                  (KIND "group") and per channel (KIND "channel"):
 *                  comments, complaints, negative, score_sum,
 *                  mean_score, complaint_rate
 *   alerts         RUN \0 SEQ -> {"level", "kind", "subject_kind",
 *                  "subject", "metric", "value", "baseline", "z",
 *                  "window", "message"}
 *   model          "current" -> raw bytes of the newest run's
 *                  topic_model.tsv.gz (what the cluster stage reads back
 *                  through vm_store_read_model)
 *   model_runs     RUN -> raw bytes of that run's topic_model.tsv.gz
 *
 * A run is written in ONE write transaction (runstore.c): every key of
 * the run id is deleted and written again, so rerunning a run id replaces
 * it whole, a killed run leaves the database as it was, and readers
 * (MVCC) never block or see half a run. "current" is only replaced when
 * no later run id exists, so backfilling an old run keeps the newest
 * model.
 *
 * Variants (`vocmine rerun`, `vocmine report --variant-of BASE`): a run
 * recomputed from BASE's comments with other lexicons, stored under its
 * own id (default "BASE+HASH") with "variant_of" in its runs value. A
 * variant is a what-if beside the deployment's timeline: its runs, topn,
 * topics, groups, alerts and model_runs keys are written as for any run,
 * but it gets no topic_history entries, never becomes "current" (nor
 * keeps a later real run from becoming it), is no earlier run in any
 * run's history (its own history is BASE's), and `query ... latest`
 * skips it.
 */
#ifndef VM_REPORT_SCHEMA_H
#define VM_REPORT_SCHEMA_H

#define VM_SCHEMA_VERSION 1

#define VM_DB_META "meta"
#define VM_DB_RUNS "runs"
#define VM_DB_TOPN "topn"
#define VM_DB_TOPICS "topics"
#define VM_DB_TOPIC_HISTORY "topic_history"
#define VM_DB_GROUPS "groups"
#define VM_DB_ALERTS "alerts"
#define VM_DB_MODEL "model"
#define VM_DB_MODEL_RUNS "model_runs"

#define VM_META_SCHEMA_KEY "schema_version"
#define VM_META_MODEL_RUN_KEY "current_model_run"
#define VM_MODEL_CURRENT_KEY "current"

#endif
