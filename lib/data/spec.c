/*
 * spec.c — dataset specs: how to read one delimited file (docs/format/spec.md).
 *
 * The spec is JSON read through lib/serialize/json_read.h, so every semantic
 * error is located in the spec file:
 *     adult.json:14:17: "role" must be one of "numeric", "categorical", ...
 * Checks that need the data file (a listed column absent from the header)
 * happen when a table is loaded and are located in the spec too (each column
 * keeps the position of its "name").
 */
#include <string.h>

#include "common/internal.h"
#include "data/spec_internal.h"
#include "serialize/json_read.h"

static const char *const top_keys[] = {"format",    "format_version", "name",
                                       "description", "delimiter",    "quote",
                                       "header",    "trim",           "comment",
                                       "skip_empty_lines", "missing", "incomplete_rows",
                                       "columns",   "derived"};
static const char *const column_keys[] = {"name",     "role",     "description",
                                          "map",      "missing",  "positive",
                                          "negative", "positive_is_favorable"};
static const char *const derived_keys[] = {"name", "from",    "role",   "description",
                                           "map",  "cut",     "missing", "positive",
                                           "negative", "positive_is_favorable"};
static const char *const cut_keys[] = {"breaks", "labels"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const char *name;
    fa_role role;
} role_names[] = {
    {"numeric", FA_ROLE_NUMERIC},     {"categorical", FA_ROLE_CATEGORICAL},
    {"label", FA_ROLE_LABEL},         {"protected", FA_ROLE_PROTECTED},
    {"weight", FA_ROLE_WEIGHT},       {"ignore", FA_ROLE_IGNORE},
};

#define ROLE_CHOICES "\"numeric\", \"categorical\", \"label\", \"protected\", \"weight\", \"ignore\""

const char *fa_role_name(fa_role role)
{
    size_t i;

    for (i = 0; i < N_OF(role_names); i++)
        if (role_names[i].role == role)
            return role_names[i].name;
    return "unknown";
}

/* ---- maps and cuts ------------------------------------------------------------ */

bool fa_spec__map_lookup(const fa_spec_map *m, const char *s, size_t n, const char **out,
                         size_t *out_len)
{
    int64_t k = fa_strdict_find(&m->from, s, n);
    size_t t;

    if (k < 0)
        return false;
    t = m->to_index[k];
    *out = fa_strdict_key(&m->to, t);
    *out_len = fa_strdict_key_len(&m->to, t);
    return true;
}

size_t fa_spec__cut_bin(const fa_spec_cut *c, double x)
{
    size_t lo = 0, hi = c->n_breaks; /* answer in [lo, hi] */

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x < c->breaks[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void map_dispose(fa_spec_map *m)
{
    fa_strdict_dispose(&m->from);
    fa_strdict_dispose(&m->to);
    fa_free(m->to_index);
    m->to_index = NULL;
}

static void col_dispose(fa_spec_col *c)
{
    fa_free(c->name);
    map_dispose(&c->map);
    fa_free(c->cut.breaks);
    fa_strdict_dispose(&c->cut.labels);
    fa_strdict_dispose(&c->missing);
}

void fa_spec_free(fa_spec *spec)
{
    size_t i;

    if (spec == NULL)
        return;
    for (i = 0; i < spec->n_cols; i++)
        col_dispose(&spec->cols[i]);
    fa_free(spec->cols);
    fa_strdict_dispose(&spec->missing);
    fa_free(spec->name);
    fa_free(spec->path);
    fa_free(spec->positive);
    fa_free(spec->negative);
    fa_free(spec);
}

/* ---- parsing helpers ------------------------------------------------------------ */

static fa_status nomem(fa_error *err)
{
    FA_FAIL(err, FA_ENOMEM, "out of memory reading the dataset spec");
}

static fa_status get_nonempty_string(const fa_json_node *n, const char **out, fa_error *err)
{
    char what[96];

    FA_TRY(fa_json_get_string(n, out, err));
    if ((*out)[0] == '\0')
        return fa_json_error_at(err, n, FA_ESCHEMA, "%s must not be empty",
                                fa_json_describe(n, what, sizeof what));
    return FA_OK;
}

/* An optional one-byte character option; "" means none when allow_none. */
static fa_status get_char(const fa_json_node *obj, const char *key, bool allow_none, char *out,
                          fa_error *err)
{
    const fa_json_node *n;
    const char *s;

    FA_TRY(fa_json_get_member(obj, key, false, &n, err));
    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_string(n, &s, err));
    if (s[0] == '\0' && allow_none) {
        *out = '\0';
        return FA_OK;
    }
    if (strlen(s) != 1)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"%s\" must be a single one-byte character%s, got \"%s\"", key,
                                allow_none ? " or \"\"" : "", s);
    if (s[0] == '\n' || s[0] == '\r')
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" cannot be a line break", key);
    *out = s[0];
    return FA_OK;
}

