/*
 * Partial audits (audit/audit_partial*.c): shards of a file audited apart and merged give
 * the audit of the whole file — byte for byte once the input's name and digest are set to
 * the whole file's — in any order, through memory or through the JSON format; MPI-style
 * split parts too; mismatched settings and damaged files are refused, located.
 */
#include <string.h>

#include "atest.h"
#include "common/internal.h"
#include "common/rng.h"
#include "fairaudit/report.h"

static const char *prot2[] = {"g1", "g2"};

static char *gen_text(uint64_t seed, size_t rows, int decimals, bool quotes, size_t *len)
{
    size_t cap = rows * 64 + 128, n = 0, i;
    char *t = malloc(cap);
    fa_rng r;

    cr_assert_not_null(t);
    fa_rng_seed(&r, seed);
    n += (size_t)snprintf(t, cap, "id,score,label,decision,w,g1,g2\n");
    for (i = 0; i < rows; i++) {
        double s = fa_rng_uniform(&r);
        unsigned g = (unsigned)fa_rng_below(&r, 7);
        const char *g1 = g == 6 ? "" : g == 5 ? "NA" : NULL;
        char gb[16];
        if (g1 == NULL) {
            snprintf(gb, sizeof gb, quotes && g == 0 ? "\"G,%u\"" : "G%u", g);
            g1 = gb;
        }
        n += (size_t)snprintf(t + n, cap - n, "%zu,%.*f,%d,%d,%.2f,%s,%c\n", i, decimals, s,
                              fa_rng_uniform(&r) < s, s >= 0.5, 0.25 + fa_rng_uniform(&r), g1,
                              "pq"[fa_rng_below(&r, 2)]);
    }
    *len = n;
    return t;
}

