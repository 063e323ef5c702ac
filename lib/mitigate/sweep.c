/*
 * sweep.c — the trade-off search: a baseline model and one mitigated model
 * (or set of fair thresholds) per strength value, each scored on the test
 * table and audited by the caller's callback, then the accuracy-versus-
 * disparity frontier (docs/format/sweep.md).
 *
 * Point k lives in OUT/point-KK/: model.json (or thresholds.json),
 * predictions.csv and the audit.json the callback wrote, from which the
 * sweep reads the overall accuracy and the chosen disparity with its
 * interval. A point is on the frontier when no other point has at least its
 * accuracy and at most its distance from the metric's ideal, one of them
 * strictly: the "less discriminatory alternatives" are the frontier points
 * closer to the ideal than the baseline.
 *
 * Layering: lib/ cannot call the audit (audit/ and reports/ sit above it),
 * so the caller passes it in; the CLI's callback runs fa_audit_run() and
 * fa_report_write_json().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "mitigate/mitigate_internal.h"
#include "serialize/json_read.h"

#define SWEEP_FORMAT_NAME    "fairaudit-sweep"
#define SWEEP_FORMAT_VERSION 1
#define SWEEP_MAX_POINTS     1000u
#define PATH_MAX_LEN         4096

typedef struct point {
    bool baseline;
    double strength; /* NaN for the baseline */
    char dir[32];    /* "point-KK" */
    double accuracy;
    double value, ci[2]; /* the disparity and its interval (NaN if none) */
    const char *reason;  /* why value is undefined (static or NULL) */
    double gap;          /* |value - ideal| (or ideal - value for "higher") */
    bool frontier;
} point;

typedef struct sweep_state {
    const fa_sweep_options *o;
    const fa_table *train, *test;
    const char *metric;
    char attribute[256];
    char better[32];
    double ideal;
    point *pts;
    size_t n;
    double *train_scores; /* thresholds: the baseline's scores of the training rows */
    double *test_scores;
    fa_model *base; /* thresholds: the baseline model */
} sweep_state;

void fa_sweep_options_init(fa_sweep_options *opts)
{
    fa_sweep_options d = FA_SWEEP_OPTIONS_INIT;
    *opts = d;
}

static const char *method_name(fa_sweep_method m)
{
    switch (m) {
    case FA_SWEEP_REWEIGH:
        return "reweigh";
    case FA_SWEEP_ADVERSARIAL:
        return "adversarial";
    case FA_SWEEP_THRESHOLDS:
        return "thresholds";
    }
    return NULL;
}

static const char *parameter_name(fa_sweep_method m)
{
    return m == FA_SWEEP_REWEIGH ? "mix" : m == FA_SWEEP_ADVERSARIAL ? "adv_weight" : "bound";
}

static const char *default_metric(const fa_sweep_options *o)
{
    fa_fairness f = o->method == FA_SWEEP_ADVERSARIAL  ? o->mitigate.adversary.fairness
                    : o->method == FA_SWEEP_THRESHOLDS ? o->target
                                                       : FA_FAIRNESS_DP;
    switch (f) {
    case FA_FAIRNESS_EO:
        return "equalized_odds_difference";
    case FA_FAIRNESS_AIR:
        return "demographic_parity_ratio";
    case FA_FAIRNESS_DP:
        break;
    }
    return "demographic_parity_difference";
}

