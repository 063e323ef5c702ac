/*
 * fa_audit_run with threads, blocks and the fast path (audit/audit_pass.c) against the
 * reference reading (libcsv for every record, one thread): on generated predictions files,
 * clean and hostile (quotes with embedded newlines, CRLF, BOM, blank lines, ragged rows,
 * NUL bytes, bad values, too many groups), the audit.json text must be byte for byte the
 * same — confidence intervals included — and a failing file must fail with the same status
 * and located message, whatever the number of threads and wherever blocks are cut.
 */
#include <string.h>

#include "atest.h"
#include "audit/audit_private.h"
#include "common/internal.h"
#include "common/rng.h"
#include "fairaudit/report.h"

#define MAX_TEXT 65536

static const char *prot2[] = {"g1", "g2"};

typedef struct run_out {
    fa_status rc;
    char msg[1024];
    char *json;
    size_t len;
} run_out;

static void run(const char *path, const fa_audit_options *base, unsigned threads,
                size_t block, bool fast, run_out *out)
{
    fa_audit_options o = *base;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_audit_result *res = NULL;
    fa_error err;

    memset(out, 0, sizeof *out);
    fa_error_clear(&err);
    o.threads = threads;
    fa_audit__test_hooks(block, fast);
    out->rc = fa_audit_run(path, &o, &res, &err);
    fa_audit__test_hooks(0, true);
    if (out->rc != FA_OK) {
        fa_error_format(&err, out->msg, sizeof out->msg);
        return;
    }
    ro.generated_at = 0;
    FA_ASSERT_OK(fa_report_json(res, &ro, &out->json, &out->len, &err));
    fa_audit_result_free(res);
}

static void same(const run_out *a, const run_out *b, const char *what, const char *text,
                 size_t n)
{
    cr_assert_eq(a->rc, b->rc, "%s: status %s vs %s (%s | %s); input:\n%.*s", what,
                 fa_status_str(a->rc), fa_status_str(b->rc), a->msg, b->msg,
                 (int)(n < 3000 ? n : 3000), text);
    if (a->rc != FA_OK) {
        cr_assert_str_eq(a->msg, b->msg, "%s; input:\n%.*s", what, (int)(n < 3000 ? n : 3000),
                         text);
        return;
    }
    cr_assert_eq(a->len, b->len, "%s: report lengths %zu vs %zu", what, a->len, b->len);
    cr_assert(memcmp(a->json, b->json, a->len) == 0, "%s: reports differ", what);
}

/* ---- generated predictions files ---------------------------------------------------------- */

static void put(char *buf, size_t *n, const char *s, size_t len)
{
    if (*n + len > MAX_TEXT - 1)
        len = MAX_TEXT - 1 - *n;
    memcpy(buf + *n, s, len);
    *n += len;
}

static void puts_(char *buf, size_t *n, const char *s)
{
    put(buf, n, s, strlen(s));
}

