/*
 * Atomic outputs (lib/common/fileio.h): a failed write — the folder removed
 * while the file is open, a full disk, an unwritable folder — returns FA_EIO
 * with the errno text, leaves no temporary file and keeps the previous file.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "fa_test.h"

static const char *scratch(const char *name)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/fa_fileio_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s: %s", path, strerror(errno));
    return path;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    cr_assert_not_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

Test(common_fileio, folder_removed_before_commit)
{
    const char *dir = scratch("vanish");
    char path[600], cmd[700];
    fa_outfile f;
    fa_error err;

    snprintf(path, sizeof path, "%s/out.json", dir);
    FA_ASSERT_OK(fa_outfile_open(&f, path, &err));
    fputs("{\"partial\": ", f.fp);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(fa_outfile_commit(&f, &err), FA_EIO);
    cr_assert_eq(err.sys_errno, ENOENT, "errno %d", err.sys_errno);
    cr_assert(strstr(err.message, "out.json") != NULL, "%s", err.message);
    cr_assert_null(f.fp);
    cr_assert_null(f.tmp_path);
    FA_ASSERT_NO_LEAKS();
}

Test(common_fileio, failed_write_keeps_previous_file)
{
    const char *dir = scratch("keep");
    char path[600], *text = NULL;
    size_t len;
    fa_outfile f;
    fa_error err;

    snprintf(path, sizeof path, "%s/out.txt", dir);
    FA_ASSERT_OK(fa_write_file_atomic(path, "previous\n", 9, &err));
    /* an aborted write (the caller found an error half-way) */
    FA_ASSERT_OK(fa_outfile_open(&f, path, &err));
    fputs("half of the new content", f.fp);
    fa_outfile_abort(&f);
    FA_ASSERT_OK(fa_read_file(path, &text, &len, &err));
    cr_assert_str_eq(text, "previous\n");
    fa_free(text);
    cr_assert_eq(count_entries(dir), 1, "a temporary file was left behind");
    /* a successful one replaces it */
    FA_ASSERT_OK(fa_write_file_atomic(path, "new\n", 4, &err));
    FA_ASSERT_OK(fa_read_file(path, &text, &len, &err));
    cr_assert_str_eq(text, "new\n");
    fa_free(text);
    cr_assert_eq(count_entries(dir), 1);
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}

Test(common_fileio, unwritable_targets_are_io_errors)
{
    const char *dir = scratch("bad");
    char path[600], blocker[600];
    fa_error err;
    FILE *fp;

    snprintf(path, sizeof path, "%s/missing/out.txt", dir);
    cr_assert_eq(fa_write_file_atomic(path, "x", 1, &err), FA_EIO);
    cr_assert_eq(err.sys_errno, ENOENT);
    snprintf(blocker, sizeof blocker, "%s/file", dir);
    fp = fopen(blocker, "w");
    cr_assert_not_null(fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/file/out.txt", dir);
    cr_assert_eq(fa_write_file_atomic(path, "x", 1, &err), FA_EIO);
    cr_assert_eq(err.sys_errno, ENOTDIR);
    /* the output path is a folder: the rename fails, the temp file goes */
    snprintf(path, sizeof path, "%s", dir);
    cr_assert_eq(fa_write_file_atomic(path, "x", 1, &err), FA_EIO);
    cr_assert_eq(count_entries(dir), 1, "a temporary file was left behind");
    cr_assert_eq(remove(blocker), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}

Test(common_fileio, full_device_is_an_io_error)
{
    fa_outfile f;
    fa_error err;
    char big[1 << 16];

    /* /dev/full's folder is not writable for a temporary file by everyone;
     * emulate the device: write through a stream on /dev/full. */
    memset(&f, 0, sizeof f);
    f.fp = fopen("/dev/full", "w");
    if (f.fp == NULL)
        cr_skip_test("/dev/full is not available");
    f.path = fa_strdup("/dev/full");
    f.tmp_path = NULL;
    memset(big, 'x', sizeof big);
    (void)fwrite(big, 1, sizeof big, f.fp);
    cr_assert_eq(fa_outfile_commit(&f, &err), FA_EIO);
    cr_assert_eq(err.sys_errno, ENOSPC, "errno %d (%s)", err.sys_errno, err.message);
    FA_ASSERT_NO_LEAKS();
}
