/*
 * thresholds_input.c — the rows a thresholds fit works on: from a
 * predictions CSV (streamed through lib/data's reader, located errors) or
 * from a table and its scores. Groups are the distinct combinations of the
 * protected columns' values, numbered in byte order of their values.
 */
#include <stdlib.h>
#include <string.h>

#include "data/csv_internal.h"
#include "data/strdict.h"
#include "mitigate/mitigate_internal.h"
#include "mitigate/thresholds_internal.h"

/* Separates the columns' values in a group key; a protected value holding
 * this byte (ASCII unit separator) or NUL is rejected as an input error. */
#define KEY_SEP '\x1f'

typedef struct rows {
    double *scores, *weights;
    uint8_t *labels;
    size_t *groups;
    size_t n, cap;
} rows;

static void rows_dispose(rows *r)
{
    fa_free(r->scores);
    fa_free(r->weights);
    fa_free(r->labels);
    fa_free(r->groups);
}

static bool rows_push(rows *r, double s, uint8_t y, double w, size_t g)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        double *a = fa_reallocarray(r->scores, cap, sizeof *a);
        if (a == NULL)
            return false;
        r->scores = a;
        a = fa_reallocarray(r->weights, cap, sizeof *a);
        if (a == NULL)
            return false;
        r->weights = a;
        {
            uint8_t *b = fa_reallocarray(r->labels, cap, 1);
            size_t *c;
            if (b == NULL)
                return false;
            r->labels = b;
            c = fa_reallocarray(r->groups, cap, sizeof *c);
            if (c == NULL)
                return false;
            r->groups = c;
        }
        r->cap = cap;
    }
    r->scores[r->n] = s;
    r->labels[r->n] = y;
    r->weights[r->n] = w;
    r->groups[r->n++] = g;
    return true;
}

static bool is_missing(const char *s, size_t len)
{
    while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len == 0 || (len == 2 && memcmp(s, "NA", 2) == 0);
}

static int parse_label(const fa_thresholds_options *o, const char *s, size_t len)
{
    double v;

    if (o->label_values != NULL) {
        if (strlen(o->label_values[0]) == len && memcmp(s, o->label_values[0], len) == 0)
            return 0;
        if (strlen(o->label_values[1]) == len && memcmp(s, o->label_values[1], len) == 0)
            return 1;
        return -1;
    }
    if (!fa_parse_double(s, len, &v))
        return -1;
    return v == 0.0 ? 0 : v == 1.0 ? 1 : -1;
}

typedef struct sorted_groups {
    size_t n;
    size_t *rank;        /* dictionary index -> sorted group */
    const char **values; /* n x n_cols, pointing into split keys */
    char **keys;         /* copies of the keys, split in place at KEY_SEP */
} sorted_groups;

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sorted_dispose(sorted_groups *s)
{
    size_t i;

    for (i = 0; s->keys != NULL && i < s->n; i++)
        fa_free(s->keys[i]);
    fa_free(s->keys);
    fa_free(s->rank);
    fa_free((void *)s->values);
}

/* Sorts the groups by their keys (KEY_SEP sorts below every printable byte, so this is the
 * column-by-column order) and splits each key into its column values. */