/* hostile: 0 clean, 1 CRLF + missing values, 2 quotes/blank lines/BOM, 3 + errors */
static size_t gen(fa_rng *r, char *buf, int hostile, size_t rows, size_t n_g1)
{
    static const char *const g2v[] = {"p", "q"};
    size_t n = 0, i;
    const char *eol = hostile == 1 ? "\r\n" : "\n";

    if (hostile >= 2 && fa_rng_below(r, 4) == 0)
        puts_(buf, &n, "\xEF\xBB\xBF");
    puts_(buf, &n, "id,score,label,decision,w,g1,g2");
    puts_(buf, &n, eol);
    for (i = 0; i < rows; i++) {
        char line[512];
        uint64_t k = fa_rng_below(r, 1000);
        double s = fa_rng_uniform(r);
        int label = fa_rng_uniform(r) < s, dec = s >= 0.5;
        char g1[256];
        const char *sc = NULL, *lab = label ? "1" : "0";

        snprintf(g1, sizeof g1, "G%u", (unsigned)fa_rng_below(r, n_g1));
        if (hostile >= 1 && k < 15)
            lab = k < 8 ? "NA" : "";
        if (hostile >= 3 && k >= 15 && k < 17)
            lab = "2";
        if (hostile >= 3 && k >= 17 && k < 19)
            sc = k == 17 ? "abc" : "1.5";
        if (hostile >= 1 && k >= 19 && k < 25)
            sc = "";
        if (hostile >= 1 && k >= 25 && k < 35)
            snprintf(g1, sizeof g1, "%s", k < 30 ? "" : "NA");
        if (hostile >= 2 && k >= 35 && k < 45)
            snprintf(g1, sizeof g1, "\"G%u\"", (unsigned)fa_rng_below(r, n_g1));
        if (hostile >= 2 && k >= 45 && k < 50)
            snprintf(g1, sizeof g1, "\"G,%u\nx\"", (unsigned)fa_rng_below(r, 2));
        if (hostile >= 2 && k >= 70 && k < 73) /* a quoted value holding lines that look like
                                                 * records: whole blocks inside quotes */
            snprintf(g1, sizeof g1, "\"m\n%s\"",
                     k == 72 ? "" : "1,0.5,1,1,1,G0,p\n2,0.5,1,1,1,G0,p\n3,0.5,1,1,1,G0,p\n"
                                    "4,0.5,1,1,1,G0,p\n5,0.5,1,1,1,G0,p\n6,0.5,1,1,1,G0,p\n");
        if (sc != NULL)
            snprintf(line, sizeof line, "%zu,%s,%s,%d,%.3f,%s,%s", i, sc, lab, dec,
                     0.5 + fa_rng_uniform(r), g1, g2v[fa_rng_below(r, 2)]);
        else
            snprintf(line, sizeof line, "%zu,%.*f,%s,%d,%.3f,%s,%s", i,
                     (int)(2 + fa_rng_below(r, 5)), s, lab, dec, 0.5 + fa_rng_uniform(r), g1,
                     g2v[fa_rng_below(r, 2)]);
        puts_(buf, &n, line);
        if (hostile >= 3 && k >= 50 && k < 52)
            puts_(buf, &n, ",extra");
        if (hostile >= 3 && k == 52)
            put(buf, &n, "\0", 1);
        if (hostile >= 2 && k >= 53 && k < 60)
            puts_(buf, &n, k < 56 ? "\n" : "\n  \t");
        if (i + 1 < rows || fa_rng_below(r, 3) != 0)
            puts_(buf, &n, hostile >= 2 && k >= 60 && k < 70 ? "\r\n" : eol);
    }
    if (hostile >= 3 && fa_rng_below(r, 8) == 0)
        puts_(buf, &n, "1,0.5,1,1,1,\"open quote");
    buf[n] = '\0';
    return n;
}

static void check_file(const char *text, size_t n, bool weighted, size_t max_groups,
                       unsigned boot)
{
    static const size_t blocks[] = {64, 1000};
    static const unsigned threads[] = {2, 3, 7};
    fa_audit_options o;
    run_out ref, got;
    const char *path = fa_test_write_bytes("thr.csv", text, n);
    size_t b, t;

    atest_options(&o, prot2, 2);
    o.decision_column = "decision";
    o.weight_column = weighted ? "w" : NULL;
    o.max_groups = max_groups;
    o.bootstrap = boot;
    o.intersections = 1;
    o.fingerprint = 1;
    /* the reference: every record through libcsv, one thread, one block */
    run(path, &o, 1, 0, false, &ref);
    if (!weighted) {
        run(path, &o, 1, 0, true, &got);
        same(&ref, &got, "fast path, 1 thread", text, n);
        fa_free(got.json);
    }
    for (b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        run_out ref_b;
        /* weighted sums are added per block: compare runs with the same blocks */
        if (weighted)
            run(path, &o, 1, blocks[b], false, &ref_b);
        for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            char what[96];
            run(path, &o, threads[t], blocks[b], true, &got);
            snprintf(what, sizeof what, "%u threads, %zu-byte blocks%s", threads[t], blocks[b],
                     weighted ? ", weighted" : "");
            same(weighted ? &ref_b : &ref, &got, what, text, n);
            fa_free(got.json);
        }
        run(path, &o, 1, blocks[b], true, &got);
        same(weighted ? &ref_b : &ref, &got, "1 thread, small blocks", text, n);
        fa_free(got.json);
        if (weighted) {
            /* and up to rounding like one block */
            cr_assert_eq(ref_b.rc, ref.rc);
            fa_free(ref_b.json);
        }
    }
    fa_free(ref.json);
}

