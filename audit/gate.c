/*
 * gate.c — policy rules × attributes × groups → verdicts.
 *
 * For each rule, the attributes it names are looked up in the audit; each
 * gives one check (attribute-level disparities) or one check per group
 * (per-group metrics; comparisons with the reference group skip the
 * reference itself). A check is:
 *
 *   inconclusive  when the value is absent or undefined, when the group (or
 *                 the reference group, or all but one group) has fewer rows
 *                 than min_group_size, or when the confidence interval
 *                 straddles a bound;
 *   fail / warn   (the rule's severity) when the value — or, with a CI, the
 *                 whole CI — lies outside the bounds (bounds are inclusive);
 *   pass          otherwise.
 *
 * With a baseline and a rule tolerance, a value that got worse than the
 * baseline's by more than the tolerance also fails/warns. "Worse" follows the
 * bound: lower for a `min`, higher for a `max`, farther from parity (or the
 * middle of the range) for both.
 *
 * An inconclusive check counts as the policy's `inconclusive` setting, but
 * never as more than the rule's severity (a "warn" rule cannot fail a build).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gate_internal.h"

/* Slack on tolerance comparisons so that a change of exactly the tolerance,
 * computed in binary floating point, is not reported as exceeding it. */
#define GATE_TOLERANCE_SLACK 1e-12

/* ---- result building ----------------------------------------------------- */

static const char *keep(fa_gate_result *r, const char *s)
{
    char *copy;

    if (s == NULL)
        return NULL;
    if (r->n_strings == r->cap_strings) {
        size_t cap = r->cap_strings ? r->cap_strings * 2 : 64;
        char **p = fa_reallocarray(r->strings, cap, sizeof *p);
        if (p == NULL)
            return NULL;
        r->strings = p;
        r->cap_strings = cap;
    }
    copy = fa_strdup(s);
    if (copy != NULL)
        r->strings[r->n_strings++] = copy;
    return copy;
}

static fa_status add_message(fa_gate_result *r, const char *text, fa_error *err)
{
    if (r->n_messages == r->cap_messages) {
        size_t cap = r->cap_messages ? r->cap_messages * 2 : 8;
        char **p = fa_reallocarray(r->messages, cap, sizeof *p);
        FA_CHECK_ALLOC(err, p);
        r->messages = p;
        r->cap_messages = cap;
    }
    r->messages[r->n_messages] = fa_strdup(text);
    FA_CHECK_ALLOC(err, r->messages[r->n_messages]);
    r->n_messages++;
    return FA_OK;
}

/* Appends @p e, copying its strings into the result. */
static fa_status add_entry(fa_gate_result *r, const fa_gate_entry *e, fa_error *err)
{
    fa_gate_entry *d;

    if (r->n_entries == r->cap_entries) {
        size_t cap = r->cap_entries ? r->cap_entries * 2 : 32;
        fa_gate_entry *p = fa_reallocarray(r->entries, cap, sizeof *p);
        FA_CHECK_ALLOC(err, p);
        r->entries = p;
        r->cap_entries = cap;
    }
    d = &r->entries[r->n_entries];
    *d = *e;
    d->rule = keep(r, e->rule);
    d->metric = keep(r, e->metric);
    d->attribute = keep(r, e->attribute);
    d->group = keep(r, e->group);
    d->reason = keep(r, e->reason);
    if (d->rule == NULL || d->metric == NULL || d->attribute == NULL || d->reason == NULL ||
        (e->group != NULL && d->group == NULL))
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    r->n_entries++;
    return FA_OK;
}

static void blank_entry(fa_gate_entry *e)
{
    memset(e, 0, sizeof *e);
    e->value = e->min = e->max = e->ci_lo = e->ci_hi = fa_nan();
    e->baseline = e->tolerance = fa_nan();
}

void fa_gate_result_free(fa_gate_result *r)
{
    size_t i;

    if (r == NULL)
        return;
    for (i = 0; i < r->n_strings; i++)
        fa_free(r->strings[i]);
    for (i = 0; i < r->n_messages; i++)
        fa_free(r->messages[i]);
    fa_free(r->strings);
    fa_free(r->messages);
    fa_free(r->entries);
    fa_free(r->policy_name);
    fa_free(r->policy_fingerprint);
    fa_free(r->baseline_name);
    fa_free(r);
}

/* ---- verdict logic ------------------------------------------------------- */

