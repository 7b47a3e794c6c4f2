/*
 * columns.c - column mapping by flag or by recognised header names
 * (see columns.h).
 */
#include "normalize/columns.h"
#include "common/buf.h"

#include <ctype.h>
#include <string.h>

static const char *const id_names[] = {"id", "commentid", "reviewid", "feedbackid", "ticketid", "messageid",
                                       "评论id", "编号", "序号", NULL};
static const char *const text_names[] = {"comment", "text", "review", "content", "body", "message", "feedback",
                                         "remark", "remarks", "评论", "内容", "评价", "评论内容", "留言", "反馈",
                                         NULL};
static const char *const title_names[] = {"title", "subject", "标题", "主题", NULL};
static const char *const time_names[] = {"createdat", "time", "timestamp", "date", "datetime", "created",
                                         "createtime", "submittedat", "时间", "日期", "创建时间", "评论时间", NULL};
static const char *const group_names[] = {"store", "shop", "branch", "group", "product", "storeid", "shopid",
                                          "outlet", "location", "门店", "店铺", "商品", "分店", NULL};
static const char *const channel_names[] = {"channel", "source", "platform", "渠道", "来源", "平台", NULL};
static const char *const rating_names[] = {"rating", "score", "stars", "star", "rate", "评分", "星级", NULL};

int vm_colspec_add_text(vm_colspec *spec, char *value, vm_error *err) {
    for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (spec->ntext == VM_MAX_TEXT_COLS) return vm_fail(err, "at most %d --text columns", VM_MAX_TEXT_COLS);
        spec->text[spec->ntext++] = tok;
    }
    return 0;
}

/* Lower-cases ASCII and drops '_', '-' and spaces. */
static void squash(const char *s, vm_buf *out) {
    vm_buf_reset(out);
    for (; *s; s++) {
        if (*s == '_' || *s == '-' || *s == ' ') continue;
        vm_buf_putc(out, (char)tolower((unsigned char)*s));
    }
}

static int find_exact(const vm_reader *r, const char *name) {
    size_t n = vm_reader_ncols(r);
    for (size_t i = 0; i < n; i++)
        if (strcmp(vm_reader_colname(r, i), name) == 0) return (int)i;
    return -1;
}

/* The first header column (in header order) whose squashed name is in names. */
static int find_known(const vm_reader *r, const char *const *names) {
    size_t n = vm_reader_ncols(r);
    vm_buf sq = {0};
    int found = -1;
    for (size_t i = 0; i < n && found < 0; i++) {
        squash(vm_reader_colname(r, i), &sq);
        for (const char *const *k = names; *k && found < 0; k++)
            if (strcmp(sq.data, *k) == 0) found = (int)i;
    }
    vm_buf_free(&sq);
    return found;
}

static int missing_column(const vm_reader *r, const char *file, const char *flag, const char *name,
                          vm_error *err) {
    vm_buf cols = {0};
    for (size_t i = 0; i < vm_reader_ncols(r); i++)
        vm_buf_printf(&cols, "%s\"%s\"", i ? ", " : "", vm_reader_colname(r, i));
    vm_fail(err, "%s: %s column \"%s\" not found; columns are: %s", file, flag, name,
            cols.len ? cols.data : "(none)");
    vm_buf_free(&cols);
    return -1;
}

/* Resolves one optional column: by flag (must exist unless the format is
 * JSONL, whose keys may appear later) or by known names. */
static int resolve_one(const vm_reader *r, const char *file, const char *flag, const char *name,
                       const char *const *known, int *col, vm_error *err) {
    if (!name) {
        *col = find_known(r, known);
        return 0;
    }
    *col = find_exact(r, name);
    if (*col < 0 && strcmp(vm_reader_format(r), "jsonl") != 0) return missing_column(r, file, flag, name, err);
    return 0;
}

int vm_colmap_resolve(const vm_colspec *spec, const vm_reader *r, const char *file, vm_colmap *map,
                      vm_error *err) {
    memset(map, 0, sizeof *map);
    map->resolved_ncols = vm_reader_ncols(r);
    if (resolve_one(r, file, "--id", spec->id, id_names, &map->id, err) ||
        resolve_one(r, file, "--time", spec->time, time_names, &map->time, err) ||
        resolve_one(r, file, "--group", spec->group, group_names, &map->group, err) ||
        resolve_one(r, file, "--channel", spec->channel, channel_names, &map->channel, err) ||
        resolve_one(r, file, "--rating", spec->rating, rating_names, &map->rating, err))
        return -1;
    if (spec->ntext) {
        for (size_t i = 0; i < spec->ntext; i++)
            if (resolve_one(r, file, "--text", spec->text[i], NULL, &map->text[map->ntext++], err)) return -1;
        return 0;
    }
    int title = find_known(r, title_names);
    int text = find_known(r, text_names);
    if (text < 0) {
        if (strcmp(vm_reader_format(r), "jsonl") == 0 && vm_reader_ncols(r) == 0) return 0;
        return missing_column(r, file, "text (auto-detected)", "comment/text/review/content/评论…", err);
    }
    if (title >= 0 && title != text) map->text[map->ntext++] = title;
    map->text[map->ntext++] = text;
    return 0;
}
