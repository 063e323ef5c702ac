/*
 * tests/fuzz/fuzz_common.h — helpers shared by the fuzz targets.
 *
 * Each target is one file fuzz_<name>.c defining LLVMFuzzerTestOneInput (and
 * optionally LLVMFuzzerInitialize). It is linked either with libFuzzer
 * (clang, -DFA_BUILD_FUZZERS=ON) or with regression_driver.c, which replays
 * tests/fuzz/corpus/<name>/ under CTest with any compiler.
 *
 * Several parsers take a path, not a buffer (fa_table_load, fa_model_load,
 * fa_batch_load, fa_audit_run): fz_input_path() writes the input to a
 * process-private file and returns a path to it.
 *
 * A target calls fz_check() for the properties it asserts beyond "no crash":
 * a violation aborts, which libFuzzer and the regression driver report as a
 * crash with the input that caused it.
 */
#ifndef FA_TESTS_FUZZ_COMMON_H
#define FA_TESTS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "fairaudit/fairaudit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Writes @p data to the process's input file (replacing what was there) and
 * returns its path (valid until the next call). Aborts if it cannot. */
const char *fz_input_path(const void *data, size_t size);

/* A second, independent file (e.g. a spec next to a data file). */
const char *fz_input_path2(const void *data, size_t size);

/* A fresh empty folder for outputs, private to the process (same every call). */
const char *fz_output_dir(void);

/* Reads a file of the source tree (FA_SOURCE_DIR/rel) into a NUL-terminated
 * buffer (malloc); aborts when absent: fixtures are part of the target. */
char *fz_read_source_file(const char *rel, size_t *len_out);

/* Aborts with a message when @p cond is false (a property the target checks). */
#define fz_check(cond, ...) ((cond) ? (void)0 : fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))
void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* Checks what every failing call must leave behind: a known status code and
 * a NUL-terminated, non-empty message. */
void fz_check_error(fa_status rc, const fa_error *err);

#endif

/* ---- data for a spec --------------------------------------------------- */

/*
 * Writes a small CSV that @p spec can read (header of its file columns when
 * the spec has one, the spec's delimiter and quote) with @p n_rows rows whose
 * cells cycle through tokens that exercise the spec: its label values, map
 * keys, missing tokens, cut breaks, numbers and text. @p salt shifts the
 * cycle. Returns a malloc'ed buffer (free()) and its length in *len_out.
 */
struct fa_spec;
char *fz_csv_for_spec(const struct fa_spec *spec, unsigned n_rows, unsigned salt, size_t *len_out);
