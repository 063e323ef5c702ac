/**
 * @file data.h
 * Dataset specs, the streaming CSV reader and in-memory typed tables.
 *
 * Three layers, each usable alone:
 *  - fa_csv_reader: a streaming record reader over one delimited file (libcsv
 *    underneath). Memory is bounded by the longest record, never the file.
 *    Tracks record and physical line numbers for error messages.
 *  - fa_spec: a dataset spec (JSON, docs/format/spec.md) that says how to read
 *    a file: delimiter, header, missing tokens, per-column roles, value maps,
 *    derived columns, the label's positive value, incomplete-row policy.
 *  - fa_table: a file loaded through a spec into typed columns (numeric as
 *    double, categorical as dense codes), with per-row label, weight and
 *    protected-group codes, plus load statistics (rows read/used/dropped).
 *
 * Thread safety: objects are thread-compatible; a loaded fa_spec or fa_table
 * may be shared read-only between threads.
 */
#ifndef FAIRAUDIT_DATA_H
#define FAIRAUDIT_DATA_H

#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/* ---------------------------------------------------------------------------
 * Streaming CSV reader
 * ------------------------------------------------------------------------ */

typedef struct fa_csv_reader fa_csv_reader;

/** Options for fa_csv_open(). Initialise with FA_CSV_OPTIONS_INIT. */
typedef struct fa_csv_options {
    unsigned version;     /**< FA_CSV_OPTIONS_VERSION */
    char delimiter;       /**< field separator; default ',' */
    char quote;           /**< quote character; default '"' */
    int has_header;       /**< first record names the columns; default 1 */
    int trim;             /**< strip spaces and tabs around unquoted fields; default 0 */
    char comment;         /**< lines starting with it are skipped; 0 = none */
    int skip_empty_lines; /**< skip lines that are empty or only whitespace; default 1 */
} fa_csv_options;

#define FA_CSV_OPTIONS_VERSION 1
#define FA_CSV_OPTIONS_INIT { FA_CSV_OPTIONS_VERSION, ',', '"', 1, 0, 0, 1 }
FA_API void fa_csv_options_init(fa_csv_options *opts);

/** One record. Fields are NUL-terminated; valid until the next fa_csv_next(). */
typedef struct fa_csv_record {
    size_t n_fields;
    const char *const *fields; /**< n_fields strings */
    const size_t *lengths;     /**< byte length of each field (fields may hold NUL) */
    uint64_t record;           /**< 1-based record number in the file (header = 1) */
    uint64_t line;             /**< physical line where the record starts */
} fa_csv_record;

/**
 * Opens @p path ("-" reads standard input) for streaming. A UTF-8 byte-order
 * mark is skipped; CRLF, LF and lone CR line ends are accepted; quoted fields
 * may contain delimiters, quotes ("") and newlines.
 * When has_header is set, the header is read at once (see fa_csv_header()).
 * @param opts NULL means FA_CSV_OPTIONS_INIT.
 * @param[out] out reader, free with fa_csv_close(); NULL on failure.
 * @return FA_OK, FA_EIO (cannot open), FA_EPARSE (bad header), FA_ENOMEM,
 *         FA_EDATA (empty file when a header is expected), FA_ESCHEMA
 *         (duplicate header names), FA_EINVAL (bad options).
 */
FA_API fa_status fa_csv_open(fa_csv_reader **out, const char *path, const fa_csv_options *opts,
                             fa_error *err);

/** Header names (NULL and 0 when the file has no header). Valid until close. */
FA_API const char *const *fa_csv_header(const fa_csv_reader *r, size_t *n_out);

/**
 * Reads the next record into *rec. At end of input sets *rec = NULL and
 * returns FA_OK (again on every later call). Errors carry path, record, line
 * and 1-based field index (with the header name) in err->loc, and are sticky:
 * FA_EPARSE (unterminated quote, malformed quoting), FA_EIO, FA_ENOMEM.
 * Comment lines and (with skip_empty_lines) blank lines between records are
 * skipped; n_fields is reported as found (ragged records are not an error
 * here).
 */
