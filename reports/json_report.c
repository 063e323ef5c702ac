/*
 * json_report.c — audit.json, the machine contract of `fairaudit audit`
 * (docs/format/audit.md, docs/format/audit.schema.json).
 *
 * Only prints: every number comes from the fa_audit_result. Keys are written in a fixed
 * order; an undefined value is written as null and its reason is listed next to it (in the
 * group's "undefined" object, or as the disparity's "reason"), so NaN never reaches the file
 * silently. Numbers use the shortest text that reads back to the same double.
 */
#include <string.h>
#include <time.h>

#include "audit/audit_internal.h"
#include "common/fileio.h"
#include "common/internal.h"
#include "common/jsonw.h"
#include "fairaudit/report.h"

void fa_report_options_init(fa_report_options *opts)
{
    fa_report_options o = FA_REPORT_OPTIONS_INIT;
    *opts = o;
}

void fa_report_free(char *text)
{
    fa_free(text);
}

static void value_or_null(fa_jw *w, fa_value v)
{
    if (fa_value_defined(v))
        fa_jw_number(w, v.v);
    else
        fa_jw_null(w);
}

static const char *better_name(fa_better b)
{
    switch (b) {
    case FA_BETTER_LOWER:
        return "lower";
    case FA_BETTER_HIGHER:
        return "higher";
    case FA_BETTER_CLOSER:
        return "closer_to_ideal";
    }
    return "lower";
}

static void write_strings(fa_jw *w, char *const *s, size_t n)
{
    size_t i;

    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        fa_jw_string(w, s[i]);
    fa_jw_array_end(w);
}

static void write_vs(fa_jw *w, const fa_vsref *vs)
{
    static const char *const keys[] = {"adverse_impact_ratio", "selection_rate_difference",
                                       "tpr_difference",       "fpr_difference",
                                       "smd",                  "shortfall",
                                       "p_value",              "p_value_adjusted"};
    const fa_value vals[] = {vs->adverse_impact_ratio,
                             vs->selection_rate_difference,
                             vs->tpr_difference,
                             vs->fpr_difference,
                             vs->smd,
                             vs->shortfall,
                             vs->p_value,
                             vs->p_value_adjusted};
    size_t i;

    fa_jw_object_begin(w);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        fa_jw_key(w, keys[i]);
        value_or_null(w, vals[i]);
    }
    fa_jw_key(w, "test");
    fa_jw_string(w, vs->test == FA_PTEST_Z        ? "two_proportion_z"
                    : vs->test == FA_PTEST_FISHER ? "fisher_exact"
                                                  : NULL);
    fa_jw_key(w, "undefined");
    fa_jw_object_begin(w);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!fa_value_defined(vals[i])) {
            fa_jw_key(w, keys[i]);
            fa_jw_string(w, vals[i].reason);
        }
    }
    fa_jw_object_end(w);
    fa_jw_object_end(w);
}

static void write_sweep(fa_jw *w, const fa_sweep_point *sw)
{
    static const char *const keys[] = {"selection_rate", "tpr", "fpr"};
    int k;
    unsigned i;

    fa_jw_object_begin(w);
    for (k = 0; k < 3; k++) {
        fa_jw_key(w, keys[k]);
        fa_jw_array_begin(w);
        for (i = 0; i <= FA_SWEEP_STEPS; i++)
            value_or_null(w, k == 0 ? sw[i].selection_rate : k == 1 ? sw[i].tpr : sw[i].fpr);
        fa_jw_array_end(w);
    }
    fa_jw_object_end(w);
}

static void write_ci(fa_jw *w, const fa_boot_ci *ci)
{
    if (fa_value_defined(ci->lo) && fa_value_defined(ci->hi)) {
        fa_jw_array_begin(w);
        fa_jw_number(w, ci->lo.v);
        fa_jw_number(w, ci->hi.v);
        fa_jw_array_end(w);
    } else {
        fa_jw_null(w);
    }
}

