/*
 * policy.c — loads and validates fairness policy files (docs/format/policy.md).
 *
 * A policy is a list of rules: metric key + attributes + bound(s), with a
 * severity, an optional tolerance against a baseline audit, a minimum group
 * size and what an inconclusive result does. Every problem in the file is
 * reported with its place (`policy.json:LINE:COLUMN: what is wrong`) through
 * lib/serialize/json_read.h; nothing about the file is guessed.
 *
 * Defaults are the named constants of include/fairaudit/gate.h; the bounds in
 * datasets/credit-policy.json carry their origins (four-fifths rule, etc.).
 */
#include <math.h>
#include <string.h>

#include "common/fileio.h"
#include "gate_internal.h"
#include "serialize/json_read.h"

/* What an inconclusive result does when the policy does not say (the issue's
 * default: a warning, so small samples never pass silently nor block a build). */
#define POLICY_DEFAULT_INCONCLUSIVE FA_VERDICT_WARN
/* What a baseline that cannot be compared does when the policy does not say. */
#define POLICY_DEFAULT_BASELINE_MISMATCH FA_VERDICT_WARN
/* Largest min_group_size accepted (exactly representable, far above any data). */
#define POLICY_MAX_GROUP_SIZE INT64_C(1000000000000)

static const char *const top_keys[] = {
    "format",       "format_version",    "name", "description", "min_group_size",
    "inconclusive", "baseline_mismatch", "rules"};
static const char *const rule_keys[] = {"id",           "description",   "metric",    "attributes",
                                        "min",          "max",           "tolerance", "severity",
                                        "inconclusive", "min_group_size"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void free_target(fa_rule_target *t)
{
    size_t i;

    fa_free(t->name);
    for (i = 0; i < t->n_columns; i++)
        fa_free(t->columns[i]);
    fa_free(t->columns);
}

static void free_rule(fa_policy_rule *r)
{
    size_t i;

    fa_free(r->id);
    fa_free(r->description);
    for (i = 0; i < r->n_targets; i++)
        free_target(&r->targets[i]);
    fa_free(r->targets);
}

void fa_policy_free(fa_policy *policy)
{
    size_t i;

    if (policy == NULL)
        return;
    for (i = 0; i < policy->n_rules; i++)
        free_rule(&policy->rules[i]);
    fa_free(policy->rules);
    fa_free(policy->name);
    fa_free(policy->description);
    fa_free(policy->path);
    fa_free(policy);
}

static fa_status dup_string(char **dst, const char *src, fa_error *err)
{
    *dst = fa_strdup(src);
    if (*dst == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

/* A non-empty string member (optional when !required; *out stays NULL). */
static fa_status
get_text(const fa_json_node *obj, const char *key, bool required, char **out, fa_error *err)
{
    const fa_json_node *n;
    const char *s;

    *out = NULL;
    FA_TRY(fa_json_get_member(obj, key, required, &n, err));
    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_string(n, &s, err));
    if (s[0] == '\0')
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must not be empty", key);
    return dup_string(out, s, err);
}

static fa_status
get_outcome(const fa_json_node *obj, const char *key, fa_verdict *out, fa_error *err)
{
    const fa_json_node *n;
    const char *s;

    FA_TRY(fa_json_get_member(obj, key, false, &n, err));
    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_string(n, &s, err));
    if (!fa_gate__parse_outcome(s, out))
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"%s\" must be \"fail\", \"warn\" or \"pass\", not \"%s\"", key,
                                s);
    return FA_OK;
}

static fa_status get_group_size(const fa_json_node *obj, uint64_t *out, fa_error *err)
{
    const fa_json_node *n;
    int64_t v;

    FA_TRY(fa_json_get_member(obj, "min_group_size", false, &n, err));
    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_int(n, 0, POLICY_MAX_GROUP_SIZE, &v, err));
    *out = (uint64_t)v;
    return FA_OK;
}

