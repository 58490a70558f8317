/*
** project.c: the least-squares trend behind every goal's projection.
**
** The projection fits value = intercept + slope * period over the periods
** since the goal's start that have a value, and reads the line at the
** deadline's period. Kept apart from eval.c so the arithmetic can be tested
** against hand-computed regressions on its own.
*/
#include "kpirt_internal.h"

int kpirt_least_squares(const double *x, const double *y, size_t n, double *slope, double *intercept) {
    if (n < 2) return 0;
    /* Centre the data first: sums of large period indexes would lose digits. */
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx == 0) return 0;
    *slope = sxy / sxx;
    *intercept = my - *slope * mx;
    return 1;
}
