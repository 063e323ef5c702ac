/*
 * thresholds_io.c — the thresholds file (docs/format/thresholds.md): the
 * fa_thresholds object's construction, accessors, group lookup, and its
 * JSON form, written with jsonw and read with json_read (located errors,
 * unknown keys rejected, numbers read back exactly).
 */
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "mitigate/thresholds_internal.h"
#include "serialize/json_read.h"

#define TH_FORMAT_NAME    "fairaudit-thresholds"
#define TH_FORMAT_VERSION 1
#define N_KEYS(a)         (sizeof(a) / sizeof((a)[0]))
/* Value combinations whose group fa_thresholds_decide_table() caches. */
#define TH_MAX_CACHED_CELLS ((size_t)1 << 20)
#define TH_RULE_TEXT                                                                               \
    "P(decision = 1 | score) = p of the first step with score >= min_score (steps in "             \
    "decreasing min_score), else p_below; decision = 1 when U(seed, row) < P"

fa_status fa_th_new(fa_thresholds **out,
                    const char *const *columns,
                    size_t n_cols,
                    const char *const *group_values,
                    size_t n_groups,
                    fa_error *err)
{
    fa_thresholds *th;
    size_t i;

    *out = NULL;
    th = fa_calloc(1, sizeof *th);
    FA_CHECK_ALLOC(err, th);
    th->n_cols = n_cols;
    th->n_groups = n_groups;
    th->cols = fa_calloc(n_cols ? n_cols : 1, sizeof *th->cols);
    th->values = fa_calloc(n_groups * n_cols + 1, sizeof *th->values);
    th->rules = fa_calloc(n_groups ? n_groups : 1, sizeof *th->rules);
    th->created_by = fa_strdup(fa_version_string());
    if (th->cols == NULL || th->values == NULL || th->rules == NULL || th->created_by == NULL)
        goto oom;
    for (i = 0; i < n_cols; i++)
        if ((th->cols[i] = fa_strdup(columns[i])) == NULL)
            goto oom;
    for (i = 0; i < n_groups * n_cols; i++)
        if ((th->values[i] = fa_strdup(group_values[i])) == NULL)
            goto oom;
    for (i = 0; i < n_groups; i++) {
        fa_th_fit *f = &th->rules[i].fit;
        f->weight = f->positives = f->negatives = fa_nan();
        f->selection_rate = f->tpr = f->fpr = f->accuracy = fa_nan();
    }
    th->summary.accuracy_before = th->summary.accuracy_after = fa_nan();
    th->summary.disparity_before = th->summary.disparity_after = fa_nan();
    th->summary.rows = fa_nan();
    th->base_threshold = FA_THRESHOLDS_DEFAULT_BASE_THRESHOLD;
    *out = th;
    return FA_OK;
oom:
    fa_thresholds_free(th);
    FA_FAIL(err, FA_ENOMEM, "out of memory");
}

void fa_thresholds_free(fa_thresholds *th)
{
    size_t i;

    if (th == NULL)
        return;
    for (i = 0; th->cols != NULL && i < th->n_cols; i++)
        fa_free(th->cols[i]);
    for (i = 0; th->values != NULL && i < th->n_groups * th->n_cols; i++)
        fa_free(th->values[i]);
    fa_free(th->cols);
    fa_free(th->values);
    fa_free(th->rules);
    fa_free(th->created_by);
    fa_free(th->source);
    fa_free(th->fingerprint);
    fa_free(th);
}

size_t fa_thresholds_n_columns(const fa_thresholds *th)
{
    return th->n_cols;
}

const char *fa_thresholds_column(const fa_thresholds *th, size_t i)
{
    return i < th->n_cols ? th->cols[i] : NULL;
}

size_t fa_thresholds_n_groups(const fa_thresholds *th)
{
    return th->n_groups;
}

const char *fa_thresholds_group_value(const fa_thresholds *th, size_t g, size_t col)
{
    return g < th->n_groups && col < th->n_cols ? th->values[g * th->n_cols + col] : NULL;
}

uint64_t fa_thresholds_seed(const fa_thresholds *th)
{
    return th->seed;
}

int fa_thresholds_randomized(const fa_thresholds *th)
{
    return th->summary.randomized;
}