static fa_status sort_groups(const fa_strdict *d, size_t n_cols, sorted_groups *s, fa_error *err)
{
    size_t n = fa_strdict_count(d), i, c;
    const char **order;

    memset(s, 0, sizeof *s);
    s->n = n;
    s->keys = fa_calloc(n ? n : 1, sizeof *s->keys);
    s->rank = fa_calloc(n ? n : 1, sizeof *s->rank);
    s->values = fa_calloc(n * n_cols + 1, sizeof *s->values);
    order = fa_calloc(n ? n : 1, sizeof *order);
    if (s->keys == NULL || s->rank == NULL || s->values == NULL || order == NULL) {
        fa_free((void *)order);
        sorted_dispose(s); /* leaked on out of memory before (found by unit_fault) */
        memset(s, 0, sizeof *s);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++)
        order[i] = fa_strdict_key(d, i);
    qsort(order, n, sizeof *order, cmp_key);
    for (i = 0; i < n; i++) {
        char *k = fa_strdup(order[i]), *p;
        int64_t idx = fa_strdict_find(d, order[i], strlen(order[i]));
        if (k == NULL) {
            fa_free((void *)order);
            sorted_dispose(s);
            memset(s, 0, sizeof *s);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
        s->keys[i] = k;
        s->rank[idx] = i;
        for (c = 0, p = k; c < n_cols; c++) {
            char *sep = strchr(p, KEY_SEP);
            s->values[i * n_cols + c] = p;
            if (sep != NULL) {
                *sep = '\0';
                p = sep + 1;
            }
        }
    }
    fa_free((void *)order);
    return FA_OK;
}

static fa_status fit_rows(fa_thresholds **out,
                          rows *r,
                          const fa_strdict *d,
                          const char *const *cols,
                          size_t n_cols,
                          const fa_thresholds_options *o,
                          fa_error *err)
{
    sorted_groups sg;
    size_t i;
    fa_status rc;

    if (fa_strdict_count(d) == 0)
        FA_FAIL(err, FA_EDATA, "no rows with a label, a score and known protected values");
    FA_TRY(sort_groups(d, n_cols, &sg, err));
    for (i = 0; i < r->n; i++)
        r->groups[i] = sg.rank[r->groups[i]];
    rc = fa_thresholds_fit(out, r->scores, r->labels, r->weights, r->groups, r->n, sg.values, sg.n,
                           cols, n_cols, o, err);
    sorted_dispose(&sg);
    return rc;
}

static fa_status need_col(const char *const *header,
                          size_t n,
                          const char *name,
                          const char *what,
                          const char *path,
                          size_t *out,
                          fa_error *err)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0) {
            *out = i;
            return FA_OK;
        }
    fa_error_clear(err);
    fa_error_set_loc(err, path, 1, 1, 0, NULL);
    FA_FAIL(err, FA_ESCHEMA, "no %s column \"%s\" in the header", what, name);
}

fa_status fa_thresholds_fit_file(fa_thresholds **out,
                                 const char *path,
                                 const fa_thresholds_options *o,
                                 fa_error *err)
{
    fa_csv_options co = FA_CSV_OPTIONS_INIT;
    fa_csv_reader *rd = NULL;
    const char *const *header;
    size_t n_header, c_label, c_score, c_weight = SIZE_MAX, c_prot[FA_TH_MAX_COLUMNS], c;
    fa_strdict groups = FA_STRDICT_INIT;
    fa_buf key = FA_BUF_INIT;
    rows r;
    uint64_t skipped = 0;
    char fp[65];
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL && o != NULL);
    *out = NULL;
    if (o->label_column == NULL || o->score_column == NULL || o->protected_columns == NULL ||
        o->n_protected == 0)
        FA_FAIL(err, FA_EINVAL, "the label, score and protected columns are required");
    if (o->n_protected > FA_TH_MAX_COLUMNS)
        FA_FAIL(err, FA_EINVAL, "at most %d protected columns", FA_TH_MAX_COLUMNS);
    memset(&r, 0, sizeof r);
    co.delimiter = o->delimiter ? o->delimiter : ',';
    FA_TRY(fa_csv__open(&rd, path, &co, true, err));
    header = fa_csv_header(rd, &n_header);
    rc = need_col(header, n_header, o->label_column, "label", fa_csv__path(rd), &c_label, err);
    if (rc == FA_OK)
        rc = need_col(header, n_header, o->score_column, "score", fa_csv__path(rd), &c_score, err);
    if (rc == FA_OK && o->weight_column != NULL)
        rc = need_col(header, n_header, o->weight_column, "weight", fa_csv__path(rd), &c_weight,
                      err);
    for (c = 0; c < o->n_protected && rc == FA_OK; c++)
        rc = need_col(header, n_header, o->protected_columns[c], "protected", fa_csv__path(rd),
                      &c_prot[c], err);
    while (rc == FA_OK) {
        const fa_csv_record *rec;
        double score, w = 1.0;
        int y;
        size_t g;
        bool missing = false;

        rc = fa_csv_next(rd, &rec, err);
        if (rc != FA_OK || rec == NULL)
            break;
        if (rec->n_fields != n_header) {
            fa_error_clear(err);
            fa_error_set_loc(err, fa_csv__path(rd), rec->record, rec->line, 1, NULL);
            rc = fa_error_set(err, FA_ESCHEMA, "record has %zu fields, expected %zu", rec->n_fields,
                              n_header);
            break;
        }
        if (is_missing(rec->fields[c_label], rec->lengths[c_label]) ||
            is_missing(rec->fields[c_score], rec->lengths[c_score])) {
            skipped++;
            continue;
        }
        y = parse_label(o, rec->fields[c_label], rec->lengths[c_label]);
        if (y < 0 || !fa_parse_double(rec->fields[c_score], rec->lengths[c_score], &score) ||
            !isfinite(score) ||
            (c_weight != SIZE_MAX &&
             (!fa_parse_double(rec->fields[c_weight], rec->lengths[c_weight], &w) || !(w >= 0.0) ||
              !isfinite(w)))) {
            size_t f = y < 0 ? c_label : (c_weight != SIZE_MAX && !(w >= 0.0)) ? c_weight : c_score;
            fa_error_clear(err);
            fa_error_set_loc(err, fa_csv__path(rd), rec->record, rec->line, (uint32_t)(f + 1),
                             header[f]);
            rc = fa_error_set(
                err, y < 0 ? FA_EDATA : FA_EPARSE, "column \"%s\": %s, got \"%.40s\"", header[f],
                y < 0 ? (o->label_values ? "expected one of the label values" : "expected 0 or 1")
                      : "expected a finite number (a weight >= 0)",
                rec->fields[f]);
            break;
        }
        fa_buf_clear(&key);
        for (c = 0; c < o->n_protected; c++) {
            const char *v = rec->fields[c_prot[c]];
            size_t len = rec->lengths[c_prot[c]];
            if (is_missing(v, len)) {
                missing = true;
                break;
            }
            if (memchr(v, KEY_SEP, len) != NULL || memchr(v, 0, len) != NULL) {
                fa_error_clear(err);
                fa_error_set_loc(err, fa_csv__path(rd), rec->record, rec->line,
                                 (uint32_t)(c_prot[c] + 1), header[c_prot[c]]);
                rc = fa_error_set(err, FA_EDATA,
                                  "column \"%s\": a control character (NUL or "
                                  "0x1F) in a protected value",
                                  header[c_prot[c]]);
                break;
            }
            if (c > 0)
                fa_buf_putc(&key, KEY_SEP);
            fa_buf_put(&key, v, len);
        }
        if (rc != FA_OK)
            break;
        if (missing) {
            skipped++;
            continue;
        }
        if (key.oom || !fa_strdict_intern(&groups, key.ptr, key.len, &g, NULL) ||
            !rows_push(&r, score, (uint8_t)y, w, g)) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory reading '%s'", path);
            break;
        }
    }
    if (rc == FA_OK) {
        fa_csv__fingerprint(rd, fp);
        rc = fit_rows(out, &r, &groups, o->protected_columns, o->n_protected, o, err);
    }
    if (rc == FA_OK) {
        (*out)->rows_skipped = skipped;
        (*out)->source = fa_strdup(path);
        (*out)->fingerprint = fp[0] ? fa_strdup(fp) : NULL;
        if ((*out)->source == NULL || (fp[0] && (*out)->fingerprint == NULL)) {
            fa_thresholds_free(*out);
            *out = NULL;
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
    }
    fa_csv_close(rd);
    fa_strdict_dispose(&groups);
    fa_buf_dispose(&key);
    rows_dispose(&r);
    return rc;
}

