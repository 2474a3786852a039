/*
 * checks.h — argument checks that the separate segmentation functions and
 * clm_segment_all() share, so both refuse the same input with the same
 * words. Not installed. Each returns CLM_OK or the error it set.
 */
#ifndef CLM_SEGMENT_CHECKS_H
#define CLM_SEGMENT_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "clm/segment.h"

/* The version and cut-offs of ABC options (abc.c). */
int clm_segment__check_abc_options(const clm_abc_options *opts);
/* The version and cut-offs of XYZ options (xyz.c). */
int clm_segment__check_xyz_options(const clm_xyz_options *opts);
/* The limits of an n x periods matrix and a NULL matrix with n > 0; `fn`
 * starts the message (xyz.c). */
int clm_segment__check_matrix(const char *fn, const int64_t *amounts, size_t n, size_t periods);

#endif
