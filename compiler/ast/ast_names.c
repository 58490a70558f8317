/*
** ast_names.c: the source words of AST enumerations, for the dump, the
** formatter and messages. One table each, so every stage spells them alike.
*/
#include <stdio.h>

#include "ast.h"

const char *kpi_ast_verb_name(kpi_verb verb) {
    switch (verb) {
    case KPI_VERB_RAISE: return "raise";
    case KPI_VERB_LOWER: return "lower";
    case KPI_VERB_REACH: return "reach";
    case KPI_VERB_KEEP: return "keep";
    }
    return "?";
}

const char *kpi_ast_aggregate_name(kpi_aggregate agg) {
    switch (agg) {
    case KPI_AGG_DEFAULT: return "default";
    case KPI_AGG_SUM: return "sum";
    case KPI_AGG_COUNT: return "count";
    case KPI_AGG_COUNT_DISTINCT: return "count_distinct";
    case KPI_AGG_AVG: return "avg";
    case KPI_AGG_MIN: return "min";
    case KPI_AGG_MAX: return "max";
    case KPI_AGG_LAST: return "last";
    }
    return "?";
}

const char *kpi_ast_review_name(kpi_review_period review) {
    switch (review) {
    case KPI_REVIEW_DAILY: return "daily";
    case KPI_REVIEW_WEEKLY: return "weekly";
    case KPI_REVIEW_MONTHLY: return "monthly";
    case KPI_REVIEW_QUARTERLY: return "quarterly";
    case KPI_REVIEW_YEARLY: return "yearly";
    }
    return "?";
}

const char *kpi_ast_duration_unit_name(kpi_duration_unit unit) {
    switch (unit) {
    case KPI_DUR_DAYS: return "days";
    case KPI_DUR_WEEKS: return "weeks";
    case KPI_DUR_MONTHS: return "months";
    case KPI_DUR_QUARTERS: return "quarters";
    case KPI_DUR_YEARS: return "years";
    }
    return "?";
}

bool kpi_ast_clause_is_deadline(const kpi_clause *c) {
    return c->kind == KPI_CLAUSE_WITHIN || c->kind == KPI_CLAUSE_BY_DATE;
}

const char *kpi_ast_date_text(const kpi_date *d, char buf[KPI_AST_DATE_TEXT_MAX]) {
    switch (d->precision) {
    case KPI_DATE_DAY:
        snprintf(buf, KPI_AST_DATE_TEXT_MAX, "%04d-%02d-%02d", d->year, d->month, d->day);
        break;
    case KPI_DATE_MONTH: snprintf(buf, KPI_AST_DATE_TEXT_MAX, "%04d-%02d", d->year, d->month); break;
    case KPI_DATE_QUARTER: snprintf(buf, KPI_AST_DATE_TEXT_MAX, "%04d-Q%d", d->year, d->quarter); break;
    case KPI_DATE_YEAR:
    default: snprintf(buf, KPI_AST_DATE_TEXT_MAX, "%04d", d->year); break;
    }
    return buf;
}
