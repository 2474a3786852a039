/* contact_internal.h — the layout of a contact log, shared by the files of
 * the contact log. Not installed. */
#ifndef CLM_CONTACT_INTERNAL_H
#define CLM_CONTACT_INTERNAL_H

#include "client_internal.h"
#include "clm/contact.h"

/* One entry: its strings live in `block`. `day` is clm_time_day(view.at). */
typedef struct clm_client__contact {
    char *block;
    clm_contact_entry view;
    clm_date day;
} clm_client__contact;

struct clm_contact_log {
    clm_client__contact *items;
    size_t n, cap;
};

#endif
