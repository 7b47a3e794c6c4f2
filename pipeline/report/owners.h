/*
 * owners.h - aspect categories and their suggested owner teams, from
 * lexicons/categories.tsv (header: category, owner, label_zh, label_en;
 * '#' lines are comments). The report suggests a topic's owner by its
 * aspect category. The caller owns the table (vm_owners_free).
 */
#ifndef VM_REPORT_OWNERS_H
#define VM_REPORT_OWNERS_H

#include "common/error.h"
#include "common/strmap.h"

typedef struct vm_owners {
    vm_strmap *cats;
    char **owner;
    char **label_en;
    char **label_zh;
} vm_owners;

void vm_owners_init(vm_owners *o);
/* Loads DIR/categories.tsv; -1 (table left empty) if it cannot. */
int vm_owners_load(vm_owners *o, const char *lexicons_dir, vm_error *err);
void vm_owners_free(vm_owners *o);

/* Owner team of a category, or NULL when unknown (o may be NULL). */
const char *vm_owners_owner(const vm_owners *o, const char *category);
/* "label_en / label_zh" style display name of a category, or NULL. */
const char *vm_owners_label_en(const vm_owners *o, const char *category);
const char *vm_owners_label_zh(const vm_owners *o, const char *category);

#endif
