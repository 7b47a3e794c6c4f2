/*
 * termtext.c - terminal-safe text (see termtext.h).
 */
#include "report/termtext.h"
#include "report/html.h"
#include "common/utf8.h"

#include <utf8proc.h>

size_t vm_term_safe(const char *s, size_t n, vm_buf *out, size_t max) {
    size_t width = 0, i = 0, adv;
    vm_buf_reset(out);
    vm_buf_append(out, "", 0);
    while (i < n) {
        int32_t cp = vm_utf8_decode(s + i, n - i, &adv);
        int bad = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || vm_is_bidi_control(cp);
        int w = bad ? 1 : utf8proc_charwidth(cp);
        if (w < 0) w = 0;
        if (max && width + (size_t)w > max) {
            vm_buf_puts(out, "\xE2\x80\xA6");
            return width + 1;
        }
        if (bad)
            vm_buf_putc(out, '?');
        else
            vm_buf_append(out, s + i, adv);
        width += (size_t)w;
        i += adv;
    }
    return width;
}
