/*
 * audit.c — fa_audit_run: options, the one streaming pass over a predictions file into the
 * accumulators, then audit_build.c turns the accumulators into the result.
 *
 * Layering: audit/ -> metrics/, lib/ (CSV reader, strdict). No metric is computed here: the
 * per-row path validates the fields (located errors), maps protected values to a finest cell
 * and hands (cell, score, label, decision, weight) to fa_acc_add_row(). Nothing per row is
 * allocated once every protected value has been seen.
 */
#include <string.h>

#include "audit/audit_private.h"
#include "common/internal.h"
#include "data/csv_internal.h"

#define FA_AUDIT_MAX_PROTECTED      64 /* columns */
#define FA_AUDIT_MAX_INTERSECTED    8  /* columns combined by --intersections (247 entries) */
#define FA_AUDIT_PROGRESS_ROWS      1000000u

void fa_audit_options_init(fa_audit_options *opts)
{
    fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
    *opts = o;
}

/* ---- field errors ------------------------------------------------------------------------ */

static fa_status field_error(const pass_state *P, const fa_csv_record *rec, size_t field,
                             fa_status code, const char *fmt, ...) FA_PRINTF(5, 6);

static fa_status field_error(const pass_state *P, const fa_csv_record *rec, size_t field,
                             fa_status code, const char *fmt, ...)
{
    va_list ap;
    fa_error *err = P->err;
    const char *name = field < P->n_header ? P->header[field] : NULL;

    if (err == NULL)
        return code;
    fa_error_clear(err);
    fa_error_set_loc(err, fa_csv__path(P->reader), rec->record, rec->line,
                     field + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(field + 1), name);
    va_start(ap, fmt);
    (void)fa_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

/* Shortens a field for messages; control bytes (a NUL would cut the message
 * short) are shown as '?', as in lib/data/table.c. */
static const char *shown(const char *s, size_t len, char buf[64])
{
    size_t n = len < 60 ? len : 57, i;

    for (i = 0; i < n; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) ? '?' : s[i];
    if (len > n)
        memcpy(buf + n, "...", 4);
    else
        buf[n] = '\0';
    return buf;
}

static inline bool is_missing_token(const char *s, size_t len)
{
    if (len > 0 && s[0] != ' ' && s[0] != '\t' && s[len - 1] != ' ' && s[len - 1] != '\t')
        return len == 2 && s[0] == 'N' && s[1] == 'A'; /* nothing to strip */
    while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len == 0 || (len == 2 && memcmp(s, "NA", 2) == 0);
}

/* A 0/1 value: numbers equal to 0 or 1, or the declared label strings. */
static int parse_binary(const pass_state *P, const char *s, size_t len, bool allow_numbers)
{
    double v;

    if (P->label_values[0] != NULL) {
        if (len == P->label_len[0] && memcmp(s, P->label_values[0], len) == 0)
            return 0;
        if (len == P->label_len[1] && memcmp(s, P->label_values[1], len) == 0)
            return 1;
        if (!allow_numbers)
            return -1;
    }
    if (!fa_parse_double(s, len, &v))
        return -1;
    if (v == 0.0)
        return 0;
    if (v == 1.0)
        return 1;
    return -1;
}

static fa_status binary_error(const pass_state *P, const fa_csv_record *rec, size_t field)
{
    char b[64];
    const char *s = rec->fields[field];
    size_t len = rec->lengths[field];

    if (P->label_values[0] != NULL)
        return field_error(P, rec, field, FA_EDATA, "column \"%s\": expected \"%s\" or \"%s\", got \"%s\"",
                           P->header[field], P->label_values[0], P->label_values[1],
                           shown(s, len, b));
    return field_error(P, rec, field, FA_EDATA, "column \"%s\": expected 0 or 1, got \"%s\"",
                       P->header[field], shown(s, len, b));
}

/* ---- one row ---------------------------------------------------------------------------------- */

/* 0/1 without a function call in the common case (no declared label strings). */
static inline int parse_binary_fast(const pass_state *P, const char *s, size_t len, bool numbers)
{
    if (len == 1 && P->label_values[0] == NULL && (s[0] == '0' || s[0] == '1'))
        return s[0] - '0';
    return parse_binary(P, s, len, numbers);
}

fa_row_code fa_audit__check_row(const pass_state *P, const char *const *s, const size_t *n,
                                fa_row_vals *out)
{
    const char *f;
    size_t len;

    /* label */
    f = s[FA_SLOT_LABEL];
    len = n[FA_SLOT_LABEL];
    if (is_missing_token(f, len))
        return FA_ROW_SKIP_LABEL;
    out->label = parse_binary_fast(P, f, len, false);
    if (out->label < 0)
        return FA_ROW_BAD_LABEL;
    /* score */
    f = s[FA_SLOT_SCORE];
    len = n[FA_SLOT_SCORE];
    if (is_missing_token(f, len))
        return FA_ROW_SKIP_SCORE;
    if (!fa_parse_double_fast(f, len, &out->score) && !fa_parse_double(f, len, &out->score))
        return FA_ROW_SCORE_NOT_NUMBER;
    if (!isfinite(out->score))
        return FA_ROW_SCORE_NOT_FINITE;
    if (out->score < P->opts->score_min || out->score > P->opts->score_max)
        return FA_ROW_SCORE_OUT_OF_RANGE;
    /* decision */
    if (s[FA_SLOT_DECISION] != NULL) {
        out->decision = parse_binary_fast(P, s[FA_SLOT_DECISION], n[FA_SLOT_DECISION], true);
        if (out->decision < 0)
            return FA_ROW_BAD_DECISION;
    } else {
        out->decision = out->score >= P->opts->threshold;
    }
    /* weight */
    out->weight = 1.0;
    if (s[FA_SLOT_WEIGHT] != NULL) {
        if (!fa_parse_double_fast(s[FA_SLOT_WEIGHT], n[FA_SLOT_WEIGHT], &out->weight) &&
            !fa_parse_double(s[FA_SLOT_WEIGHT], n[FA_SLOT_WEIGHT], &out->weight))
            return FA_ROW_WEIGHT_NOT_NUMBER;
        if (!isfinite(out->weight))
            return FA_ROW_WEIGHT_NOT_FINITE;
        if (out->weight < 0.0)
            return FA_ROW_WEIGHT_NEGATIVE;
    }
    return FA_ROW_USED;
}

/* The located message of a bad row (the reference path's errors). */
static fa_status row_error(const pass_state *P, const fa_csv_record *rec, fa_row_code code)
{
    char b[64];
    size_t f;

    switch (code) {
    case FA_ROW_BAD_LABEL:
        return binary_error(P, rec, P->col_label);
    case FA_ROW_BAD_DECISION:
        return binary_error(P, rec, P->col_decision);
    case FA_ROW_SCORE_NOT_NUMBER:
    case FA_ROW_SCORE_NOT_FINITE:
    case FA_ROW_SCORE_OUT_OF_RANGE:
        f = P->col_score;
        shown(rec->fields[f], rec->lengths[f], b);
        if (code == FA_ROW_SCORE_NOT_NUMBER)
            return field_error(P, rec, f, FA_EPARSE, "column \"%s\": expected a number, got \"%s\"",
                               P->header[f], b);
        if (code == FA_ROW_SCORE_NOT_FINITE)
            return field_error(P, rec, f, FA_EPARSE, "column \"%s\": \"%s\" is not a finite number",
                               P->header[f], b);
        return field_error(P, rec, f, FA_EDATA,
                           "column \"%s\": score %s is outside the score range [%g, %g] "
                           "(declare the range with --score-range)",
                           P->header[f], b, P->opts->score_min, P->opts->score_max);
    case FA_ROW_WEIGHT_NOT_NUMBER:
    case FA_ROW_WEIGHT_NOT_FINITE:
    case FA_ROW_WEIGHT_NEGATIVE:
        f = P->col_weight;
        shown(rec->fields[f], rec->lengths[f], b);
        if (code == FA_ROW_WEIGHT_NOT_NUMBER)
            return field_error(P, rec, f, FA_EPARSE, "column \"%s\": expected a number, got \"%s\"",
                               P->header[f], b);
        if (code == FA_ROW_WEIGHT_NOT_FINITE)
            return field_error(P, rec, f, FA_EPARSE, "column \"%s\": \"%s\" is not a finite number",
                               P->header[f], b);
        return field_error(P, rec, f, FA_EDATA, "column \"%s\": weight %s is negative",
                           P->header[f], b);
    case FA_ROW_USED:
    case FA_ROW_SKIP_LABEL:
    case FA_ROW_SKIP_SCORE:
        break;
    }
    FA_FAIL(P->err, FA_ERROR, "internal error: row code %d", (int)code);
}

void fa_audit__progress(const pass_state *P, uint64_t before)
{
    uint64_t mark;

    if (P->opts->log == NULL)
        return;
    for (mark = (before / FA_AUDIT_PROGRESS_ROWS + 1) * FA_AUDIT_PROGRESS_ROWS;
         mark <= P->rows_read; mark += FA_AUDIT_PROGRESS_ROWS) {
        char msg[96];
        snprintf(msg, sizeof msg, "audit: %llu rows read", (unsigned long long)mark);
        P->opts->log(FA_LOG_INFO, msg, P->opts->log_payload);
    }
}

fa_status fa_audit__process_record(pass_state *P, const fa_csv_record *rec)
{
    const char *s[FA_N_SLOTS];
    size_t n[FA_N_SLOTS], a;
    fa_row_vals v;
    fa_row_code code;
    char b[64];

    P->rows_read++;
    if (rec->n_fields != P->n_header) {
        size_t at = rec->n_fields < P->n_header ? rec->n_fields : P->n_header;
        return field_error(P, rec, at, FA_ESCHEMA, "record has %zu field%s, expected %zu",
                           rec->n_fields, rec->n_fields == 1 ? "" : "s", P->n_header);
    }
    s[FA_SLOT_LABEL] = rec->fields[P->col_label];
    n[FA_SLOT_LABEL] = rec->lengths[P->col_label];
    s[FA_SLOT_SCORE] = rec->fields[P->col_score];
    n[FA_SLOT_SCORE] = rec->lengths[P->col_score];
    s[FA_SLOT_DECISION] = P->col_decision != FA_NO_COL ? rec->fields[P->col_decision] : NULL;
    n[FA_SLOT_DECISION] = P->col_decision != FA_NO_COL ? rec->lengths[P->col_decision] : 0;
    s[FA_SLOT_WEIGHT] = P->col_weight != FA_NO_COL ? rec->fields[P->col_weight] : NULL;
    n[FA_SLOT_WEIGHT] = P->col_weight != FA_NO_COL ? rec->lengths[P->col_weight] : 0;
    code = fa_audit__check_row(P, s, n, &v);
    if (code == FA_ROW_SKIP_LABEL) {
        P->skipped_label++;
        return FA_OK;
    }
    if (code == FA_ROW_SKIP_SCORE) {
        P->skipped_score++;
        return FA_OK;
    }
    if (code != FA_ROW_USED)
        return row_error(P, rec, code);
    if (P->opts->thresholds != NULL) {
        /* per-group rules: the decision of data row i (0-based, counted over the whole file;
         * this path alone runs when thresholds are set, see audit_pass.c) */
        const fa_thresholds *th = P->opts->thresholds;
        const char *vals[FA_AUDIT_MAX_TH_COLUMNS];
        size_t lens[FA_AUDIT_MAX_TH_COLUMNS], c, g;
        for (c = 0; c < fa_thresholds_n_columns(th); c++) {
            vals[c] = rec->fields[P->col_th[c]];
            lens[c] = rec->lengths[P->col_th[c]];
        }
        if (fa_thresholds_find_group(th, vals, lens, &g, NULL) != FA_OK)
            return field_error(P, rec, P->col_th[0], FA_EDATA,
                               "column \"%s\": \"%s\"%s has no rule in the thresholds",
                               P->header[P->col_th[0]], shown(vals[0], lens[0], b),
                               fa_thresholds_n_columns(th) > 1 ? " (with the other columns)"
                                                               : "");
        v.decision = fa_thresholds_decide(th, g, v.score, P->rows_read - 1);
    }
    /* protected values -> finest cell */
    for (a = 0; a < P->n_prot; a++) {
        size_t f = P->col_prot[a], at;
        fa_text_problem tp;

        /* group names go into audit.json: NUL-free UTF-8 of bounded length only
         * (docs/hostile-inputs.md) */
        if (rec->lengths[f] > FA_MAX_VALUE_BYTES)
            return field_error(P, rec, f, FA_EDATA,
                               "column \"%s\": a value of %zu bytes (\"%s\"...) is longer "
                               "than the %d bytes a group name may have",
                               P->header[f], rec->lengths[f], shown(rec->fields[f], 40, b),
                               FA_MAX_VALUE_BYTES);
        tp = fa_text_check(rec->fields[f], rec->lengths[f], &at);
        if (tp != FA_TEXT_OK) {
            char why[160];
            fa_text_describe(why, sizeof why, tp, rec->fields[f], at);
            return field_error(P, rec, f, FA_EPARSE, "column \"%s\": value %s", P->header[f],
                               why);
        }
        if (!fa_gindex_value(&P->gi, a, rec->fields[f], rec->lengths[f], &P->ids[a]))
            FA_FAIL(P->err, FA_ENOMEM, "out of memory (protected values)");
    }
    FA_TRY(fa_audit__add(P, rec, v.score, v.label, v.decision, v.weight));
    P->rows_used++;
    return FA_OK;
}

fa_status fa_audit__add(pass_state *P, const fa_csv_record *rec, double score, int label,
                        int decision, double weight)
{
    uint32_t cell;
    bool added;

    if (!fa_gindex_cell(&P->gi, P->ids, &cell, &added))
        FA_FAIL(P->err, FA_ENOMEM, "out of memory (groups)");
    if (added) {
        uint32_t acell;
        if (P->gi.n_cells > P->opts->max_groups) {
            if (rec != NULL)
                return field_error(P, rec, P->col_prot[0], FA_EDATA,
                                   "more than %zu distinct combinations of protected values "
                                   "(raise --max-groups if the columns really are protected "
                                   "attributes)",
                                   P->opts->max_groups);
            fa_error_clear(P->err);
            fa_error_set_loc(P->err, P->path, 0, 0, 0, NULL);
            FA_FAIL(P->err, FA_EDATA,
                    "more than %zu distinct combinations of protected values (raise "
                    "--max-groups if the columns really are protected attributes)",
                    P->opts->max_groups);
        }
        FA_TRY(fa_acc_add_cell(P->acc, &acell, P->err));
    }
    if (P->part != NULL)
        return fa_acc_part_add_row(P->part, cell, score, label, decision, weight, P->err);
    return fa_acc_add_row(P->acc, cell, score, label, decision, weight, P->err);
}

/* ---- options ------------------------------------------------------------------------------- */

fa_status fa_audit__check_options(const fa_audit_options *o, fa_error *err)
{
    size_t i, j;

    if (o == NULL || o->version != FA_AUDIT_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "audit options: missing or unknown version");
    if (o->label_column == NULL || o->score_column == NULL)
        FA_FAIL(err, FA_EINVAL, "audit options: the label and score columns are required");
    if (o->n_protected == 0 || o->protected_columns == NULL)
        FA_FAIL(err, FA_EINVAL, "audit options: at least one protected column is required");
    if (o->n_protected > FA_AUDIT_MAX_PROTECTED)
        FA_FAIL(err, FA_EINVAL, "at most %d protected columns", FA_AUDIT_MAX_PROTECTED);
    if (o->intersections && o->n_protected > FA_AUDIT_MAX_INTERSECTED)
        FA_FAIL(err, FA_EINVAL, "intersections of at most %d protected columns",
                FA_AUDIT_MAX_INTERSECTED);
    for (i = 0; i < o->n_protected; i++) {
        if (o->protected_columns[i] == NULL || o->protected_columns[i][0] == '\0')
            FA_FAIL(err, FA_EINVAL, "empty protected column name");
        for (j = 0; j < i; j++)
            if (strcmp(o->protected_columns[i], o->protected_columns[j]) == 0)
                FA_FAIL(err, FA_EINVAL, "protected column \"%s\" is listed twice",
                        o->protected_columns[i]);
    }
    if (o->favorable != 0 && o->favorable != 1)
        FA_FAIL(err, FA_EINVAL, "the favourable value must be 0 or 1, got %d", o->favorable);
    if (!(isfinite(o->score_min) && isfinite(o->score_max) && o->score_min < o->score_max) ||
        !isfinite(o->score_max - o->score_min))
        FA_FAIL(err, FA_EINVAL, "invalid score range [%g, %g]", o->score_min, o->score_max);
    if (o->decision_column != NULL && o->thresholds != NULL)
        FA_FAIL(err, FA_EINVAL, "a decision column and per-group thresholds exclude each other");
    if (o->thresholds != NULL && (fa_thresholds_n_columns(o->thresholds) == 0 ||
                                  fa_thresholds_n_columns(o->thresholds) > FA_AUDIT_MAX_TH_COLUMNS))
        FA_FAIL(err, FA_EINVAL, "the thresholds must be defined on 1 to %d columns",
                FA_AUDIT_MAX_TH_COLUMNS);
    if (o->decision_column == NULL && o->thresholds == NULL &&
        !(o->threshold >= o->score_min && o->threshold <= o->score_max))
        FA_FAIL(err, FA_EINVAL, "threshold %g is outside the score range [%g, %g]", o->threshold,
                o->score_min, o->score_max);
    if (o->calibration_bins < 1 || o->calibration_bins > FA_AUDIT_MAX_CAL_BINS)
        FA_FAIL(err, FA_EINVAL, "calibration bins must be within 1..%u", FA_AUDIT_MAX_CAL_BINS);
    if (!(o->ci_level > 0.0 && o->ci_level < 1.0))
        FA_FAIL(err, FA_EINVAL, "the confidence level must be within (0, 1), got %g",
                o->ci_level);
    if (o->max_groups < 1)
        FA_FAIL(err, FA_EINVAL, "max groups must be at least 1");
    if (o->label_values != NULL &&
        (o->label_values[0] == NULL || o->label_values[1] == NULL ||
         strcmp(o->label_values[0], o->label_values[1]) == 0))
        FA_FAIL(err, FA_EINVAL, "label values must be two different strings");
    for (i = 0; i < o->n_reference; i++) {
        const char *r = o->reference[i], *eq = r ? strchr(r, '=') : NULL;
        bool known = false;
        if (eq == NULL || eq == r)
            FA_FAIL(err, FA_EINVAL, "reference \"%s\" is not COLUMN=VALUE", r ? r : "");
        for (j = 0; j < o->n_protected; j++)
            if (strlen(o->protected_columns[j]) == (size_t)(eq - r) &&
                memcmp(o->protected_columns[j], r, (size_t)(eq - r)) == 0)
                known = true;
        if (!known)
            FA_FAIL(err, FA_EINVAL, "reference \"%s\": \"%.*s\" is not a protected column", r,
                    (int)(eq - r), r);
        for (j = 0; j < i; j++) {
            const char *q = o->reference[j], *qe = strchr(q, '=');
            if (qe - q == eq - r && memcmp(q, r, (size_t)(eq - r)) == 0)
                FA_FAIL(err, FA_EINVAL, "reference for column \"%.*s\" is given twice",
                        (int)(eq - r), r);
        }
    }
    return FA_OK;
}

static size_t find_col(const pass_state *P, const char *name)
{
    size_t i;

    for (i = 0; i < P->n_header; i++)
        if (strcmp(P->header[i], name) == 0)
            return i;
    return FA_NO_COL;
}

static fa_status need_col(pass_state *P, const char *name, const char *what, size_t *out)
{
    fa_buf cols = FA_BUF_INIT;
    size_t i;

    *out = find_col(P, name);
    if (*out != FA_NO_COL)
        return FA_OK;
    for (i = 0; i < P->n_header && cols.len < 200; i++)
        fa_buf_printf(&cols, "%s%s", i ? ", " : "", P->header[i]);
    if (i < P->n_header)
        fa_buf_puts(&cols, ", ...");
    fa_error_clear(P->err);
    fa_error_set_loc(P->err, fa_csv__path(P->reader), 1, 1, 0, NULL);
    fa_error_set(P->err, FA_ESCHEMA, "no %s column \"%s\" in the header (columns: %s)", what, name,
                 cols.ptr ? cols.ptr : "");
    fa_buf_dispose(&cols);
    return FA_ESCHEMA;
}

void fa_audit__pass_dispose(pass_state *P)
{
    fa_csv_close(P->reader);
    fa_acc_free(P->acc);
    fa_gindex_dispose(&P->gi);
    fa_free(P->col_prot);
    fa_free(P->ids);
    P->reader = NULL;
    P->acc = NULL;
    P->col_prot = NULL;
    P->ids = NULL;
}

fa_status fa_audit__collect(pass_state *P, const char *path, const fa_audit_options *opts,
                            const fa_audit_split *split, fa_error *err)
{
    fa_csv_options co = FA_CSV_OPTIONS_INIT;
    fa_acc_config cfg;
    fa_status rc;
    size_t i;

    memset(P, 0, sizeof *P);
    FA_TRY(fa_audit__check_options(opts, err));
    P->opts = opts;
    P->err = err;
    P->split = split;
    P->col_decision = P->col_weight = FA_NO_COL;
    if (opts->label_values != NULL) {
        P->label_values[0] = opts->label_values[0];
        P->label_values[1] = opts->label_values[1];
        P->label_len[0] = strlen(opts->label_values[0]);
        P->label_len[1] = strlen(opts->label_values[1]);
    }
    co.delimiter = opts->delimiter ? opts->delimiter : ',';
    FA_TRY(fa_csv__open(&P->reader, path, &co, opts->fingerprint != 0 && split == NULL, err));
    P->path = fa_csv__path(P->reader);
    P->header = fa_csv_header(P->reader, &P->n_header);
    P->n_prot = opts->n_protected;
    P->col_prot = fa_calloc(P->n_prot, sizeof *P->col_prot);
    P->ids = fa_calloc(P->n_prot, sizeof *P->ids);
    if (P->col_prot == NULL || P->ids == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    if ((rc = need_col(P, opts->label_column, "label", &P->col_label)) != FA_OK ||
        (rc = need_col(P, opts->score_column, "score", &P->col_score)) != FA_OK ||
        (opts->decision_column != NULL &&
         (rc = need_col(P, opts->decision_column, "decision", &P->col_decision)) != FA_OK) ||
        (opts->weight_column != NULL &&
         (rc = need_col(P, opts->weight_column, "weight", &P->col_weight)) != FA_OK))
        return rc;
    for (i = 0; i < P->n_prot; i++)
        FA_TRY(need_col(P, opts->protected_columns[i], "protected", &P->col_prot[i]));
    for (i = 0; opts->thresholds != NULL && i < fa_thresholds_n_columns(opts->thresholds); i++)
        FA_TRY(need_col(P, fa_thresholds_column(opts->thresholds, i), "thresholds",
                        &P->col_th[i]));
    FA_TRY(fa_gindex_init(&P->gi, P->n_prot, opts->missing_values, opts->n_missing_values, err));
    fa_acc_config_init(&cfg, opts->score_min, opts->score_max);
    cfg.n_cal = opts->calibration_bins;
    cfg.weighted = opts->weight_column != NULL;
    FA_TRY(fa_acc_new(&P->acc, &cfg, err));
    FA_TRY(fa_audit__stream(P, opts->threads));
    fa_acc_flush(P->acc);
    if (opts->fingerprint && split == NULL)
        fa_csv__fingerprint(P->reader, P->fingerprint);
    return FA_OK;
}

fa_status fa_audit__no_rows(const pass_state *P, fa_error *err)
{
    fa_error_clear(err);
    fa_error_set_loc(err, P->path, 0, 0, 0, NULL);
    return fa_error_set(err, FA_EDATA, "no rows to audit (%llu read, %llu skipped)",
                        (unsigned long long)P->rows_read,
                        (unsigned long long)(P->skipped_label + P->skipped_score));
}

fa_status fa_audit_run(const char *path, const fa_audit_options *opts, fa_audit_result **out,
                       fa_error *err)
{
    pass_state P;
    fa_status rc;

    if (out == NULL || path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_run: NULL argument");
    *out = NULL;
    rc = fa_audit__collect(&P, path, opts, NULL, err);
    if (rc == FA_OK && P.rows_used == 0)
        rc = fa_audit__no_rows(&P, err);
    if (rc == FA_OK)
        rc = fa_audit__build(&P, out, err);
    fa_audit__pass_dispose(&P);
    return rc;
}
