/* time.h. The sandbox's clock is virtual (2020-01-01 plus 1 us per reading) and the native
 * run's is real, so only what is deterministic on both sides is printed: conversions of fixed
 * timestamps (in UTC and under POSIX TZ rules, which need no zoneinfo file) and the clocks'
 * monotonicity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void show(time_t t) {
    char buf[128];
    struct tm* g = gmtime(&t);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j %U %W %u %w %y %C %G %V %e %%", g);
    printf("%lld gmtime %s | ", (long long)t, buf);
    struct tm* l = localtime(&t);
    strftime(buf, sizeof buf, "%F %T %Z %z isdst=", l);
    printf("localtime %s%d | mktime %lld | %s", buf, l->tm_isdst, (long long)mktime(l), asctime(l));
}

int main(void) {
    const time_t ts[] = {0, 951782400, 1577836800, 1585443600, 1603587600, 2147483647,
                         4102444800, -86400};
    const char* zones[] = {"UTC0", "CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT,M3.2.0,M11.1.0",
                           "<+0530>-5:30"};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; ++z) {
        setenv("TZ", zones[z], 1);
        tzset();
        printf("TZ=%s tzname=%s/%s timezone=%ld daylight=%d\n", zones[z], tzname[0], tzname[1],
               timezone, daylight);
        for (size_t i = 0; i < sizeof ts / sizeof ts[0]; ++i)
            show(ts[i]);
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124, tm.tm_mon = 1, tm.tm_mday = 30, tm.tm_hour = 25; /* normalised */
    setenv("TZ", "UTC0", 1);
    tzset();
    time_t n = mktime(&tm);
    printf("normalised %lld %d-%d %d:%d wday %d yday %d\n", (long long)n, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_wday, tm.tm_yday);
    struct tm parsed;
    memset(&parsed, 0, sizeof parsed);
    strptime("2021-07-04 12:34:56", "%Y-%m-%d %H:%M:%S", &parsed);
    printf("strptime %lld\n", (long long)timegm(&parsed));
    time_t a = time(NULL), b = time(NULL);
    struct timespec m1, m2;
    clock_gettime(CLOCK_MONOTONIC, &m1);
    clock_gettime(CLOCK_MONOTONIC, &m2);
    printf("time after 2019: %d, not backwards: %d, monotonic: %d, clock() >= 0: %d\n",
           a > 1546300800, b >= a,
           m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec),
           clock() >= 0);
    return 0;
}
