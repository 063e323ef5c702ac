/*
 * credit_csv.c — writes the synthetic credit data as CSV, to a file
 * (atomically), to standard output or into memory.
 *
 * Rows are formatted with gen/fixfmt.h into a 1 MiB chunk that is flushed to
 * the sink when nearly full, so the cost per row is the draws plus a few
 * hundred bytes of copying; no printf per field. Every value is written from
 * the scaled integer the model rounded it to, so the text is exactly the
 * value the truth was computed from.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "common/internal.h"
#include "gen/credit_model.h"
#include "gen/fixfmt.h"

#define CHUNK_BYTES ((size_t)1 << 20)
/* Longest record: 10 numbers of up to FA_FIXFMT_MAX, names, separators. */
#define ROW_MAX 512u
/* Progress is logged at every tenth of the output when there are at least
 * this many rows; smaller outputs are quick and stay silent. */
#define PROGRESS_MIN_ROWS 200000u
#define PROGRESS_STEPS    10u

static const char header[] = "id,income,debt_to_income,credit_history_years,delinquencies,"
                             "utilization,loan_amount,employment_years,age,sex,race,region,default";
static const char header_truth[] = ",true_default_prob,true_default";

/* Where chunks go: a stream or a growable buffer. */
typedef struct sink {
    FILE *fp;
    fa_buf *buf;
    const char *name; /* for messages */
} sink;

static fa_status sink_write(sink *s, const char *data, size_t n, fa_error *err)
{
    if (s->buf != NULL) {
        if (!fa_buf_put(s->buf, data, n))
            FA_FAIL(err, FA_ENOMEM, "out of memory writing the credit data");
        return FA_OK;
    }
    if (n > 0 && fwrite(data, 1, n, s->fp) != n) {
        int e = errno ? errno : EIO;
        return fa_error_set_errno(err, e, "cannot write '%s'", s->name);
    }
    return FA_OK;
}

static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);

    memcpy(p, s, n);
    return p + n;
}

static char *format_row(char *p, const fa_credit_raw *r, uint64_t id, int truth)
{
    p = fa_fixfmt_u64(p, id);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->income, 0);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->dti_e4, FA_CREDIT_DTI_DECIMALS);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->hist_e1, FA_CREDIT_YEARS_DECIMALS);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->delinq, 0);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->util_e4, FA_CREDIT_UTIL_DECIMALS);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->loan, 0);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->emp_e1, FA_CREDIT_YEARS_DECIMALS);
    *p++ = ',';
    p = fa_fixfmt_fixed(p, r->age, 0);
    *p++ = ',';
    p = put_str(p, fa_credit_sex_name((fa_credit_sex)r->sex));
    *p++ = ',';
    p = put_str(p, fa_credit_race_name((fa_credit_race)r->race));
    *p++ = ',';
    p = put_str(p, fa_credit_region_name(r->region));
    *p++ = ',';
    *p++ = r->label ? '1' : '0';
    if (truth) {
        *p++ = ',';
        p = fa_fixfmt_fixed(p, (int64_t)(r->p_true * 1e6 + 0.5), FA_CREDIT_PROB_DECIMALS);
        *p++ = ',';
        *p++ = r->true_label ? '1' : '0';
    }
    *p++ = '\n';
    return p;
}

static void log_progress(const fa_credit_gen_options *opts, uint64_t done)
{
    char msg[128];

    snprintf(msg, sizeof msg, "gen-credit: %llu of %llu rows (%u%%)", (unsigned long long)done,
             (unsigned long long)opts->rows, (unsigned)(done * 100u / opts->rows));
    opts->log(FA_LOG_INFO, msg, opts->log_payload);
}

static fa_status write_all(const fa_credit_gen_options *opts, sink *s, fa_error *err)
{
    char *chunk, *p;
    uint64_t i, next_report, step;
    fa_status rc = FA_OK;
    int progress = opts->log != NULL && opts->rows >= PROGRESS_MIN_ROWS;

    chunk = fa_malloc(CHUNK_BYTES);
    FA_CHECK_ALLOC(err, chunk);
    p = put_str(chunk, header);
    if (opts->truth)
        p = put_str(p, header_truth);
    *p++ = '\n';
    step = opts->rows / PROGRESS_STEPS;
    next_report = step;
    for (i = 0; i < opts->rows; i++) {
        fa_credit_raw raw;

        fa_credit__draw(opts->seed, opts->bias, i, &raw);
        p = format_row(p, &raw, i + 1u, opts->truth);
        if ((size_t)(p - chunk) > CHUNK_BYTES - ROW_MAX) {
            rc = sink_write(s, chunk, (size_t)(p - chunk), err);
            if (rc != FA_OK)
                break;
            p = chunk;
        }
        if (progress && i + 1u == next_report && i + 1u < opts->rows) {
            log_progress(opts, i + 1u);
            next_report += step;
        }
    }
    if (rc == FA_OK)
        rc = sink_write(s, chunk, (size_t)(p - chunk), err);
    fa_free(chunk);
    if (rc == FA_OK && progress)
        log_progress(opts, opts->rows);
    return rc;
}

fa_status fa_credit_gen_write(const fa_credit_gen_options *opts, const char *path, fa_error *err)
{
    fa_outfile f;
    sink s;
    fa_status rc;

    FA_TRY(fa_credit_gen_options_check(opts, err));
    if (path == NULL || path[0] == '\0')
        FA_FAIL(err, FA_EINVAL, "credit generator: no output path");
    memset(&s, 0, sizeof s);
    if (strcmp(path, "-") == 0) {
        s.fp = stdout;
        s.name = "<stdout>";
        FA_TRY(write_all(opts, &s, err));
        if (fflush(stdout) != 0)
            return fa_error_set_errno(err, errno, "cannot write '<stdout>'");
        return FA_OK;
    }
    FA_TRY(fa_outfile_open(&f, path, err));
    s.fp = f.fp;
    s.name = path;
    rc = write_all(opts, &s, err);
    if (rc != FA_OK) {
        fa_outfile_abort(&f);
        return rc;
    }
    return fa_outfile_commit(&f, err);
}

fa_status fa_credit_gen_to_buffer(const fa_credit_gen_options *opts, char **data_out,
                                  size_t *len_out, fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    sink s;
    fa_status rc;

    FA_CHECK_ARG(err, data_out != NULL);
    *data_out = NULL;
    if (len_out != NULL)
        *len_out = 0;
    FA_TRY(fa_credit_gen_options_check(opts, err));
    memset(&s, 0, sizeof s);
    s.buf = &b;
    s.name = "<memory>";
    rc = write_all(opts, &s, err);
    if (rc != FA_OK) {
        fa_buf_dispose(&b);
        return rc;
    }
    *data_out = fa_buf_detach(&b, len_out);
    if (*data_out == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory writing the credit data");
    return FA_OK;
}

void fa_credit_gen_free_buffer(char *data)
{
    fa_free(data);
}
