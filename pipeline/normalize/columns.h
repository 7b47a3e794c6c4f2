/*
 * columns.h - which input columns hold the id, text, time, group, channel
 * and rating of a comment.
 *
 * Names given by flags win; otherwise common header names are recognised
 * (case, '_', '-' and spaces ignored: "comment_id", "Created At", "评论内容").
 * When auto-detection finds a title/subject column beside the text
 * column, both are used, title first. An explicitly named column that the
 * header lacks is an error naming the file and listing its columns.
 */
#ifndef VM_COLUMNS_H
#define VM_COLUMNS_H

#include <stddef.h>

#include "common/error.h"
#include "ingest/reader.h"

#define VM_MAX_TEXT_COLS 8

/* Column names from the command line (NULL = auto-detect). */
typedef struct vm_colspec {
    const char *id, *time, *group, *channel, *rating;
    const char *text[VM_MAX_TEXT_COLS];
    size_t ntext;
} vm_colspec;

/* Column indices in one reader (-1 = absent). */
typedef struct vm_colmap {
    int id, time, group, channel, rating;
    int text[VM_MAX_TEXT_COLS];
    size_t ntext;
    size_t resolved_ncols;  /* reader column count when resolved */
} vm_colmap;

/* Adds one --text value; "title,body" adds two columns. Returns -1 when
 * more than VM_MAX_TEXT_COLS are given. */
int vm_colspec_add_text(vm_colspec *spec, char *value, vm_error *err);

int vm_colmap_resolve(const vm_colspec *spec, const vm_reader *r, const char *file,
                      vm_colmap *map, vm_error *err);

#endif