FA_API fa_status fa_csv_next(fa_csv_reader *r, const fa_csv_record **rec, fa_error *err);

/** Bytes consumed so far (for progress reporting). */
FA_API uint64_t fa_csv_bytes_read(const fa_csv_reader *r);

/** Closes the reader. NULL is allowed. */
FA_API void fa_csv_close(fa_csv_reader *r);

/**
 * SHA-256 of a whole file ("-" is not accepted) as 64 lowercase hex digits + NUL: the
 * digest audit reports give as input.fingerprint.
 * @return FA_OK, FA_EIO, FA_EINVAL.
 */
FA_API fa_status fa_file_sha256(const char *path, char hex[65], fa_error *err);

/* ---------------------------------------------------------------------------
 * Dataset spec
 * ------------------------------------------------------------------------ */

/** What a column is for. */
typedef enum fa_role {
    FA_ROLE_IGNORE = 0,
    FA_ROLE_NUMERIC = 1,     /**< numeric feature */
    FA_ROLE_CATEGORICAL = 2, /**< categorical feature */
    FA_ROLE_LABEL = 3,       /**< the target; exactly one per spec */
    FA_ROLE_PROTECTED = 4,   /**< protected attribute (not a model feature) */
    FA_ROLE_WEIGHT = 5       /**< per-row sample weight, numeric, >= 0 */
} fa_role;

/** The role's name as written in specs ("numeric", "label", ...); static string. */
FA_API const char *fa_role_name(fa_role role);

/** Spec-level handling of rows with a missing value in a used column. */
typedef enum fa_incomplete_policy {
    FA_INCOMPLETE_DROP = 0,  /**< drop the row and count it */
    FA_INCOMPLETE_ERROR = 1  /**< stop with FA_EDATA at the first such row */
} fa_incomplete_policy;

typedef struct fa_spec fa_spec;

/**
 * Loads a spec from a JSON file (format: docs/format/spec.md). Syntax and
 * semantic errors are reported as `spec.json:LINE:COLUMN: what is wrong`
 * through err (COLUMN counts characters).
 * @param[out] out the spec, free with fa_spec_free(); NULL on failure.
 * @return FA_OK, FA_EIO, FA_EPARSE (bad JSON, duplicate key), FA_ESCHEMA (bad
 *         spec content), FA_EFORMAT (not a spec, unknown format_version),
 *         FA_EINVAL (NULL path), FA_ENOMEM.
 */
FA_API fa_status fa_spec_load(fa_spec **out, const char *path, fa_error *err);

/** As fa_spec_load() from @p len bytes of @p text; @p name (NULL: "<spec>") is used in messages. */
FA_API fa_status fa_spec_parse(fa_spec **out, const char *text, size_t len, const char *name,
                               fa_error *err);

/** Frees the spec. NULL is allowed. Tables loaded with it must be freed first. */
FA_API void fa_spec_free(fa_spec *spec);

/** The spec's "name" (e.g. "adult"). Borrowed, valid until fa_spec_free(). */
FA_API const char *fa_spec_name(const fa_spec *spec);
/** Number of logical columns (file columns + derived ones). */
FA_API size_t fa_spec_n_columns(const fa_spec *spec);
/** Name of logical column @p i (file columns in spec order, then derived ones); NULL if out of range. */
FA_API const char *fa_spec_column_name(const fa_spec *spec, size_t i);
/** Role of logical column @p i (FA_ROLE_IGNORE if out of range). */
FA_API fa_role fa_spec_column_role(const fa_spec *spec, size_t i);

/** Returned by fa_spec_find_column() when no column has the name. */
#define FA_SPEC_NO_COLUMN ((size_t)-1)
/** Index of the logical column named @p name, or FA_SPEC_NO_COLUMN. */
FA_API size_t fa_spec_find_column(const fa_spec *spec, const char *name);
/** Index of the label column (a logical column index). */
FA_API size_t fa_spec_label_column(const fa_spec *spec);
/** The label value counted as the positive class (after value mapping). */
FA_API const char *fa_spec_positive_label(const fa_spec *spec);
/** The label value counted as the negative class (after value mapping). */
FA_API const char *fa_spec_negative_label(const fa_spec *spec);
/** Whether a positive label is the favourable outcome (1) or not (0, e.g. "default"). */
FA_API int fa_spec_positive_is_favorable(const fa_spec *spec);
/** SHA-256 of the spec file's bytes as 64 hex chars. */
FA_API const char *fa_spec_fingerprint(const fa_spec *spec);

