/*
 * json_read.c — JSON documents with line:column for every value.
 *
 * cJSON keeps no positions and reports syntax errors through a pointer that
 * is sometimes one past the offending byte (a trailing comma points past the
 * closing brace). So parsing runs in three steps:
 *
 *  1. scan: a strict RFC 8259 recogniser walks the text once. It reports a
 *     syntax error at the exact byte, with a message, and otherwise records
 *     every value's byte offset, line and column (and its key's position) in
 *     document pre-order. It also bounds the nesting depth.
 *  2. cJSON_ParseWithLengthOpts builds the tree (strings unescaped). Because
 *     the text already passed the stricter scan, cJSON failing here can only
 *     mean it ran out of memory.
 *  3. a pre-order walk of the cJSON tree pairs each cJSON value with the
 *     scanner's record of the same rank, and checks the kinds agree.
 *
 * cJSON allocates through its process-wide hooks (left at malloc/free: setting
 * them would be global state), so its memory is outside fa_malloc's fault
 * injection; every allocation of ours goes through fa_malloc.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "serialize/json_read.h"

struct fa_json_node {
    const cJSON *item;
    const fa_json_doc *doc;
    const fa_json_node *parent;
    const fa_json_node **kids; /* n_kids pointers into doc->nodes */
    size_t n_kids;
    size_t index;              /* position within the parent */
    size_t offset;             /* byte offset of the value */
    size_t len;                /* byte length (numbers only) */
    uint32_t line, column;
    uint32_t key_line, key_column;
    fa_json_type type;
};

struct fa_json_doc {
    char *name;
    char *text;
    size_t len;
    cJSON *root;
    fa_json_node *nodes;
    size_t n_nodes;
    const fa_json_node **kids;
};

/* ---- step 1: the scanner ------------------------------------------------ */

typedef struct scanner {
    const char *s;
    size_t len;
    size_t i;
    uint32_t line, col;
    bool after_cr;
    fa_json_node *nodes;
    size_t n, cap;
    const char *name;
    fa_error *err;
    fa_status rc; /* FA_OK, or the failure */
} scanner;

