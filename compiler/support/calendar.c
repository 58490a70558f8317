/*
** calendar.c: civil dates <-> day numbers (days since 1970-01-01).
**
** Howard Hinnant's days_from_civil and civil_from_days, computed in 64 bits
** so that every int32_t day converts without overflow. See calendar.h for why
** the runtime has its own copy.
*/
#include "calendar.h"

bool kpi_cal_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int kpi_cal_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && kpi_cal_is_leap_year(year)) return 29;
    return days[month - 1];
}

int32_t kpi_cal_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void kpi_cal_civil_from_days(int32_t day, int *year, int *month, int *day_of_month)
{
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day_of_month = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

bool kpi_cal_add_months(int32_t day, int64_t months, int32_t *out)
{
    int y, m, d;
    kpi_cal_civil_from_days(day, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    if (total < 0 || total > 12 * 100000) return false;
    y = (int)(total / 12);
    m = (int)(total % 12) + 1;
    int len = kpi_cal_days_in_month(y, m);
    *out = kpi_cal_days_from_civil(y, m, d > len ? len : d);
    return true;
}