/* ---------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------ */

typedef struct fa_table fa_table;

/**
 * Longest categorical or protected value, in bytes, that fa_table_load() and
 * fa_audit_run() accept (FA_EDATA, located, beyond it). Such values become
 * group names, category levels and report text; a longer one is a broken
 * input (e.g. a missing closing quote swallowed the rest of the file), not a
 * group. docs/hostile-inputs.md.
 */
#define FA_MAX_VALUE_BYTES 4096

/** Options for fa_table_load(). Initialise with FA_LOAD_OPTIONS_INIT. */
typedef struct fa_load_options {
    unsigned version;   /**< FA_LOAD_OPTIONS_VERSION */
    uint64_t max_rows;  /**< stop after this many data records; 0 = all */
    fa_log_fn log;      /**< progress sink; NULL = silent */
    void *log_payload;
    /** With part_count > 1, load only part @p part_index (0-based) of the file: the data
     *  after the header is cut into part_count byte ranges and the part keeps the records
     *  that start in its range (data-parallel training, one part per process). Only
     *  records on single lines without quotes can be cut this way: anything else, and any
     *  error in a record (whose line number a part cannot know), gives FA_EUNSUPPORTED —
     *  load the whole file then. No fingerprint is computed; max_rows must be 0. */
    unsigned part_index, part_count;
    /** Threads loading a whole file (0 and 1 = one, the calling thread; at most
     *  FA_LOAD_MAX_THREADS are used). A regular file of at least FA_LOAD_PARALLEL_MIN_BYTES
     *  is cut into byte ranges at line starts, the ranges are loaded concurrently and
     *  concatenated, and one more thread computes the fingerprint: the table (values,
     *  codes, level order, statistics, fingerprint) is identical to a one-thread load.
     *  Whenever that does not apply — standard input or another non-regular file, a spec
     *  with "trim", max_rows > 0, part_count > 1, a small file — and whenever a range
     *  cannot be loaded on its own (quoted fields, comment or blank lines, lone CR line
     *  ends) or holds a bad record, the file is loaded on the calling thread from the
     *  start, so errors and their locations are those of a one-thread load. The log
     *  callback is only ever called from the calling thread. docs/internals/table_load.md */
    unsigned threads;
} fa_load_options;

/** Most threads fa_table_load() uses (fa_load_options.threads is capped to it). */
#define FA_LOAD_MAX_THREADS 64u
/** Smallest file fa_table_load() loads on several threads (4 MiB); each range is at
 *  least half of it. */
#define FA_LOAD_PARALLEL_MIN_BYTES ((uint64_t)4 << 20)

#define FA_LOAD_OPTIONS_VERSION 1
#define FA_LOAD_OPTIONS_INIT { FA_LOAD_OPTIONS_VERSION, 0, NULL, NULL, 0, 0, 0 }
FA_API void fa_load_options_init(fa_load_options *opts);

/**
 * Loads @p path through @p spec. The file is streamed; only typed columns
 * are kept. Rows with a missing value in a feature, label or weight column
 * are dropped and counted (or fail, per the spec); a missing protected value
 * keeps the row with the group "unknown" (code -1).
 * @param[out] out the table, free with fa_table_free(); NULL on failure.
 * @param opts NULL means FA_LOAD_OPTIONS_INIT.
 * @return FA_OK, FA_EIO, FA_EPARSE (CSV syntax, text in a numeric column,
 *         NaN/inf where not allowed), FA_ESCHEMA (ragged row, a spec column
 *         or the label column absent from the header, duplicate column
 *         names), FA_EDATA (label value that is neither positive nor
 *         negative, negative weight, a missing value when the spec says
 *         "incomplete_rows": "error", empty file, no usable rows),
 *         FA_EINVAL, FA_ENOMEM. Errors in the data carry file, line and
 *         1-based field index (and the column name); a spec column absent
 *         from the header is located in the spec.
 */