/* "min"/"max": a finite number within the values the metric can take. */
static fa_status get_bound(const fa_json_node *rule,
                           const char *key,
                           const fa_gate_metric_def *m,
                           double *out,
                           fa_error *err)
{
    const fa_json_node *n;
    double v;

    *out = fa_nan();
    FA_TRY(fa_json_get_member(rule, key, false, &n, err));
    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_number(n, &v, err));
    if (v < m->lo || v > m->hi) {
        char lo[40], hi[40];
        fa_format_double(lo, sizeof lo, m->lo);
        fa_format_double(hi, sizeof hi, m->hi);
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"%s\": %s can only take values in [%s, %s]; a bound of %g "
                                "can never be met or never fail",
                                key, m->key, isinf(m->lo) ? "-inf" : lo, isinf(m->hi) ? "inf" : hi,
                                v);
    }
    *out = v;
    return FA_OK;
}

/* One string target, or one array target (an intersection by its columns). */
static fa_status parse_target(const fa_json_node *n, fa_rule_target *t, fa_error *err)
{
    size_t i, k;

    memset(t, 0, sizeof *t);
    if (fa_json_is(n, FA_JSON_STRING)) {
        const char *s = fa_json_string(n);
        if (s[0] == '\0')
            return fa_json_error_at(err, n, FA_ESCHEMA, "an attribute name must not be empty");
        return dup_string(&t->name, s, err);
    }
    if (!fa_json_is(n, FA_JSON_ARRAY))
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "an attribute must be a name (string) or an intersection "
                                "(array of column names), not a %s",
                                fa_json_type_name(fa_json_type_of(n)));
    if (fa_json_count(n) < 2)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "an intersection needs at least two column names");
    t->columns = fa_calloc(fa_json_count(n), sizeof *t->columns);
    FA_CHECK_ALLOC(err, t->columns);
    for (i = 0; i < fa_json_count(n); i++) {
        const fa_json_node *c = fa_json_at(n, i);
        const char *s;
        FA_TRY(fa_json_get_string(c, &s, err));
        if (s[0] == '\0')
            return fa_json_error_at(err, c, FA_ESCHEMA, "a column name must not be empty");
        for (k = 0; k < t->n_columns; k++)
            if (strcmp(t->columns[k], s) == 0)
                return fa_json_error_at(err, c, FA_ESCHEMA,
                                        "column \"%s\" appears twice in the intersection", s);
        FA_TRY(dup_string(&t->columns[t->n_columns], s, err));
        t->n_columns++;
    }
    return FA_OK;
}

static fa_status parse_attributes(const fa_json_node *rule, fa_policy_rule *r, fa_error *err)
{
    const fa_json_node *n;
    size_t i;

    r->scope = FA_SCOPE_EVERY;
    FA_TRY(fa_json_get_member(rule, "attributes", false, &n, err));
    if (n == NULL)
        return FA_OK;
    if (fa_json_is(n, FA_JSON_STRING)) {
        const char *s = fa_json_string(n);
        if (strcmp(s, "every") == 0) {
            r->scope = FA_SCOPE_EVERY;
            return FA_OK;
        }
        if (strcmp(s, "intersections") == 0) {
            r->scope = FA_SCOPE_INTERSECTIONS;
            return FA_OK;
        }
        if (strcmp(s, "all") == 0) {
            r->scope = FA_SCOPE_ALL;
            return FA_OK;
        }
        /* Any other string names one attribute. */
    } else if (!fa_json_is(n, FA_JSON_ARRAY)) {
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"attributes\" must be \"every\", \"intersections\", \"all\", "
                                "an attribute name or an array of them, not a %s",
                                fa_json_type_name(fa_json_type_of(n)));
    } else if (fa_json_count(n) == 0) {
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"attributes\" must not be empty");
    }
    r->scope = FA_SCOPE_LIST;
    if (fa_json_is(n, FA_JSON_STRING)) {
        r->targets = fa_calloc(1, sizeof *r->targets);
        FA_CHECK_ALLOC(err, r->targets);
        r->n_targets = 1;
        return parse_target(n, &r->targets[0], err);
    }
    r->targets = fa_calloc(fa_json_count(n), sizeof *r->targets);
    FA_CHECK_ALLOC(err, r->targets);
    for (i = 0; i < fa_json_count(n); i++) {
        r->n_targets++;
        FA_TRY(parse_target(fa_json_at(n, i), &r->targets[i], err));
    }
    return FA_OK;
}