fa_status fa_thresholds_find_group(const fa_thresholds *th,
                                   const char *const *values,
                                   const size_t *lengths,
                                   size_t *group_out,
                                   fa_error *err)
{
    size_t g, c;

    for (g = 0; g < th->n_groups; g++) {
        bool same = true;
        for (c = 0; c < th->n_cols && same; c++) {
            const char *v = th->values[g * th->n_cols + c];
            same = strlen(v) == lengths[c] && memcmp(v, values[c], lengths[c]) == 0;
        }
        if (same) {
            *group_out = g;
            return FA_OK;
        }
    }
    FA_FAIL(err, FA_EDATA, "no threshold rule for %s \"%.*s\"%s", th->cols[0],
            (int)(lengths[0] > 64 ? 64 : lengths[0]), values[0],
            th->n_cols > 1 ? " (and the other columns' values)" : "");
}

/* The group of table row i (its values in the thresholds' columns). */
static fa_status row_group(const fa_thresholds *th,
                           const fa_table *t,
                           const size_t *cols,
                           const int32_t *const *codes,
                           size_t i,
                           size_t *g,
                           fa_error *err)
{
    const char *vals[FA_TH_MAX_COLUMNS];
    size_t lens[FA_TH_MAX_COLUMNS], c;
    bool missing = false;

    for (c = 0; c < th->n_cols; c++) {
        missing = missing || codes[c][i] < 0;
        vals[c] = codes[c][i] < 0 ? "" : fa_table_level(t, cols[c], (size_t)codes[c][i]);
        lens[c] = strlen(vals[c]);
    }
    if (!missing && fa_thresholds_find_group(th, vals, lens, g, NULL) == FA_OK)
        return FA_OK;
    FA_FAIL(err, FA_EDATA,
            "row %zu: %s \"%s\"%s has no threshold rule (the thresholds were fitted on other "
            "groups)",
            i + 1, th->cols[0], missing ? "(missing)" : vals[0],
            th->n_cols > 1 ? " (with the other columns' values)" : "");
}

fa_status fa_thresholds_decide_table(
    const fa_thresholds *th, const fa_table *t, const double *scores, uint8_t *out, fa_error *err)
{
    const fa_spec *spec;
    const int32_t *codes[FA_TH_MAX_COLUMNS];
    size_t cols[FA_TH_MAX_COLUMNS], n, i, c, n_cells = 1, cell, g;
    size_t *cell_group = NULL;
    bool cached = true;
    fa_status rc = FA_OK;

    FA_CHECK_ARG(err, th != NULL && t != NULL);
    spec = fa_table_spec(t);
    n = fa_table_n_rows(t);
    FA_CHECK_ARG(err, n == 0 || (scores != NULL && out != NULL));
    if (th->n_cols > FA_TH_MAX_COLUMNS)
        FA_FAIL(err, FA_EINVAL, "at most %d columns", FA_TH_MAX_COLUMNS);
    for (c = 0; c < th->n_cols; c++) {
        cols[c] = fa_spec_find_column(spec, th->cols[c]);
        codes[c] = cols[c] != FA_SPEC_NO_COLUMN ? fa_table_codes(t, cols[c]) : NULL;
        if (codes[c] == NULL || fa_spec_column_role(spec, cols[c]) == FA_ROLE_LABEL)
            FA_FAIL(err, FA_ESCHEMA,
                    "the thresholds are per \"%s\", which is not a protected or "
                    "categorical column of the data",
                    th->cols[c]);
        if (!fa_size_mul(&n_cells, n_cells, fa_table_n_levels(t, cols[c]) + 1) ||
            n_cells > TH_MAX_CACHED_CELLS)
            cached = false;
    }
    /* The group of every combination of level codes (code + 1; 0 = missing) is looked up
     * once; with too many combinations, once per row. */
    if (cached) {
        cell_group = fa_malloc(n_cells * sizeof *cell_group);
        FA_CHECK_ALLOC(err, cell_group);
        for (cell = 0; cell < n_cells; cell++)
            cell_group[cell] = SIZE_MAX; /* not looked up yet */
    }
    for (i = 0; i < n && rc == FA_OK; i++) {
        if (!cached) {
            rc = row_group(th, t, cols, codes, i, &g, err);
        } else {
            size_t mult = 1;
            cell = 0;
            for (c = th->n_cols; c-- > 0;) {
                cell += mult * (size_t)(codes[c][i] + 1);
                mult *= fa_table_n_levels(t, cols[c]) + 1;
            }
            if (cell_group[cell] == SIZE_MAX)
                rc = row_group(th, t, cols, codes, i, &cell_group[cell], err);
            g = cell_group[cell];
        }
        if (rc == FA_OK)
            out[i] = (uint8_t)fa_thresholds_decide(th, g, scores[i], i);
    }
    fa_free(cell_group);
    return rc;
}

