/*
** dates.c: goal dates as day numbers (days since 1970-01-01, proleptic
** Gregorian), the same numbering the runtime uses (kpirt_day).
**
** A start date means its first day (`starting 2026-01` is 2026-01-01), a
** deadline its last day (`by 2027-06` is 2027-06-30, `by 2027-Q2` likewise,
** `by 2027` is 2027-12-31). `within N units` from a start ends on the day
** before start + N units, so `starting 2026-01 within 18 months` ends on
** 2027-06-30; a month step keeps the day of month, clamped to the month's
** length (2026-01-31 + 1 month is 2026-02-28).
*/
#include "sema_internal.h"

#include <math.h>

kpirt_day sema_date_first_day(const kpi_date *date) {
    switch (date->precision) {
    case KPI_DATE_DAY: return kpirt_day_from_ymd(date->year, date->month, date->day);
    case KPI_DATE_MONTH: return kpirt_day_from_ymd(date->year, date->month, 1);
    case KPI_DATE_QUARTER: return kpirt_day_from_ymd(date->year, (date->quarter - 1) * 3 + 1, 1);
    case KPI_DATE_YEAR: return kpirt_day_from_ymd(date->year, 1, 1);
    }
    return KPIRT_NO_DAY;
}

kpirt_day sema_date_last_day(const kpi_date *date) {
    switch (date->precision) {
    case KPI_DATE_DAY: return kpirt_day_from_ymd(date->year, date->month, date->day);
    case KPI_DATE_MONTH:
        return kpirt_day_from_ymd(date->year, date->month, kpirt_days_in_month(date->year, date->month));
    case KPI_DATE_QUARTER: {
        int m = date->quarter * 3;
        return kpirt_day_from_ymd(date->year, m, kpirt_days_in_month(date->year, m));
    }
    case KPI_DATE_YEAR: return kpirt_day_from_ymd(date->year, 12, 31);
    }
    return KPIRT_NO_DAY;
}

static kpirt_day add_months(kpirt_day start, int64_t months) {
    kpirt_day end;
    return kpirt_add_months(start, months, &end) == 0 ? end : KPIRT_NO_DAY;
}

kpirt_day sema_add_duration(kpirt_day start, const kpi_duration *dur) {
    if (start == KPIRT_NO_DAY || dur->count <= 0 || dur->count > 100000) return KPIRT_NO_DAY;
    kpirt_day end;
    switch (dur->unit) {
    case KPI_DUR_DAYS: end = start + (kpirt_day)dur->count; break;
    case KPI_DUR_WEEKS: end = start + (kpirt_day)(7 * dur->count); break;
    case KPI_DUR_MONTHS: end = add_months(start, dur->count); break;
    case KPI_DUR_QUARTERS: end = add_months(start, 3 * dur->count); break;
    case KPI_DUR_YEARS: end = add_months(start, 12 * dur->count); break;
    default: return KPIRT_NO_DAY;
    }
    return end == KPIRT_NO_DAY ? end : end - 1;
}

kpirt_day sema_duration_before(kpirt_day end, const kpi_duration *dur) {
    if (end == KPIRT_NO_DAY || dur->count <= 0 || dur->count > 100000) return KPIRT_NO_DAY;
    kpirt_day after = end + 1, first;
    switch (dur->unit) {
    case KPI_DUR_DAYS: first = after - (kpirt_day)dur->count; break;
    case KPI_DUR_WEEKS: first = after - (kpirt_day)(7 * dur->count); break;
    case KPI_DUR_MONTHS: first = add_months(after, -dur->count); break;
    case KPI_DUR_QUARTERS: first = add_months(after, -3 * dur->count); break;
    case KPI_DUR_YEARS: first = add_months(after, -12 * dur->count); break;
    default: return KPIRT_NO_DAY;
    }
    return first;
}

const char *sema_format_day(kpi_arena *arena, kpirt_day day) {
    if (day == KPIRT_NO_DAY) return NULL;
    char *s = kpi_arena_alloc(arena, KPIRT_LABEL_MAX);
    kpirt_day_format(day, s);
    return s;
}

/*
** Whole calendar months first, so that `starting 2026-01 within 6 months`
** (2026-01-01 to 2026-06-30) is 6 months as written, not 181 days / 30.44 =
** 5.9; the days left over count in average Gregorian months (365.2425 / 12).
*/
double sema_months_between(kpirt_day start, kpirt_day deadline) {
    const double average_month = 30.436875;
    if (deadline < start) return (double)(deadline - start + 1) / average_month;
    int y1, m1, d1, y2, m2, d2;
    kpirt_ymd_from_day(start, &y1, &m1, &d1);
    kpirt_ymd_from_day(deadline, &y2, &m2, &d2);
    int64_t whole = ((int64_t)y2 - y1) * 12 + (m2 - m1) + 1;
    kpirt_day next = start;
    while (whole > 0 && (kpirt_add_months(start, whole, &next) < 0 || next - 1 > deadline)) whole--;
    if (whole == 0) next = start;
    return (double)whole + (double)(deadline - next + 1) / average_month;
}
