/*
 * report_test.h — helpers shared by the reports/ unit tests: fixture paths,
 * fresh temporary folders, whole-file reads, substring counts, and whether
 * gnuplot can run here.
 */
#ifndef FA_REPORT_TEST_H
#define FA_REPORT_TEST_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_test.h"
#include "reports/report_charts.h"

#define FIXTURES FA_SOURCE_DIR "/tests/fixtures/reports"

/* Removes a folder made by rt_tmpdir() and everything in it (two levels:
 * the reports write DIR/ and DIR/charts/). */
static inline void rt_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[2048];
    struct stat st;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(path, sizeof path, "%.1500s/%s", dir, e->d_name) >= sizeof path)
            continue;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rt_rmtree(path);
        else
            (void)unlink(path);
    }
    closedir(d);
    (void)rmdir(dir);
}

/* A fresh folder under $TMPDIR (static storage, one per call slot). */
static inline const char *rt_tmpdir(void)
{
    static char path[4][512];
    static int slot;
    char *p = path[slot++ & 3];

    snprintf(p, 512, "%s/fa_report_test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(p), "mkdtemp failed");
    return p;
}

/* Whole file, NUL-terminated (caller frees with free()); NULL if absent. */
static inline char *rt_read(const char *dir, const char *name)
{
    char path[1024];
    FILE *fp;
    long n;
    char *buf;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static inline size_t rt_count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += len;
    }
    return n;
}

static inline int rt_exists(const char *dir, const char *name)
{
    char path[1024];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* Skips the test visibly when gnuplot cannot run on this machine. */
static inline void rt_need_gnuplot(void)
{
    const char *dir = rt_tmpdir();
    char script[1024];
    FILE *fp;
    fa_gp_outcome out;
    fa_buf text = FA_BUF_INIT;
    fa_error err;

    snprintf(script, sizeof script, "%s/probe.gp", dir);
    fp = fopen(script, "w");
    cr_assert_not_null(fp);
    fputs("set terminal svg\nset output 'probe.svg'\nplot x\n", fp);
    fclose(fp);
    cr_assert_eq(fa_gnuplot_run("gnuplot", dir, "probe.gp", 30, &out, &text, &err), FA_OK);
    fa_buf_dispose(&text);
    rt_rmtree(dir);
    if (out != FA_GP_OK)
        cr_skip_test("gnuplot is not available here (Debian: gnuplot-nox); skipping");
}

/* Collects log messages of a render (payload = fa_buf *). */
static inline void rt_log(fa_log_level level, const char *msg, void *payload)
{
    fa_buf *b = payload;

    if (level == FA_LOG_WARNING) {
        fa_buf_puts(b, msg);
        fa_buf_putc(b, '\n');
    }
}

/* Number of entries of dir whose name contains needle. */
static inline size_t rt_count_files(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, needle) != NULL;
    closedir(d);
    return n;
}

#endif
