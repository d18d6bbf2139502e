/*
 * The C conformance runner: the line protocol of conformance/README.md over libwarden.
 *
 *   ENGINE <tab> dir                                   -> {"ok":true} | {"error":{...}}
 *   CHECK <tab> at <tab> action-json                   -> decision JSON | {"error":{...}}
 *   TOKEN <tab> now <tab> leeway <tab> issuer <tab> token <tab> jwks-json
 *                                                      -> {"valid":true,"claims":{...}} | {"valid":false,"error":{...}}
 *   SCAN <tab> text-as-json-string <tab> options-json  -> the wd_scan result JSON | {"error":{...}}
 * One output line per input line; an empty issuer means "not checked", empty options NULL.
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

static int hex4(const char *p) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Decodes the JSON string literal `in` (quotes included, nothing after) into `out`, which has
 * room for strlen(in) + 1 bytes (a decoded string is never longer than its literal). Returns 0
 * for a malformed literal. A \u0000 ends the C string early; the vectors have none. */
static int json_string(const char *in, char *out) {
    if (*in++ != '"') return 0;
    char *o = out;
    while (*in && *in != '"') {
        unsigned char c = (unsigned char)*in++;
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        char e = *in++;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            int cp = hex4(in);
            if (cp < 0) return 0;
            in += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && in[0] == '\\' && in[1] == 'u') {
                int lo = hex4(in + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    in += 6;
                }
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) { /* a lone surrogate too: invalid UTF-8, for libwarden to refuse */
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: return 0;
        }
    }
    if (*in != '"' || in[1]) return 0;
    *o = 0;
    return 1;
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
        } else if (strcmp(f[0], "SCAN") == 0 && n == 3) {
            char *text = malloc(strlen(f[1]) + 1);
            if (!text || !json_string(f[1], text))
                printf("{\"error\":{\"status\":\"runner\",\"message\":\"SCAN text is not a JSON string\"}}\n");
            else if (wd_scan(text, f[2][0] ? f[2] : NULL, &out, &error) == WD_OK)
                printf("%s\n", out);
            else
                printf("{\"error\":%s}\n", error);
            free(text);
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