/* "metrics_ci" and "metrics_ci_replicates": the bootstrapped group metrics, metric -> [lo, hi]
 * (null when undefined in every replicate) and metric -> replicates used. */
static void write_metrics_ci(fa_jw *w, const fa_boot_group_ci *ci)
{
    int m, pass;

    for (pass = 0; pass < 2; pass++) {
        fa_jw_key(w, pass == 0 ? "metrics_ci" : "metrics_ci_replicates");
        fa_jw_object_begin(w);
        for (m = 0; m < FA_GM_COUNT; m++) {
            if (!fa_gmetric_bootstrapped((fa_gmetric)m))
                continue;
            fa_jw_key(w, fa_gmetric_key((fa_gmetric)m));
            if (pass == 0)
                write_ci(w, &ci->metrics[m]);
            else
                fa_jw_uint(w, ci->metrics[m].n_defined);
        }
        fa_jw_object_end(w);
    }
}

/* "vs_reference_ci" and "vs_reference_ci_replicates" (null for the reference group, like
 * "vs_reference"). */
static void write_vs_ci(fa_jw *w, const fa_audit_group *g)
{
    int f, pass;

    for (pass = 0; pass < 2; pass++) {
        fa_jw_key(w, pass == 0 ? "vs_reference_ci" : "vs_reference_ci_replicates");
        if (!g->has_vs) {
            fa_jw_null(w);
            continue;
        }
        fa_jw_object_begin(w);
        for (f = 0; f < FA_VS_COUNT; f++) {
            fa_jw_key(w, fa_vsfig_key((fa_vsfig)f));
            if (pass == 0)
                write_ci(w, &g->ci.vs[f]);
            else
                fa_jw_uint(w, g->ci.vs[f].n_defined);
        }
        fa_jw_object_end(w);
    }
}

static void write_group(fa_jw *w, const fa_audit_result *r, const fa_audit_group *g,
                        size_t n_columns, bool is_overall)
{
    unsigned k;
    int m;

    fa_jw_object_begin(w);
    fa_jw_key(w, "value");
    fa_jw_string(w, g->display);
    fa_jw_key(w, "values");
    write_strings(w, g->values, is_overall ? 0 : n_columns);
    fa_jw_key(w, "status");
    fa_jw_string(w, g->status == FA_GROUP_OK ? "ok" : "insufficient_data");
    fa_jw_key(w, "reference");
    fa_jw_bool(w, g->is_reference);
    fa_jw_key(w, "n");
    fa_jw_uint(w, g->n);
    fa_jw_key(w, "weight");
    fa_jw_number(w, g->weight);
    fa_jw_key(w, "confusion");
    fa_jw_object_begin(w);
    fa_jw_key(w, "tp");
    fa_jw_number(w, g->conf.tp);
    fa_jw_key(w, "fp");
    fa_jw_number(w, g->conf.fp);
    fa_jw_key(w, "tn");
    fa_jw_number(w, g->conf.tn);
    fa_jw_key(w, "fn");
    fa_jw_number(w, g->conf.fn);
    fa_jw_object_end(w);
    fa_jw_key(w, "metrics");
    fa_jw_object_begin(w);
    for (m = 0; m < FA_GM_COUNT; m++) {
        fa_jw_key(w, fa_gmetric_key((fa_gmetric)m));
        value_or_null(w, g->metrics[m]);
    }
    fa_jw_object_end(w);
    fa_jw_key(w, "undefined");
    fa_jw_object_begin(w);
    for (m = 0; m < FA_GM_COUNT; m++) {
        if (!fa_value_defined(g->metrics[m])) {
            fa_jw_key(w, fa_gmetric_key((fa_gmetric)m));
            fa_jw_string(w, g->metrics[m].reason);
        }
    }
    fa_jw_object_end(w);
    if (g->has_ci)
        write_metrics_ci(w, &g->ci);
    fa_jw_key(w, "calibration");
    fa_jw_array_begin(w);
    for (k = 0; k < r->n_cal; k++) {
        const fa_cal_row *c = &g->cal[k];
        fa_jw_object_begin(w);
        fa_jw_key(w, "lo");
        fa_jw_number(w, c->lo);
        fa_jw_key(w, "hi");
        fa_jw_number(w, c->hi);
        fa_jw_key(w, "n");
        fa_jw_uint(w, c->n);
        if (r->weighted) {
            fa_jw_key(w, "weight");
            fa_jw_number(w, c->w);
        }
        fa_jw_key(w, "mean_score");
        value_or_null(w, c->mean_score);
        fa_jw_key(w, "positive_rate");
        value_or_null(w, c->positive_rate);
        fa_jw_object_end(w);
    }
    fa_jw_array_end(w);
    fa_jw_key(w, "vs_reference");
    if (g->has_vs)
        write_vs(w, &g->vs);
    else
        fa_jw_null(w);
    if (g->has_ci)
        write_vs_ci(w, g);
    fa_jw_key(w, "sweep");
    write_sweep(w, g->sweep);
    fa_jw_object_end(w);
}