fa_status fa_thresholds_fit_table(fa_thresholds **out,
                                  const fa_table *t,
                                  const double *scores,
                                  const fa_thresholds_options *o,
                                  fa_error *err)
{
    fa_groups g;
    size_t *groups = NULL, i;
    const double *tw;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && t != NULL && o != NULL &&
                          (scores != NULL || fa_table_n_rows(t) == 0));
    *out = NULL;
    FA_TRY(fa_groups_build(&g, t, o->protected_columns, o->n_protected, err));
    groups = fa_malloc((g.n_rows ? g.n_rows : 1) * sizeof *groups);
    if (groups == NULL) {
        fa_groups_dispose(&g);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; i < g.n_rows; i++)
        groups[i] = g.row_group[i] >= 0 ? (size_t)g.row_group[i] : SIZE_MAX;
    tw = fa_table_weights(t);
    rc = fa_thresholds_fit(out, scores, fa_table_labels(t), tw, groups, g.n_rows, g.values,
                           g.n_groups, g.col_names, g.n_cols, o, err);
    if (rc == FA_OK) {
        /* The rows come from the table's data file (the scores from a model). */
        const char *path = fa_table_path(t), *fp = fa_table_fingerprint(t);
        (*out)->rows_skipped = g.n_unknown;
        (*out)->source = path != NULL ? fa_strdup(path) : NULL;
        (*out)->fingerprint = fp != NULL ? fa_strdup(fp) : NULL;
        if ((path != NULL && (*out)->source == NULL) ||
            (fp != NULL && (*out)->fingerprint == NULL)) {
            fa_thresholds_free(*out);
            *out = NULL;
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
    }
    fa_free(groups);
    fa_groups_dispose(&g);
    return rc;
}
