/*
 * lib/serialize/json_read.h — read-only JSON documents with source locations
 * (internal; not installed). The only code that touches cJSON is
 * json_read.c; everything else reads JSON through this API.
 *
 * A document owns a copy of the text, the cJSON tree and one fa_json_node per
 * JSON value. Every node knows its line and column (1-based; columns count
 * UTF-8 characters, a BOM is not counted), and object members also know where
 * their key is, so semantic errors can be reported as
 *
 *     spec.json:12:5: "role" must be one of ...
 *
 * Parsing is strict RFC 8259 JSON: a small scanner validates the text first
 * (and reports the exact place of a syntax error), then cJSON builds the tree,
 * then the scanner's positions are paired with cJSON's values in document
 * pre-order. Duplicate keys in an object are an error (FA_EPARSE) located at
 * the second key. Numbers are re-read from the source text, locale-free and
 * exactly (integers up to 64 bits keep every digit).
 *
 * Nodes are borrowed from their document and valid until fa_json_doc_free().
 * A document is immutable after parsing and may be read from several threads.
 */
#ifndef FA_LIB_SERIALIZE_JSON_READ_H
#define FA_LIB_SERIALIZE_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/internal.h"

/** Deepest nesting of arrays/objects accepted (cJSON's own limit is 1000). */
#define FA_JSON_MAX_DEPTH 256

typedef struct fa_json_doc fa_json_doc;
typedef struct fa_json_node fa_json_node;

typedef enum fa_json_type {
    FA_JSON_NULL = 0,
    FA_JSON_BOOL = 1,
    FA_JSON_NUMBER = 2,
    FA_JSON_STRING = 3,
    FA_JSON_ARRAY = 4,
    FA_JSON_OBJECT = 5
} fa_json_type;

/* ---- documents --------------------------------------------------------- */

/**
 * Parses @p len bytes of @p text (need not be NUL-terminated). @p name is the
 * file name used in error locations (may be NULL: "<json>").
 * @return FA_OK, FA_EPARSE (syntax error or duplicate key, located), FA_ENOMEM.
 */
fa_status fa_json_doc_parse(fa_json_doc **out, const char *text, size_t len, const char *name,
                            fa_error *err);
/** Reads and parses a file; errors are located in @p path. Adds FA_EIO. */
fa_status fa_json_doc_load(fa_json_doc **out, const char *path, fa_error *err);
/** Frees the document and all its nodes. NULL is allowed. */
void fa_json_doc_free(fa_json_doc *doc);

/** The root value (never NULL for a parsed document). */
const fa_json_node *fa_json_doc_root(const fa_json_doc *doc);
/** The name given at parse time (the path for fa_json_doc_load). */
const char *fa_json_doc_name(const fa_json_doc *doc);
/** The document's bytes as given (NUL-terminated copy); length in *len_out. */
const char *fa_json_doc_text(const fa_json_doc *doc, size_t *len_out);

/* ---- nodes ------------------------------------------------------------- */

fa_json_type fa_json_type_of(const fa_json_node *n);
/** "null", "boolean", "number", "string", "array", "object". */
const char *fa_json_type_name(fa_json_type t);
static inline bool fa_json_is(const fa_json_node *n, fa_json_type t)
{
    return n != NULL && fa_json_type_of(n) == t;
}
/** The document a node belongs to. */
const fa_json_doc *fa_json_node_doc(const fa_json_node *n);
/** 1-based line and column where the value starts. */
uint32_t fa_json_line(const fa_json_node *n);
uint32_t fa_json_column(const fa_json_node *n);
/** Byte offset of the value in the document text. */
size_t fa_json_offset(const fa_json_node *n);

/** The member's key, or NULL when the node is not an object member. */
const char *fa_json_key(const fa_json_node *n);
/** Where the member's key starts (the value's position for non-members). */
uint32_t fa_json_key_line(const fa_json_node *n);
uint32_t fa_json_key_column(const fa_json_node *n);
/** The enclosing array or object; NULL for the root. */
const fa_json_node *fa_json_parent(const fa_json_node *n);
/** Position within the parent (array index or member index). */
size_t fa_json_index(const fa_json_node *n);