static void write_disparities(fa_jw *w, const fa_audit_attr *at)
{
    const fa_disparity_def *t = fa_disparity_table();
    int k;

    fa_jw_object_begin(w);
    for (k = 0; k < FA_D_COUNT; k++) {
        fa_value v = at->disp[t[k].id];
        fa_jw_key(w, t[k].key);
        fa_jw_object_begin(w);
        fa_jw_key(w, "value");
        value_or_null(w, v);
        if (!fa_value_defined(v)) {
            fa_jw_key(w, "reason");
            fa_jw_string(w, v.reason);
        }
        if (at->has_ci) {
            const fa_boot_ci *ci = &at->ci[t[k].id];
            fa_jw_key(w, "ci");
            write_ci(w, ci);
            fa_jw_key(w, "ci_replicates");
            fa_jw_uint(w, ci->n_defined);
        }
        fa_jw_key(w, "better");
        fa_jw_string(w, better_name(t[k].better));
        fa_jw_key(w, "ideal");
        fa_jw_number(w, t[k].ideal);
        fa_jw_key(w, "source");
        fa_jw_string(w, t[k].source);
        fa_jw_object_end(w);
    }
    fa_jw_object_end(w);
}

static void write_attr(fa_jw *w, const fa_audit_result *r, const fa_audit_attr *at)
{
    size_t g, i;

    fa_jw_object_begin(w);
    fa_jw_key(w, "name");
    fa_jw_string(w, at->name);
    fa_jw_key(w, "columns");
    fa_jw_array_begin(w);
    for (i = 0; i < at->n_columns; i++)
        fa_jw_string(w, at->columns[i]);
    fa_jw_array_end(w);
    fa_jw_key(w, "reference");
    if (at->n_groups > 0) {
        const fa_audit_group *ref = &at->groups[at->ref];
        fa_jw_object_begin(w);
        fa_jw_key(w, "value");
        fa_jw_string(w, ref->display);
        fa_jw_key(w, "values");
        write_strings(w, ref->values, at->n_columns);
        fa_jw_key(w, "chosen");
        fa_jw_string(w, at->ref_explicit ? "explicit" : "largest_group");
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_key(w, "unknown");
    fa_jw_object_begin(w);
    fa_jw_key(w, "n");
    fa_jw_uint(w, at->unknown_n);
    fa_jw_key(w, "weight");
    fa_jw_number(w, at->unknown_w);
    fa_jw_object_end(w);
    fa_jw_key(w, "groups");
    fa_jw_array_begin(w);
    for (g = 0; g < at->n_groups; g++)
        write_group(w, r, &at->groups[g], at->n_columns, false);
    fa_jw_array_end(w);
    fa_jw_key(w, "disparities");
    write_disparities(w, at);
    fa_jw_object_end(w);
}

static void write_doc(fa_jw *w, const fa_audit_result *r, const fa_report_options *o)
{
    size_t i;
    unsigned k;

    fa_jw_object_begin(w);
    fa_jw_key(w, "schema_version");
    fa_jw_int(w, FA_AUDIT_JSON_SCHEMA_VERSION);
    fa_jw_key(w, "tool");
    fa_jw_object_begin(w);
    fa_jw_key(w, "name");
    fa_jw_string(w, "fairaudit");
    fa_jw_key(w, "version");
    fa_jw_string(w, fa_version_string());
    fa_jw_object_end(w);
    if (o->generated_at >= 0) {
        char ts[32];
        time_t t = (time_t)o->generated_at;
        struct tm tm;
        if (gmtime_r(&t, &tm) != NULL && strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
            fa_jw_key(w, "generated_at");
            fa_jw_string(w, ts);
        }
    }
    /* input */
    fa_jw_key(w, "input");
    fa_jw_object_begin(w);
    fa_jw_key(w, "path");
    fa_jw_string(w, r->path);
    fa_jw_key(w, "rows_read");
    fa_jw_uint(w, r->rows_read);
    fa_jw_key(w, "rows_used");
    fa_jw_uint(w, r->rows_used);
    fa_jw_key(w, "rows_skipped");
    fa_jw_uint(w, r->skipped_label + r->skipped_score);
    fa_jw_key(w, "skipped");
    fa_jw_object_begin(w);
    fa_jw_key(w, "missing_label");
    fa_jw_uint(w, r->skipped_label);
    fa_jw_key(w, "missing_score");
    fa_jw_uint(w, r->skipped_score);
    fa_jw_key(w, "dropped_by_spec");
    fa_jw_uint(w, r->dropped_by_spec);
    fa_jw_object_end(w);
    fa_jw_key(w, "fingerprint");
    if (r->fingerprint[0] != '\0') {
        fa_jw_object_begin(w);
        fa_jw_key(w, "algorithm");
        fa_jw_string(w, "sha256");
        fa_jw_key(w, "value");
        fa_jw_string(w, r->fingerprint);
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_key(w, "columns");
    fa_jw_object_begin(w);
    fa_jw_key(w, "label");
    fa_jw_string(w, r->label_column);
    fa_jw_key(w, "score");
    fa_jw_string(w, r->score_column);
    fa_jw_key(w, "decision");
    fa_jw_string(w, r->decision_column);
    fa_jw_key(w, "weight");
    fa_jw_string(w, r->weight_column);
    fa_jw_key(w, "protected");
    write_strings(w, r->protected_columns, r->n_protected);
    fa_jw_object_end(w);
    fa_jw_key(w, "label_values");
    if (r->label_values[0] != NULL)
        write_strings(w, r->label_values, 2);
    else
        fa_jw_null(w);
    fa_jw_key(w, "missing_values");
    fa_jw_array_begin(w);
    fa_jw_string(w, "");
    for (i = 0; i < r->n_missing_values; i++)
        fa_jw_string(w, r->missing_values[i]);
    fa_jw_array_end(w);
    fa_jw_key(w, "weighted");
    fa_jw_bool(w, r->weighted);
    fa_jw_key(w, "model");
    fa_jw_string(w, r->model_path); /* NULL (predictions file) prints null */
    fa_jw_object_end(w);
    /* decision rule */
    fa_jw_key(w, "threshold");
    fa_jw_number(w, r->threshold); /* NaN (decision column) prints null */
    fa_jw_key(w, "decision");
    fa_jw_string(w, r->decision_column != NULL ? "column"
                    : r->per_group_thresholds ? "thresholds"
                                              : "threshold");
    fa_jw_key(w, "favorable");
    fa_jw_int(w, r->favorable);
    fa_jw_key(w, "score");
    fa_jw_object_begin(w);
    fa_jw_key(w, "min");
    fa_jw_number(w, r->score_min);
    fa_jw_key(w, "max");
    fa_jw_number(w, r->score_max);
    fa_jw_key(w, "probabilities");
    fa_jw_bool(w, r->probabilities);
    fa_jw_key(w, "higher_is_favorable");
    if (r->decision_column != NULL)
        fa_jw_null(w);
    else
        fa_jw_bool(w, r->favorable == 1);
    fa_jw_key(w, "distribution");
    fa_jw_string(w, r->dist_exact ? "exact" : "histogram");
    fa_jw_key(w, "histogram_bins");
    if (r->dist_exact)
        fa_jw_null(w);
    else
        fa_jw_uint(w, r->hist_bins);
    fa_jw_object_end(w);
    fa_jw_key(w, "settings");
    fa_jw_object_begin(w);
    fa_jw_key(w, "bootstrap");
    fa_jw_uint(w, r->bootstrap);
    fa_jw_key(w, "seed");
    fa_jw_uint(w, r->seed);
    fa_jw_key(w, "ci_level");
    fa_jw_number(w, r->ci_level);
    fa_jw_key(w, "ci_method");
    fa_jw_string(w, "percentile, multinomial resampling of accumulated counts per finest cell");
    fa_jw_key(w, "min_group_size");
    fa_jw_uint(w, r->min_group_size);
    fa_jw_key(w, "max_groups");
    fa_jw_uint(w, r->max_groups);
    fa_jw_key(w, "intersections");
    fa_jw_bool(w, r->intersections);
    fa_jw_key(w, "p_value_test");
    fa_jw_string(w, "fisher_exact when an expected cell count is below 5, else two_proportion_z; "
                    "Holm-adjusted across the groups of an attribute");
    fa_jw_object_end(w);
    fa_jw_key(w, "calibration");
    fa_jw_object_begin(w);
    fa_jw_key(w, "bins");
    fa_jw_uint(w, r->n_cal);
    fa_jw_key(w, "rule");
    fa_jw_string(w, "lo < score <= hi; the first bin also holds lo");
    fa_jw_object_end(w);
    fa_jw_key(w, "sweep");
    fa_jw_object_begin(w);
    fa_jw_key(w, "thresholds");
    fa_jw_array_begin(w);
    for (k = 0; k <= FA_SWEEP_STEPS; k++)
        fa_jw_number(w, r->overall.sweep[k].threshold);
    fa_jw_array_end(w);
    fa_jw_key(w, "rule");
    fa_jw_string(w, "decision = score >= threshold");
    fa_jw_object_end(w);
    fa_jw_key(w, "overall");
    write_group(w, r, &r->overall, 0, true);
    fa_jw_key(w, "attributes");
    fa_jw_array_begin(w);
    for (i = 0; i < r->n_attrs; i++)
        write_attr(w, r, &r->attrs[i]);
    fa_jw_array_end(w);
    fa_jw_object_end(w);
}

fa_status fa_report_json(const fa_audit_result *res, const fa_report_options *opts,
                         char **json_out, size_t *len_out, fa_error *err)
{
    fa_report_options dflt = FA_REPORT_OPTIONS_INIT;
    fa_buf b = FA_BUF_INIT;
    fa_jw w;

    if (json_out == NULL || res == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_report_json: NULL argument");
    *json_out = NULL;
    if (opts == NULL)
        opts = &dflt;
    if (opts->version != FA_REPORT_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "report options: unknown version %u", opts->version);
    fa_jw_init(&w, &b, opts->pretty != 0);
    write_doc(&w, res, opts);
    fa_buf_putc(&b, '\n');
    if (b.oom) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory writing the report");
    }
    *json_out = fa_buf_detach(&b, len_out);
    return FA_OK;
}

fa_status fa_report_write_json(const fa_audit_result *res, const char *path,
                               const fa_report_options *opts, fa_error *err)
{
    char *text;
    size_t len;
    fa_status rc;

    if (path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_report_write_json: NULL path");
    FA_TRY(fa_report_json(res, opts, &text, &len, err));
    rc = fa_write_file_atomic(path, text, len, err);
    fa_free(text);
    return rc;
}
