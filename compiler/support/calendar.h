/*
** calendar.h: the proleptic Gregorian calendar of the compiler.
**
** Days are numbered from 1970-01-01 (day 0), the numbering of kpirt_day, so a
** day the compiler computes is the day the runtime means. The lexer checks
** that 2026-02-30 does not exist, sema turns goal dates and durations into
** days, and `kpic graph` prints days back as dates; all of them use this one
** module.
**
** The runtime keeps its own calendar in runtime/src/date.c on purpose:
** libkpirt must stand alone, linked into evaluators without any compiler
** library, so it cannot call this file, and the compiler does not reach into
** runtime internals. Both follow Howard Hinnant's civil-date algorithms;
** tests/support/test_calendar.c and tests/runtime/test_date.c test each side.
*/
#ifndef KPI_CALENDAR_H
#define KPI_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

bool kpi_cal_is_leap_year(int year);
/* Days in a month of a year (28..31), or 0 when month is not 1..12. */
int kpi_cal_days_in_month(int year, int month);
/* The day number of a civil date; month 1..12, day 1..31. */
int32_t kpi_cal_days_from_civil(int year, int month, int day);
void kpi_cal_civil_from_days(int32_t day, int *year, int *month, int *day_of_month);
/*
** The same day of month `months` months later (or earlier when negative),
** clamped to the target month's length: 2026-01-31 + 1 month is 2026-02-28.
** False, leaving *out alone, when the result falls outside years 0..100000.
*/
bool kpi_cal_add_months(int32_t day, int64_t months, int32_t *out);

#endif