static fa_status get_opt_bool(const fa_json_node *obj, const char *key, bool *out, fa_error *err)
{
    const fa_json_node *n;

    FA_TRY(fa_json_get_member(obj, key, false, &n, err));
    if (n == NULL)
        return FA_OK;
    return fa_json_get_bool(n, out, err);
}

/* An array of strings into a set (repeats are harmless). */
static fa_status get_string_set(const fa_json_node *n, fa_strdict *out, fa_error *err)
{
    size_t i, idx;

    FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
    for (i = 0; i < fa_json_count(n); i++) {
        const char *s;
        FA_TRY(fa_json_get_string(fa_json_at(n, i), &s, err));
        if (!fa_strdict_intern(out, s, strlen(s), &idx, NULL))
            return nomem(err);
    }
    return FA_OK;
}

static fa_status parse_map(const fa_json_node *n, fa_spec_map *m, fa_error *err)
{
    size_t i, count = fa_json_count(n);

    FA_TRY(fa_json_expect(n, FA_JSON_OBJECT, err));
    m->to_index = fa_reallocarray(NULL, count ? count : 1, sizeof *m->to_index);
    if (m->to_index == NULL)
        return nomem(err);
    for (i = 0; i < count; i++) {
        const fa_json_node *v = fa_json_at(n, i);
        const char *key = fa_json_key(v), *to;
        size_t k, t;

        FA_TRY(fa_json_get_string(v, &to, err));
        if (!fa_strdict_intern(&m->from, key, strlen(key), &k, NULL) ||
            !fa_strdict_intern(&m->to, to, strlen(to), &t, NULL))
            return nomem(err);
        m->to_index[k] = t;
    }
    return FA_OK;
}

static fa_status parse_cut(const fa_json_node *n, fa_spec_cut *c, fa_error *err)
{
    const fa_json_node *breaks, *labels;
    size_t i, nb, idx;
    bool added;

    FA_TRY(fa_json_check_keys(n, cut_keys, N_OF(cut_keys), err));
    FA_TRY(fa_json_get_member(n, "breaks", true, &breaks, err));
    FA_TRY(fa_json_get_member(n, "labels", true, &labels, err));
    FA_TRY(fa_json_expect(breaks, FA_JSON_ARRAY, err));
    FA_TRY(fa_json_expect(labels, FA_JSON_ARRAY, err));
    nb = fa_json_count(breaks);
    if (nb == 0)
        return fa_json_error_at(err, breaks, FA_ESCHEMA, "\"breaks\" must hold at least one number");
    c->breaks = fa_reallocarray(NULL, nb, sizeof *c->breaks);
    if (c->breaks == NULL)
        return nomem(err);
    for (i = 0; i < nb; i++) {
        FA_TRY(fa_json_get_number(fa_json_at(breaks, i), &c->breaks[i], err));
        if (i > 0 && !(c->breaks[i] > c->breaks[i - 1]))
            return fa_json_error_at(err, fa_json_at(breaks, i), FA_ESCHEMA,
                                    "\"breaks\" must be strictly increasing");
    }
    c->n_breaks = nb;
    if (fa_json_count(labels) != nb + 1)
        return fa_json_error_at(err, labels, FA_ESCHEMA,
                                "\"labels\" must hold %zu strings (one more than \"breaks\"), "
                                "not %zu",
                                nb + 1, fa_json_count(labels));
    for (i = 0; i <= nb; i++) {
        const fa_json_node *l = fa_json_at(labels, i);
        const char *s;

        FA_TRY(get_nonempty_string(l, &s, err));
        if (!fa_strdict_intern(&c->labels, s, strlen(s), &idx, &added))
            return nomem(err);
        if (!added)
            return fa_json_error_at(err, l, FA_ESCHEMA, "label \"%s\" is repeated", s);
    }
    return FA_OK;
}