static void adv(scanner *sc)
{
    unsigned char c = (unsigned char)sc->s[sc->i++];

    if (c == '\r') {
        sc->line++;
        sc->col = 1;
        sc->after_cr = true;
        return;
    }
    if (c == '\n') {
        if (!sc->after_cr) {
            sc->line++;
            sc->col = 1;
        }
        sc->after_cr = false;
        return;
    }
    sc->after_cr = false;
    if ((c & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
        sc->col++;
}

static int peek(const scanner *sc)
{
    return sc->i < sc->len ? (unsigned char)sc->s[sc->i] : -1;
}

static bool scan_fail(scanner *sc, const char *fmt, ...) FA_PRINTF(2, 3);

static bool scan_fail(scanner *sc, const char *fmt, ...)
{
    va_list ap;

    if (sc->err != NULL) {
        memset(&sc->err->loc, 0, sizeof sc->err->loc);
        fa_error_set_loc(sc->err, sc->name, 0, sc->line, sc->col, NULL);
        va_start(ap, fmt);
        (void)fa_error_setv(sc->err, FA_EPARSE, fmt, ap);
        va_end(ap);
    }
    sc->rc = FA_EPARSE;
    return false;
}

/* Describes the byte at the cursor for messages. */
static void what_is_here(const scanner *sc, char *buf, size_t n)
{
    int c = peek(sc);

    if (c < 0)
        snprintf(buf, n, "end of text");
    else if (c >= 0x20 && c < 0x7F)
        snprintf(buf, n, "'%c'", c);
    else
        snprintf(buf, n, "byte 0x%02X", (unsigned)c);
}

static void skip_ws(scanner *sc)
{
    int c;

    while ((c = peek(sc)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        adv(sc);
}

static fa_json_node *record_value(scanner *sc)
{
    fa_json_node *nd;

    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        fa_json_node *p = fa_reallocarray(sc->nodes, cap, sizeof *p);
        if (p == NULL) {
            sc->rc = fa_error_set(sc->err, FA_ENOMEM, "out of memory parsing JSON");
            return NULL;
        }
        sc->nodes = p;
        sc->cap = cap;
    }
    nd = &sc->nodes[sc->n++];
    memset(nd, 0, sizeof *nd);
    nd->offset = sc->i;
    nd->line = nd->key_line = sc->line;
    nd->column = nd->key_column = sc->col;
    return nd;
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads the 4 hex digits after "\u"; the cursor is on the first digit. */
static bool scan_hex4(scanner *sc, unsigned *out)
{
    unsigned v = 0;
    int k;

    for (k = 0; k < 4; k++) {
        int d = hex_digit(peek(sc));
        if (d < 0)
            return scan_fail(sc, "invalid \\u escape: expected 4 hex digits");
        v = v * 16 + (unsigned)d;
        adv(sc);
    }
    *out = v;
    return true;
}

static bool scan_string(scanner *sc)
{
    uint32_t line = sc->line, col = sc->col;

    adv(sc); /* opening quote */
    for (;;) {
        int c = peek(sc);

        if (c < 0) {
            sc->line = line;
            sc->col = col;
            return scan_fail(sc, "unterminated string");
        }
        if (c == '"') {
            adv(sc);
            return true;
        }
        if (c < 0x20)
            return scan_fail(sc, "control character (byte 0x%02X) inside a string; "
                                 "write it as an escape such as \\n",
                             (unsigned)c);
        if (c >= 0x80) {
            /* RFC 8259: JSON text is UTF-8; a malformed sequence would end up in a
             * group name or a report and make our own outputs invalid. */
            uint32_t cp;
            size_t k = fa_utf8_next(sc->s + sc->i, sc->len - sc->i, &cp);

            if (k == 0)
                return scan_fail(sc, "invalid UTF-8 (byte 0x%02X) inside a string; the file "
                                     "must be UTF-8",
                                 (unsigned)c);
            while (k-- > 0)
                adv(sc);
            continue;
        }
        if (c != '\\') {
            adv(sc);
            continue;
        }
        adv(sc);
        c = peek(sc);
        if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
            c == 't') {
            adv(sc);
            continue;
        }
        if (c != 'u')
            return scan_fail(sc, "invalid escape sequence in a string");
        adv(sc);
        {
            unsigned cp, lo;

            if (!scan_hex4(sc, &cp))
                return false;
            if (cp == 0)
                return scan_fail(sc, "\\u0000 (NUL) is not allowed in strings");
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return scan_fail(sc, "invalid \\u escape: unpaired low surrogate");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (peek(sc) != '\\')
                    return scan_fail(sc, "invalid \\u escape: unpaired high surrogate");
                adv(sc);
                if (peek(sc) != 'u')
                    return scan_fail(sc, "invalid \\u escape: unpaired high surrogate");
                adv(sc);
                if (!scan_hex4(sc, &lo))
                    return false;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return scan_fail(sc, "invalid \\u escape: unpaired high surrogate");
            }
        }
    }
}

static bool is_digit_c(int c)
{
    return c >= '0' && c <= '9';
}

static bool scan_number(scanner *sc)
{
    if (peek(sc) == '-')
        adv(sc);
    if (peek(sc) == '0') {
        adv(sc);
        if (is_digit_c(peek(sc)))
            return scan_fail(sc, "leading zeros are not allowed in numbers");
    } else if (is_digit_c(peek(sc))) {
        while (is_digit_c(peek(sc)))
            adv(sc);
    } else {
        return scan_fail(sc, "expected a digit");
    }
    if (peek(sc) == '.') {
        adv(sc);
        if (!is_digit_c(peek(sc)))
            return scan_fail(sc, "expected a digit after the decimal point");
        while (is_digit_c(peek(sc)))
            adv(sc);
    }
    if (peek(sc) == 'e' || peek(sc) == 'E') {
        adv(sc);
        if (peek(sc) == '+' || peek(sc) == '-')
            adv(sc);
        if (!is_digit_c(peek(sc)))
            return scan_fail(sc, "expected a digit in the exponent");
        while (is_digit_c(peek(sc)))
            adv(sc);
    }
    return true;
}

static bool scan_literal(scanner *sc, const char *word)
{
    size_t n = strlen(word);

    if (sc->len - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
        return scan_fail(sc, "invalid literal (expected a value such as true, false, null, a "
                             "number, a string, an array or an object)");
    while (n-- > 0)
        adv(sc);
    return true;
}

static bool scan_value(scanner *sc, int depth, bool has_key, uint32_t kl, uint32_t kc);

static bool scan_container(scanner *sc, int depth, bool is_object)
{
    char close = is_object ? '}' : ']';
    bool first = true;
    char here[32];

    if (depth >= FA_JSON_MAX_DEPTH)
        return scan_fail(sc, "nesting deeper than %d levels", FA_JSON_MAX_DEPTH);
    adv(sc); /* '{' or '[' */
    skip_ws(sc);
    if (peek(sc) == close) {
        adv(sc);
        return true;
    }
    for (;;) {
        uint32_t kl = 0, kc = 0;

        if (is_object) {
            if (peek(sc) != '"') {
                if (!first && peek(sc) == '}')
                    return scan_fail(sc, "trailing comma before '}'");
                what_is_here(sc, here, sizeof here);
                return scan_fail(sc, "expected a string key, found %s", here);
            }
            kl = sc->line;
            kc = sc->col;
            if (!scan_string(sc))
                return false;
            skip_ws(sc);
            if (peek(sc) != ':') {
                what_is_here(sc, here, sizeof here);
                return scan_fail(sc, "expected ':' after the key, found %s", here);
            }
            adv(sc);
        } else if (!first && peek(sc) == ']') {
            return scan_fail(sc, "trailing comma before ']'");
        }
        if (!scan_value(sc, depth + 1, is_object, kl, kc))
            return false;
        skip_ws(sc);
        if (peek(sc) == ',') {
            adv(sc);
            skip_ws(sc);
            first = false;
            continue;
        }
        if (peek(sc) == close) {
            adv(sc);
            return true;
        }
        what_is_here(sc, here, sizeof here);
        return scan_fail(sc, "expected ',' or '%c' after %s, found %s", close,
                         is_object ? "an object member" : "an array element", here);
    }
}

static bool scan_value(scanner *sc, int depth, bool has_key, uint32_t kl, uint32_t kc)
{
    fa_json_node *nd;
    size_t idx;
    int c;
    char here[32];

    skip_ws(sc);
    c = peek(sc);
    if (c < 0)
        return scan_fail(sc, "unexpected end of JSON text, expected a value");
    nd = record_value(sc);
    if (nd == NULL)
        return false;
    idx = sc->n - 1;
    if (has_key) {
        nd->key_line = kl;
        nd->key_column = kc;
    }
    switch (c) {
    case '{':
        return scan_container(sc, depth, true);
    case '[':
        return scan_container(sc, depth, false);
    case '"':
        return scan_string(sc);
    case 't':
        return scan_literal(sc, "true");
    case 'f':
        return scan_literal(sc, "false");
    case 'n':
        return scan_literal(sc, "null");
    default:
        break;
    }
    if (c == '-' || is_digit_c(c)) {
        if (!scan_number(sc))
            return false;
        sc->nodes[idx].len = sc->i - sc->nodes[idx].offset; /* nodes may have moved */
        return true;
    }
    what_is_here(sc, here, sizeof here);
    return scan_fail(sc, "expected a value, found %s", here);
}

static bool scan_document(scanner *sc)
{
    if (sc->len >= 3 && memcmp(sc->s, "\xEF\xBB\xBF", 3) == 0)
        sc->i = 3; /* UTF-8 byte-order mark: not a column */
    if (!scan_value(sc, 0, false, 0, 0))
        return false;
    skip_ws(sc);
    if (sc->i < sc->len) {
        char here[32];
        what_is_here(sc, here, sizeof here);
        return scan_fail(sc, "unexpected %s after the JSON value", here);
    }
    return true;
}

/* ---- step 3: pairing ------------------------------------------------------ */

static fa_json_type type_of_item(const cJSON *item)
{
    switch (item->type & 0xFF) {
    case cJSON_False:
    case cJSON_True:
        return FA_JSON_BOOL;
    case cJSON_Number:
        return FA_JSON_NUMBER;
    case cJSON_String:
        return FA_JSON_STRING;
    case cJSON_Array:
        return FA_JSON_ARRAY;
    case cJSON_Object:
        return FA_JSON_OBJECT;
    default:
        return FA_JSON_NULL;
    }
}

static bool kind_matches(fa_json_type t, char c)
{
    switch (t) {
    case FA_JSON_NULL:
        return c == 'n';
    case FA_JSON_BOOL:
        return c == 't' || c == 'f';
    case FA_JSON_NUMBER:
        return c == '-' || is_digit_c(c);
    case FA_JSON_STRING:
        return c == '"';
    case FA_JSON_ARRAY:
        return c == '[';
    case FA_JSON_OBJECT:
        return c == '{';
    }
    return false;
}

typedef struct pairing {
    fa_json_doc *doc;
    size_t next;      /* next node rank */
    size_t kid_next;  /* next free slot in doc->kids */
} pairing;

static bool pair_walk(pairing *pw, const cJSON *item, const fa_json_node *parent, size_t index)
{
    fa_json_doc *doc = pw->doc;
    fa_json_node *nd;
    const cJSON *ch;
    size_t count = 0, j;

    if (pw->next >= doc->n_nodes)
        return false;
    nd = &doc->nodes[pw->next++];
    nd->item = item;
    nd->doc = doc;
    nd->parent = parent;
    nd->index = index;
    nd->type = type_of_item(item);
    if (!kind_matches(nd->type, doc->text[nd->offset]))
        return false;
    if (nd->type != FA_JSON_ARRAY && nd->type != FA_JSON_OBJECT)
        return true;
    for (ch = item->child; ch != NULL; ch = ch->next)
        count++;
    if (count > doc->n_nodes - pw->kid_next)
        return false;
    nd->kids = &doc->kids[pw->kid_next];
    nd->n_kids = count;
    pw->kid_next += count;
    for (ch = item->child, j = 0; ch != NULL; ch = ch->next, j++) {
        if (pw->next >= doc->n_nodes)
            return false;
        nd->kids[j] = &doc->nodes[pw->next];
        if (!pair_walk(pw, ch, nd, j))
            return false;
    }
    return true;
}

/* ---- duplicate keys --------------------------------------------------------- */

static int cmp_member(const void *a, const void *b)
{
    const fa_json_node *x = *(const fa_json_node *const *)a;
    const fa_json_node *y = *(const fa_json_node *const *)b;
    int c = strcmp(x->item->string, y->item->string);

    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

#define FA_JSON_DUP_SCAN_MAX 32 /* members up to which a quadratic scan is cheaper */

/* Finds the member whose key repeats an earlier one (earliest such member). */
static fa_status find_duplicate(const fa_json_node *obj, const fa_json_node **dup_out,
                                const fa_json_node **first_out, fa_error *err)
{
    size_t i, j, n = obj->n_kids;

    *dup_out = NULL;
    if (n <= FA_JSON_DUP_SCAN_MAX) {
        for (j = 1; j < n; j++)
            for (i = 0; i < j; i++)
                if (strcmp(obj->kids[i]->item->string, obj->kids[j]->item->string) == 0) {
                    *dup_out = obj->kids[j];
                    *first_out = obj->kids[i];
                    return FA_OK;
                }
        return FA_OK;
    }
    {
        const fa_json_node **sorted = fa_reallocarray(NULL, n, sizeof *sorted);

        if (sorted == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory parsing JSON");
        memcpy(sorted, obj->kids, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_member);
        for (i = 1; i < n; i++)
            if (strcmp(sorted[i - 1]->item->string, sorted[i]->item->string) == 0 &&
                (*dup_out == NULL || sorted[i]->index < (*dup_out)->index)) {
                size_t k = i - 1;
                while (k > 0 && strcmp(sorted[k - 1]->item->string, sorted[i]->item->string) == 0)
                    k--;
                *dup_out = sorted[i];
                *first_out = sorted[k];
            }
        fa_free(sorted);
    }
    return FA_OK;
}

static fa_status check_duplicates(const fa_json_doc *doc, fa_error *err)
{
    size_t i;

    for (i = 0; i < doc->n_nodes; i++) {
        const fa_json_node *nd = &doc->nodes[i], *dup, *first;

        if (nd->type != FA_JSON_OBJECT || nd->n_kids < 2)
            continue;
        FA_TRY(find_duplicate(nd, &dup, &first, err));
        if (dup != NULL)
            return fa_json_error_at_key(err, dup, FA_EPARSE,
                                        "duplicate key \"%s\" (first defined on line %u)",
                                        dup->item->string, (unsigned)first->key_line);
    }
    return FA_OK;
}

/* ---- documents ------------------------------------------------------------ */

void fa_json_doc_free(fa_json_doc *doc)
{
    if (doc == NULL)
        return;
    if (doc->root != NULL)
        cJSON_Delete(doc->root);
    fa_free(doc->nodes);
    fa_free(doc->kids);
    fa_free(doc->text);
    fa_free(doc->name);
    fa_free(doc);
}

fa_status fa_json_doc_parse(fa_json_doc **out, const char *text, size_t len, const char *name,
                            fa_error *err)
{
    fa_json_doc *doc;
    scanner sc;
    pairing pw;
    const char *end = NULL;
    size_t len1;
    fa_status rc;

    *out = NULL;
    if (text == NULL && len > 0)
        FA_FAIL(err, FA_EINVAL, "fa_json_doc_parse: NULL text");
    if (name == NULL)
        name = "<json>";
    if (!fa_size_add(&len1, len, 1))
        FA_FAIL(err, FA_ENOMEM, "JSON text too large");
    doc = fa_calloc(1, sizeof *doc);
    if (doc == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory parsing JSON");
    doc->name = fa_strdup(name);
    doc->text = fa_malloc(len1);
    if (doc->name == NULL || doc->text == NULL) {
        fa_json_doc_free(doc);
        FA_FAIL(err, FA_ENOMEM, "out of memory parsing JSON");
    }
    if (len > 0)
        memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;

    memset(&sc, 0, sizeof sc);
    sc.s = doc->text;
    sc.len = len;
    sc.line = sc.col = 1;
    sc.name = doc->name;
    sc.err = err;
    if (!scan_document(&sc)) {
        rc = sc.rc;
        fa_free(sc.nodes);
        fa_json_doc_free(doc);
        return rc;
    }
    doc->nodes = sc.nodes;
    doc->n_nodes = sc.n;

    /* The text is valid strict JSON with no NUL byte, so cJSON can only fail
     * for lack of memory. Passing len + 1 covers the terminating NUL that
     * require_null_terminated looks for. */
    doc->root = cJSON_ParseWithLengthOpts(doc->text, len1, &end, 1);
    if (doc->root == NULL) {
        fa_json_doc_free(doc);
        FA_FAIL(err, FA_ENOMEM, "out of memory parsing JSON");
    }
    doc->kids = fa_reallocarray(NULL, doc->n_nodes, sizeof *doc->kids);
    if (doc->kids == NULL) {
        fa_json_doc_free(doc);
        FA_FAIL(err, FA_ENOMEM, "out of memory parsing JSON");
    }
    pw.doc = doc;
    pw.next = 0;
    pw.kid_next = 0;
    if (!pair_walk(&pw, doc->root, NULL, 0) || pw.next != doc->n_nodes) {
        fa_json_doc_free(doc);
        FA_FAIL(err, FA_ERROR, "internal error: JSON positions do not match the parsed tree");
    }
    rc = check_duplicates(doc, err);
    if (rc != FA_OK) {
        fa_json_doc_free(doc);
        return rc;
    }
    *out = doc;
    return FA_OK;
}

fa_status fa_json_doc_load(fa_json_doc **out, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    *out = NULL;
    rc = fa_read_file(path, &text, &len, err);
    if (rc != FA_OK)
        return rc;
    rc = fa_json_doc_parse(out, text, len, path, err);
    fa_free(text);
    return rc;
}

const fa_json_node *fa_json_doc_root(const fa_json_doc *doc)
{
    return doc != NULL && doc->n_nodes > 0 ? &doc->nodes[0] : NULL;
}

const char *fa_json_doc_name(const fa_json_doc *doc)
{
    return doc->name;
}

const char *fa_json_doc_text(const fa_json_doc *doc, size_t *len_out)
{
    if (len_out != NULL)
        *len_out = doc->len;
    return doc->text;
}

/* ---- nodes -------------------------------------------------------------- */

fa_json_type fa_json_type_of(const fa_json_node *n)
{
    return n->type;
}

const char *fa_json_type_name(fa_json_type t)
{
    switch (t) {
    case FA_JSON_NULL:
        return "null";
    case FA_JSON_BOOL:
        return "boolean";
    case FA_JSON_NUMBER:
        return "number";
    case FA_JSON_STRING:
        return "string";
    case FA_JSON_ARRAY:
        return "array";
    case FA_JSON_OBJECT:
        return "object";
    }
    return "unknown";
}

static const char *type_with_article(fa_json_type t)
{
    switch (t) {
    case FA_JSON_NULL:
        return "null";
    case FA_JSON_BOOL:
        return "a boolean";
    case FA_JSON_NUMBER:
        return "a number";
    case FA_JSON_STRING:
        return "a string";
    case FA_JSON_ARRAY:
        return "an array";
    case FA_JSON_OBJECT:
        return "an object";
    }
    return "unknown";
}

const fa_json_doc *fa_json_node_doc(const fa_json_node *n)
{
    return n->doc;
}

uint32_t fa_json_line(const fa_json_node *n)
{
    return n->line;
}

uint32_t fa_json_column(const fa_json_node *n)
{
    return n->column;
}

size_t fa_json_offset(const fa_json_node *n)
{
    return n->offset;
}

static bool is_member(const fa_json_node *n)
{
    return n->parent != NULL && n->parent->type == FA_JSON_OBJECT;
}

const char *fa_json_key(const fa_json_node *n)
{
    return is_member(n) ? n->item->string : NULL;
}

uint32_t fa_json_key_line(const fa_json_node *n)
{
    return n->key_line;
}

uint32_t fa_json_key_column(const fa_json_node *n)
{
    return n->key_column;
}

const fa_json_node *fa_json_parent(const fa_json_node *n)
{
    return n->parent;
}

size_t fa_json_index(const fa_json_node *n)
{
    return n->index;
}

size_t fa_json_count(const fa_json_node *n)
{
    return n != NULL ? n->n_kids : 0;
}

const fa_json_node *fa_json_at(const fa_json_node *n, size_t i)
{
    if (n == NULL || i >= n->n_kids)
        return NULL;
    return n->kids[i];
}

const fa_json_node *fa_json_member(const fa_json_node *obj, const char *key)
{
    size_t i;

    if (obj == NULL || obj->type != FA_JSON_OBJECT)
        return NULL;
    for (i = 0; i < obj->n_kids; i++)
        if (strcmp(obj->kids[i]->item->string, key) == 0)
            return obj->kids[i];
    return NULL;
}

const char *fa_json_string(const fa_json_node *n)
{
    return n != NULL && n->type == FA_JSON_STRING ? n->item->valuestring : NULL;
}

bool fa_json_bool(const fa_json_node *n)
{
    return n != NULL && n->type == FA_JSON_BOOL && (n->item->type & 0xFF) == cJSON_True;
}

double fa_json_number(const fa_json_node *n)
{
    double v;

    if (n == NULL || n->type != FA_JSON_NUMBER)
        return fa_nan();
    if (!fa_parse_double(n->doc->text + n->offset, n->len, &v))
        return n->item->valuedouble; /* unreachable: the scanner checked the syntax */
    return v;
}

const char *fa_json_number_text(const fa_json_node *n, size_t *len_out)
{
    if (n == NULL || n->type != FA_JSON_NUMBER)
        return NULL;
    if (len_out != NULL)
        *len_out = n->len;
    return n->doc->text + n->offset;
}

/* ---- errors ----------------------------------------------------------------- */

static fa_status error_at_v(fa_error *err, const fa_json_node *n, uint32_t line, uint32_t col,
                            fa_status code, const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    memset(&err->loc, 0, sizeof err->loc);
    fa_error_set_loc(err, n->doc->name, 0, line, col, NULL);
    return fa_error_setv(err, code, fmt, ap);
}

fa_status fa_json_error_at(fa_error *err, const fa_json_node *n, fa_status code, const char *fmt,
                           ...)
{
    va_list ap;

    va_start(ap, fmt);
    (void)error_at_v(err, n, n->line, n->column, code, fmt, ap);
    va_end(ap);
    return code;
}

fa_status fa_json_error_at_key(fa_error *err, const fa_json_node *n, fa_status code,
                               const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    (void)error_at_v(err, n, n->key_line, n->key_column, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *fa_json_describe(const fa_json_node *n, char *buf, size_t n_buf)
{
    const fa_json_node *p = n->parent;

    if (n_buf == 0)
        return buf;
    if (p == NULL) {
        snprintf(buf, n_buf, "the document");
    } else if (p->type == FA_JSON_OBJECT) {
        snprintf(buf, n_buf, "\"%s\"", n->item->string);
    } else if (p->parent != NULL && p->parent->type == FA_JSON_OBJECT) {
        snprintf(buf, n_buf, "\"%s\"[%zu]", p->item->string, n->index);
    } else {
        snprintf(buf, n_buf, "[%zu]", n->index);
    }
    return buf;
}

/* ---- typed access ----------------------------------------------------------- */

#define FA_JSON_DESC_MAX 96

fa_status fa_json_expect(const fa_json_node *n, fa_json_type t, fa_error *err)
{
    char what[FA_JSON_DESC_MAX];

    if (n->type == t)
        return FA_OK;
    return fa_json_error_at(err, n, FA_ESCHEMA, "%s must be %s, not %s",
                            fa_json_describe(n, what, sizeof what), type_with_article(t),
                            type_with_article(n->type));
}

fa_status fa_json_get_string(const fa_json_node *n, const char **out, fa_error *err)
{
    FA_TRY(fa_json_expect(n, FA_JSON_STRING, err));
    *out = n->item->valuestring;
    return FA_OK;
}

fa_status fa_json_get_number(const fa_json_node *n, double *out, fa_error *err)
{
    char what[FA_JSON_DESC_MAX];
    double v;

    FA_TRY(fa_json_expect(n, FA_JSON_NUMBER, err));
    v = fa_json_number(n);
    if (!isfinite(v))
        return fa_json_error_at(err, n, FA_ESCHEMA, "%s is out of range for a double",
                                fa_json_describe(n, what, sizeof what));
    *out = v;
    return FA_OK;
}

/* Parses an integer literal exactly; false on fraction/exponent or overflow. */
static bool parse_int_literal(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t mag = 0, limit;

    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    if (i == len)
        return false;
    limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; i < len; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9')
            return false;
        d = (unsigned)(s[i] - '0');
        if (mag > (limit - d) / 10)
            return false;
        mag = mag * 10 + d;
    }
    if (neg)
        *out = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
    else
        *out = (int64_t)mag;
    return true;
}

#define FA_JSON_EXACT_INT_MAX 9007199254740992.0 /* 2^53: doubles are exact integers below */

fa_status fa_json_get_int(const fa_json_node *n, int64_t lo, int64_t hi, int64_t *out,
                          fa_error *err)
{
    char what[FA_JSON_DESC_MAX];
    int64_t v = 0;
    bool ok;

    FA_TRY(fa_json_expect(n, FA_JSON_NUMBER, err));
    ok = parse_int_literal(n->doc->text + n->offset, n->len, &v);
    if (!ok) {
        /* 2.0 or 1e3 are accepted when exactly integral and exactly representable */
        double d = fa_json_number(n);
        if (isfinite(d) && d == floor(d) && fabs(d) <= FA_JSON_EXACT_INT_MAX) {
            v = (int64_t)d;
            ok = true;
        }
    }
    if (!ok || v < lo || v > hi) {
        fa_json_describe(n, what, sizeof what);
        return fa_json_error_at(err, n, FA_ESCHEMA, "%s must be an integer in [%lld, %lld]",
                                what, (long long)lo, (long long)hi);
    }
    *out = v;
    return FA_OK;
}

fa_status fa_json_get_bool(const fa_json_node *n, bool *out, fa_error *err)
{
    FA_TRY(fa_json_expect(n, FA_JSON_BOOL, err));
    *out = (n->item->type & 0xFF) == cJSON_True;
    return FA_OK;
}

fa_status fa_json_get_member(const fa_json_node *obj, const char *key, bool required,
                             const fa_json_node **out, fa_error *err)
{
    *out = NULL;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    *out = fa_json_member(obj, key);
    if (*out == NULL && required)
        return fa_json_error_at(err, obj, FA_ESCHEMA, "missing required key \"%s\"", key);
    return FA_OK;
}

fa_status fa_json_check_keys(const fa_json_node *obj, const char *const *allowed,
                             size_t n_allowed, fa_error *err)
{
    size_t i, k;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    for (i = 0; i < obj->n_kids; i++) {
        const char *key = obj->kids[i]->item->string;
        bool known = false;

        for (k = 0; k < n_allowed && !known; k++)
            known = strcmp(key, allowed[k]) == 0;
        if (!known)
            return fa_json_error_at_key(err, obj->kids[i], FA_ESCHEMA, "unknown key \"%s\"", key);
    }
    return FA_OK;
}

fa_status fa_json_check_format(const fa_json_node *root, const char *format, const char *what,
                               int version, fa_error *err)
{
    const fa_json_node *n = fa_json_member(root, "format");
    const char *got = fa_json_string(n);
    int64_t v;

    if (!fa_json_is(root, FA_JSON_OBJECT) || got == NULL || strcmp(got, format) != 0)
        return fa_json_error_at(err, n != NULL ? n : root, FA_EFORMAT,
                                "not a fairaudit %s file (\"format\" must be \"%s\")", what,
                                format);
    FA_TRY(fa_json_get_member(root, "format_version", true, &n, err));
    FA_TRY(fa_json_get_int(n, INT64_MIN, INT64_MAX, &v, err));
    if (v != version)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported %s format_version %lld (this build reads %d)", what,
                                (long long)v, version);
    return FA_OK;
}

void fa_json_write_node(fa_jw *w, const fa_json_node *n)
{
    size_t i;

    switch (fa_json_type_of(n)) {
    case FA_JSON_NULL:
        fa_jw_null(w);
        break;
    case FA_JSON_BOOL:
        fa_jw_bool(w, fa_json_bool(n));
        break;
    case FA_JSON_NUMBER:
        fa_jw_number(w, fa_json_number(n));
        break;
    case FA_JSON_STRING:
        fa_jw_string(w, fa_json_string(n));
        break;
    case FA_JSON_ARRAY:
        fa_jw_array_begin(w);
        for (i = 0; i < fa_json_count(n); i++)
            fa_json_write_node(w, fa_json_at(n, i));
        fa_jw_array_end(w);
        break;
    case FA_JSON_OBJECT:
        fa_jw_object_begin(w);
        for (i = 0; i < fa_json_count(n); i++) {
            fa_jw_key(w, fa_json_key(fa_json_at(n, i)));
            fa_json_write_node(w, fa_json_at(n, i));
        }
        fa_jw_object_end(w);
        break;
    }
}
