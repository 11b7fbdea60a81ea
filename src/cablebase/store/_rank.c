/* A SQLite loadable extension: the FTS5 auxiliary function `cablebase_bm25`, FTS5's own `bm25` with
 * the row's length given as an argument instead of looked up.
 *
 *     cablebase_bm25(cables_fts, sizes, 10.0, 1.0, 1.0)
 *
 * `sizes` is the row's record in the index's `<table>_docsize` table (each column's token count, an
 * SQLite varint each), joined to the index by the query. FTS5's `bm25` runs a statement of its own
 * for every row it scores to read that record (`SELECT sz FROM ..._docsize WHERE id = ?`: bind,
 * step, reset), about half of its time on a common word; a join reads it in the query's own loop.
 * Everything else is FTS5's `bm25` (sqlite/ext/fts5/fts5_aux.c) step for step, in the same order, so
 * the scores are the same doubles: the IDF of each phrase (the rows matching it, counted once per
 * statement), the average length of a row, the weighted count of each phrase's instances.
 *
 * The scalar function `cablebase_rank()` tells a connection that the extension is loaded. */

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <math.h>
#include <string.h>

typedef struct {
    int phrases;
    double average_length;
    double *idf;        /* per phrase */
    double *frequency;  /* per phrase, the current row's weighted count of instances */
} Statistics;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

/* The statement's IDFs and average length, computed on its first row (as bm25's fts5Bm25GetData). */
static int statistics(const Fts5ExtensionApi *api, Fts5Context *fts, Statistics **out) {
    Statistics *stats = api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (stats == 0) {
        int phrases = api->xPhraseCount(fts);
        sqlite3_int64 rows = 0, tokens = 0, bytes = sizeof(Statistics) + sizeof(double) * phrases * 2;
        stats = sqlite3_malloc64(bytes);
        if (stats == 0) return SQLITE_NOMEM;
        memset(stats, 0, bytes);
        stats->phrases = phrases;
        stats->idf = (double *)&stats[1];
        stats->frequency = &stats->idf[phrases];
        rc = api->xRowCount(fts, &rows);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
        if (rc == SQLITE_OK) stats->average_length = (double)tokens / (double)rows;
        for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
            sqlite3_int64 hits = 0;
            rc = api->xQueryPhrase(fts, i, (void *)&hits, count_row);
            if (rc == SQLITE_OK) {
                double idf = log((rows - hits + 0.5) / (hits + 0.5));
                if (idf <= 0.0) idf = 1e-6;
                stats->idf[i] = idf;
            }
        }
        if (rc == SQLITE_OK) {
            rc = api->xSetAuxdata(fts, stats, sqlite3_free);
        } else {
            sqlite3_free(stats);
        }
        if (rc != SQLITE_OK) stats = 0;
    }
    *out = stats;
    return rc;
}

/* The row's length: the sum of the docsize record's varints (SQLite's: most significant group first). */
static sqlite3_int64 row_length(const unsigned char *record, int size) {
    sqlite3_int64 total = 0;
    int i = 0;
    while (i < size) {
        sqlite3_uint64 value = 0;
        int n = 0, more = 1;
        for (; more && n < 8 && i < size; n++) {
            value = (value << 7) | (record[i] & 0x7f);
            more = record[i++] & 0x80;
        }
        if (more && n == 8 && i < size) value = (value << 8) | record[i++];  /* a ninth byte: all 8 bits */
        total += (sqlite3_int64)value;
    }
    return total;
}

static void bm25_sized(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                       sqlite3_value **argv) {
    const double k1 = 1.2, b = 0.75;
    Statistics *stats;
    int instances = 0;
    double score = 0.0, length;
    int rc;
    if (argc < 1 || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_error(context, "cablebase_bm25: the row's docsize record must be its second argument", -1);
        return;
    }
    rc = statistics(api, fts, &stats);
    if (rc == SQLITE_OK) {
        memset(stats->frequency, 0, sizeof(double) * stats->phrases);
        rc = api->xInstCount(fts, &instances);
    }
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK) stats->frequency[phrase] += argc - 1 > column ? sqlite3_value_double(argv[column + 1]) : 1.0;
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    length = (double)(int)row_length(sqlite3_value_blob(argv[0]), sqlite3_value_bytes(argv[0]));
    for (int i = 0; i < stats->phrases; i++) {
        double frequency = stats->frequency[i];
        score += stats->idf[i] * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / stats->average_length)));
    }
    sqlite3_result_double(context, -1.0 * score);
}

static void loaded(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    sqlite3_result_int(context, 1);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_rank_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
    fts5_api *fts5 = 0;
    sqlite3_stmt *statement;
    int rc;
    SQLITE_EXTENSION_INIT2(routines);
    (void)error;
    rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, 0);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)&fts5, "fts5_api_ptr", 0);
    sqlite3_step(statement);
    rc = sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;
    if (fts5 == 0 || fts5->iVersion < 2) return SQLITE_ERROR;
    rc = fts5->xCreateFunction(fts5, "cablebase_bm25", 0, bm25_sized, 0);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function(db, "cablebase_rank", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, loaded, 0, 0);
    }
    return rc;
}