static fa_status parse_role(const fa_json_node *n, fa_role *out, fa_error *err)
{
    const char *s;
    size_t i;

    FA_TRY(fa_json_get_string(n, &s, err));
    for (i = 0; i < N_OF(role_names); i++)
        if (strcmp(s, role_names[i].name) == 0) {
            *out = role_names[i].role;
            return FA_OK;
        }
    return fa_json_error_at(err, n, FA_ESCHEMA, "\"role\" must be one of " ROLE_CHOICES
                            ", not \"%s\"", s);
}

/* "positive", "negative", "positive_is_favorable": on the label column only. */
static fa_status parse_label_keys(fa_spec *spec, const fa_json_node *obj, fa_role role,
                                  fa_error *err)
{
    static const char *const keys[] = {"positive", "negative", "positive_is_favorable"};
    const fa_json_node *pos, *neg;
    const char *p, *q;
    size_t i;

    if (role != FA_ROLE_LABEL) {
        for (i = 0; i < N_OF(keys); i++) {
            const fa_json_node *n = fa_json_member(obj, keys[i]);
            if (n != NULL)
                return fa_json_error_at_key(err, n, FA_ESCHEMA,
                                            "\"%s\" is only allowed on the label column", keys[i]);
        }
        return FA_OK;
    }
    FA_TRY(fa_json_get_member(obj, "positive", true, &pos, err));
    FA_TRY(fa_json_get_member(obj, "negative", true, &neg, err));
    FA_TRY(get_nonempty_string(pos, &p, err));
    FA_TRY(get_nonempty_string(neg, &q, err));
    if (strcmp(p, q) == 0)
        return fa_json_error_at(err, neg, FA_ESCHEMA,
                                "\"negative\" must differ from \"positive\" (both are \"%s\")", p);
    spec->positive_is_favorable = true;
    FA_TRY(get_opt_bool(obj, "positive_is_favorable", &spec->positive_is_favorable, err));
    spec->positive = fa_strdup(p);
    spec->negative = fa_strdup(q);
    if (spec->positive == NULL || spec->negative == NULL)
        return nomem(err);
    return FA_OK;
}

static fa_status check_unique_name(const fa_spec *spec, size_t upto, const fa_json_node *name_node,
                                   const char *name, fa_error *err)
{
    size_t i;

    for (i = 0; i < upto; i++)
        if (strcmp(spec->cols[i].name, name) == 0)
            return fa_json_error_at(err, name_node, FA_ESCHEMA,
                                    "column name \"%s\" is already used (line %u)", name,
                                    (unsigned)spec->cols[i].line);
    return FA_OK;
}

