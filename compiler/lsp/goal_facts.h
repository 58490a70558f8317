/*
** goal_facts.h: the facts about a goal the hover card shows (goal_facts.c).
*/
#ifndef KPI_LSP_GOAL_FACTS_H
#define KPI_LSP_GOAL_FACTS_H

#include "analysis.h"

typedef struct kpi_lsp_goal_facts_t {
    const char *target;         /* "raise profit 20%" as written, or NULL */
    const char *start;          /* "2026-01" or NULL */
    const char *deadline;       /* "by 2027-06-30", "within 18 months", or NULL */
    const char *owner;          /* the owner's name, or NULL */
    const char *smart_errors;   /* letters with errors, "" when none, NULL when unknown */
    const char *smart_warnings; /* letters with warnings, or NULL */
} kpi_lsp_goal_facts_t;

void kpi_lsp_goal_facts(const kpi_lsp_analysis *a, const kpi_sema_symbol *sym, kpi_arena *arena,
                        kpi_lsp_goal_facts_t *out);

#endif
