/*
 * tests/fuzz/regression_driver.c — replays fuzz inputs without libFuzzer.
 *
 *     fuzz_regress_<target> PATH...
 *
 * Each PATH is a file (one input) or a folder (every regular file in it, in
 * name order, so runs are reproducible). Linked with one fuzz_<target>.c, it
 * calls LLVMFuzzerInitialize once (when the target has one) and
 * LLVMFuzzerTestOneInput per input, exactly as libFuzzer would. A crash, a
 * sanitizer report or a violated property aborts the process, so CTest (label
 * fuzz-regression) fails and the last "replaying" line names the input.
 * Built with the project's compiler (gcc in CI), in the normal and the ASan
 * build (zstd's regression_driver.c, libgit2's standalone_driver.c).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;
    unsigned char chunk[65536];

    if (fp == NULL) {
        perror(path);
        return 1;
    }
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (len + n > cap) {
            unsigned char *p;
            cap = (len + n) * 2;
            p = realloc(buf, cap);
            if (p == NULL) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(buf);
                fclose(fp);
                return 1;
            }
            buf = p;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(fp);
    fprintf(stderr, "replaying %s (%zu bytes)\n", path, len);
    /* libFuzzer passes a non-NULL pointer even for an empty input */
    (void)LLVMFuzzerTestOneInput(buf != NULL ? buf : chunk, len);
    free(buf);
    return 0;
}

static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int bad = 0;

    if (d == NULL) {
        perror(dir);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **p;
            cap = cap ? cap * 2 : 64;
            p = realloc(names, cap * sizeof *names);
            if (p == NULL) {
                closedir(d);
                return 1;
            }
            names = p;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (names[n] == NULL) {
            closedir(d);
            return 1;
        }
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            bad |= replay_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, bad = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL)
        (void)LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            bad = 1;
        } else if (S_ISDIR(st.st_mode)) {
            bad |= replay_dir(argv[i], &count);
        } else {
            bad |= replay_file(argv[i]);
            count++;
        }
    }
    if (count == 0) {
        fprintf(stderr, "no input replayed (an empty corpus proves nothing)\n");
        return 1;
    }
    fprintf(stderr, "%zu input%s replayed without a failure\n", count, count == 1 ? "" : "s");
    return bad;
}
