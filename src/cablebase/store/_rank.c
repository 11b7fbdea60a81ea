/* A SQLite loadable extension: the FTS5 auxiliary function `cablebase_bm25`, FTS5's own `bm25` with
 * the row's length given as an argument instead of looked up, counting the rows it scores.
 *
 *     cablebase_bm25(cables_fts, sizes, tally, 10.0, 1.0, 1.0)
 *
 * `sizes` is the row's record in the index's `<table>_docsize` table (each column's token count, an
 * SQLite varint each), joined to the index by the query. FTS5's `bm25` runs a statement of its own
 * for every row it scores to read that record (`SELECT sz FROM ..._docsize WHERE id = ?`: bind,
 * step, reset), about half of its time on a common word; a join reads it in the query's own loop.
 * Everything else is FTS5's `bm25` (sqlite/ext/fts5/fts5_aux.c) step for step, in the same order, so
 * the scores are the same doubles: the IDF of each phrase (the rows matching it, counted once per
 * statement), the average length of a row, the weighted count of each phrase's instances; the
 * weights follow `tally`.
 *
 * `tally`, an integer the caller makes unique per statement (or NULL), names a count of the rows the
 * statement scores, which `cablebase_tally(tally)` gives afterwards on the same connection: a ranking
 * that also needs its number of matches gets it without a window (`count(*) OVER ()`, which keeps
 * every row to count them). The connection keeps the latest TALLIES such counts.
 *
 * The scalar function `cablebase_rank()` tells a connection that the extension is loaded, and its VERSION
 * (2: with `cablebase_ids` and `cablebase_in`, below). */

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <math.h>
#include <string.h>

#define TALLIES 64
#define VERSION 3

typedef struct {
    sqlite3_int64 token;  /* the statement's, as its caller named it (0: none yet) */
    sqlite3_int64 rows;   /* rows it has scored */
} Tally;

typedef struct {
    Tally tallies[TALLIES];  /* the connection's latest statements that asked for a tally, a ring */
    int next;
} Tallies;