static fa_verdict min_outcome(fa_verdict a, fa_verdict b)
{
    return a < b ? a : b; /* PASS < WARN < FAIL */
}

/* The effect on the gate of a verdict under rule @p rule. */
static fa_verdict outcome_of(fa_verdict v, const fa_policy_rule *rule)
{
    if (v == FA_VERDICT_INCONCLUSIVE)
        return min_outcome(rule->inconclusive, rule->severity);
    return v;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "undefined");
    else
        snprintf(buf, n, "%.4g", v);
}

/* "min 0.8", "max 0.1" or "range [0.8, 1.25]". */
static void fmt_bound(char *buf, size_t n, double lo, double hi)
{
    if (!isnan(lo) && !isnan(hi))
        snprintf(buf, n, "range [%.4g, %.4g]", lo, hi);
    else if (!isnan(lo))
        snprintf(buf, n, "min %.4g", lo);
    else
        snprintf(buf, n, "max %.4g", hi);
}

typedef struct check_ctx {
    const fa_policy_rule *rule;
    const fa_adoc_value *value;
    uint64_t n;             /* rows behind the value (smallest relevant group) */
    const char *small_what; /* NULL, or why the sample is too small */
} check_ctx;

/* Bound verdict of a defined value with enough rows; writes the reason. */
static fa_verdict
bound_verdict(const fa_policy_rule *rule, const fa_adoc_value *v, char *reason, size_t n_reason)
{
    char val[32], bound[64];
    double lo = rule->min, hi = rule->max;
    bool has_ci = !isnan(v->ci_lo) && !isnan(v->ci_hi);

    fmt_num(val, sizeof val, v->value);
    fmt_bound(bound, sizeof bound, lo, hi);
    if (has_ci) {
        bool all_in = (isnan(lo) || v->ci_lo >= lo) && (isnan(hi) || v->ci_hi <= hi);
        bool all_out = (!isnan(lo) && v->ci_hi < lo) || (!isnan(hi) && v->ci_lo > hi);
        if (all_in) {
            snprintf(reason, n_reason, "%s within %s (CI [%.4g, %.4g])", val, bound, v->ci_lo,
                     v->ci_hi);
            return FA_VERDICT_PASS;
        }
        if (all_out) {
            snprintf(reason, n_reason, "%s outside %s (CI [%.4g, %.4g] entirely outside)", val,
                     bound, v->ci_lo, v->ci_hi);
            return rule->severity;
        }
        snprintf(reason, n_reason, "CI [%.4g, %.4g] straddles %s (estimate %s)", v->ci_lo, v->ci_hi,
                 bound, val);
        return FA_VERDICT_INCONCLUSIVE;
    }
    if ((!isnan(lo) && v->value < lo) || (!isnan(hi) && v->value > hi)) {
        snprintf(reason, n_reason, "%s %s %s", val, !isnan(lo) && v->value < lo ? "below" : "above",
                 bound);
        return rule->severity;
    }
    snprintf(reason, n_reason, "%s within %s", val, bound);
    return FA_VERDICT_PASS;
}

/* How much worse @p v is than @p base under @p rule (positive = worse). */
static double worsening(const fa_policy_rule *rule, double v, double base)
{
    double centre;

    if (isnan(rule->max))
        return base - v; /* min only: lower is worse */
    if (isnan(rule->min))
        return v - base; /* max only: higher is worse */
    centre = rule->metric->has_parity ? rule->metric->parity : (rule->min + rule->max) / 2;
    return fabs(v - centre) - fabs(base - centre);
}

/* ---- baseline lookup ----------------------------------------------------- */

static const fa_adoc_attr *find_attr(const fa_audit_doc *doc, const char *name)
{
    size_t i;

    if (doc == NULL)
        return NULL;
    for (i = 0; i < doc->n_attrs; i++)
        if (strcmp(doc->attrs[i].name, name) == 0)
            return &doc->attrs[i];
    return NULL;
}

static const fa_adoc_group *find_group(const fa_adoc_attr *a, const char *value)
{
    size_t i;

    if (a == NULL)
        return NULL;
    for (i = 0; i < a->n_groups; i++)
        if (strcmp(a->groups[i].value, value) == 0)
            return &a->groups[i];
    return NULL;
}

