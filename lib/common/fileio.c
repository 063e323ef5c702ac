/* fileio.c — whole-file reads and atomic (temp + rename) writes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"

fa_status fa_read_file(const char *path, char **data_out, size_t *len_out, fa_error *err)
{
    FILE *fp;
    fa_buf b = FA_BUF_INIT;
    char chunk[65536];
    size_t n;

    *data_out = NULL;
    fp = fopen(path, "rb");
    if (fp == NULL)
        return fa_error_set_errno(err, errno, "cannot open '%s'", path);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (!fa_buf_put(&b, chunk, n)) {
            fclose(fp);
            fa_buf_dispose(&b);
            FA_FAIL(err, FA_ENOMEM, "out of memory reading '%s'", path);
        }
    }
    if (ferror(fp)) {
        int e = errno;
        fclose(fp);
        fa_buf_dispose(&b);
        return fa_error_set_errno(err, e, "cannot read '%s'", path);
    }
    fclose(fp);
    *data_out = fa_buf_detach(&b, len_out);
    if (*data_out == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory reading '%s'", path);
    return FA_OK;
}

fa_status fa_outfile_open(fa_outfile *f, const char *path, fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    int fd;

    memset(f, 0, sizeof *f);
    f->path = fa_strdup(path);
    fa_buf_printf(&b, "%s.tmp.XXXXXX", path);
    if (f->path == NULL || b.oom) {
        fa_free(f->path);
        fa_buf_dispose(&b);
        f->path = NULL;
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    f->tmp_path = fa_buf_detach(&b, NULL);
    fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        int e = errno;
        fa_free(f->path);
        fa_free(f->tmp_path);
        memset(f, 0, sizeof *f);
        return fa_error_set_errno(err, e, "cannot create '%s'", path);
    }
    (void)fchmod(fd, 0644);
    f->fp = fdopen(fd, "wb");
    if (f->fp == NULL) {
        int e = errno;
        close(fd);
        fa_outfile_abort(f);
        return fa_error_set_errno(err, e, "cannot create '%s'", path);
    }
    return FA_OK;
}

fa_status fa_outfile_commit(fa_outfile *f, fa_error *err)
{
    int e = 0;

    if (f->fp == NULL)
        FA_FAIL(err, FA_EINVAL, "output file not open");
    if (ferror(f->fp))
        e = errno ? errno : EIO;
    if (fflush(f->fp) != 0 && e == 0)
        e = errno;
    if (e == 0 && fsync(fileno(f->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(f->fp) != 0 && e == 0)
        e = errno;
    f->fp = NULL;
    if (e == 0 && rename(f->tmp_path, f->path) != 0)
        e = errno;
    if (e != 0) {
        fa_status rc = fa_error_set_errno(err, e, "cannot write '%s'", f->path);
        fa_outfile_abort(f);
        return rc;
    }
    fa_free(f->tmp_path);
    fa_free(f->path);
    memset(f, 0, sizeof *f);
    return FA_OK;
}

void fa_outfile_abort(fa_outfile *f)
{
    if (f->fp != NULL)
        fclose(f->fp);
    if (f->tmp_path != NULL)
        (void)remove(f->tmp_path);
    fa_free(f->tmp_path);
    fa_free(f->path);
    memset(f, 0, sizeof *f);
}

fa_status fa_write_file_atomic(const char *path, const void *data, size_t len, fa_error *err)
{
    fa_outfile f;

    FA_TRY(fa_outfile_open(&f, path, err));
    if (len > 0 && fwrite(data, 1, len, f.fp) != len) {
        int e = errno;
        fa_outfile_abort(&f);
        return fa_error_set_errno(err, e, "cannot write '%s'", path);
    }
    return fa_outfile_commit(&f, err);
}