static fa_status check_options(const fa_sweep_options *o, fa_error *err)
{
    size_t i;

    if (o == NULL || o->version != FA_SWEEP_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "sweep options: missing or unknown version");
    if (method_name(o->method) == NULL)
        FA_FAIL(err, FA_EINVAL, "unknown sweep method %d", (int)o->method);
    if (o->values == NULL || o->n_values == 0 || o->n_values >= SWEEP_MAX_POINTS)
        FA_FAIL(err, FA_EINVAL, "a sweep needs 1 to %u values", SWEEP_MAX_POINTS - 1);
    if (o->out_dir == NULL || o->audit == NULL)
        FA_FAIL(err, FA_EINVAL, "a sweep needs an output folder and an audit callback");
    for (i = 0; i < o->n_values; i++) {
        double v = o->values[i];
        bool ok =
            o->method == FA_SWEEP_ADVERSARIAL ? v >= 0.0 && isfinite(v) : v >= 0.0 && v <= 1.0;
        if (!ok)
            FA_FAIL(err, FA_EINVAL, "sweep value %g is out of range for %s (%s)", v,
                    method_name(o->method),
                    o->method == FA_SWEEP_ADVERSARIAL ? ">= 0" : "in [0, 1]");
    }
    if (o->method == FA_SWEEP_THRESHOLDS && fa_fairness_name(o->target) == NULL)
        FA_FAIL(err, FA_EINVAL, "unknown thresholds target");
    if (o->method == FA_SWEEP_REWEIGH || o->method == FA_SWEEP_ADVERSARIAL) {
        fa_mitigate_options m = o->mitigate;
        m.method = o->method == FA_SWEEP_REWEIGH ? FA_MITIGATE_REWEIGH : FA_MITIGATE_ADVERSARIAL;
        FA_TRY(fa_mitigate_options_check(&m, err));
    }
    return fa_fit_options_check(&o->fit, err);
}

static fa_status make_dir(const char *path, fa_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return FA_OK;
    return fa_error_set_errno(err, errno, "cannot create folder '%s'", path);
}

static fa_status join(char *buf, const char *a, const char *b, const char *c, fa_error *err)
{
    int n = snprintf(buf, PATH_MAX_LEN, "%s/%s%s%s", a, b, c ? "/" : "", c ? c : "");
    if (n < 0 || n >= PATH_MAX_LEN)
        FA_FAIL(err, FA_EINVAL, "output path too long under '%s'", a);
    return FA_OK;
}

/* Scores of a table by the model (caller frees). */
static fa_status score(const fa_model *m, const fa_table *t, double **out, fa_error *err)
{
    size_t n = fa_table_n_rows(t);
    double *p = fa_malloc((n ? n : 1) * sizeof *p);
    fa_status rc;

    *out = NULL;
    FA_CHECK_ALLOC(err, p);
    rc = fa_model_predict_proba(m, t, p, NULL, err);
    if (rc != FA_OK) {
        fa_free(p);
        return rc;
    }
    *out = p;
    return FA_OK;
}

/* Reads the point's accuracy and disparity from the audit.json the callback wrote. */
static fa_status read_audit(sweep_state *S, point *p, const char *path, fa_error *err)
{
    const fa_json_node *root, *attrs, *at = NULL, *d, *n;
    fa_json_doc *doc = NULL;
    size_t i;
    fa_status rc = FA_OK;

    FA_TRY(fa_json_doc_load(&doc, path, err));
    root = fa_json_doc_root(doc);
    n = fa_json_member(fa_json_member(fa_json_member(root, "overall"), "metrics"), "accuracy");
    p->accuracy = fa_json_is(n, FA_JSON_NUMBER) ? fa_json_number(n) : fa_nan();
    attrs = fa_json_member(root, "attributes");
    for (i = 0; i < fa_json_count(attrs); i++) {
        const char *name = fa_json_string(fa_json_member(fa_json_at(attrs, i), "name"));
        if (name != NULL && strcmp(name, S->attribute) == 0)
            at = fa_json_at(attrs, i);
    }
    if (at == NULL) {
        rc = fa_json_error_at(err, attrs != NULL ? attrs : root, FA_ESCHEMA,
                              "the audit has no attribute \"%s\"", S->attribute);
        goto done;
    }
    d = fa_json_member(fa_json_member(at, "disparities"), S->metric);
    if (!fa_json_is(d, FA_JSON_OBJECT)) {
        rc = fa_json_error_at(err, at, FA_ESCHEMA, "the audit has no disparity \"%s\"", S->metric);
        goto done;
    }
    n = fa_json_member(d, "value");
    p->value = fa_json_is(n, FA_JSON_NUMBER) ? fa_json_number(n) : fa_nan();
    p->reason = fa_json_is(n, FA_JSON_NUMBER) ? NULL : "undefined in the audit";
    n = fa_json_member(d, "ci");
    p->ci[0] = p->ci[1] = fa_nan();
    if (fa_json_is(n, FA_JSON_ARRAY) && fa_json_count(n) == 2) {
        p->ci[0] = fa_json_number(fa_json_at(n, 0));
        p->ci[1] = fa_json_number(fa_json_at(n, 1));
    }
    if (S->better[0] == '\0') {
        const char *b = fa_json_string(fa_json_member(d, "better"));
        fa_strlcpy(S->better, b != NULL ? b : "lower", sizeof S->better);
        S->ideal = fa_json_number(fa_json_member(d, "ideal"));
        if (!isfinite(S->ideal))
            S->ideal = 0.0;
    }
done:
    fa_json_doc_free(doc);
    return rc;
}

