/* result.c — lifetime and public accessors of fa_audit_result (include/fairaudit/audit.h). */
#include <string.h>

#include "audit/audit_private.h"
#include "common/internal.h"

void fa_audit_result_free(fa_audit_result *r)
{
    size_t i;

    if (r == NULL)
        return;
    if (r->attrs != NULL)
        for (i = 0; i < r->n_attrs; i++)
            fa_audit__attr_dispose(&r->attrs[i]);
    fa_free(r->attrs);
    fa_free(r->overall.display);
    fa_free(r->overall.cal);
    fa_free(r->overall.sweep);
    fa_free(r->path);
    fa_free(r->model_path);
    fa_free(r->label_column);
    fa_free(r->score_column);
    fa_free(r->decision_column);
    fa_free(r->weight_column);
    if (r->protected_columns != NULL)
        for (i = 0; i < r->n_protected; i++)
            fa_free(r->protected_columns[i]);
    fa_free(r->protected_columns);
    fa_free(r->label_values[0]);
    fa_free(r->label_values[1]);
    if (r->missing_values != NULL)
        for (i = 0; i < r->n_missing_values; i++)
            fa_free(r->missing_values[i]);
    fa_free(r->missing_values);
    fa_free(r);
}

uint64_t fa_audit_rows_read(const fa_audit_result *r)
{
    return r->rows_read;
}

uint64_t fa_audit_rows_used(const fa_audit_result *r)
{
    return r->rows_used;
}

uint64_t fa_audit_rows_skipped(const fa_audit_result *r)
{
    return r->skipped_label + r->skipped_score + r->dropped_by_spec;
}

size_t fa_audit_n_attributes(const fa_audit_result *r)
{
    return r->n_attrs;
}

const char *fa_audit_attribute_name(const fa_audit_result *r, size_t i)
{
    return i < r->n_attrs ? r->attrs[i].name : NULL;
}

size_t fa_audit_n_groups(const fa_audit_result *r, size_t i)
{
    return i < r->n_attrs ? r->attrs[i].n_groups : 0;
}

const char *fa_audit_group_value(const fa_audit_result *r, size_t i, size_t g)
{
    if (i >= r->n_attrs || g >= r->attrs[i].n_groups)
        return NULL;
    return r->attrs[i].groups[g].display;
}

fa_status fa_audit_disparity(const fa_audit_result *r, size_t i, const char *key, double *value,
                             const char **reason, fa_error *err)
{
    const fa_disparity_def *t = fa_disparity_table();
    int k;

    if (r == NULL || key == NULL || i >= r->n_attrs)
        FA_FAIL(err, FA_EINVAL, "fa_audit_disparity: no attribute entry %zu", i);
    for (k = 0; k < FA_D_COUNT; k++) {
        if (strcmp(t[k].key, key) == 0) {
            fa_value v = r->attrs[i].disp[t[k].id];
            if (value != NULL)
                *value = v.v;
            if (reason != NULL)
                *reason = v.reason;
            return FA_OK;
        }
    }
    FA_FAIL(err, FA_EINVAL, "fa_audit_disparity: unknown disparity \"%s\"", key);
}