/* ---- write ------------------------------------------------------------------------------ */

static void write_fit(fa_jw *w, const fa_th_fit *f)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "weight");
    fa_jw_number(w, f->weight);
    fa_jw_key(w, "positives");
    fa_jw_number(w, f->positives);
    fa_jw_key(w, "negatives");
    fa_jw_number(w, f->negatives);
    fa_jw_key(w, "selection_rate");
    fa_jw_number(w, f->selection_rate);
    fa_jw_key(w, "tpr");
    fa_jw_number(w, f->tpr);
    fa_jw_key(w, "fpr");
    fa_jw_number(w, f->fpr);
    fa_jw_key(w, "accuracy");
    fa_jw_number(w, f->accuracy);
    fa_jw_object_end(w);
}

static const char *disparity_name(fa_fairness f)
{
    switch (f) {
    case FA_FAIRNESS_DP:
        return "demographic_parity_difference";
    case FA_FAIRNESS_EO:
        return "equalized_odds_difference";
    case FA_FAIRNESS_AIR:
        return "demographic_parity_ratio";
    }
    return "";
}

static void write_thresholds(fa_jw *w, const fa_thresholds *th)
{
    size_t g, c, k;

    fa_jw_object_begin(w);
    fa_jw_key(w, "format");
    fa_jw_string(w, TH_FORMAT_NAME);
    fa_jw_key(w, "format_version");
    fa_jw_int(w, TH_FORMAT_VERSION);
    fa_jw_key(w, "created_by");
    fa_jw_string(w, th->created_by);
    fa_jw_key(w, "target");
    fa_jw_string(w, fa_fairness_name(th->target));
    fa_jw_key(w, "bound");
    fa_jw_number(w, th->bound);
    fa_jw_key(w, "favorable");
    fa_jw_int(w, th->favorable);
    fa_jw_key(w, "seed");
    fa_jw_uint(w, th->seed);
    fa_jw_key(w, "rule");
    fa_jw_string(w, TH_RULE_TEXT);
    fa_jw_key(w, "columns");
    fa_jw_array_begin(w);
    for (c = 0; c < th->n_cols; c++)
        fa_jw_string(w, th->cols[c]);
    fa_jw_array_end(w);
    fa_jw_key(w, "groups");
    fa_jw_array_begin(w);
    for (g = 0; g < th->n_groups; g++) {
        const fa_th_rule *r = &th->rules[g];
        fa_jw_object_begin(w);
        fa_jw_key(w, "values");
        fa_jw_array_begin(w);
        for (c = 0; c < th->n_cols; c++)
            fa_jw_string(w, th->values[g * th->n_cols + c]);
        fa_jw_array_end(w);
        fa_jw_key(w, "p_below");
        fa_jw_number(w, r->p_below);
        fa_jw_key(w, "steps");
        fa_jw_array_begin(w);
        for (k = 0; k < r->n_steps; k++) {
            fa_jw_object_begin(w);
            fa_jw_key(w, "min_score");
            fa_jw_number(w, r->steps[k].min_score);
            fa_jw_key(w, "p");
            fa_jw_number(w, r->steps[k].p);
            fa_jw_object_end(w);
        }
        fa_jw_array_end(w);
        fa_jw_key(w, "fit");
        write_fit(w, &r->fit);
        fa_jw_object_end(w);
    }
    fa_jw_array_end(w);
    fa_jw_key(w, "fit");
    fa_jw_object_begin(w);
    fa_jw_key(w, "source");
    if (th->source != NULL)
        fa_jw_string(w, th->source);
    else
        fa_jw_null(w);
    fa_jw_key(w, "fingerprint");
    if (th->fingerprint != NULL)
        fa_jw_string(w, th->fingerprint);
    else
        fa_jw_null(w);
    fa_jw_key(w, "rows_skipped");
    fa_jw_uint(w, th->rows_skipped);
    fa_jw_key(w, "weight");
    fa_jw_number(w, th->summary.rows);
    fa_jw_key(w, "base_threshold");
    fa_jw_number(w, th->base_threshold);
    fa_jw_key(w, "disparity");
    fa_jw_string(w, disparity_name(th->target));
    fa_jw_key(w, "disparity_before");
    fa_jw_number(w, th->summary.disparity_before);
    fa_jw_key(w, "disparity_after");
    fa_jw_number(w, th->summary.disparity_after);
    fa_jw_key(w, "accuracy_before");
    fa_jw_number(w, th->summary.accuracy_before);
    fa_jw_key(w, "accuracy_after");
    fa_jw_number(w, th->summary.accuracy_after);
    fa_jw_key(w, "randomized");
    fa_jw_bool(w, th->summary.randomized != 0);
    fa_jw_object_end(w);
    fa_jw_object_end(w);
}

