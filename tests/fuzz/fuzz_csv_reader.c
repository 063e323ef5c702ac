/*
 * fuzz_csv_reader.c — the streaming CSV reader (fa_csv_open / fa_csv_next).
 *
 * Input: byte 0 picks the options (delimiter, quote, header, trim, comment,
 * empty lines), the rest is the file. Properties checked beyond "no crash":
 * every field is NUL-terminated at its length; record numbers count up by
 * one and start lines strictly increase; bytes read never exceed the input;
 * end of input is sticky; a failure is a located input error (never
 * FA_ENOMEM, FA_ERROR or FA_EIO on a readable file) and is sticky too.
 */
#include <string.h>

#include "fuzz_common.h"

static void options_from(uint8_t b, fa_csv_options *o)
{
    static const char delims[] = {',', ';', '\t', ' ', '|', ',', ',', ':'};
    static const char comments[] = {0, '#', '|', 0};

    fa_csv_options_init(o);
    o->delimiter = delims[b & 7];
    o->quote = (b & 8) ? '\'' : '"';
    o->has_header = !(b & 16);
    o->trim = (b & 32) != 0;
    o->comment = comments[(b >> 6) & 3];
    if (o->comment == o->delimiter)
        o->comment = 0;
    o->skip_empty_lines = (b & 1) == 0 || o->delimiter != ',';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_csv_options o;
    fa_csv_reader *r = NULL;
    const fa_csv_record *rec = NULL;
    fa_error err;
    fa_status rc;
    uint64_t last_record = 0, last_line = 0;
    size_t i, n_header = 0;
    const char *path;

    if (size < 1)
        return 0;
    options_from(data[0], &o);
    path = fz_input_path(data + 1, size - 1);
    fa_error_clear(&err);
    rc = fa_csv_open(&r, path, &o, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(r == NULL, "%s", "reader returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_EDATA || rc == FA_ESCHEMA, "open failed with %s: %s",
                 fa_status_str(rc), err.message);
        return 0;
    }
    if (o.has_header) {
        const char *const *h = fa_csv_header(r, &n_header);
        fz_check(h != NULL && n_header > 0, "%s", "no header after a successful open");
        last_record = 1;
    }
    for (;;) {
        rc = fa_csv_next(r, &rec, &err);
        if (rc != FA_OK) {
            fa_error again;
            const fa_csv_record *rec2 = NULL;

            fz_check_error(rc, &err);
            fz_check(rc == FA_EPARSE, "next failed with %s: %s", fa_status_str(rc), err.message);
            fz_check(err.loc.line > 0, "unlocated error: %s", err.message);
            fz_check(fa_csv_next(r, &rec2, &again) == rc && rec2 == NULL, "%s",
                     "error is not sticky");
            break;
        }
        if (rec == NULL) {
            const fa_csv_record *rec2 = (const fa_csv_record *)1;
            fz_check(fa_csv_next(r, &rec2, &err) == FA_OK && rec2 == NULL, "%s",
                     "end of input is not sticky");
            break;
        }
        fz_check(rec->record == last_record + 1, "record %llu after %llu",
                 (unsigned long long)rec->record, (unsigned long long)last_record);
        fz_check(rec->line > last_line, "record starts on line %llu after line %llu",
                 (unsigned long long)rec->line, (unsigned long long)last_line);
        last_record = rec->record;
        last_line = rec->line;
        for (i = 0; i < rec->n_fields; i++) {
            fz_check(rec->fields[i][rec->lengths[i]] == '\0', "field %zu not terminated", i);
            fz_check(rec->lengths[i] <= size, "field %zu longer than the input", i);
        }
    }
    fz_check(fa_csv_bytes_read(r) <= size - 1, "read %llu bytes of %zu",
             (unsigned long long)fa_csv_bytes_read(r), size - 1);
    fa_csv_close(r);
    return 0;
}