/* One point: train (or fit thresholds), score the test table, audit. */
static fa_status run_point(sweep_state *S, point *p, fa_error *err)
{
    const fa_sweep_options *o = S->o;
    char dir[PATH_MAX_LEN], path[PATH_MAX_LEN], pred[PATH_MAX_LEN];
    fa_model *m = NULL;
    fa_thresholds *th = NULL;
    double *scores = NULL;
    uint8_t *decisions = NULL;
    size_t n_test = fa_table_n_rows(S->test);
    fa_status rc;

    FA_TRY(join(dir, o->out_dir, p->dir, NULL, err));
    FA_TRY(join(pred, dir, "predictions.csv", NULL, err));
    FA_TRY(make_dir(dir, err));
    if (o->method == FA_SWEEP_THRESHOLDS && !p->baseline) {
        fa_thresholds_options to;
        fa_thresholds_options_init(&to);
        to.target = o->target;
        to.bound = p->strength;
        to.favorable = o->favorable;
        to.protected_columns = o->mitigate.protected_columns;
        to.n_protected = o->mitigate.n_protected;
        decisions = fa_malloc(n_test ? n_test : 1);
        rc = decisions == NULL ? fa_error_set(err, FA_ENOMEM, "out of memory") : FA_OK;
        if (rc == FA_OK)
            rc = fa_thresholds_fit_table(&th, S->train, S->train_scores, &to, err);
        if (rc == FA_OK)
            rc = fa_thresholds_decide_table(th, S->test, S->test_scores, decisions, err);
        if (rc == FA_OK && (rc = join(path, dir, "thresholds.json", NULL, err)) == FA_OK)
            rc = fa_thresholds_save(th, path, err);
        if (rc == FA_OK)
            rc = fa_model_write_predictions_decided(S->base, S->test, S->test_scores, decisions,
                                                    pred, err);
    } else {
        fa_mitigate_options mo = o->mitigate;
        mo.method = p->baseline                     ? FA_MITIGATE_NONE
                    : o->method == FA_SWEEP_REWEIGH ? FA_MITIGATE_REWEIGH
                                                    : FA_MITIGATE_ADVERSARIAL;
        if (o->method == FA_SWEEP_REWEIGH && !p->baseline)
            mo.reweigh_mix = p->strength;
        if (o->method == FA_SWEEP_ADVERSARIAL && !p->baseline)
            mo.adversary.weight = p->strength;
        rc = fa_mitigate_fit(&m, S->train, NULL, &mo, &o->fit, err);
        if (rc == FA_OK && (rc = join(path, dir, "model.json", NULL, err)) == FA_OK)
            rc = fa_model_save(m, path, err);
        if (rc == FA_OK)
            rc = score(m, S->test, &scores, err);
        if (rc == FA_OK)
            rc = fa_model_write_predictions(m, S->test, scores, pred, err);
        if (rc == FA_OK && p->baseline && o->method == FA_SWEEP_THRESHOLDS) {
            S->base = m;
            m = NULL;
            S->test_scores = scores;
            scores = NULL;
            rc = score(S->base, S->train, &S->train_scores, err);
        }
    }
    if (rc == FA_OK)
        rc = o->audit(o->audit_payload, pred, dir, err);
    if (rc == FA_OK && (rc = join(path, dir, "audit.json", NULL, err)) == FA_OK)
        rc = read_audit(S, p, path, err);
    fa_model_free(m);
    fa_thresholds_free(th);
    fa_free(scores);
    fa_free(decisions);
    return rc;
}