fa_status fa_thresholds_save(const fa_thresholds *th, const char *path, fa_error *err)
{
    fa_buf buf = FA_BUF_INIT;
    fa_jw w;
    fa_status rc;

    FA_CHECK_ARG(err, th != NULL && path != NULL);
    fa_jw_init(&w, &buf, true);
    write_thresholds(&w, th);
    fa_buf_putc(&buf, '\n');
    if (buf.oom) {
        fa_buf_dispose(&buf);
        FA_FAIL(err, FA_ENOMEM, "out of memory while writing the thresholds");
    }
    rc = fa_write_file_atomic(path, buf.ptr, buf.len, err);
    fa_buf_dispose(&buf);
    return rc;
}

/* ---- read ------------------------------------------------------------------------------- */

static const char *const top_keys[] = {"format",  "format_version", "created_by", "target",
                                       "bound",   "favorable",      "seed",       "rule",
                                       "columns", "groups",         "fit"};
static const char *const group_keys[] = {"values", "p_below", "steps", "fit"};
static const char *const step_keys[] = {"min_score", "p"};
static const char *const gfit_keys[] = {"weight", "positives", "negatives", "selection_rate",
                                        "tpr",    "fpr",       "accuracy"};
static const char *const fit_keys[] = {"source",           "fingerprint",     "rows_skipped",
                                       "weight",           "base_threshold",  "disparity",
                                       "disparity_before", "disparity_after", "accuracy_before",
                                       "accuracy_after",   "randomized"};

/* A number or null (NaN), as written for undefined fit figures. */
static fa_status
get_number_or_null(const fa_json_node *obj, const char *key, double *out, fa_error *err)
{
    const fa_json_node *n;

    FA_TRY(fa_json_get_member(obj, key, true, &n, err));
    if (fa_json_is(n, FA_JSON_NULL)) {
        *out = fa_nan();
        return FA_OK;
    }
    return fa_json_get_number(n, out, err);
}

static fa_status get_unit(const fa_json_node *obj, const char *key, double *out, fa_error *err)
{
    const fa_json_node *n;

    FA_TRY(fa_json_get_member(obj, key, true, &n, err));
    FA_TRY(fa_json_get_number(n, out, err));
    if (!(*out >= 0.0 && *out <= 1.0))
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must lie in [0, 1]", key);
    return FA_OK;
}

static fa_status
read_string_array(const fa_json_node *arr, size_t want, const char **out, fa_error *err)
{
    size_t i;

    FA_TRY(fa_json_expect(arr, FA_JSON_ARRAY, err));
    if (fa_json_count(arr) != want)
        return fa_json_error_at(err, arr, FA_ESCHEMA, "expected %zu value%s, found %zu", want,
                                want == 1 ? "" : "s", fa_json_count(arr));
    for (i = 0; i < want; i++)
        FA_TRY(fa_json_get_string(fa_json_at(arr, i), &out[i], err));
    return FA_OK;
}