static fa_status parse_rule(
    const fa_json_node *rule, const fa_policy *p, size_t index, fa_policy_rule *r, fa_error *err)
{
    const fa_json_node *n;
    const char *s;
    char *sev = NULL;

    memset(r, 0, sizeof *r);
    r->min = r->max = r->tolerance = fa_nan();
    r->severity = FA_VERDICT_FAIL;
    r->inconclusive = p->inconclusive;
    r->min_group_size = p->min_group_size;
    r->line = fa_json_line(rule);
    r->column = fa_json_column(rule);
    if (!fa_json_is(rule, FA_JSON_OBJECT))
        return fa_json_error_at(err, rule, FA_ESCHEMA, "rule %zu must be an object, not a %s",
                                index + 1, fa_json_type_name(fa_json_type_of(rule)));
    FA_TRY(fa_json_check_keys(rule, rule_keys, N_OF(rule_keys), err));

    FA_TRY(fa_json_get_member(rule, "metric", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    r->metric = fa_gate__metric_find(s);
    if (r->metric == NULL)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "unknown metric \"%s\" (the metric keys of audit.json are "
                                "listed in docs/format/policy.md)",
                                s);

    FA_TRY(get_text(rule, "id", false, &r->id, err));
    if (r->id == NULL)
        FA_TRY(dup_string(&r->id, r->metric->key, err));
    FA_TRY(get_text(rule, "description", false, &r->description, err));
    FA_TRY(parse_attributes(rule, r, err));

    FA_TRY(get_bound(rule, "min", r->metric, &r->min, err));
    FA_TRY(get_bound(rule, "max", r->metric, &r->max, err));
    if (isnan(r->min) && isnan(r->max))
        return fa_json_error_at(err, rule, FA_ESCHEMA,
                                "rule \"%s\" needs a bound: \"min\", \"max\" or both", r->id);
    if (!isnan(r->min) && !isnan(r->max) && r->min > r->max) {
        FA_TRY(fa_json_get_member(rule, "min", true, &n, err));
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"min\" (%g) is greater than \"max\" (%g)",
                                r->min, r->max);
    }

    FA_TRY(fa_json_get_member(rule, "tolerance", false, &n, err));
    if (n != NULL) {
        FA_TRY(fa_json_get_number(n, &r->tolerance, err));
        if (r->tolerance < 0)
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"tolerance\" must be >= 0, got %g",
                                    r->tolerance);
    }

    FA_TRY(get_text(rule, "severity", false, &sev, err));
    if (sev != NULL) {
        bool ok = strcmp(sev, "fail") == 0 || strcmp(sev, "warn") == 0;
        r->severity = strcmp(sev, "warn") == 0 ? FA_VERDICT_WARN : FA_VERDICT_FAIL;
        if (!ok) {
            FA_TRY(fa_json_get_member(rule, "severity", true, &n, err));
            fa_status rc = fa_json_error_at(
                err, n, FA_ESCHEMA, "\"severity\" must be \"fail\" or \"warn\", not \"%s\"", sev);
            fa_free(sev);
            return rc;
        }
        fa_free(sev);
    }
    FA_TRY(get_outcome(rule, "inconclusive", &r->inconclusive, err));
    FA_TRY(get_group_size(rule, &r->min_group_size, err));
    return FA_OK;
}

static fa_status check_header(const fa_json_node *root, fa_error *err)
{
    const fa_json_node *n;
    const char *s;
    int64_t v;

    FA_TRY(fa_json_get_member(root, "format", false, &n, err));
    if (n != NULL) {
        FA_TRY(fa_json_get_string(n, &s, err));
        if (strcmp(s, "fairaudit-policy") != 0)
            return fa_json_error_at(err, n, FA_EFORMAT,
                                    "\"format\" is \"%s\"; a policy file says \"fairaudit-policy\"",
                                    s);
    }
    FA_TRY(fa_json_get_member(root, "format_version", true, &n, err));
    if (!fa_json_is(n, FA_JSON_NUMBER))
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"format_version\" must be a number, not a %s",
                                fa_json_type_name(fa_json_type_of(n)));
    if (fa_json_get_int(n, 1, INT32_MAX, &v, NULL) != FA_OK || v != FA_POLICY_FORMAT_VERSION) {
        size_t len = 0;
        const char *text = fa_json_number_text(n, &len);
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported policy format_version %.*s (this build reads %d)",
                                (int)(len < 32 ? len : 32), text, FA_POLICY_FORMAT_VERSION);
    }
    return FA_OK;
}