static const char *write_named(const char *name, const char *data, size_t n)
{
    static char path[8][512];
    static int slot;
    char *p = path[slot++ & 7];
    FILE *fp;

    snprintf(p, 512, "%s/fa_part_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    fp = fopen(p, "wb");
    cr_assert_not_null(fp);
    cr_assert_eq(fwrite(data, 1, n, fp), n);
    fclose(fp);
    return p;
}

/* Shard k of 4: the header, then every line whose number falls in the k-th quarter. */
static const char *write_shard(const char *text, size_t len, int k, int of)
{
    const char *body = memchr(text, '\n', len) + 1, *p = body, *end = text + len;
    size_t n_lines = 0, i = 0, from, to;
    fa_buf b = FA_BUF_INIT;
    char name[32];
    const char *path;

    for (; p < end; p++)
        n_lines += *p == '\n';
    from = n_lines * (size_t)k / (size_t)of;
    to = n_lines * (size_t)(k + 1) / (size_t)of;
    fa_buf_put(&b, text, (size_t)(body - text));
    for (p = body; p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (i >= from && i < to)
            fa_buf_put(&b, p, (size_t)(nl - p) + 1);
        p = nl + 1;
    }
    snprintf(name, sizeof name, "shard%d.csv", k);
    path = write_named(name, b.ptr, b.len);
    fa_buf_dispose(&b);
    return path;
}

static char *report(const fa_audit_result *r)
{
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    char *text = NULL;
    size_t len;
    fa_error err;

    ro.generated_at = 0;
    FA_ASSERT_OK(fa_report_json(r, &ro, &text, &len, &err));
    return text;
}

static const char *missing_na[] = {"NA"};

static void options(fa_audit_options *o, unsigned boot)
{
    atest_options(o, prot2, 2);
    o->decision_column = "decision";
    o->bootstrap = boot;
    o->intersections = 1;
    o->missing_values = missing_na;
    o->n_missing_values = 1;
}

/* The audit of the whole file, and its report with the file's name and digest. */
static char *whole(const char *path, const fa_audit_options *o, char fp[65])
{
    fa_audit_result *r;
    fa_error err;
    char *text;

    FA_ASSERT_OK(fa_audit_run(path, o, &r, &err));
    FA_ASSERT_OK(fa_file_sha256(path, fp, &err));
    text = report(r);
    fa_audit_result_free(r);
    return text;
}

static char *merged_report(fa_audit_partial *m, const char *path, const char *fp)
{
    fa_audit_result *r;
    fa_error err;
    char *text;

    FA_ASSERT_OK(fa_audit_partial_set_input(m, path, fp, &err));
    FA_ASSERT_OK(fa_audit_partial_result(m, &r, &err));
    text = report(r);
    fa_audit_result_free(r);
    return text;
}

static void check_shards(size_t rows, int decimals, unsigned boot, int of)
{
    fa_audit_options o;
    fa_audit_partial *part[4], *mem = NULL, *txt = NULL, *rev = NULL;
    size_t len;
    char *text = gen_text(42 + rows, rows, decimals, false, &len), *expect, *got, fp[65];
    const char *path = write_named("whole.csv", text, len);
    fa_error err;
    int k;

    options(&o, boot);
    expect = whole(path, &o, fp);
    for (k = 0; k < of; k++) {
        o.threads = (unsigned)k + 1;
        FA_ASSERT_OK(fa_audit_run_partial(write_shard(text, len, k, of), &o, &part[k], &err));
    }
    /* in memory, in input order */
    {
        char *j;
        size_t jl;
        FA_ASSERT_OK(fa_audit_partial_json(part[0], &j, &jl, &err));
        FA_ASSERT_OK(fa_audit_partial_parse(&mem, j, jl, "part0", &err));
        FA_ASSERT_OK(fa_audit_partial_parse(&txt, j, jl, "part0", &err));
        fa_audit_partial_json_free(j);
    }
    for (k = 1; k < of; k++) {
        char *j;
        size_t jl;
        FA_ASSERT_OK(fa_audit_partial_merge(mem, part[k], &err));
        FA_ASSERT_OK(fa_audit_partial_json(part[k], &j, &jl, &err));
        FA_ASSERT_OK(fa_audit_partial_merge_text(txt, j, jl, "part", &err));
        fa_audit_partial_json_free(j);
    }
    cr_assert_eq(fa_audit_partial_rows_read(mem), rows);
    cr_assert(strstr(expect, rows > 70000 ? "\"distribution\": \"histogram\""
                                          : "\"distribution\": \"exact\"") != NULL);
    got = merged_report(mem, path, fp);
    cr_assert_str_eq(got, expect, "merged in memory differs from one pass");
    fa_free(got);
    got = merged_report(txt, path, fp);
    cr_assert_str_eq(got, expect, "merged through JSON differs from one pass");
    fa_free(got);
    /* reverse order */
    {
        char *j;
        size_t jl;
        FA_ASSERT_OK(fa_audit_partial_json(part[of - 1], &j, &jl, &err));
        FA_ASSERT_OK(fa_audit_partial_parse(&rev, j, jl, "last", &err));
        fa_audit_partial_json_free(j);
    }
    for (k = of - 2; k >= 0; k--)
        FA_ASSERT_OK(fa_audit_partial_merge(rev, part[k], &err));
    got = merged_report(rev, path, fp);
    cr_assert_str_eq(got, expect, "merged in reverse order differs from one pass");
    fa_free(got);
    for (k = 0; k < of; k++)
        fa_audit_partial_free(part[k]);
    fa_audit_partial_free(mem);
    fa_audit_partial_free(txt);
    fa_audit_partial_free(rev);
    fa_free(expect);
    free(text);
}

Test(audit_partial, four_shards_merge_into_the_single_pass_exact_scores)
{
    check_shards(3000, 3, 40, 4);
}
/* the shards' own exact tables overflow together: the merge switches to histograms */
Test(audit_partial, four_shards_merge_into_the_single_pass_switching_to_histograms)
{
    check_shards(90000, 9, 20, 4);
}
/* the shards themselves are histograms (more than 65,536 distinct scores each) */
Test(audit_partial, histogram_shards_merge_into_the_single_pass)
{
    check_shards(150000, 9, 10, 2);
}

Test(audit_partial, json_round_trip_is_stable)
{
    fa_audit_options o;
    fa_audit_partial *a, *b;
    size_t len, l1, l2;
    char *text = gen_text(7, 500, 4, false, &len), *j1, *j2;
    fa_error err;

    options(&o, 0);
    o.weight_column = "w";
    FA_ASSERT_OK(fa_audit_run_partial(write_named("rt.csv", text, len), &o, &a, &err));
    FA_ASSERT_OK(fa_audit_partial_json(a, &j1, &l1, &err));
    FA_ASSERT_OK(fa_audit_partial_parse(&b, j1, l1, "rt.json", &err));
    FA_ASSERT_OK(fa_audit_partial_json(b, &j2, &l2, &err));
    cr_assert_eq(l1, l2);
    cr_assert_str_eq(j1, j2, "parse(json(p)) does not write back the same text");
    fa_audit_partial_json_free(j1);
    fa_audit_partial_json_free(j2);
    fa_audit_partial_free(a);
    fa_audit_partial_free(b);
    free(text);
}

Test(audit_partial, weighted_merge_equals_one_pass_up_to_rounding)
{
    static const char *disp[] = {"demographic_parity_difference", "equalized_odds_difference",
                                 "theil_index", "calibration_gap"};
    fa_audit_options o;
    fa_audit_partial *m = NULL, *p;
    fa_audit_result *r1, *r2;
    size_t len, i, d;
    char *text = gen_text(9, 2000, 4, false, &len);
    fa_error err;
    int k;

    options(&o, 0);
    o.weight_column = "w";
    FA_ASSERT_OK(fa_audit_run(write_named("w.csv", text, len), &o, &r1, &err));
    for (k = 0; k < 4; k++) {
        FA_ASSERT_OK(fa_audit_run_partial(write_shard(text, len, k, 4), &o, &p, &err));
        if (m == NULL)
            m = p;
        else {
            FA_ASSERT_OK(fa_audit_partial_merge(m, p, &err));
            fa_audit_partial_free(p);
        }
    }
    FA_ASSERT_OK(fa_audit_partial_result(m, &r2, &err));
    cr_assert_eq(fa_audit_n_attributes(r1), fa_audit_n_attributes(r2));
    for (i = 0; i < fa_audit_n_attributes(r1); i++)
        for (d = 0; d < sizeof disp / sizeof disp[0]; d++) {
            double a, b;
            FA_ASSERT_OK(fa_audit_disparity(r1, i, disp[d], &a, NULL, &err));
            FA_ASSERT_OK(fa_audit_disparity(r2, i, disp[d], &b, NULL, &err));
            if (isnan(a))
                cr_assert(isnan(b));
            else
                FA_ASSERT_NEAR(a, b, FA_TOL_EXACT);
        }
    fa_audit_result_free(r1);
    fa_audit_result_free(r2);
    fa_audit_partial_free(m);
    free(text);
}

/* MPI-style parts of one file: every part count and thread count gives the single pass. */
Test(audit_partial, split_parts_merge_into_the_single_pass)
{
    fa_audit_options o;
    size_t len;
    char *text = gen_text(11, 4000, 6, false, &len), *expect, fp[65];
    const char *path = write_named("split.csv", text, len);
    fa_error err;
    unsigned count, i;

    options(&o, 30);
    expect = whole(path, &o, fp);
    for (count = 1; count <= 6; count++) {
        fa_audit_partial *m = NULL, *p;
        char *got;
        for (i = 0; i < count; i++) {
            o.threads = 1 + i % 3;
            FA_ASSERT_OK(fa_audit_run_partial_split(path, &o, i, count, &p, &err));
            if (m == NULL) {
                m = p;
            } else {
                FA_ASSERT_OK(fa_audit_partial_merge(m, p, &err));
                fa_audit_partial_free(p);
            }
        }
        cr_assert_eq(fa_audit_partial_rows_read(m), 4000, "%u parts read %llu rows", count,
                     (unsigned long long)fa_audit_partial_rows_read(m));
        cr_assert_str_eq(fa_audit_partial_path(m), path);
        got = merged_report(m, NULL, fp);
        cr_assert_str_eq(got, expect, "%u parts differ from one pass", count);
        fa_free(got);
        fa_audit_partial_free(m);
    }
    fa_free(expect);
    free(text);
}

Test(audit_partial, split_refuses_what_only_a_sequential_read_can_do)
{
    fa_audit_options o;
    fa_audit_partial *p = NULL;
    size_t len;
    char *text = gen_text(12, 3000, 3, true, &len); /* quoted values */
    const char *path = write_named("quoted.csv", text, len);
    fa_error err;
    unsigned i, refused = 0;

    options(&o, 0);
    for (i = 0; i < 3; i++) {
        fa_status rc = fa_audit_run_partial_split(path, &o, i, 3, &p, &err);
        cr_assert(rc == FA_OK || rc == FA_EUNSUPPORTED, "%s", fa_status_str(rc));
        refused += rc == FA_EUNSUPPORTED;
        if (rc == FA_EUNSUPPORTED)
            cr_assert(strstr(err.message, "audit the file in one piece") != NULL, "%s",
                      err.message);
        fa_audit_partial_free(p);
        p = NULL;
    }
    cr_assert_eq(refused, 3);
    cr_assert_eq(fa_audit_run_partial_split(path, &o, 3, 3, &p, &err), FA_EINVAL);
    free(text);
}

Test(audit_partial, mismatched_settings_are_refused_by_name)
{
    fa_audit_options o;
    fa_audit_partial *a, *b;
    size_t len, jl;
    char *text = gen_text(13, 200, 3, false, &len), *j;
    const char *path = write_named("mm.csv", text, len);
    fa_error err;

    options(&o, 10);
    FA_ASSERT_OK(fa_audit_run_partial(path, &o, &a, &err));
    o.bootstrap = 11;
    FA_ASSERT_OK(fa_audit_run_partial(path, &o, &b, &err));
    cr_assert_eq(fa_audit_partial_merge(a, b, &err), FA_EDATA);
    cr_assert(strstr(err.message, "\"bootstrap\"") != NULL, "%s", err.message);
    FA_ASSERT_OK(fa_audit_partial_json(b, &j, &jl, &err));
    cr_assert_eq(fa_audit_partial_merge_text(a, j, jl, "b.json", &err), FA_EDATA);
    cr_assert(strstr(err.message, "\"bootstrap\" differs") != NULL, "%s", err.message);
    cr_assert_str_eq(err.loc.path, "b.json");
    cr_assert(err.loc.line > 0);
    fa_audit_partial_json_free(j);
    fa_audit_partial_free(a);
    fa_audit_partial_free(b);
    free(text);
}

static fa_status parse_text(const char *t, fa_error *err)
{
    fa_audit_partial *p = NULL;
    fa_status rc = fa_audit_partial_parse(&p, t, strlen(t), "bad.json", err);

    fa_audit_partial_free(p);
    return rc;
}

Test(audit_partial, damaged_files_are_refused_and_never_crash)
{
    fa_audit_options o;
    fa_audit_partial *a;
    size_t len, jl, i;
    char *text = gen_text(14, 300, 3, false, &len), *j, *copy;
    fa_error err;
    fa_rng r;
    char *at;

    options(&o, 0);
    FA_ASSERT_OK(fa_audit_run_partial(write_named("dm.csv", text, len), &o, &a, &err));
    FA_ASSERT_OK(fa_audit_partial_json(a, &j, &jl, &err));
    cr_assert_eq(parse_text("{", &err), FA_EPARSE);
    cr_assert_eq(parse_text("{\"format\": \"other\"}", &err), FA_EFORMAT);
    copy = strdup(j);
    at = strstr(copy, "\"format_version\": 1");
    at[18] = '7';
    cr_assert_eq(parse_text(copy, &err), FA_EFORMAT);
    cr_assert(strstr(err.message, "format_version 7") != NULL, "%s", err.message);
    free(copy);
    /* flipped characters inside the base64 state: refused (or, rarely, still valid) */
    fa_rng_seed(&r, 5);
    for (i = 0; i < 300; i++) {
        const char *st = strstr(j, "\"state\": \"");
        size_t k, pos;
        fa_status rc;
        copy = strdup(j);
        st = strstr(copy + (st - j) + 10, "\"state\": \"");
        if (st == NULL)
            st = strstr(copy, "\"state\": \"");
        st += 10;
        k = strcspn(st, "\"");
        pos = (size_t)(st - copy) + fa_rng_below(&r, k);
        copy[pos] = "A/+9z="[fa_rng_below(&r, 6)];
        rc = parse_text(copy, &err);
        cr_assert(rc == FA_OK || rc == FA_EFORMAT, "%s: %s", fa_status_str(rc), err.message);
        free(copy);
    }
    /* truncations anywhere */
    for (i = 1; i < jl; i += 1 + jl / 97) {
        fa_audit_partial *p = NULL;
        fa_status rc = fa_audit_partial_parse(&p, j, i, "cut.json", &err);
        cr_assert_neq(rc, FA_OK, "a file cut at %zu bytes was accepted", i);
        fa_audit_partial_free(p);
    }
    fa_audit_partial_json_free(j);
    fa_audit_partial_free(a);
    free(text);
}

Test(audit_partial, merged_groups_count_against_max_groups)
{
    fa_audit_options o;
    fa_audit_partial *a, *b;
    fa_error err;
    const char *pa = fa_test_write("ga.csv", "score,label,g1,g2\n0.5,1,A,p\n0.4,0,B,p\n");
    const char *pb = fa_test_write("gb.csv", "score,label,g1,g2\n0.5,1,C,p\n");

    atest_options(&o, prot2, 2);
    o.max_groups = 2;
    FA_ASSERT_OK(fa_audit_run_partial(pa, &o, &a, &err));
    FA_ASSERT_OK(fa_audit_run_partial(pb, &o, &b, &err));
    cr_assert_eq(fa_audit_partial_merge(a, b, &err), FA_EDATA);
    cr_assert(strstr(err.message, "more than 2 distinct combinations") != NULL, "%s",
              err.message);
    fa_audit_partial_free(a);
    fa_audit_partial_free(b);
}

Test(audit_partial, an_empty_shard_is_a_valid_partial)
{
    fa_audit_options o;
    fa_audit_partial *a;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot2, 2);
    FA_ASSERT_OK(fa_audit_run_partial(fa_test_write("empty.csv", "score,label,g1,g2\n"), &o, &a,
                                      &err));
    cr_assert_eq(fa_audit_partial_rows_read(a), 0);
    cr_assert_eq(fa_audit_partial_result(a, &r, &err), FA_EDATA);
    cr_assert(strstr(err.message, "no rows to audit") != NULL);
    fa_audit_partial_free(a);
}

