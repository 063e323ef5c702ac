/*
 * predictions.c — the predictions CSV written by `fairaudit predict`
 * (docs/format/predictions.md): score, decision, label, protected columns.
 * Scores are printed as the shortest text that reads back to the same
 * double, so an audit of the file sees exactly the scores the model gave.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "model/model_internal.h"

/* Writes s as one CSV field, quoted (with doubled quotes) when needed. */
static void put_field(fa_buf *b, const char *s)
{
    const char *p;

    if (strpbrk(s, ",\"\r\n") == NULL) {
        fa_buf_puts(b, s);
        return;
    }
    fa_buf_putc(b, '"');
    for (p = s; *p; p++) {
        if (*p == '"')
            fa_buf_putc(b, '"');
        fa_buf_putc(b, *p);
    }
    fa_buf_putc(b, '"');
}

/* Flushes the buffer to the file when it is large; false on write error. */
static bool flush(fa_buf *b, FILE *fp, bool force)
{
    if (b->len == 0 || (!force && b->len < (1u << 16)))
        return true;
    if (fwrite(b->ptr, 1, b->len, fp) != b->len)
        return false;
    fa_buf_clear(b);
    return true;
}

fa_status fa_model_write_predictions(
    const fa_model *m, const fa_table *t, const double *proba, const char *path, fa_error *err)
{
    return fa_model_write_predictions_decided(m, t, proba, NULL, path, err);
}

fa_status fa_model_write_predictions_decided(const fa_model *m, const fa_table *t,
                                             const double *proba, const uint8_t *decisions,
                                             const char *path, fa_error *err)
{
    const fa_spec *spec;
    const uint8_t *labels;
    size_t n, n_cols, i, c, n_prot = 0;
    size_t *prot = NULL;
    fa_buf b = FA_BUF_INIT;
    fa_outfile f;
    fa_status rc;
    char num[40];

    FA_CHECK_ARG(err, m != NULL && t != NULL && path != NULL);
    spec = fa_table_spec(t);
    n = fa_table_n_rows(t);
    n_cols = fa_spec_n_columns(spec);
    labels = fa_table_labels(t);
    FA_CHECK_ARG(err, proba != NULL || n == 0);
    prot = fa_malloc((n_cols ? n_cols : 1) * sizeof *prot);
    FA_CHECK_ALLOC(err, prot);
    for (c = 0; c < n_cols; c++)
        if (fa_spec_column_role(spec, c) == FA_ROLE_PROTECTED)
            prot[n_prot++] = c;
    rc = fa_outfile_open(&f, path, err);
    if (rc != FA_OK) {
        fa_free(prot);
        return rc;
    }
    fa_buf_puts(&b, "score,decision,");
    put_field(&b, fa_spec_column_name(spec, fa_spec_label_column(spec)));
    for (c = 0; c < n_prot; c++) {
        fa_buf_putc(&b, ',');
        put_field(&b, fa_spec_column_name(spec, prot[c]));
    }
    fa_buf_putc(&b, '\n');
    for (i = 0; i < n && !b.oom; i++) {
        fa_format_double(num, sizeof num, proba[i]);
        fa_buf_puts(&b, num);
        if (decisions != NULL)
            fa_buf_puts(&b, decisions[i] ? ",1," : ",0,");
        else
            fa_buf_puts(&b, proba[i] >= m->threshold ? ",1," : ",0,");
        fa_buf_putc(&b, labels[i] ? '1' : '0');
        for (c = 0; c < n_prot; c++) {
            int32_t code = fa_table_codes(t, prot[c])[i];
            fa_buf_putc(&b, ',');
            if (code >= 0)
                put_field(&b, fa_table_level(t, prot[c], (size_t)code));
        }
        fa_buf_putc(&b, '\n');
        if (!flush(&b, f.fp, false))
            break;
    }
    if (b.oom) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory writing '%s'", path);
    } else if (i < n || !flush(&b, f.fp, true)) {
        int e = errno ? errno : EIO; /* ENOSPC, EFBIG, EIO: say which */
        rc = fa_error_set_errno(err, e, "cannot write '%s'", path);
    } else {
        rc = fa_outfile_commit(&f, err);
    }
    if (rc != FA_OK)
        fa_outfile_abort(&f);
    fa_buf_dispose(&b);
    fa_free(prot);
    return rc;
}
