/*
** suggest.h: "did you mean" for the whole compiler.
**
** Unknown names in sema, unknown units, and unknown options, commands, codes
** and values in the driver all pick their suggestion by the same distance, so
** a typo is forgiven the same way everywhere. Callers keep their own
** thresholds (how many edits a word of a given length may need).
**
** Edits are counted by libkpirt's kpirt_edit_distance (kpirt.h), the one
** distance of the compiler and the evaluators; this file adds only the
** choice among candidates.
*/
#ifndef KPI_SUGGEST_H
#define KPI_SUGGEST_H

/*
** The first of the NULL-terminated candidates (which may be NULL) at the
** smallest distance from word, if that distance is at most cap; else NULL.
*/
const char *kpi_suggest(const char *word, const char *const *candidates, unsigned cap);

#endif
