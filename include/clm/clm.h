/*
 * clm.h — libclm, client-management business rules. Includes every public
 * header. See README.md for an overview and common.h for the conventions
 * (errors, ownership, thread safety) every function follows.
 */
#ifndef CLM_CLM_H
#define CLM_CLM_H

#include "common.h"
#include "clm/version.h"
#include "error.h"
#include "alloc.h"
#include "rate.h"
#include "money.h"
#include "format.h"
#include "date.h"
#include "calendar.h"
#include "xml.h"
#include "actor.h"
#include "idcheck.h"
#include "client.h"
#include "delegation.h"
#include "contact.h"
#include "task.h"
#include "store.h"
#include "store_keys.h"
#include "discount.h"
#include "discount_xml.h"
#include "discount_validate.h"
#include "price.h"
#include "price_xml.h"
#include "discount_coupon.h"
#include "discount_client.h"
#include "segment.h"
#include "category.h"
#include "category_client.h"
#include "category_validate.h"
#include "client_store.h"
#include "client_import.h"
#include "client_lookup.h"
#include "category_authority.h"
#include "credit_model.h"
#include "claim.h"
#include "claim_store.h"
#include "claim_xml.h"
#include "claim_report.h"
#include "credit.h"
#include "credit_policy.h"
#include "credit_store.h"
#include "credit_sales.h"
#include "credit_history.h"
#include "offer.h"

#endif /* CLM_CLM_H */