static double gap_of(const sweep_state *S, double v)
{
    if (!isfinite(v))
        return fa_nan();
    if (strcmp(S->better, "higher") == 0)
        return S->ideal - v > 0.0 ? S->ideal - v : 0.0;
    if (strcmp(S->better, "lower") == 0)
        return v - S->ideal > 0.0 ? v - S->ideal : 0.0;
    return fabs(v - S->ideal);
}

static void mark_frontier(sweep_state *S)
{
    size_t i, j;

    for (i = 0; i < S->n; i++) {
        point *p = &S->pts[i];
        p->gap = gap_of(S, p->value);
        p->frontier = isfinite(p->gap) && isfinite(p->accuracy);
    }
    for (i = 0; i < S->n; i++) {
        point *p = &S->pts[i];
        for (j = 0; j < S->n && p->frontier; j++) {
            const point *q = &S->pts[j];
            if (j == i || !isfinite(q->gap) || !isfinite(q->accuracy))
                continue;
            if (q->accuracy >= p->accuracy && q->gap <= p->gap &&
                (q->accuracy > p->accuracy || q->gap < p->gap))
                p->frontier = false;
        }
    }
}

static void write_num_or_null(fa_jw *w, double v)
{
    fa_jw_number(w, v); /* NaN is written as null */
}

/* DIR/mitigation.json: the sweep in the shape of the `mitigation` section that
 * reports render (docs/format/report.md): method, description, settings and
 * the frontier candidates {label, attribute, metric, disparity, accuracy}. */
static void write_report_section(const sweep_state *S, fa_buf *b)
{
    const fa_sweep_options *o = S->o;
    fa_jw w;
    size_t i;
    char label[96];

    fa_buf_clear(b);
    fa_jw_init(&w, b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "method");
    fa_jw_string(&w, method_name(o->method));
    fa_jw_key(&w, "description");
    snprintf(label, sizeof label, "trade-off sweep over %s (%zu points and the baseline)",
             parameter_name(o->method), S->n - 1);
    fa_jw_string(&w, label);
    fa_jw_key(&w, "settings");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "model");
    fa_jw_string(&w, fa_model_kind_name(o->fit.kind));
    fa_jw_key(&w, "seed");
    fa_jw_uint(&w, o->fit.seed);
    if (o->method != FA_SWEEP_REWEIGH) {
        fa_jw_key(&w, "criterion");
        fa_jw_string(&w, fa_fairness_name(o->method == FA_SWEEP_ADVERSARIAL
                                              ? o->mitigate.adversary.fairness
                                              : o->target));
    }
    fa_jw_key(&w, "metric");
    fa_jw_string(&w, S->metric);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "frontier");
    fa_jw_array_begin(&w);
    for (i = 0; i < S->n; i++) {
        const point *p = &S->pts[i];
        if (p->baseline)
            snprintf(label, sizeof label, "baseline");
        else
            snprintf(label, sizeof label, "%s = %g", parameter_name(o->method), p->strength);
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "label");
        fa_jw_string(&w, label);
        fa_jw_key(&w, "attribute");
        fa_jw_string(&w, S->attribute);
        fa_jw_key(&w, "metric");
        fa_jw_string(&w, S->metric);
        fa_jw_key(&w, "disparity");
        fa_jw_number(&w, p->value);
        fa_jw_key(&w, "accuracy");
        fa_jw_number(&w, p->accuracy);
        fa_jw_key(&w, "frontier");
        fa_jw_bool(&w, p->frontier);
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(b, '\n');
}

