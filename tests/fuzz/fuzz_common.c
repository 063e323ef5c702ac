/* tests/fuzz/fuzz_common.c — see fuzz_common.h. */
#include "fuzz_common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fz_file {
    int fd;
    char path[64];
} fz_file;

static fz_file files[2] = {{-1, ""}, {-1, ""}};
static char out_dir[512];

void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%d: fuzz property violated: %s: ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static const char *tmp_root(void)
{
    const char *t = getenv("TMPDIR");
    struct stat st;

    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
        return "/dev/shm";
    return t != NULL && t[0] != '\0' ? t : "/tmp";
}

/*
 * The file is created once, unlinked at once (so a crashing run leaves
 * nothing behind) and reached through /proc/self/fd/N. Where /proc is not
 * mounted the named file is kept and removed at exit.
 */
static void remove_named(void)
{
    int i;

    for (i = 0; i < 2; i++)
        if (files[i].path[0] != '\0' && strncmp(files[i].path, "/proc/", 6) != 0)
            (void)unlink(files[i].path);
    if (out_dir[0] != '\0') {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", out_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: cannot remove %s\n", out_dir);
    }
}

static const char *write_to(fz_file *f, const void *data, size_t size)
{
    if (f->fd < 0) {
        char name[512];

        snprintf(name, sizeof name, "%s/fa-fuzz-XXXXXX", tmp_root());
        f->fd = mkstemp(name);
        if (f->fd < 0) {
            perror("fuzz: mkstemp");
            abort();
        }
        snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
        if (access(f->path, R_OK) == 0) {
            (void)unlink(name);
        } else {
            if (strlen(name) >= sizeof f->path) {
                fprintf(stderr, "fuzz: temp path too long\n");
                abort();
            }
            memcpy(f->path, name, strlen(name) + 1);
        }
        atexit(remove_named);
    }
    if (ftruncate(f->fd, 0) != 0 || (size > 0 && pwrite(f->fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz: writing the input file");
        abort();
    }
    return f->path;
}

const char *fz_input_path(const void *data, size_t size)
{
    return write_to(&files[0], data, size);
}

const char *fz_input_path2(const void *data, size_t size)
{
    return write_to(&files[1], data, size);
}

/*
 * FA_FUZZ_OUT_DIR (set by run_fuzzers.sh) names a folder the caller cleans up:
 * libFuzzer ends its runs without calling atexit handlers. Otherwise a
 * temporary folder is made and removed at exit.
 */
const char *fz_output_dir(void)
{
    if (out_dir[0] == '\0') {
        const char *given = getenv("FA_FUZZ_OUT_DIR");

        if (given != NULL && given[0] != '\0') {
            snprintf(out_dir, sizeof out_dir, "%s", given);
            (void)mkdir(out_dir, 0755);
            return out_dir;
        }
        snprintf(out_dir, sizeof out_dir, "%s/fa-fuzz-out-XXXXXX", tmp_root());
        if (mkdtemp(out_dir) == NULL) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_named);
    }
    return out_dir;
}

char *fz_read_source_file(const char *rel, size_t *len_out)
{
    char path[1024];
    FILE *fp;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/%s", FA_SOURCE_DIR, rel);
    fp = fopen(path, "rb");
    if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fuzz: cannot read fixture %s: %s\n", path, strerror(errno));
        abort();
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        fprintf(stderr, "fuzz: cannot read fixture %s\n", path);
        abort();
    }
    buf[n] = '\0';
    fclose(fp);
    if (len_out != NULL)
        *len_out = (size_t)n;
    return buf;
}

void fz_check_error(fa_status rc, const fa_error *err)
{
    size_t n;

    fz_check(rc != FA_OK, "%s", "fz_check_error called on success");
    fz_check(rc >= FA_EUNSUPPORTED && rc <= FA_ERROR, "unknown status %d", (int)rc);
    n = strnlen(err->message, sizeof err->message);
    fz_check(n < sizeof err->message, "%s", "error message not terminated");
    fz_check(n > 0, "empty error message for %s", fa_status_str(rc));
    fz_check(strnlen(err->loc.path, sizeof err->loc.path) < sizeof err->loc.path, "%s",
             "error path not terminated");
}

/* ---- data for a spec ------------------------------------------------------ */

