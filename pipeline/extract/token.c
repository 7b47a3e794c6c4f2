/*
 * token.c - growing a token list (see token.h).
 */
#include "extract/token.h"
#include "common/mem.h"

void vm_tokens_push(vm_tokens *t, uint32_t start, uint32_t len, int type, int clause_end) {
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->v = vm_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    vm_token *k = &t->v[t->n++];
    k->start = start;
    k->len = len;
    k->type = (uint8_t)type;
    k->clause_end = (uint8_t)clause_end;
}