/* The baseline's value for the same rule, attribute and group (NULL: none). */
static const fa_adoc_value *baseline_value(const fa_audit_doc *base,
                                           const fa_policy_rule *rule,
                                           const fa_adoc_attr *a,
                                           const fa_adoc_group *g)
{
    const fa_adoc_attr *ba;
    const fa_adoc_group *bg;
    size_t slot = rule->metric->slot;

    if (base == NULL || !base->readable)
        return NULL;
    ba = find_attr(base, a->name);
    if (ba == NULL)
        return NULL;
    if (rule->metric->level == FA_GATE_LEVEL_ATTRIBUTE)
        return &ba->disp[slot];
    bg = find_group(ba, g->value);
    if (bg == NULL)
        return NULL;
    return rule->metric->level == FA_GATE_LEVEL_GROUP ? &bg->metrics[slot] : &bg->vs[slot];
}

/* ---- one check ----------------------------------------------------------- */

static fa_status check(fa_gate_result *res,
                       const fa_policy_rule *rule,
                       const fa_adoc_attr *a,
                       const fa_adoc_group *g,
                       const check_ctx *c,
                       const fa_audit_doc *base,
                       fa_error *err)
{
    fa_gate_entry e;
    char reason[512], val[32];
    const fa_adoc_value *v = c->value;
    fa_verdict verdict;

    blank_entry(&e);
    e.rule = rule->id;
    e.metric = rule->metric->key;
    e.attribute = a->name;
    e.group = g != NULL ? g->value : NULL;
    e.severity = rule->severity;
    e.value = v->value;
    e.min = rule->min;
    e.max = rule->max;
    e.ci_lo = v->ci_lo;
    e.ci_hi = v->ci_hi;
    e.n = c->n;
    e.tolerance = rule->tolerance;
    fmt_num(val, sizeof val, v->value);

    if (!v->present) {
        snprintf(reason, sizeof reason, "%s is not in the audit", rule->metric->key);
        verdict = FA_VERDICT_INCONCLUSIVE;
    } else if (isnan(v->value)) {
        snprintf(reason, sizeof reason, "undefined: %s",
                 v->reason != NULL ? v->reason : "no reason given");
        verdict = FA_VERDICT_INCONCLUSIVE;
    } else if (c->small_what != NULL) {
        char bound[64];
        fmt_bound(bound, sizeof bound, rule->min, rule->max);
        snprintf(reason, sizeof reason, "%s (estimate %s, %s)", c->small_what, val, bound);
        verdict = FA_VERDICT_INCONCLUSIVE;
    } else {
        verdict = bound_verdict(rule, v, reason, sizeof reason);
    }

    /* Baseline comparison. */
    if (!isnan(rule->tolerance) && base != NULL && base->readable && !isnan(v->value)) {
        const fa_adoc_value *bv = baseline_value(base, rule, a, g);
        if (bv != NULL && !isnan(bv->value)) {
            double worse = worsening(rule, v->value, bv->value);
            size_t len = strlen(reason);
            e.baseline = bv->value;
            if (worse > rule->tolerance + GATE_TOLERANCE_SLACK) {
                /* A regression beyond the tolerance outranks a pass or an
                 * inconclusive result; it joins a bound violation. */
                if (verdict == FA_VERDICT_PASS || verdict == FA_VERDICT_INCONCLUSIVE) {
                    snprintf(reason, sizeof reason,
                             "worse than the baseline: %s vs %.4g (by %.4g > tolerance %.4g)", val,
                             bv->value, worse, rule->tolerance);
                    verdict = rule->severity;
                } else if (len < sizeof reason) {
                    snprintf(reason + len, sizeof reason - len,
                             "; and worse than the baseline %.4g by %.4g > tolerance %.4g",
                             bv->value, worse, rule->tolerance);
                }
            } else if (len < sizeof reason) {
                snprintf(reason + len, sizeof reason - len, "; baseline %.4g", bv->value);
            }
        } else {
            size_t len = strlen(reason);
            if (len < sizeof reason)
                snprintf(reason + len, sizeof reason - len, "; no baseline value to compare");
        }
    }
    e.verdict = verdict;
    e.outcome = outcome_of(verdict, rule);
    e.reason = reason;
    return add_entry(res, &e, err);
}

/* ---- rules over attributes ----------------------------------------------- */

static const fa_adoc_group *reference_group(const fa_adoc_attr *a)
{
    size_t i;

    for (i = 0; i < a->n_groups; i++)
        if (a->groups[i].is_reference)
            return &a->groups[i];
    return NULL;
}

