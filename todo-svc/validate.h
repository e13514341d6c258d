/* validate: checks todo.v1 requests and normalises their content before it
 * reaches the store. Every error is TC_EINVAL with a message that starts
 * with the field it is about ("title: must not be empty",
 * "tags[2]: must be at most 50 bytes", "update_mask: unknown field \"x\"").
 *
 * Rules: user_id 1-256 bytes; title 1-500 bytes of valid UTF-8 after
 * trimming Unicode white space (the trimmed title is stored); notes up to
 * 10 000 bytes of valid UTF-8; at most 20 tags of 1-50 bytes of valid UTF-8
 * each after trimming, duplicates dropped (first one kept); priority one of
 * the enum's values; due a valid Timestamp; page_size 0-500 (0 = 50);
 * update_mask non-empty with paths among title, notes, done, priority, due,
 * tags ("*" = all of them). NULL strings count as "". */
#ifndef TODO_VALIDATE_H
#define TODO_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include "store.h"
#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

#define TODO_TITLE_MAX         500
#define TODO_NOTES_MAX         10000
#define TODO_TAGS_MAX          20
#define TODO_TAG_MAX           50
#define TODO_USER_ID_MAX       256
#define TODO_REQUEST_ID_MAX    256
#define TODO_QUERY_MAX         1000
#define TODO_PAGE_SIZE_MAX     500
#define TODO_PAGE_SIZE_DEFAULT 50

/* Finds s[0..n) without leading and trailing Unicode white space: sets
 * *start and *len. s must be valid UTF-8. */
void todo_validate_trim(const char *s, size_t n, size_t *start, size_t *len);

/* user_id: required, at most 256 bytes. Returns 0 or TC_EINVAL with st set. */
int todo_validate_user_id(const char *user_id, tc_status_t *st);

/* A todo id named by field ("id" or "todo.id"): required. Returns 0 or
 * TC_EINVAL with st set. */
int todo_validate_id(const char *id, const char *field, tc_status_t *st);

/* Checks a CreateTodoRequest (user_id, todo, request_id) and sets *out to
 * the normalised todo (allocated with a; trimmed title and tags, tags
 * deduplicated). Returns 0 or TC_EINVAL with st set (then *out is NULL). */
int todo_validate_create(const Todo__V1__CreateTodoRequest *req, const todo_alloc_t *a,
                         Todo__V1__Todo **out, tc_status_t *st);

/* Checks an UpdateTodoRequest: user_id, todo.id, the mask, and the fields it
 * names. Sets *patch (allocated with a; id plus the normalised fields named
 * by the mask) and *fields (enum todo_field bits). Returns 0 or TC_EINVAL
 * with st set. */
int todo_validate_update(const Todo__V1__UpdateTodoRequest *req, const todo_alloc_t *a,
                         Todo__V1__Todo **patch, unsigned *fields, tc_status_t *st);

/* Checks a ListTodosRequest and fills *q (its strings point into req;
 * page_size 0 becomes 50). Returns 0 or TC_EINVAL with st set. */
int todo_validate_list(const Todo__V1__ListTodosRequest *req, todo_query_t *q, tc_status_t *st);

#endif