/* Entries common to "columns" and "derived": name, role, map, missing. */
static fa_status parse_column_common(fa_spec *spec, size_t idx, const fa_json_node *obj,
                                     fa_error *err)
{
    fa_spec_col *c = &spec->cols[idx];
    const fa_json_node *name_node, *role_node, *n;
    const char *name;

    FA_TRY(fa_json_get_member(obj, "name", true, &name_node, err));
    FA_TRY(get_nonempty_string(name_node, &name, err));
    FA_TRY(check_unique_name(spec, idx, name_node, name, err));
    c->name = fa_strdup(name);
    if (c->name == NULL)
        return nomem(err);
    c->line = fa_json_line(name_node);
    c->column = fa_json_column(name_node);
    FA_TRY(fa_json_get_member(obj, "role", true, &role_node, err));
    FA_TRY(parse_role(role_node, &c->role, err));
    FA_TRY(fa_json_get_member(obj, "map", false, &n, err));
    if (n != NULL) {
        c->has_map = true;
        FA_TRY(parse_map(n, &c->map, err));
    }
    FA_TRY(fa_json_get_member(obj, "missing", false, &n, err));
    if (n != NULL)
        FA_TRY(get_string_set(n, &c->missing, err));
    return FA_OK;
}

static fa_status note_special_role(fa_spec *spec, size_t idx, const fa_json_node *obj,
                                   fa_error *err)
{
    const fa_spec_col *c = &spec->cols[idx];
    const fa_json_node *role_node = fa_json_member(obj, "role");

    if (c->role == FA_ROLE_LABEL) {
        if (spec->label != FA_SPEC_NONE)
            return fa_json_error_at(err, role_node, FA_ESCHEMA,
                                    "only one label column is allowed (\"%s\" is the label)",
                                    spec->cols[spec->label].name);
        spec->label = idx;
    }
    if (c->role == FA_ROLE_WEIGHT) {
        if (spec->weight != FA_SPEC_NONE)
            return fa_json_error_at(err, role_node, FA_ESCHEMA,
                                    "only one weight column is allowed (\"%s\" is the weight)",
                                    spec->cols[spec->weight].name);
        spec->weight = idx;
    }
    return parse_label_keys(spec, obj, c->role, err);
}

static fa_status parse_file_column(fa_spec *spec, size_t idx, const fa_json_node *obj,
                                   fa_error *err)
{
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, column_keys, N_OF(column_keys), err));
    FA_TRY(parse_column_common(spec, idx, obj, err));
    return note_special_role(spec, idx, obj, err);
}

static fa_status parse_derived_column(fa_spec *spec, size_t idx, const fa_json_node *obj,
                                      fa_error *err)
{
    fa_spec_col *c = &spec->cols[idx];
    const fa_json_node *from, *map, *cut, *role_node;
    const char *src;
    size_t i;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, derived_keys, N_OF(derived_keys), err));
    FA_TRY(parse_column_common(spec, idx, obj, err));
    c->derived = true;
    role_node = fa_json_member(obj, "role");
    if (c->role != FA_ROLE_PROTECTED && c->role != FA_ROLE_CATEGORICAL &&
        c->role != FA_ROLE_LABEL)
        return fa_json_error_at(err, role_node, FA_ESCHEMA,
                                "a derived column's \"role\" must be \"protected\", "
                                "\"categorical\" or \"label\", not \"%s\"",
                                fa_role_name(c->role));
    FA_TRY(fa_json_get_member(obj, "from", true, &from, err));
    FA_TRY(get_nonempty_string(from, &src, err));
    c->source = FA_SPEC_NONE;
    for (i = 0; i < spec->n_file_cols; i++)
        if (strcmp(spec->cols[i].name, src) == 0)
            c->source = i;
    if (c->source == FA_SPEC_NONE)
        return fa_json_error_at(err, from, FA_ESCHEMA,
                                "\"from\" must name a column listed in \"columns\", not \"%s\"",
                                src);
    map = fa_json_member(obj, "map");
    FA_TRY(fa_json_get_member(obj, "cut", false, &cut, err));
    if ((map == NULL) == (cut == NULL))
        return fa_json_error_at(err, obj, FA_ESCHEMA,
                                "a derived column needs exactly one of \"map\" or \"cut\"");
    if (cut != NULL) {
        c->has_cut = true;
        FA_TRY(parse_cut(cut, &c->cut, err));
    }
    return note_special_role(spec, idx, obj, err);
}