static fa_status check_attribute(fa_gate_result *res,
                                 const fa_policy_rule *rule,
                                 const fa_adoc_attr *a,
                                 const fa_audit_doc *base,
                                 fa_error *err)
{
    uint64_t mgs = rule->min_group_size;
    char small[160];
    check_ctx c;
    size_t i;

    memset(&c, 0, sizeof c);
    c.rule = rule;
    if (rule->metric->level == FA_GATE_LEVEL_ATTRIBUTE) {
        size_t big = 0;
        uint64_t smallest = UINT64_MAX;
        for (i = 0; i < a->n_groups; i++) {
            if (a->groups[i].n >= mgs)
                big++;
            if (a->groups[i].n < smallest)
                smallest = a->groups[i].n;
        }
        c.value = &a->disp[rule->metric->slot];
        c.n = a->n_groups > 0 ? smallest : 0;
        if (big < 2) {
            snprintf(small, sizeof small,
                     "%zu of %zu groups have at least min_group_size %llu rows; "
                     "a disparity needs two",
                     big, a->n_groups, (unsigned long long)mgs);
            c.small_what = small;
        }
        return check(res, rule, a, NULL, &c, base, err);
    }
    for (i = 0; i < a->n_groups; i++) {
        const fa_adoc_group *g = &a->groups[i];
        const fa_adoc_group *ref = reference_group(a);
        if (rule->metric->level == FA_GATE_LEVEL_VS_REFERENCE && g->is_reference)
            continue; /* the reference compared with itself is not a check */
        c.value = rule->metric->level == FA_GATE_LEVEL_GROUP ? &g->metrics[rule->metric->slot]
                                                             : &g->vs[rule->metric->slot];
        c.n = g->n;
        c.small_what = NULL;
        if (g->n < mgs) {
            snprintf(small, sizeof small, "group has %llu rows, fewer than min_group_size %llu",
                     (unsigned long long)g->n, (unsigned long long)mgs);
            c.small_what = small;
        } else if (rule->metric->level == FA_GATE_LEVEL_VS_REFERENCE && ref != NULL &&
                   ref->n < mgs) {
            snprintf(small, sizeof small,
                     "reference group \"%.60s\" has %llu rows, fewer than min_group_size %llu",
                     ref->value, (unsigned long long)ref->n, (unsigned long long)mgs);
            c.small_what = small;
        }
        FA_TRY(check(res, rule, a, g, &c, base, err));
    }
    return FA_OK;
}