static fa_status read_group(fa_thresholds *th, size_t g, const fa_json_node *obj, fa_error *err)
{
    const fa_json_node *steps, *fit;
    fa_th_rule *r = &th->rules[g];
    size_t k;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, group_keys, N_KEYS(group_keys), err));
    FA_TRY(get_unit(obj, "p_below", &r->p_below, err));
    FA_TRY(fa_json_get_member(obj, "steps", true, &steps, err));
    FA_TRY(fa_json_expect(steps, FA_JSON_ARRAY, err));
    if (fa_json_count(steps) > FA_TH_MAX_STEPS)
        return fa_json_error_at(err, steps, FA_ESCHEMA, "a rule has at most %d steps",
                                FA_TH_MAX_STEPS);
    r->n_steps = fa_json_count(steps);
    for (k = 0; k < r->n_steps; k++) {
        const fa_json_node *s = fa_json_at(steps, k), *n;
        FA_TRY(fa_json_expect(s, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_check_keys(s, step_keys, N_KEYS(step_keys), err));
        FA_TRY(fa_json_get_member(s, "min_score", true, &n, err));
        FA_TRY(fa_json_get_number(n, &r->steps[k].min_score, err));
        if (k > 0 && !(r->steps[k].min_score < r->steps[k - 1].min_score))
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "steps must be in strictly decreasing \"min_score\"");
        FA_TRY(get_unit(s, "p", &r->steps[k].p, err));
    }
    FA_TRY(fa_json_get_member(obj, "fit", false, &fit, err));
    if (fit != NULL && !fa_json_is(fit, FA_JSON_NULL)) {
        FA_TRY(fa_json_expect(fit, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_check_keys(fit, gfit_keys, N_KEYS(gfit_keys), err));
        FA_TRY(get_number_or_null(fit, "weight", &r->fit.weight, err));
        FA_TRY(get_number_or_null(fit, "positives", &r->fit.positives, err));
        FA_TRY(get_number_or_null(fit, "negatives", &r->fit.negatives, err));
        FA_TRY(get_number_or_null(fit, "selection_rate", &r->fit.selection_rate, err));
        FA_TRY(get_number_or_null(fit, "tpr", &r->fit.tpr, err));
        FA_TRY(get_number_or_null(fit, "fpr", &r->fit.fpr, err));
        FA_TRY(get_number_or_null(fit, "accuracy", &r->fit.accuracy, err));
    }
    return FA_OK;
}