static fa_status parse_options(fa_spec *spec, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *n;

    spec->delimiter = ',';
    spec->quote = '"';
    spec->comment = '\0';
    spec->header = true;
    spec->trim = false;
    spec->skip_empty_lines = true;
    spec->incomplete = FA_INCOMPLETE_DROP;
    FA_TRY(get_char(root, "delimiter", false, &spec->delimiter, err));
    FA_TRY(get_char(root, "quote", false, &spec->quote, err));
    FA_TRY(get_char(root, "comment", true, &spec->comment, err));
    FA_TRY(get_opt_bool(root, "header", &spec->header, err));
    FA_TRY(get_opt_bool(root, "trim", &spec->trim, err));
    FA_TRY(get_opt_bool(root, "skip_empty_lines", &spec->skip_empty_lines, err));
    if (spec->quote == spec->delimiter)
        return fa_json_error_at(err, fa_json_member(root, "quote"), FA_ESCHEMA,
                                "\"quote\" must differ from \"delimiter\"");
    if (spec->comment != '\0' && (spec->comment == spec->delimiter || spec->comment == spec->quote))
        return fa_json_error_at(err, fa_json_member(root, "comment"), FA_ESCHEMA,
                                "\"comment\" must differ from \"delimiter\" and \"quote\"");
    FA_TRY(fa_json_get_member(root, "missing", false, &n, err));
    if (n != NULL)
        FA_TRY(get_string_set(n, &spec->missing, err));
    FA_TRY(fa_json_get_member(root, "incomplete_rows", false, &n, err));
    if (n != NULL) {
        const char *s;
        FA_TRY(fa_json_get_string(n, &s, err));
        if (strcmp(s, "drop") == 0)
            spec->incomplete = FA_INCOMPLETE_DROP;
        else if (strcmp(s, "error") == 0)
            spec->incomplete = FA_INCOMPLETE_ERROR;
        else
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "\"incomplete_rows\" must be \"drop\" or \"error\", not \"%s\"",
                                    s);
    }
    return FA_OK;
}

