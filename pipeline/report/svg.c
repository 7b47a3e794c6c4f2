/*
 * svg.c - inline SVG charts (see svg.h). Coordinates are integers or one
 * decimal, so the page bytes are reproducible.
 */
#include "report/svg.h"
#include "report/html.h"
#include "common/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LABEL_CHARS 30

static const char *const palette[] = {"#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed",
                                      "#0891b2", "#db2777", "#4b5563", "#65a30d", "#9333ea"};

const char *vm_svg_color(size_t i) { return palette[i % (sizeof palette / sizeof palette[0])]; }

void vm_svg_short_text(vm_buf *b, const char *s, size_t max) {
    size_t n = strlen(s), i = 0, chars = 0, adv;
    while (i < n && chars < max) {
        vm_utf8_decode(s + i, n - i, &adv);
        i += adv;
        chars++;
    }
    vm_html_escape(b, s, i);
    if (i < n) vm_buf_puts(b, "\xE2\x80\xA6");
}

static void title_block(vm_buf *b, const char *title) {
    vm_buf_puts(b, "<title>");
    vm_html_escape_str(b, title);
    vm_buf_puts(b, "</title>\n");
}

static void open_svg(vm_buf *b, int w, int h, const char *title) {
    vm_buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                     "xmlns=\"http://www.w3.org/2000/svg\">\n",
                  w, h, w, h);
    title_block(b, title);
}

static void row_label(vm_buf *b, int x, int y, const char *label, int hl) {
    vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl%s\">", x, y, hl ? " hl" : "");
    vm_svg_short_text(b, label, LABEL_CHARS);
    vm_buf_puts(b, "<title>");
    vm_html_escape_str(b, label);
    vm_buf_puts(b, "</title></text>\n");
}

void vm_svg_bars(vm_buf *b, const char *title, const char *const *labels, const double *values,
                 const char *const *notes, const int *highlight, size_t n) {
    const int W = 1040, LW = 300, BW = 420, RH = 30, TOP = 8;
    int H = TOP * 2 + RH * (int)(n ? n : 1);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max) max = values[i];
    open_svg(b, W, H, title);
    for (size_t i = 0; i < n; i++) {
        int y = TOP + RH * (int)i;
        int hl = highlight && highlight[i];
        double w = max > 0 ? values[i] / max * BW : 0;
        row_label(b, LW - 10, y + 19, labels[i], hl);
        vm_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"/>\n", LW, y + 5,
                      w < 1 ? 1.0 : w, RH - 10, hl ? "#dc2626" : "#2563eb");
        vm_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" class=\"note\">", LW + w + 8, y + 19);
        vm_html_escape_str(b, notes[i]);
        vm_buf_puts(b, "</text>\n");
    }
    vm_buf_puts(b, "</svg>\n");
}

/* A round axis maximum at or above v: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
 * times a power of ten. */
double vm_svg_nice_max(double v) {
    if (!(v > 0)) return 1;
    double p = pow(10, floor(log10(v)));
    static const double steps[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= v * (1 - 1e-12)) return steps[i] * p;
    return 10 * p;
}

static void line_axes(vm_buf *b, int L, int T, int PW, int PH, double ymax, const char *unit) {
    for (int g = 0; g <= 4; g++) {
        double y = T + PH - PH * g / 4.0;
        vm_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>\n", L, y, L + PW, y);
        vm_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"axis\">%.1f%s</text>\n", L - 6,
                      y + 4, ymax * g / 4.0, unit);
    }
}

static void line_legend(vm_buf *b, const char *const *names, size_t ns, int x, int y) {
    for (size_t s = 0; s < ns; s++) {
        int yy = y + 22 * (int)s;
        vm_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>\n", x, yy - 5,
                      vm_svg_color(s));
        vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"note\">", x + 20, yy);
        vm_svg_short_text(b, names[s], 26);
        vm_buf_puts(b, "</text>\n");
    }
}