static fa_status write_outputs(const sweep_state *S, fa_error *err)
{
    const fa_sweep_options *o = S->o;
    const point *base = &S->pts[0];
    char path[PATH_MAX_LEN], num[5][40];
    fa_buf b = FA_BUF_INIT, csv = FA_BUF_INIT;
    fa_jw w;
    size_t i;
    fa_status rc;

    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "format");
    fa_jw_string(&w, SWEEP_FORMAT_NAME);
    fa_jw_key(&w, "format_version");
    fa_jw_int(&w, SWEEP_FORMAT_VERSION);
    fa_jw_key(&w, "method");
    fa_jw_string(&w, method_name(o->method));
    if (o->method == FA_SWEEP_ADVERSARIAL || o->method == FA_SWEEP_THRESHOLDS) {
        fa_jw_key(&w, o->method == FA_SWEEP_ADVERSARIAL ? "fairness" : "target");
        fa_jw_string(&w, fa_fairness_name(o->method == FA_SWEEP_ADVERSARIAL
                                              ? o->mitigate.adversary.fairness
                                              : o->target));
    }
    fa_jw_key(&w, "model");
    fa_jw_string(&w, fa_model_kind_name(o->fit.kind));
    fa_jw_key(&w, "seed");
    fa_jw_uint(&w, o->fit.seed);
    fa_jw_key(&w, "parameter");
    fa_jw_string(&w, parameter_name(o->method));
    fa_jw_key(&w, "attribute");
    fa_jw_string(&w, S->attribute);
    fa_jw_key(&w, "metric");
    fa_jw_string(&w, S->metric);
    fa_jw_key(&w, "better");
    fa_jw_string(&w, S->better);
    fa_jw_key(&w, "ideal");
    fa_jw_number(&w, S->ideal);
    fa_jw_key(&w, "points");
    fa_jw_array_begin(&w);
    for (i = 0; i < S->n; i++) {
        const point *p = &S->pts[i];
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "index");
        fa_jw_uint(&w, i);
        fa_jw_key(&w, "baseline");
        fa_jw_bool(&w, p->baseline);
        fa_jw_key(&w, "strength");
        write_num_or_null(&w, p->strength);
        fa_jw_key(&w, "dir");
        fa_jw_string(&w, p->dir);
        fa_jw_key(&w, "accuracy");
        write_num_or_null(&w, p->accuracy);
        fa_jw_key(&w, "disparity");
        write_num_or_null(&w, p->value);
        fa_jw_key(&w, "disparity_ci");
        if (isfinite(p->ci[0]) && isfinite(p->ci[1])) {
            fa_jw_array_begin(&w);
            fa_jw_number(&w, p->ci[0]);
            fa_jw_number(&w, p->ci[1]);
            fa_jw_array_end(&w);
        } else {
            fa_jw_null(&w);
        }
        fa_jw_key(&w, "gap");
        write_num_or_null(&w, p->gap);
        fa_jw_key(&w, "accuracy_change");
        write_num_or_null(&w, p->accuracy - base->accuracy);
        fa_jw_key(&w, "frontier");
        fa_jw_bool(&w, p->frontier);
        fa_jw_key(&w, "less_discriminatory");
        fa_jw_bool(&w, p->frontier && !p->baseline && isfinite(base->gap) && p->gap < base->gap);
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_key(&w, "frontier");
    fa_jw_array_begin(&w);
    for (i = 0; i < S->n; i++)
        if (S->pts[i].frontier)
            fa_jw_uint(&w, i);
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(&b, '\n');

    fa_buf_printf(&csv, "index,dir,strength,accuracy,%s,ci_lo,ci_hi,gap,frontier\n", S->metric);
    for (i = 0; i < S->n; i++) {
        const point *p = &S->pts[i];
        fa_format_double(num[0], sizeof num[0], p->accuracy);
        fa_format_double(num[1], sizeof num[1], p->value);
        fa_format_double(num[2], sizeof num[2], p->ci[0]);
        fa_format_double(num[3], sizeof num[3], p->ci[1]);
        fa_format_double(num[4], sizeof num[4], p->gap);
        fa_buf_printf(&csv, "%zu,%s,", i, p->dir);
        if (!p->baseline) {
            char s[40];
            fa_format_double(s, sizeof s, p->strength);
            fa_buf_puts(&csv, s);
        }
        fa_buf_printf(&csv, ",%s,%s,%s,%s,%s,%d\n", isfinite(p->accuracy) ? num[0] : "",
                      isfinite(p->value) ? num[1] : "", isfinite(p->ci[0]) ? num[2] : "",
                      isfinite(p->ci[1]) ? num[3] : "", isfinite(p->gap) ? num[4] : "",
                      p->frontier ? 1 : 0);
    }
    if (b.oom || csv.oom) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    rc = join(path, o->out_dir, "sweep.json", NULL, err);
    if (rc == FA_OK)
        rc = fa_write_file_atomic(path, b.ptr, b.len, err);
    if (rc == FA_OK)
        rc = join(path, o->out_dir, "sweep.csv", NULL, err);
    if (rc == FA_OK)
        rc = fa_write_file_atomic(path, csv.ptr, csv.len, err);
    if (rc == FA_OK) {
        write_report_section(S, &b);
        rc = b.oom ? fa_error_set(err, FA_ENOMEM, "out of memory") : FA_OK;
    }
    if (rc == FA_OK)
        rc = join(path, o->out_dir, "mitigation.json", NULL, err);
    if (rc == FA_OK)
        rc = fa_write_file_atomic(path, b.ptr, b.len, err);