static void run_files(int hostile, unsigned files, uint64_t seed, bool weighted)
{
    static char text[MAX_TEXT];
    fa_rng r;
    unsigned i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < files; i++) {
        size_t rows = 1 + fa_rng_below(&r, 400), n_g1 = 1 + fa_rng_below(&r, 6);
        size_t n = gen(&r, text, hostile, rows, n_g1);
        size_t max_groups = fa_rng_below(&r, 4) == 0 ? 1 + fa_rng_below(&r, 8) : 1000;
        check_file(text, n, weighted, max_groups, i % 4 == 0 ? 20 : 0);
    }
}

/* The row that creates one group too many is found exactly, even when the thread that read
 * its block has seen fewer groups than that. */
Test(audit_threads, max_groups_error_at_the_exact_row)
{
    static char text[MAX_TEXT];
    fa_audit_options o;
    run_out ref, got;
    size_t n = 0, i;
    const char *path;
    int rep;

    puts_(text, &n, "id,score,label,decision,w,g1,g2\n");
    for (i = 0; i < 300; i++) {
        char line[96];
        snprintf(line, sizeof line, "%zu,0.%03zu,%zu,1,1,G%zu,p\n", i, i % 1000, i % 2,
                 (size_t)(i == 0 ? 0 : i < 250 ? 1 : 2));
        puts_(text, &n, line);
    }
    path = fa_test_write_bytes("thr.csv", text, n);
    atest_options(&o, prot2, 2);
    o.max_groups = 2;
    run(path, &o, 1, 0, false, &ref);
    cr_assert_eq(ref.rc, FA_EDATA);
    cr_assert(strstr(ref.msg, ":252:6: more than 2 distinct combinations") != NULL, "%s", ref.msg);
    for (rep = 0; rep < 20; rep++) {
        run(path, &o, 7, 32, true, &got);
        same(&ref, &got, "max groups", text, n);
        run(path, &o, 2, 64, true, &got);
        same(&ref, &got, "max groups", text, n);
    }
}

Test(audit_threads, clean_files_identical) { run_files(0, 40, 11, false); }
Test(audit_threads, crlf_and_missing_values_identical) { run_files(1, 40, 12, false); }
Test(audit_threads, quotes_blank_lines_bom_identical) { run_files(2, 40, 13, false); }
Test(audit_threads, errors_identical_and_located) { run_files(3, 60, 14, false); }
Test(audit_threads, weighted_identical_for_any_thread_count) { run_files(2, 30, 15, true); }

/* More distinct (cell, score) pairs than the exact table holds (65,536): the accumulator
 * switches to histograms in the middle of the input, at the same row whatever the threads. */
Test(audit_threads, histogram_switch_and_many_cells)
{
    const size_t rows = 80000, cap = rows * 48;
    char *text = malloc(cap);
    fa_rng r;
    size_t n = 0, i;
    fa_audit_options o;
    run_out ref, got;
    const char *path;
    unsigned t;

    cr_assert_not_null(text);
    fa_rng_seed(&r, 99);
    n += (size_t)snprintf(text, cap, "id,score,label,decision,w,g1,g2\n");
    for (i = 0; i < rows; i++) {
        double s = fa_rng_uniform(&r);
        n += (size_t)snprintf(text + n, cap - n, "%zu,%.9f,%d,%d,1,G%u,%c\n", i, s,
                              fa_rng_uniform(&r) < s, s >= 0.5, (unsigned)fa_rng_below(&r, 40),
                              "pq"[fa_rng_below(&r, 2)]);
    }
    path = fa_test_write_bytes("thr.csv", text, n);
    atest_options(&o, prot2, 2);
    o.decision_column = "decision";
    o.bootstrap = 30;
    run(path, &o, 1, 0, false, &ref);
    cr_assert_eq(ref.rc, FA_OK, "%s", ref.msg);
    cr_assert(strstr(ref.json, "\"distribution\": \"histogram\"") != NULL);
    for (t = 1; t <= 3; t += 2) {
        run(path, &o, t, 4096, true, &got);
        same(&ref, &got, "histogram switch", "(large file)", 12);
        fa_free(got.json);
    }
    fa_free(ref.json);
    free(text);
}
