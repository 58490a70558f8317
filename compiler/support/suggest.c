/*
** suggest.c: the closest candidate behind every "did you mean" of the
** compiler (see suggest.h); the distance is libkpirt's.
*/
#include "suggest.h"

#include <stddef.h>

#include "kpirt.h"

const char *kpi_suggest(const char *word, const char *const *candidates, unsigned cap) {
    const char *best = NULL;
    unsigned best_d = cap + 1;
    for (size_t i = 0; candidates && candidates[i]; i++) {
        unsigned d = kpirt_edit_distance(word, candidates[i], cap);
        if (d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
