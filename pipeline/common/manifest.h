/*
 * manifest.h - the run manifest, assembled from one part per stage.
 *
 * Each stage describes itself as a JSON object (inputs and their sha256,
 * options, counts, timings) and calls vm_manifest_write. That writes
 * DIR/manifest.<stage>.json, then rebuilds DIR/manifest.json as
 *   {"vocmine": VERSION, "schema": 1, "stages": {"normalize": {...}, ...}}
 * from every stage part present, in pipeline order. Rerunning one stage
 * replaces only its part. Both files are written atomically. The last
 * part, "rerun", is written by `vocmine rerun` only: which run the
 * directory was recomputed from, with which lexicons and start model.
 */
#ifndef VM_MANIFEST_H
#define VM_MANIFEST_H

#include "common/buf.h"
#include "common/error.h"
#include "common/json.h"

/* Stage names in pipeline order (and "rerun", see above). */
extern const char *const vm_stage_names[];
extern const int vm_stage_count;

/* json_part holds one complete JSON object. */
int vm_manifest_write(const char *dir, const char *stage, const vm_buf *json_part, vm_error *err);

/* Reads DIR/manifest.<stage>.json into out (for stages that consult an
 * earlier stage's counts). Returns 0, or -1 if it is missing. */
int vm_manifest_read_part(const char *dir, const char *stage, vm_buf *out, vm_error *err);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (manifests only: outputs
 * other than the manifest never contain the clock). */
void vm_utc_now(char out[32]);

/* Writes {"path": ..., "bytes": N, "sha256": ...} for each file of a
 * lexicon or model directory (regular files, sorted by name). */
int vm_manifest_dir_hashes(vm_json *j, const char *dir, vm_error *err);

#endif
