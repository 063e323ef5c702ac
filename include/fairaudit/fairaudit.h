/**
 * @file fairaudit.h
 * Umbrella header: includes the whole public API.
 */
#ifndef FAIRAUDIT_FAIRAUDIT_H
#define FAIRAUDIT_FAIRAUDIT_H

#include "fairaudit/common.h"
#include "fairaudit/error.h"
#include "fairaudit/data.h"
#include "fairaudit/audit.h"
#include "fairaudit/report.h"
#include "fairaudit/gate.h"
#include "fairaudit/batch.h"
#include "fairaudit/collective.h"
#include "fairaudit/encode.h"
#include "fairaudit/gen.h"
#include "fairaudit/model.h"
#include "fairaudit/mitigate.h"

#endif /* FAIRAUDIT_FAIRAUDIT_H */