typedef struct {
    Tally *tally;       /* where this statement counts the rows it scores, or 0 */
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

/* The statement's IDFs (each 1.0 unless `idfs`) and average length, computed on its first row (as bm25's
 * fts5Bm25GetData). */
static int statistics(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *token, int idfs, Statistics **out) {
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
            if (!idfs) {  /* unscaled: the caller multiplies by the IDF it asked for apart (cablebase_idf) */
                stats->idf[i] = 1.0;
                continue;
            }
            rc = api->xQueryPhrase(fts, i, (void *)&hits, count_row);
            if (rc == SQLITE_OK) {
                double idf = log((rows - hits + 0.5) / (hits + 0.5));
                if (idf <= 0.0) idf = 1e-6;
                stats->idf[i] = idf;
            }
        }
        if (rc == SQLITE_OK && token != 0 && sqlite3_value_type(token) == SQLITE_INTEGER) {
            Tallies *tallies = api->xUserData(fts);
            stats->tally = &tallies->tallies[tallies->next];
            tallies->next = (tallies->next + 1) % TALLIES;
            stats->tally->token = sqlite3_value_int64(token);
            stats->tally->rows = 0;
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

static void score_row(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                      sqlite3_value **argv, int idfs) {
    const double k1 = 1.2, b = 0.75;
    Statistics *stats;
    double score = 0.0, length;
    int rc;
    if (argc < 2 || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_error(context, "cablebase_bm25(table, sizes, tally, weights...): sizes must be the row's "
                             "docsize record", -1);
        return;
    }
    rc = statistics(api, fts, argv[1], idfs, &stats);
    for (int i = 0; rc == SQLITE_OK && i < stats->phrases; i++) {
        /* each phrase's instances in the order of the row's instance list (xInst), without building it */
        Fts5PhraseIter iter;
        int column, offset;
        stats->frequency[i] = 0.0;
        rc = api->xPhraseFirst(fts, i, &iter, &column, &offset);
        for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
            stats->frequency[i] += argc - 2 > column ? sqlite3_value_double(argv[column + 2]) : 1.0;
        }
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
    if (stats->tally) stats->tally->rows++;
    sqlite3_result_double(context, -1.0 * score);
}

static void bm25_sized(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                       sqlite3_value **argv) {
    score_row(api, fts, context, argc, argv, 1);
}

/* cablebase_bm25_unscaled(table, sizes, tally, weights...): for a query of one phrase, its score with an
 * IDF of 1.0 (no count of the phrase's rows): the same order as cablebase_bm25's, and the same double
 * once the caller multiplies the term by the IDF (`-1.0 * (0.0 + idf * -unscaled)`, as here). */
static void bm25_unscaled(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                          sqlite3_value **argv) {
    if (api->xPhraseCount(fts) != 1) {
        sqlite3_result_error(context, "cablebase_bm25_unscaled: a query of one phrase only", -1);
        return;
    }
    score_row(api, fts, context, argc, argv, 0);
}

/* cablebase_idf(table): the IDF of a one-phrase query, as cablebase_bm25 counts it. */
static void idf(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                sqlite3_value **argv) {
    Statistics *stats;
    int rc;
    (void)argc;
    (void)argv;
    if (api->xPhraseCount(fts) != 1) {
        sqlite3_result_error(context, "cablebase_idf: a query of one phrase only", -1);
        return;
    }
    rc = statistics(api, fts, 0, 1, &stats);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    sqlite3_result_double(context, stats->idf[0]);
}

/* cablebase_tally(token): the rows the statement that named `token` scored (0: none, or it is not
 * among the connection's latest TALLIES such statements). */
static void tally(sqlite3_context *context, int argc, sqlite3_value **argv) {
    Tallies *tallies = sqlite3_user_data(context);
    sqlite3_int64 token = sqlite3_value_int64(argv[0]);
    (void)argc;
    for (int i = 1; i <= TALLIES; i++) {
        Tally *candidate = &tallies->tallies[(tallies->next - i + TALLIES) % TALLIES];
        if (candidate->token == token && token != 0) {
            sqlite3_result_int64(context, candidate->rows);
            return;
        }
    }
    sqlite3_result_int64(context, 0);
}

/* cablebase_ids(id): the aggregate of a set of row ids as a bitmap (a BLOB, bit `id % 8` of byte `id / 8`);
 * cablebase_in(ids, id): whether that bitmap holds `id`. A set tested on each of a word's matches is then
 * one bit read, where SQLite's `IN (SELECT …)` probes a B-tree of its own for each (0.4 µs a match
 * for a set of 100,000 ids). Ids are row ids from 0 to IDS_MAX. */
#define IDS_MAX ((sqlite3_int64)1 << 32)

typedef struct {
    unsigned char *bits;
    sqlite3_int64 bytes;
} Ids;

static void ids_step(sqlite3_context *context, int argc, sqlite3_value **argv) {
    Ids *ids = sqlite3_aggregate_context(context, sizeof(Ids));
    sqlite3_int64 id;
    (void)argc;
    if (ids == 0) {
        sqlite3_result_error_nomem(context);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    id = sqlite3_value_int64(argv[0]);
    if (id < 0 || id >= IDS_MAX) {
        sqlite3_result_error(context, "cablebase_ids: a row id out of its range", -1);
        return;
    }
    if (id / 8 >= ids->bytes) {
        sqlite3_int64 bytes = ids->bytes ? ids->bytes : 4096;
        unsigned char *bits;
        while (bytes <= id / 8) bytes *= 2;
        bits = sqlite3_realloc64(ids->bits, bytes);
        if (bits == 0) {
            sqlite3_result_error_nomem(context);
            return;
        }
        memset(bits + ids->bytes, 0, bytes - ids->bytes);
        ids->bits = bits;
        ids->bytes = bytes;
    }
    ids->bits[id / 8] |= (unsigned char)(1 << (id % 8));
}

static void ids_final(sqlite3_context *context) {
    Ids *ids = sqlite3_aggregate_context(context, 0);
    if (ids == 0 || ids->bits == 0) {
        sqlite3_result_zeroblob(context, 0);
        return;
    }
    sqlite3_result_blob64(context, ids->bits, (sqlite3_uint64)ids->bytes, sqlite3_free);
}

static void ids_in(sqlite3_context *context, int argc, sqlite3_value **argv) {
    const unsigned char *bits = sqlite3_value_blob(argv[0]);
    sqlite3_int64 bytes = sqlite3_value_bytes(argv[0]), id = sqlite3_value_int64(argv[1]);
    (void)argc;
    sqlite3_result_int(context, id >= 0 && id / 8 < bytes && (bits[id / 8] >> (id % 8)) & 1);
}

static void loaded(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    sqlite3_result_int(context, VERSION);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_rank_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
    fts5_api *fts5 = 0;
    Tallies *tallies;
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
    tallies = sqlite3_malloc(sizeof(Tallies));
    if (tallies == 0) return SQLITE_NOMEM;
    memset(tallies, 0, sizeof(Tallies));
    rc = fts5->xCreateFunction(fts5, "cablebase_bm25", tallies, bm25_sized, sqlite3_free);  /* frees it at the close */
    if (rc != SQLITE_OK) {
        sqlite3_free(tallies);
        return rc;
    }
    rc = fts5->xCreateFunction(fts5, "cablebase_bm25_unscaled", tallies, bm25_unscaled, 0);
    if (rc == SQLITE_OK) rc = fts5->xCreateFunction(fts5, "cablebase_idf", tallies, idf, 0);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_create_function(db, "cablebase_tally", 1, SQLITE_UTF8, tallies, tally, 0, 0);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function(db, "cablebase_rank", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, loaded, 0, 0);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function(db, "cablebase_ids", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, 0, ids_step, ids_final);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function(db, "cablebase_in", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, ids_in, 0, 0);
    }
    return rc;
}