Test(audit_partial, out_of_memory_never_leaks_or_crashes)
{
    fa_audit_options o;
    fa_audit_partial *a = NULL, *b = NULL;
    size_t len, jl;
    char *text = gen_text(15, 200, 3, false, &len), *j;
    const char *path = write_named("oomp.csv", text, len);
    fa_error err;
    long n, total;

    options(&o, 5);
    o.threads = 1;
    FA_ASSERT_OK(fa_audit_run_partial(path, &o, &a, &err));
    FA_ASSERT_OK(fa_audit_partial_json(a, &j, &jl, &err));
    /* parse, merge the text, build the result: every allocation may fail */
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_audit_partial_parse(&b, j, jl, "p.json", &err));
    FA_ASSERT_OK(fa_audit_partial_merge_text(b, j, jl, "p.json", &err));
    fa_audit_partial_free(b);
    total = fa__alloc_fail_after(0);
    for (n = 1; n <= total; n += 1 + total / 300) {
        fa_status rc;
        b = NULL;
        fa__alloc_fail_after(n);
        rc = fa_audit_partial_parse(&b, j, jl, "p.json", &err);
        if (rc == FA_OK)
            rc = fa_audit_partial_merge_text(b, j, jl, "p.json", &err);
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_OK || rc == FA_ENOMEM, "allocation %ld: %s (%s)", n,
                  fa_status_str(rc), err.message);
        fa_audit_partial_free(b);
    }
    fa_audit_partial_json_free(j);
    fa_audit_partial_free(a);
    free(text);
}
