/*
 * The C conformance runner: the line protocol of conformance/README.md over libwarden.
 *
 *   ENGINE <tab> dir                                   -> {"ok":true} | {"error":{...}}
 *   CHECK <tab> at <tab> action-json                   -> decision JSON | {"error":{...}}
 *   TOKEN <tab> now <tab> leeway <tab> issuer <tab> token <tab> jwks-json
 *                                                      -> {"valid":true,"claims":{...}} | {"valid":false,"error":{...}}
 * One output line per input line; an empty issuer means "not checked".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

/* Splits `line` in place at tabs into at most `max` fields; returns the count. */
static int split(char *line, char **fields, int max) {
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = 0;
            fields[n++] = p + 1;
        }
    }
    return n;
}

int main(void) {
    wd_engine *engine = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
        char *f[6];
        int n = split(line, f, 6);
        char *out = NULL, *error = NULL;
        if (strcmp(f[0], "ENGINE") == 0 && n == 2) {
            if (engine) wd_engine_close(engine, NULL);
            engine = NULL;
            if (wd_engine_load_dir(f[1], &engine, &error) == WD_OK) printf("{\"ok\":true}\n");
            else printf("{\"error\":%s}\n", error);
        } else if (strcmp(f[0], "CHECK") == 0 && n == 3) {
            if (wd_engine_check(engine, f[2], strtoll(f[1], NULL, 10), &out, &error) == WD_OK) printf("%s\n", out);
            else printf("{\"error\":%s}\n", error);
        } else if (strcmp(f[0], "TOKEN") == 0 && n == 6) {
            const char *issuer = f[3][0] ? f[3] : NULL;
            if (wd_token_verify(f[4], f[5], strtoll(f[1], NULL, 10), issuer, strtoll(f[2], NULL, 10), &out, &error) == WD_OK)
                printf("{\"valid\":true,\"claims\":%s}\n", out);
            else
                printf("{\"valid\":false,\"error\":%s}\n", error);
        } else {
            printf("{\"error\":{\"status\":\"runner\",\"message\":\"bad protocol line\"}}\n");
        }
        wd_free(out);
        wd_free(error);
        fflush(stdout);
    }
    if (engine) wd_engine_close(engine, NULL);
    free(line);
    return 0;
}
