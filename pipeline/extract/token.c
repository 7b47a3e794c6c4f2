/*
 * token.c - growing a token list (see token.h).
 */
#include "extract/token.h"
#include "common/mem.h"

void vm_tokens_grow(vm_tokens *t) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->v = vm_xrealloc(t->v, t->cap * sizeof *t->v);
}
