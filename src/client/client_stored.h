/*
 * client_stored.h — the one internal hook the storage layer
 * (src/store/client_store.c) needs into a clm_client: setting the stored
 * version it reports through clm_client_stored_version(). Not installed.
 */
#ifndef CLM_CLIENT_STORED_H
#define CLM_CLIENT_STORED_H

#include <stdint.h>

#include "clm/client.h"

/* Sets the stored version (>= 0). Cannot fail. */
void clm_client__set_stored_version(clm_client *c, int64_t v);

#endif