static fa_status parse_policy(fa_policy *p, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *rules;
    size_t i, k;

    if (!fa_json_is(root, FA_JSON_OBJECT))
        return fa_json_error_at(err, root, FA_ESCHEMA, "a policy must be a JSON object, not a %s",
                                fa_json_type_name(fa_json_type_of(root)));
    FA_TRY(fa_json_check_keys(root, top_keys, N_OF(top_keys), err));
    FA_TRY(check_header(root, err));
    FA_TRY(get_text(root, "name", false, &p->name, err));
    FA_TRY(get_text(root, "description", false, &p->description, err));
    FA_TRY(get_group_size(root, &p->min_group_size, err));
    FA_TRY(get_outcome(root, "inconclusive", &p->inconclusive, err));
    FA_TRY(get_outcome(root, "baseline_mismatch", &p->baseline_mismatch, err));

    FA_TRY(fa_json_get_member(root, "rules", true, &rules, err));
    FA_TRY(fa_json_expect(rules, FA_JSON_ARRAY, err));
    if (fa_json_count(rules) == 0)
        return fa_json_error_at(err, rules, FA_ESCHEMA,
                                "\"rules\" is empty: a policy without rules gates nothing");
    p->rules = fa_calloc(fa_json_count(rules), sizeof *p->rules);
    FA_CHECK_ALLOC(err, p->rules);
    for (i = 0; i < fa_json_count(rules); i++) {
        const fa_json_node *rn = fa_json_at(rules, i);
        p->n_rules++;
        FA_TRY(parse_rule(rn, p, i, &p->rules[i], err));
        for (k = 0; k < i; k++)
            if (strcmp(p->rules[k].id, p->rules[i].id) == 0) {
                const fa_json_node *idn = fa_json_member(rn, "id");
                return fa_json_error_at(
                    err, idn != NULL ? idn : rn, FA_ESCHEMA,
                    "rule id \"%s\" is used twice (line %u); give each rule a unique \"id\"",
                    p->rules[i].id, (unsigned)p->rules[k].line);
            }
    }
    return FA_OK;
}

/* The file's base name: the default policy name. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

fa_status
fa_policy_parse(fa_policy **out, const char *text, size_t len, const char *name, fa_error *err)
{
    fa_json_doc *doc = NULL;
    fa_policy *p;
    fa_status rc;
    fa_sha256 sha;

    FA_CHECK_ARG(err, out != NULL && (text != NULL || len == 0));
    *out = NULL;
    if (name == NULL)
        name = "<policy>";
    p = fa_calloc(1, sizeof *p);
    FA_CHECK_ALLOC(err, p);
    p->min_group_size = FA_POLICY_DEFAULT_MIN_GROUP_SIZE;
    p->inconclusive = POLICY_DEFAULT_INCONCLUSIVE;
    p->baseline_mismatch = POLICY_DEFAULT_BASELINE_MISMATCH;
    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, len);
    fa_sha256_final_hex(&sha, p->fingerprint);

    rc = dup_string(&p->path, name, err);
    if (rc == FA_OK)
        rc = fa_json_doc_parse(&doc, text, len, name, err);
    if (rc == FA_OK)
        rc = parse_policy(p, fa_json_doc_root(doc), err);
    if (rc == FA_OK && p->name == NULL)
        rc = dup_string(&p->name, base_name(name), err);
    fa_json_doc_free(doc);
    if (rc != FA_OK) {
        fa_policy_free(p);
        return rc;
    }
    *out = p;
    return FA_OK;
}

fa_status fa_policy_load(fa_policy **out, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    FA_TRY(fa_read_file(path, &text, &len, err));
    rc = fa_policy_parse(out, text, len, path, err);
    fa_free(text);
    return rc;
}

const char *fa_policy_name(const fa_policy *policy)
{
    return policy != NULL ? policy->name : NULL;
}

size_t fa_policy_n_rules(const fa_policy *policy)
{
    return policy != NULL ? policy->n_rules : 0;
}

const char *fa_policy_fingerprint(const fa_policy *policy)
{
    return policy != NULL ? policy->fingerprint : NULL;
}