void vm_svg_lines(vm_buf *b, const char *title, const char *const *xlabels, size_t nx,
                  const char *const *names, const double *values, size_t ns, const char *unit) {
    const int W = 1040, L = 60, T = 14, PW = 680, PH = 240;
    int H = T + PH + 44;
    if (H < T + 22 * (int)ns + 10) H = T + 22 * (int)ns + 10;
    double ymax = 0;
    for (size_t i = 0; i < nx * ns; i++)
        if (isfinite(values[i]) && values[i] > ymax) ymax = values[i];
    ymax = vm_svg_nice_max(ymax);
    open_svg(b, W, H, title);
    line_axes(b, L, T, PW, PH, ymax, unit);
    double step = nx > 1 ? (double)PW / (double)(nx - 1) : 0;
    size_t every = nx > 10 ? (nx + 9) / 10 : 1;
    for (size_t x = 0; x < nx; x++) {
        if (x % every != 0 && x != nx - 1) continue;
        vm_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">", L + step * (double)x,
                      T + PH + 20);
        vm_html_escape_str(b, xlabels[x]);
        vm_buf_puts(b, "</text>\n");
    }
    for (size_t s = 0; s < ns; s++) {
        vm_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"", vm_svg_color(s));
        for (size_t x = 0; x < nx; x++) {
            double v = values[s * nx + x];
            if (isfinite(v)) vm_buf_printf(b, "%.1f,%.1f ", L + step * (double)x, T + PH - PH * v / ymax);
        }
        vm_buf_puts(b, "\"/>\n");
        for (size_t x = 0; x < nx; x++) {
            double v = values[s * nx + x];
            if (!isfinite(v)) continue;
            vm_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>", L + step * (double)x,
                          T + PH - PH * v / ymax, vm_svg_color(s));
            vm_html_escape_str(b, names[s]);
            vm_buf_printf(b, " \xC2\xB7 ");
            vm_html_escape_str(b, xlabels[x]);
            vm_buf_printf(b, ": %.2f%s</title></circle>\n", v, unit);
        }
    }
    line_legend(b, names, ns, L + PW + 30, T + 12);
    vm_buf_puts(b, "</svg>\n");
}

void vm_svg_diverging(vm_buf *b, const char *title, const char *const *labels, const double *values,
                      const char *const *notes, const int *highlight, size_t n) {
    const int W = 1040, LW = 240, HALF = 200, RH = 26, TOP = 10;
    int mid = LW + 10 + HALF;
    int H = TOP * 2 + RH * (int)(n ? n : 1) + 18;
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(values[i]) > scale) scale = fabs(values[i]);
    scale = vm_svg_nice_max(scale < 0.1 ? 0.1 : scale > 1 ? 1 : scale);
    open_svg(b, W, H, title);
    vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%.2f negative</text>\n",
                  mid - HALF, TOP + 2, -scale);
    vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">0</text>\n", mid, TOP + 2);
    vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">+%.2f positive</text>\n",
                  mid + HALF, TOP + 2, scale);
    for (size_t i = 0; i < n; i++) {
        int y = TOP + 12 + RH * (int)i;
        int hl = highlight && highlight[i];
        double v = values[i] < -scale ? -scale : values[i] > scale ? scale : values[i];
        double w = fabs(v) / scale * HALF;
        row_label(b, LW, y + 17, labels[i], hl);
        vm_buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>\n",
                      v < 0 ? mid - w : (double)mid, y + 5, w < 1 ? 1.0 : w, RH - 10, v < 0 ? "#dc2626" : "#059669");
        vm_buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"note\">", mid + HALF + 20, y + 17);
        vm_html_escape_str(b, notes[i]);
        vm_buf_puts(b, "</text>\n");
    }
    vm_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"zero\"/>\n", mid, TOP + 12, mid,
                  TOP + 12 + RH * (int)n);
    vm_buf_puts(b, "</svg>\n");
}

void vm_svg_stack(vm_buf *b, const double *counts, const char *const *names, size_t n, int width) {
    static const char *const sev_colors[] = {"#cbd5e1", "#fcd34d", "#f97316", "#b91c1c"};
    double total = 0;
    for (size_t i = 0; i < n; i++) total += counts[i];
    vm_buf_printf(b, "<svg class=\"stack\" viewBox=\"0 0 %d 12\" width=\"%d\" height=\"12\" "
                     "xmlns=\"http://www.w3.org/2000/svg\">",
                  width, width);
    double x = 0;
    for (size_t i = 0; i < n && total > 0; i++) {
        double w = counts[i] / total * width;
        if (w <= 0) continue;
        vm_buf_printf(b, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"12\" fill=\"%s\"><title>", x, w,
                      sev_colors[i % 4]);
        vm_html_escape_str(b, names[i]);
        vm_buf_printf(b, ": %.0f</title></rect>", counts[i]);
        x += w;
    }
    vm_buf_puts(b, "</svg>");
}
