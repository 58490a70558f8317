/*
** suggest.h: "did you mean" for the whole compiler.
**
** Unknown names in sema, unknown units, and unknown options, commands, codes
** and values in the driver all pick their suggestion by the same distance, so
** a typo is forgiven the same way everywhere. Callers keep their own
** thresholds (how many edits a word of a given length may need).
**
** The runtime has its own distance in runtime/src/util.c (kpirt_edit_distance)
** on purpose: an evaluator links libkpirt and libc only, and the compiler does
** not reach into runtime internals, so the two cannot share this file.
*/
#ifndef KPI_SUGGEST_H
#define KPI_SUGGEST_H

/*
** Case-insensitive edit distance (Damerau's optimal string alignment: an
** insertion, deletion, substitution or swap of neighbours costs 1), capped:
** returns cap + 1 when the distance is larger, or either word is longer than
** 64 bytes.
*/
unsigned kpi_edit_distance(const char *a, const char *b, unsigned cap);

/*
** The first of the NULL-terminated candidates (which may be NULL) at the
** smallest distance from word, if that distance is at most cap; else NULL.
*/
const char *kpi_suggest(const char *word, const char *const *candidates, unsigned cap);

#endif