FA_API fa_status fa_table_load(fa_table **out, const fa_spec *spec, const char *path,
                               const fa_load_options *opts, fa_error *err);

/** Frees the table. NULL is allowed. */
FA_API void fa_table_free(fa_table *t);

/** Rows kept in the table (rows_used). */
FA_API size_t fa_table_n_rows(const fa_table *t);
/** The spec this table was loaded with (borrowed; must outlive the table). */
FA_API const fa_spec *fa_table_spec(const fa_table *t);

/** Load statistics. */
typedef struct fa_table_stats {
    uint64_t rows_read;         /**< data records seen (banner/comment/empty lines excluded) */
    uint64_t rows_used;         /**< rows kept */
    uint64_t rows_dropped;      /**< = rows_read - rows_used */
    uint64_t dropped_missing;   /**< dropped for a missing value in a used column */
    uint64_t dropped_invalid;   /**< dropped for another reason (reserved; 0 today) */
} fa_table_stats;
FA_API void fa_table_get_stats(const fa_table *t, fa_table_stats *out);

/** Missing-value count of logical column @p col over all rows read. */
FA_API uint64_t fa_table_missing_count(const fa_table *t, size_t col);

/**
 * Numeric column values (role NUMERIC or WEIGHT), n_rows doubles.
 * NULL if @p col is not numeric. Borrowed, valid until fa_table_free().
 */
FA_API const double *fa_table_numeric(const fa_table *t, size_t col);

/**
 * Categorical codes (role CATEGORICAL, PROTECTED or LABEL), n_rows int32
 * values in [0, n_levels) or -1 for missing (only PROTECTED columns keep rows
 * with a missing value: -1 is the group "unknown"). NULL if not categorical.
 * For the LABEL column the levels are fixed: 0 = negative, 1 = positive.
 */
FA_API const int32_t *fa_table_codes(const fa_table *t, size_t col);
/** Number of levels of a categorical column (0 if not categorical). */
FA_API size_t fa_table_n_levels(const fa_table *t, size_t col);
/**
 * Level name of code @p k, in order of first appearance among the rows kept
 * (NULL if out of range). Borrowed, valid until fa_table_free().
 */
FA_API const char *fa_table_level(const fa_table *t, size_t col, size_t k);

/** Per-row label as 0/1 (1 = the spec's positive class). n_rows bytes. */
FA_API const uint8_t *fa_table_labels(const fa_table *t);
/** Per-row sample weights, or NULL when the spec has no weight column. */
FA_API const double *fa_table_weights(const fa_table *t);

/**
 * SHA-256 of the data file's bytes as read, 64 hex chars (the whole file
 * unless max_rows stopped the load early: then the bytes up to the end of
 * the last record read). Borrowed, valid until fa_table_free().
 */
FA_API const char *fa_table_fingerprint(const fa_table *t);

/** The data file as given to fa_table_load() ("<stdin>" for "-"). Borrowed. */
FA_API const char *fa_table_path(const fa_table *t);

/**
 * Builds the JSON summary printed by `fairaudit describe` (docs/cli/describe.md):
 * rows read/used/dropped, drop reasons, per-column role/type/missing count
 * and number of levels, label counts and per-protected-attribute group counts.
 * @param[out] json_out NUL-terminated pretty JSON ending in a newline; free it
 *             with fa_table_describe_free(). NULL on failure.
 * @param[out] len_out its length in bytes (may be NULL).
 * @return FA_OK, FA_ENOMEM.
 */
FA_API fa_status fa_table_describe_json(const fa_table *t, char **json_out, size_t *len_out,
                                        fa_error *err);
/** Frees a string returned by fa_table_describe_json(). NULL is allowed. */
FA_API void fa_table_describe_free(char *json);

/**
 * Writes the fa_table_describe_json() summary to @p path atomically (a
 * temporary file renamed into place): on failure no file is left behind and
 * an existing file is untouched.
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_table_describe_write(const fa_table *t, const char *path, fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_DATA_H */