static bool same_columns(const fa_adoc_attr *a, const fa_rule_target *t)
{
    size_t i, k;

    if (a->n_columns != t->n_columns)
        return false;
    for (i = 0; i < t->n_columns; i++) {
        bool found = false;
        for (k = 0; k < a->n_columns && !found; k++)
            found = strcmp(a->columns[k], t->columns[i]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* An entry for a rule that names something the audit does not have. */
static fa_status missing_entry(fa_gate_result *res,
                               const fa_policy_rule *rule,
                               const char *attribute,
                               const char *reason,
                               fa_error *err)
{
    fa_gate_entry e;

    blank_entry(&e);
    e.rule = rule->id;
    e.metric = rule->metric->key;
    e.attribute = attribute;
    e.severity = rule->severity;
    e.min = rule->min;
    e.max = rule->max;
    e.tolerance = rule->tolerance;
    e.verdict = rule->severity;
    e.outcome = rule->severity;
    e.reason = reason;
    return add_entry(res, &e, err);
}

static fa_status eval_rule(fa_gate_result *res,
                           const fa_policy_rule *rule,
                           const fa_audit_doc *audit,
                           const fa_audit_doc *base,
                           fa_error *err)
{
    char reason[512];
    size_t i, k, matched = 0;

    if (rule->scope != FA_SCOPE_LIST) {
        for (i = 0; i < audit->n_attrs; i++) {
            const fa_adoc_attr *a = &audit->attrs[i];
            bool inter = a->n_columns > 1;
            if ((rule->scope == FA_SCOPE_EVERY && inter) ||
                (rule->scope == FA_SCOPE_INTERSECTIONS && !inter))
                continue;
            matched++;
            FA_TRY(check_attribute(res, rule, a, base, err));
        }
        if (matched == 0) {
            const char *what =
                rule->scope == FA_SCOPE_INTERSECTIONS ? "(intersections)" : "(attributes)";
            snprintf(reason, sizeof reason, "%s",
                     rule->scope == FA_SCOPE_INTERSECTIONS
                         ? "the audit has no intersections (audit with --intersections)"
                         : "the audit has no protected attributes");
            return missing_entry(res, rule, what, reason, err);
        }
        return FA_OK;
    }
    for (k = 0; k < rule->n_targets; k++) {
        const fa_rule_target *t = &rule->targets[k];
        const fa_adoc_attr *a = NULL;
        for (i = 0; i < audit->n_attrs && a == NULL; i++) {
            const fa_adoc_attr *c = &audit->attrs[i];
            if (t->name != NULL ? strcmp(c->name, t->name) == 0 : same_columns(c, t))
                a = c;
        }
        if (a != NULL) {
            FA_TRY(check_attribute(res, rule, a, base, err));
            continue;
        }
        if (t->name != NULL) {
            snprintf(reason, sizeof reason, "attribute \"%.200s\" is not in the audit", t->name);
            FA_TRY(missing_entry(res, rule, t->name, reason, err));
        } else {
            fa_buf b = FA_BUF_INIT;
            for (i = 0; i < t->n_columns; i++)
                fa_buf_printf(&b, "%s%s", i ? " x " : "", t->columns[i]);
            snprintf(reason, sizeof reason,
                     "the intersection %.300s is not in the audit (audit with --intersections)",
                     b.ptr != NULL ? b.ptr : "");
            if (b.oom) {
                fa_buf_dispose(&b);
                FA_FAIL(err, FA_ENOMEM, "out of memory");
            }
            fa_status rc = missing_entry(res, rule, b.ptr, reason, err);
            fa_buf_dispose(&b);
            FA_TRY(rc);
        }
    }
    return FA_OK;
}

/* ---- baseline compatibility --------------------------------------------- */

static fa_status baseline_entry(fa_gate_result *res,
                                const fa_policy *p,
                                const char *metric,
                                const char *attribute,
                                const char *reason,
                                fa_error *err)
{
    fa_gate_entry e;

    blank_entry(&e);
    e.rule = "baseline";
    e.metric = metric;
    e.attribute = attribute;
    e.severity = p->baseline_mismatch == FA_VERDICT_FAIL ? FA_VERDICT_FAIL : FA_VERDICT_WARN;
    e.verdict = p->baseline_mismatch;
    e.outcome = p->baseline_mismatch;
    e.reason = reason;
    FA_TRY(add_message(res, reason, err));
    return add_entry(res, &e, err);
}

/* Lists values of @p a's groups missing from @p b into @p out. */
static void list_missing(fa_buf *out, const fa_adoc_attr *a, const fa_adoc_attr *b)
{
    size_t i, n = 0;

    for (i = 0; i < a->n_groups; i++)
        if (find_group(b, a->groups[i].value) == NULL)
            fa_buf_printf(out, "%s\"%.80s\"", n++ ? ", " : "", a->groups[i].value);
}

static fa_status check_baseline(fa_gate_result *res,
                                const fa_policy *p,
                                const fa_audit_doc *audit,
                                const fa_audit_doc *base,
                                fa_error *err)
{
    char reason[768];
    size_t i;
    bool any_tolerance = false;

    for (i = 0; i < p->n_rules; i++)
        any_tolerance = any_tolerance || !isnan(p->rules[i].tolerance);
    if (!base->readable) {
        snprintf(reason, sizeof reason,
                 "baseline %.200s has schema_version %s but the audit has %s: "
                 "not compared",
                 base->name, base->schema_version, audit->schema_version);
        return baseline_entry(res, p, "schema_version", "*", reason, err);
    }
    res->baseline_compared = true;
    if (!any_tolerance)
        return add_message(res, "no rule has a \"tolerance\": the baseline was not compared", err);
    for (i = 0; i < audit->n_attrs; i++) {
        const fa_adoc_attr *a = &audit->attrs[i];
        const fa_adoc_attr *b = find_attr(base, a->name);
        fa_buf added = FA_BUF_INIT, gone = FA_BUF_INIT;
        fa_status rc = FA_OK;

        if (b == NULL) {
            snprintf(reason, sizeof reason,
                     "attribute \"%.200s\" is not in the baseline: not compared", a->name);
            FA_TRY(baseline_entry(res, p, "groups", a->name, reason, err));
            continue;
        }
        list_missing(&added, a, b);
        list_missing(&gone, b, a);
        if (added.oom || gone.oom) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        } else if (added.len > 0 || gone.len > 0) {
            snprintf(reason, sizeof reason,
                     "groups of \"%.100s\" differ from the baseline (new: %.250s; gone: %.250s): "
                     "only common groups compared",
                     a->name, added.len ? added.ptr : "none", gone.len ? gone.ptr : "none");
            rc = baseline_entry(res, p, "groups", a->name, reason, err);
        } else if ((a->reference == NULL) != (b->reference == NULL) ||
                   (a->reference != NULL && strcmp(a->reference, b->reference) != 0)) {
            snprintf(reason, sizeof reason,
                     "reference group of \"%.100s\" changed from \"%.100s\" to \"%.100s\": "
                     "comparisons with the reference are not like for like",
                     a->name, b->reference ? b->reference : "(none)",
                     a->reference ? a->reference : "(none)");
            rc = baseline_entry(res, p, "reference", a->name, reason, err);
        }
        fa_buf_dispose(&added);
        fa_buf_dispose(&gone);
        FA_TRY(rc);
    }
    return FA_OK;
}

/* ---- entry point ---------------------------------------------------------- */

static fa_status evaluate(fa_gate_result *res,
                          const fa_audit_doc *audit,
                          const fa_policy *policy,
                          const fa_audit_doc *baseline,
                          fa_error *err)
{
    size_t i;

    res->policy_name = fa_strdup(policy->name);
    res->policy_fingerprint = fa_strdup(policy->fingerprint);
    FA_CHECK_ALLOC(err, res->policy_name);
    FA_CHECK_ALLOC(err, res->policy_fingerprint);
    if (baseline != NULL) {
        res->baseline_name = fa_strdup(baseline->name);
        FA_CHECK_ALLOC(err, res->baseline_name);
        FA_TRY(check_baseline(res, policy, audit, baseline, err));
    }
    for (i = 0; i < policy->n_rules; i++)
        FA_TRY(eval_rule(res, &policy->rules[i], audit, res->baseline_compared ? baseline : NULL,
                         err));
    return FA_OK;
}

fa_status fa_gate_evaluate(fa_gate_result **out,
                           const fa_audit_doc *audit,
                           const fa_policy *policy,
                           const fa_audit_doc *baseline,
                           fa_error *err)
{
    fa_gate_result *res;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && audit != NULL && policy != NULL);
    *out = NULL;
    if (!audit->readable)
        return fa_error_set_at(err, FA_EFORMAT, audit->name, 0, 0,
                               "unsupported audit schema_version %s (this build gates %d)",
                               audit->schema_version, FA_GATE_AUDIT_SCHEMA_MAJOR);
    res = fa_calloc(1, sizeof *res);
    FA_CHECK_ALLOC(err, res);
    rc = evaluate(res, audit, policy, baseline, err);
    if (rc != FA_OK) {
        fa_gate_result_free(res);
        return rc;
    }
    *out = res;
    return FA_OK;
}

/* ---- accessors ------------------------------------------------------------ */

int fa_gate_result_passed(const fa_gate_result *r)
{
    size_t i;

    if (r == NULL)
        return 0;
    for (i = 0; i < r->n_entries; i++)
        if (r->entries[i].outcome == FA_VERDICT_FAIL)
            return 0;
    return 1;
}

size_t fa_gate_result_n_entries(const fa_gate_result *r)
{
    return r != NULL ? r->n_entries : 0;
}

const fa_gate_entry *fa_gate_result_entry(const fa_gate_result *r, size_t i)
{
    return r != NULL && i < r->n_entries ? &r->entries[i] : NULL;
}

size_t fa_gate_result_count(const fa_gate_result *r, fa_verdict verdict)
{
    size_t i, n = 0;

    if (r == NULL)
        return 0;
    for (i = 0; i < r->n_entries; i++)
        n += r->entries[i].verdict == verdict;
    return n;
}

size_t fa_gate_result_n_messages(const fa_gate_result *r)
{
    return r != NULL ? r->n_messages : 0;
}

const char *fa_gate_result_message(const fa_gate_result *r, size_t i)
{
    return r != NULL && i < r->n_messages ? r->messages[i] : NULL;
}

const char *fa_gate_result_policy_name(const fa_gate_result *r)
{
    return r != NULL ? r->policy_name : NULL;
}

const char *fa_gate_result_baseline(const fa_gate_result *r, int *compared_out)
{
    if (compared_out != NULL)
        *compared_out = r != NULL && r->baseline_compared;
    return r != NULL ? r->baseline_name : NULL;
}

const char *fa_gate_result_policy_fingerprint(const fa_gate_result *r)
{
    return r != NULL ? r->policy_fingerprint : NULL;
}