#include "common/internal.h"
#include "data/spec_internal.h"

static void put_cell(fa_buf *b, const fa_spec *s, const char *v, size_t n)
{
    size_t i;

    fa_buf_putc(b, s->quote);
    for (i = 0; i < n; i++) {
        if (v[i] == s->quote)
            fa_buf_putc(b, s->quote);
        fa_buf_putc(b, v[i]);
    }
    fa_buf_putc(b, s->quote);
}

/* The k-th token for column c (c a file column). */
static void cell_token(const fa_spec *s,
                       size_t c,
                       unsigned k,
                       const char **v,
                       size_t *n,
                       char *scratch,
                       size_t scratch_n)
{
    static const char *const plain[] = {"1", "0", "a", "", "2.5", "-1", "b", "NA", "1e3", "?"};
    const fa_spec_col *col = &s->cols[c];
    size_t i;

    switch (k % 8) {
    case 0:
        *v = c == s->label ? s->positive : plain[(k / 8) % 10];
        break;
    case 1:
        *v = c == s->label ? s->negative : plain[(k / 8 + 3) % 10];
        break;
    case 2:
        if (col->has_map && fa_strdict_count(&col->map.from) > 0) {
            i = (k / 8) % fa_strdict_count(&col->map.from);
            *v = fa_strdict_key(&col->map.from, i);
            *n = fa_strdict_key_len(&col->map.from, i);
            return;
        }
        *v = plain[(k / 8 + 1) % 10];
        break;
    case 3:
        /* a value feeding a derived column: a map key or near a cut break */
        for (i = s->n_file_cols; i < s->n_cols; i++) {
            const fa_spec_col *d = &s->cols[i];
            if (d->source != c)
                continue;
            if (d->has_map && fa_strdict_count(&d->map.from) > 0) {
                size_t j = (k / 8) % fa_strdict_count(&d->map.from);
                *v = fa_strdict_key(&d->map.from, j);
                *n = fa_strdict_key_len(&d->map.from, j);
                return;
            }
            if (d->has_cut && d->cut.n_breaks > 0) {
                fa_format_double(scratch, scratch_n, d->cut.breaks[(k / 8) % d->cut.n_breaks]);
                *v = scratch;
                *n = strlen(scratch);
                return;
            }
        }
        *v = plain[(k / 8 + 4) % 10];
        break;
    case 4:
        if (fa_strdict_count(&s->missing) > 0) {
            i = (k / 8) % fa_strdict_count(&s->missing);
            *v = fa_strdict_key(&s->missing, i);
            *n = fa_strdict_key_len(&s->missing, i);
            return;
        }
        *v = "";
        break;
    default:
        *v = plain[(k + c) % 10];
        break;
    }
    *n = strlen(*v);
}

char *fz_csv_for_spec(const fa_spec *s, unsigned n_rows, unsigned salt, size_t *len_out)
{
    fa_buf b = FA_BUF_INIT;
    char scratch[40];
    size_t c;
    unsigned r;
    char *out;

    if (s->header) {
        for (c = 0; c < s->n_file_cols; c++) {
            if (c > 0)
                fa_buf_putc(&b, s->delimiter);
            put_cell(&b, s, s->cols[c].name, strlen(s->cols[c].name));
        }
        fa_buf_putc(&b, '\n');
    }
    for (r = 0; r < n_rows; r++) {
        for (c = 0; c < s->n_file_cols; c++) {
            const char *v = "";
            size_t n = 0;

            if (c > 0)
                fa_buf_putc(&b, s->delimiter);
            cell_token(s, c, r + salt + (unsigned)c * 3u, &v, &n, scratch, sizeof scratch);
            put_cell(&b, s, v, n);
        }
        fa_buf_putc(&b, '\n');
    }
    if (b.oom) {
        fprintf(stderr, "fuzz: out of memory\n");
        abort();
    }
    /* hand over as malloc'ed memory (fa_buf memory is fa_malloc = malloc) */
    out = malloc(b.len + 1);
    if (out == NULL)
        abort();
    memcpy(out, b.ptr != NULL ? b.ptr : "", b.len);
    out[b.len] = '\0';
    *len_out = b.len;
    fa_buf_dispose(&b);
    return out;
}
