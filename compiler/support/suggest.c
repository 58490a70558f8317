/*
** suggest.c: the edit distance behind every "did you mean" of the compiler
** (see suggest.h).
*/
#include "suggest.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

unsigned kpi_edit_distance(const char *a, const char *b, unsigned cap) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
    unsigned d[66][66];
    for (size_t i = 0; i <= la; i++) d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            unsigned best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

const char *kpi_suggest(const char *word, const char *const *candidates, unsigned cap) {
    const char *best = NULL;
    unsigned best_d = cap + 1;
    for (size_t i = 0; candidates && candidates[i]; i++) {
        unsigned d = kpi_edit_distance(word, candidates[i], cap);
        if (d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
