/*
 * bench_check.c — per-check latency through libwarden's C ABI: the floor under every SDK.
 * Usage: bench_check POLICY ACTIONS.jsonl   (files from `warden bench policy --export DIR`)
 * Each wd_engine_check (JSON in, decision JSON out, wd_free) is timed with CLOCK_MONOTONIC.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "warden.h"

static int cmp(const void *a, const void *b) {
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

static unsigned long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s POLICY ACTIONS.jsonl\n", argv[0]);
        return 1;
    }
    wd_engine *engine;
    char *error = NULL;
    if (wd_engine_load_dir(argv[1], &engine, &error) != WD_OK) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    size_t cap = 1024, n = 0;
    char **actions = malloc(cap * sizeof *actions);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n') line[len - 1] = 0;
        if (n == cap) actions = realloc(actions, (cap *= 2) * sizeof *actions);
        actions[n++] = strdup(line);
    }
    fclose(f);
    unsigned long long *samples = malloc(n * sizeof *samples);
    size_t counts[3] = {0, 0, 0};
    for (int round = 0; round < 2; round++) { /* the first round warms up */
        for (size_t i = 0; i < n; i++) {
            char *out = NULL;
            unsigned long long t0 = now_ns();
            if (wd_engine_check(engine, actions[i], -1, &out, &error) != WD_OK) {
                fprintf(stderr, "check %zu: %s\n", i, error);
                return 1;
            }
            unsigned long long t1 = now_ns();
            if (round == 1) {
                samples[i] = t1 - t0;
                counts[strstr(out, "\"decision\":\"allow\"") ? 0 : strstr(out, "\"decision\":\"deny\"") ? 1 : 2]++;
            }
            wd_free(out);
        }
    }
    qsort(samples, n, sizeof *samples, cmp);
    printf("{\"binding\":\"c\",\"checks\":%zu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"allow\":%zu,\"deny\":%zu,\"require_approval\":%zu}\n", n,
           samples[n / 2], samples[n * 99 / 100], counts[0], counts[1], counts[2]);
    wd_engine_close(engine, NULL);
    return 0;
}
