/*
 * Allocation failures through the partial-audit entry points (docs/format/partial.md,
 * docs/scale.md): running partials of one file, of a part of a file and of several files;
 * their JSON written, parsed, loaded and merged (in memory, from text, from a file); the
 * audit of a partial; the input renamed; the atomic write keeping a previous file. And a
 * data-parallel fit through the collective (one process, an in-memory all-gather).
 */
#include "oom.h"

static const char part_a[] = "score,label,decision,grp,sex,w\n"
                             "0.92,yes,1,A,F,1\n"
                             "0.81,no,1,A,M,2\n"
                             "0.63,yes,1,A,F,1\n"
                             "0.44,yes,0,B,M,1\n"
                             "0.32,no,0,B,NA,1\n"
                             "0.21,no,0,C,M,0.5\n";
static const char part_b[] = "w,sex,grp,decision,label,score\n" /* other column order */
                             "1,F,B,1,yes,0.72\n"
                             "1,M,B,0,yes,0.47\n"
                             "3,F,D,1,no,0.56\n"
                             "1,M,C,0,no,0.12\n";

static void options(fa_audit_options *o)
{
    static const char *prot[] = {"grp", "sex"};
    static const char *labels[] = {"no", "yes"};
    static const char *missing[] = {"NA"};

    fa_audit_options_init(o);
    o->label_column = "label";
    o->score_column = "score";
    o->decision_column = "decision";
    o->weight_column = "w";
    o->protected_columns = prot;
    o->n_protected = 2;
    o->label_values = labels;
    o->missing_values = missing;
    o->n_missing_values = 1;
    o->intersections = 1;
    o->bootstrap = 3;
    o->seed = 5;
    o->min_group_size = 1;
}

static const char *paths[2];

static void write_inputs(void)
{
    paths[0] = fa_test_write("oom_part_a.csv", part_a);
    paths[1] = fa_test_write("oom_part_b.csv", part_b);
}

Test(oom_partial, run_one_part_and_files, .init = oom_init)
{
    fa_audit_options o;
    fa_audit_partial *p = NULL;
    fa_error err;

    write_inputs();
    options(&o);
    OOM_LOOP(fa_audit_run_partial(paths[0], &o, &p, &err), (fa_audit_partial_free(p), p = NULL));
    OOM_LOOP(fa_audit_run_partial_split(paths[0], &o, 1, 2, &p, &err),
             (fa_audit_partial_free(p), p = NULL));
    OOM_LOOP(fa_audit_run_partial_files(paths, 2, &o, &p, &err),
             (fa_audit_partial_free(p), p = NULL));
    FA_ASSERT_NO_LEAKS();
}

/* A fresh destination each time: a failed merge leaves it to be discarded. */
static fa_status merge_into_fresh(const fa_audit_partial *src, const char *text, size_t len,
                                  const char *file, fa_error *err)
{
    fa_audit_partial *dst = NULL;
    fa_status rc = fa_audit_partial_parse(&dst, text, len, "dst.json", err);

    if (rc == FA_OK && src != NULL)
        rc = fa_audit_partial_merge(dst, src, err);
    else if (rc == FA_OK && file != NULL)
        rc = fa_audit_partial_merge_file(dst, file, err);
    else if (rc == FA_OK)
        rc = fa_audit_partial_merge_text(dst, text, len, "src.json", err);
    fa_audit_partial_free(dst);
    return rc;
}

static void after_write(const char *out, fa_status rc)
{
    char *text = oom_slurp(out);
    fa_error err;

    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "{}\n", "a failed write changed the partial file");
    else
        FA_ASSERT_OK(fa_write_file_atomic(out, "{}\n", 3, &err));
    fa_free(text);
}

Test(oom_partial, json_parse_merge_write_load_result, .init = oom_init)
{
    fa_audit_options o;
    fa_audit_partial *a = NULL, *b = NULL, *q = NULL;
    fa_audit_result *r = NULL;
    const char *dir = oom_dir("partial");
    const char *const files[] = {"part.json", NULL};
    char out[600], *text = NULL, *t2 = NULL;
    size_t len = 0, l2 = 0;
    fa_error err;

    write_inputs();
    options(&o);
    FA_ASSERT_OK(fa_audit_run_partial(paths[0], &o, &a, &err));
    FA_ASSERT_OK(fa_audit_run_partial(paths[1], &o, &b, &err));
    OOM_LOOP(fa_audit_partial_json(a, &text, &len, &err),
             (fa_audit_partial_json_free(text), text = NULL));
    FA_ASSERT_OK(fa_audit_partial_json(a, &text, &len, &err));
    OOM_LOOP(fa_audit_partial_parse(&q, text, len, "a.json", &err),
             (fa_audit_partial_free(q), q = NULL));
    OOM_LOOP(merge_into_fresh(b, text, len, NULL, &err), (void)0);
    OOM_LOOP(merge_into_fresh(NULL, text, len, NULL, &err), (void)0);
    OOM_LOOP(fa_audit_partial_result(a, &r, &err), (fa_audit_result_free(r), r = NULL));
    /* the atomic write keeps the previous file and leaves no temporary one */
    snprintf(out, sizeof out, "%s/part.json", dir);
    FA_ASSERT_OK(fa_write_file_atomic(out, "{}\n", 3, &err));
    OOM_LOOP(fa_audit_partial_write(a, out, &err), (after_write(out, rc__), oom_expect_files(dir, files)));
    FA_ASSERT_OK(fa_audit_partial_write(a, out, &err));
    OOM_LOOP(fa_audit_partial_load(&q, out, &err), (fa_audit_partial_free(q), q = NULL));
    OOM_LOOP(merge_into_fresh(NULL, text, len, out, &err), (void)0);
    OOM_LOOP(fa_audit_partial_set_input(a, "renamed.csv", NULL, &err), (void)0);
    /* what was written reads back to the same text */
    FA_ASSERT_OK(fa_audit_partial_load(&q, out, &err));
    FA_ASSERT_OK(fa_audit_partial_json(q, &t2, &l2, &err));
    cr_assert(l2 == len && memcmp(t2, text, len) == 0);
    fa_audit_partial_json_free(t2);
    fa_audit_partial_free(q);
    fa_audit_partial_json_free(text);
    fa_audit_partial_free(a);
    fa_audit_partial_free(b);
    cr_assert_eq(remove(out), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}

/* One process as a "group": the all-gather copies its own contribution. */
static int gather_self(const void *mine, void *all, size_t n, void *ctx)
{
    (void)ctx;
    memcpy(all, mine, n);
    return 0;
}

Test(oom_partial, fit_through_a_collective, .init = oom_init)
{
    enum { ROWS = 50, COLS = 3 };
    double X[ROWS * COLS];
    uint8_t y[ROWS];
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_collective coll = {FA_COLLECTIVE_VERSION, 0, 1, gather_self, NULL};
    fa_model *m = NULL;
    fa_error err;
    size_t i, j;

    for (i = 0; i < ROWS; i++) {
        for (j = 0; j < COLS; j++)
            X[i * COLS + j] = (double)((i * 5 + j * 3) % 13) / 6.0 - 1.0;
        y[i] = (uint8_t)(X[i * COLS] - 0.4 * X[i * COLS + 2] > 0.0 || i % 7 == 0);
    }
    o.n_threads = 1;
    o.collective = &coll;
    OOM_LOOP(fa_model_fit_matrix(&m, X, ROWS, COLS, y, NULL, &o, &err),
             (fa_model_free(m), m = NULL));
    FA_ASSERT_NO_LEAKS();
}