static fa_status parse_root(fa_spec *spec, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *n, *columns, *derived;
    const char *s;
    int64_t version;
    size_t i, n_cols, n_derived;

    FA_TRY(fa_json_expect(root, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(root, "format", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    if (strcmp(s, FA_SPEC_FORMAT) != 0)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "not a dataset spec: \"format\" is \"%s\", expected \"%s\"", s,
                                FA_SPEC_FORMAT);
    FA_TRY(fa_json_get_member(root, "format_version", true, &n, err));
    FA_TRY(fa_json_get_int(n, 0, INT32_MAX, &version, err));
    if (version != FA_SPEC_FORMAT_VERSION)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported format_version %lld (this build reads %d)",
                                (long long)version, FA_SPEC_FORMAT_VERSION);
    FA_TRY(fa_json_check_keys(root, top_keys, N_OF(top_keys), err));
    FA_TRY(fa_json_get_member(root, "name", true, &n, err));
    FA_TRY(get_nonempty_string(n, &s, err));
    spec->name = fa_strdup(s);
    if (spec->name == NULL)
        return nomem(err);
    FA_TRY(fa_json_get_member(root, "description", false, &n, err));
    if (n != NULL)
        FA_TRY(fa_json_get_string(n, &s, err));
    FA_TRY(parse_options(spec, root, err));

    FA_TRY(fa_json_get_member(root, "columns", true, &columns, err));
    FA_TRY(fa_json_expect(columns, FA_JSON_ARRAY, err));
    n_cols = fa_json_count(columns);
    if (n_cols == 0)
        return fa_json_error_at(err, columns, FA_ESCHEMA, "\"columns\" must not be empty");
    FA_TRY(fa_json_get_member(root, "derived", false, &derived, err));
    if (derived != NULL)
        FA_TRY(fa_json_expect(derived, FA_JSON_ARRAY, err));
    n_derived = fa_json_count(derived);
    spec->cols = fa_calloc(n_cols + n_derived, sizeof *spec->cols);
    if (spec->cols == NULL)
        return nomem(err);
    spec->label = FA_SPEC_NONE;
    spec->weight = FA_SPEC_NONE;
    for (i = 0; i < n_cols; i++) {
        spec->n_cols = i + 1;
        FA_TRY(parse_file_column(spec, i, fa_json_at(columns, i), err));
    }
    spec->n_file_cols = n_cols;
    for (i = 0; i < n_derived; i++) {
        spec->n_cols = n_cols + i + 1;
        FA_TRY(parse_derived_column(spec, n_cols + i, fa_json_at(derived, i), err));
    }
    if (spec->label == FA_SPEC_NONE)
        return fa_json_error_at(err, columns, FA_ESCHEMA,
                                "the spec has no label column (give one column \"role\": "
                                "\"label\")");
    return FA_OK;
}

fa_status fa_spec_parse(fa_spec **out, const char *text, size_t len, const char *name,
                        fa_error *err)
{
    fa_json_doc *doc = NULL;
    fa_spec *spec;
    fa_sha256 sha;
    fa_status rc;

    *out = NULL;
    if (text == NULL && len > 0)
        FA_FAIL(err, FA_EINVAL, "fa_spec_parse: NULL text");
    if (name == NULL)
        name = "<spec>";
    spec = fa_calloc(1, sizeof *spec);
    if (spec == NULL)
        return nomem(err);
    spec->path = fa_strdup(name);
    if (spec->path == NULL) {
        fa_spec_free(spec);
        return nomem(err);
    }
    rc = fa_json_doc_parse(&doc, text, len, name, err);
    if (rc == FA_OK)
        rc = parse_root(spec, fa_json_doc_root(doc), err);
    fa_json_doc_free(doc);
    if (rc != FA_OK) {
        fa_spec_free(spec);
        return rc;
    }
    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, len);
    fa_sha256_final_hex(&sha, spec->fingerprint);
    *out = spec;
    return FA_OK;
}

fa_status fa_spec_load(fa_spec **out, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    *out = NULL;
    if (path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_spec_load: NULL path");
    FA_TRY(fa_read_file(path, &text, &len, err));
    rc = fa_spec_parse(out, text, len, path, err);
    fa_free(text);
    return rc;
}

/* ---- accessors ---------------------------------------------------------------- */

const char *fa_spec_name(const fa_spec *spec)
{
    return spec->name;
}

size_t fa_spec_n_columns(const fa_spec *spec)
{
    return spec->n_cols;
}

const char *fa_spec_column_name(const fa_spec *spec, size_t i)
{
    return i < spec->n_cols ? spec->cols[i].name : NULL;
}

fa_role fa_spec_column_role(const fa_spec *spec, size_t i)
{
    return i < spec->n_cols ? spec->cols[i].role : FA_ROLE_IGNORE;
}

size_t fa_spec_find_column(const fa_spec *spec, const char *name)
{
    size_t i;

    for (i = 0; i < spec->n_cols; i++)
        if (strcmp(spec->cols[i].name, name) == 0)
            return i;
    return FA_SPEC_NO_COLUMN;
}

size_t fa_spec_label_column(const fa_spec *spec)
{
    return spec->label;
}

const char *fa_spec_positive_label(const fa_spec *spec)
{
    return spec->positive;
}

const char *fa_spec_negative_label(const fa_spec *spec)
{
    return spec->negative;
}

int fa_spec_positive_is_favorable(const fa_spec *spec)
{
    return spec->positive_is_favorable ? 1 : 0;
}

const char *fa_spec_fingerprint(const fa_spec *spec)
{
    return spec->fingerprint;
}