static fa_status read_summary(fa_thresholds *th, const fa_json_node *fit, fa_error *err)
{
    const fa_json_node *n;
    bool randomized = false;
    int64_t skipped;

    if (fit == NULL || fa_json_is(fit, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(fit, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(fit, fit_keys, N_KEYS(fit_keys), err));
    if ((n = fa_json_member(fit, "source")) != NULL && !fa_json_is(n, FA_JSON_NULL)) {
        const char *s;
        FA_TRY(fa_json_get_string(n, &s, err));
        FA_CHECK_ALLOC(err, th->source = fa_strdup(s));
    }
    if ((n = fa_json_member(fit, "fingerprint")) != NULL && !fa_json_is(n, FA_JSON_NULL)) {
        const char *s;
        FA_TRY(fa_json_get_string(n, &s, err));
        FA_CHECK_ALLOC(err, th->fingerprint = fa_strdup(s));
    }
    if ((n = fa_json_member(fit, "rows_skipped")) != NULL) {
        FA_TRY(fa_json_get_int(n, 0, INT64_MAX, &skipped, err));
        th->rows_skipped = (uint64_t)skipped;
    }
    FA_TRY(get_number_or_null(fit, "weight", &th->summary.rows, err));
    FA_TRY(get_number_or_null(fit, "base_threshold", &th->base_threshold, err));
    FA_TRY(get_number_or_null(fit, "disparity_before", &th->summary.disparity_before, err));
    FA_TRY(get_number_or_null(fit, "disparity_after", &th->summary.disparity_after, err));
    FA_TRY(get_number_or_null(fit, "accuracy_before", &th->summary.accuracy_before, err));
    FA_TRY(get_number_or_null(fit, "accuracy_after", &th->summary.accuracy_after, err));
    FA_TRY(fa_json_get_member(fit, "randomized", true, &n, err));
    FA_TRY(fa_json_get_bool(n, &randomized, err));
    if (randomized != (th->summary.randomized != 0))
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"randomized\" contradicts the rules");
    return FA_OK;
}

static fa_status read_thresholds(fa_thresholds **out, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *n, *cols, *groups;
    const char **names = NULL, **values = NULL;
    const char *s;
    fa_thresholds *th = NULL;
    size_t n_cols, n_groups, g;
    int64_t fav;
    fa_fairness target;
    double bound;
    uint64_t seed;
    fa_status rc;

    FA_TRY(fa_json_check_keys(root, top_keys, N_KEYS(top_keys), err));
    FA_TRY(fa_json_get_member(root, "target", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    if (fa_fairness_parse(s, &target, NULL) != FA_OK)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"target\" must be dp, eo or air");
    FA_TRY(get_unit(root, "bound", &bound, err));
    FA_TRY(fa_json_get_member(root, "favorable", true, &n, err));
    FA_TRY(fa_json_get_int(n, 0, 1, &fav, err));
    FA_TRY(fa_json_get_member(root, "seed", true, &n, err));
    {
        size_t len;
        const char *t = fa_json_number_text(n, &len);
        char buf[32], *end = NULL;
        if (t == NULL || len == 0 || len >= sizeof buf || t[0] == '-')
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"seed\" must be an integer >= 0");
        memcpy(buf, t, len);
        buf[len] = '\0';
        seed = strtoull(buf, &end, 10);
        if (*end != '\0')
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"seed\" must be an integer >= 0");
    }
    FA_TRY(fa_json_get_member(root, "columns", true, &cols, err));
    FA_TRY(fa_json_expect(cols, FA_JSON_ARRAY, err));
    n_cols = fa_json_count(cols);
    if (n_cols == 0 || n_cols > FA_TH_MAX_COLUMNS)
        return fa_json_error_at(err, cols, FA_ESCHEMA, "\"columns\" must name 1 to %d columns",
                                FA_TH_MAX_COLUMNS);
    FA_TRY(fa_json_get_member(root, "groups", true, &groups, err));
    FA_TRY(fa_json_expect(groups, FA_JSON_ARRAY, err));
    n_groups = fa_json_count(groups);
    if (n_groups == 0)
        return fa_json_error_at(err, groups, FA_ESCHEMA, "\"groups\" must not be empty");
    names = fa_calloc(n_cols, sizeof *names);
    values = fa_calloc(n_groups * n_cols, sizeof *values);
    if (names == NULL || values == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    rc = read_string_array(cols, n_cols, names, err);
    for (g = 0; g < n_groups && rc == FA_OK; g++) {
        const fa_json_node *grp = fa_json_at(groups, g);
        rc = fa_json_expect(grp, FA_JSON_OBJECT, err);
        if (rc == FA_OK)
            rc = fa_json_get_member(grp, "values", true, &n, err);
        if (rc == FA_OK)
            rc = read_string_array(n, n_cols, values + g * n_cols, err);
    }
    if (rc == FA_OK)
        rc = fa_th_new(&th, names, n_cols, values, n_groups, err);
    for (g = 0; g < n_groups && rc == FA_OK; g++) {
        size_t h, c;
        for (h = 0; h < g; h++) {
            bool same = true;
            for (c = 0; c < n_cols && same; c++)
                same = strcmp(values[g * n_cols + c], values[h * n_cols + c]) == 0;
            if (same) {
                rc = fa_json_error_at(err, fa_json_at(groups, g), FA_ESCHEMA,
                                      "group %zu repeats the values of group %zu", g + 1, h + 1);
                break;
            }
        }
        if (rc == FA_OK)
            rc = read_group(th, g, fa_json_at(groups, g), err);
        if (rc == FA_OK && fa_th_rule_randomized(&th->rules[g]))
            th->summary.randomized = 1;
    }
    if (rc == FA_OK) {
        th->target = target;
        th->bound = bound;
        th->favorable = (int)fav;
        th->seed = seed;
        th->summary.target = target;
        th->summary.bound = bound;
        rc = read_summary(th, fa_json_member(root, "fit"), err);
    }
    if (rc == FA_OK && (n = fa_json_member(root, "created_by")) != NULL) {
        rc = fa_json_get_string(n, &s, err);
        if (rc == FA_OK) {
            fa_free(th->created_by);
            th->created_by = fa_strdup(s);
            if (th->created_by == NULL)
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
    }
done:
    fa_free(names);
    fa_free(values);
    if (rc != FA_OK) {
        fa_thresholds_free(th);
        return rc;
    }
    *out = th;
    return FA_OK;
}

fa_status fa_thresholds_load(fa_thresholds **out, const char *path, fa_error *err)
{
    const fa_json_node *root;
    fa_json_doc *doc = NULL;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    FA_TRY(fa_json_doc_load(&doc, path, err));
    root = fa_json_doc_root(doc);
    rc = fa_json_check_format(root, TH_FORMAT_NAME, "thresholds", TH_FORMAT_VERSION, err);
    if (rc == FA_OK)
        rc = read_thresholds(out, root, err);
    fa_json_doc_free(doc);
    return rc;
}