/** Number of elements (array) or members (object); 0 for scalars. */
size_t fa_json_count(const fa_json_node *n);
/**
 * The i-th element of an array, or the i-th member value of an object in
 * document order (its key: fa_json_key()). NULL when out of range. O(1).
 */
const fa_json_node *fa_json_at(const fa_json_node *n, size_t i);
/** The value of member @p key, or NULL when absent or @p obj is not an object. */
const fa_json_node *fa_json_member(const fa_json_node *obj, const char *key);

/* ---- scalar access without errors --------------------------------------- */

/** The string value, or NULL when not a string. */
const char *fa_json_string(const fa_json_node *n);
/** The boolean value; false when not a boolean. */
bool fa_json_bool(const fa_json_node *n);
/** The number (parsed from the source text); NaN when not a number. */
double fa_json_number(const fa_json_node *n);
/** The number's source text (not NUL-terminated) and its length; NULL if not a number. */
const char *fa_json_number_text(const fa_json_node *n, size_t *len_out);

/* ---- typed access with located errors ----------------------------------- */
/*
 * These fail with FA_ESCHEMA and a message naming the value, e.g.
 *   spec.json:4:13: "header" must be a boolean, not a string
 *   spec.json:9:20: "breaks"[1] must be a number, not a string
 */

/** Fails unless @p n has type @p t. */
fa_status fa_json_expect(const fa_json_node *n, fa_json_type t, fa_error *err);
fa_status fa_json_get_string(const fa_json_node *n, const char **out, fa_error *err);
/** A finite number (1e999 is rejected). */
fa_status fa_json_get_number(const fa_json_node *n, double *out, fa_error *err);
/** An integer literal (no fraction or exponent) within [lo, hi]. */
fa_status fa_json_get_int(const fa_json_node *n, int64_t lo, int64_t hi, int64_t *out,
                          fa_error *err);
fa_status fa_json_get_bool(const fa_json_node *n, bool *out, fa_error *err);

/**
 * Looks up member @p key of object @p obj. When absent: with @p required,
 * fails with FA_ESCHEMA `missing required key "key"` located at the object;
 * otherwise sets *out = NULL and returns FA_OK.
 */
fa_status fa_json_get_member(const fa_json_node *obj, const char *key, bool required,
                             const fa_json_node **out, fa_error *err);

/**
 * Fails with FA_ESCHEMA `unknown key "x"` (located at the key) when @p obj has
 * a member not among the @p n_allowed names in @p allowed.
 */
fa_status fa_json_check_keys(const fa_json_node *obj, const char *const *allowed,
                             size_t n_allowed, fa_error *err);

/**
 * Sets @p err to @p code with `name:line:column: message` located at the
 * value of @p n; returns @p code. err may be NULL.
 */
fa_status fa_json_error_at(fa_error *err, const fa_json_node *n, fa_status code, const char *fmt,
                           ...) FA_PRINTF(4, 5);
/** As fa_json_error_at, located at the member's key. */
fa_status fa_json_error_at_key(fa_error *err, const fa_json_node *n, fa_status code,
                               const char *fmt, ...) FA_PRINTF(4, 5);

/**
 * Checks the identifying header of one of our file formats: @p root is an
 * object whose "format" is @p format and whose "format_version" is
 * @p version. @p what names the file kind in messages ("model",
 * "thresholds"). Errors: FA_EFORMAT `not a fairaudit <what> file ("format"
 * must be "<format>")` or `unsupported <what> format_version N (this build
 * reads V)`, located at the offending value.
 */
fa_status fa_json_check_format(const fa_json_node *root, const char *format, const char *what,
                               int version, fa_error *err);

/**
 * Writes a short human name of the value into @p buf: `"header"`,
 * `"breaks"[1]`, `[3]` or `the document`. Returns buf.
 */
const char *fa_json_describe(const fa_json_node *n, char *buf, size_t n_buf);

struct fa_jw;

/**
 * Writes a parsed value back through a JSON writer (common/jsonw.h): the same structure,
 * member order and strings; numbers by value, printed as the shortest text that reads back
 * to the same double. For embedding kept JSON in a new document, re-indented.
 */
void fa_json_write_node(struct fa_jw *w, const fa_json_node *n);

#endif /* FA_LIB_SERIALIZE_JSON_READ_H */