done:
    fa_buf_dispose(&b);
    fa_buf_dispose(&csv);
    return rc;
}

/* The audit attribute of the mitigation's columns ("sex", or "sex&race"). */
static fa_status resolve_attribute(sweep_state *S, fa_error *err)
{
    fa_groups g;
    fa_buf b = FA_BUF_INIT;
    size_t c;

    FA_TRY(fa_groups_build(&g, S->train, S->o->mitigate.protected_columns,
                           S->o->mitigate.n_protected, err));
    for (c = 0; c < g.n_cols; c++) {
        if (c > 0)
            fa_buf_putc(&b, '&');
        fa_buf_puts(&b, g.col_names[c]);
    }
    fa_groups_dispose(&g);
    if (b.oom || b.ptr == NULL || b.len >= sizeof S->attribute) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_EINVAL, "protected column names too long");
    }
    memcpy(S->attribute, b.ptr, b.len + 1);
    fa_buf_dispose(&b);
    return FA_OK;
}

fa_status
fa_sweep_run(const fa_table *train, const fa_table *test, const fa_sweep_options *o, fa_error *err)
{
    sweep_state S;
    size_t i;
    fa_status rc = FA_OK;
    char msg[512];

    FA_CHECK_ARG(err, train != NULL && test != NULL);
    FA_TRY(check_options(o, err));
    memset(&S, 0, sizeof S);
    S.o = o;
    S.train = train;
    S.test = test;
    S.metric = o->metric != NULL ? o->metric : default_metric(o);
    FA_TRY(resolve_attribute(&S, err));
    FA_TRY(make_dir(o->out_dir, err));
    S.n = o->n_values + 1;
    S.pts = fa_calloc(S.n, sizeof *S.pts);
    FA_CHECK_ALLOC(err, S.pts);
    for (i = 0; i < S.n && rc == FA_OK; i++) {
        point *p = &S.pts[i];
        p->baseline = i == 0;
        p->strength = i == 0 ? fa_nan() : o->values[i - 1];
        snprintf(p->dir, sizeof p->dir, "point-%02u", (unsigned)i);
        rc = run_point(&S, p, err);
        if (rc == FA_OK && o->log != NULL) {
            char what[64];
            if (p->baseline)
                snprintf(what, sizeof what, "baseline");
            else
                snprintf(what, sizeof what, "%s = %g", parameter_name(o->method), p->strength);
            snprintf(msg, sizeof msg, "sweep %s point %zu/%zu (%s): accuracy %.4f, %s %.4f",
                     method_name(o->method), i, S.n - 1, what, p->accuracy, S.metric, p->value);
            o->log(FA_LOG_INFO, msg, o->log_payload);
        }
    }
    if (rc == FA_OK) {
        mark_frontier(&S);
        rc = write_outputs(&S, err);
    }
    fa_free(S.pts);
    fa_free(S.train_scores);
    fa_free(S.test_scores);
    fa_model_free(S.base);
    return rc;
}
