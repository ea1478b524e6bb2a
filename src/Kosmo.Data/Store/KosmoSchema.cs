namespace Kosmo.Data.Store;

/// <summary>
/// The SQLite schema of <c>data/kosmo.db</c>: the contract between the importers (which write it) and the
/// panel loader (which reads it). Change it only additively (new tables, new nullable columns) and bump
/// <see cref="Version"/> with a migration (<c>KosmoStore.Open</c> applies it).
/// </summary>
/// <remarks>
/// Conventions: dates are INTEGER yyyymmdd (20240102); missing numbers are NULL (never 0); codes are TEXT;
/// <c>flags</c> holds <see cref="Kosmo.Core.BarFlags"/>. Every bar row is provenance-tagged by
/// <c>source_id</c>: two sources holding the same (code, date) are both kept, and the panel loader applies
/// the documented precedence (highest <c>sources.precedence</c> wins) and reports conflicts.
/// <c>sources.price_basis</c> is 'raw' (marcap), 'back_adjusted' (FDR, pykrx: adjusted as of their download
/// date), 'yahoo_mixed' (Yahoo: O/H/L adjusted, close raw, adj_close consistent) or 'synthetic'.
/// <para>Versions: 1 had a secondary index <c>bars_by_date(date, code)</c>. Version 2 drops it: every reader scans or
/// probes <c>bars</c> by its primary key (source_id, code, date), and the index cost two thirds of the import's SQLite
/// time (a code-major file inserts its (date, code) entries in random order). Opening a version-1 database drops the
/// index and records version 2; the rows are untouched.</para>
/// <para>Version 3 adds the market of each stock-day, <c>bars.market</c> (1 KOSPI, 2 KOSDAQ, 3 KONEX: the
/// <see cref="Kosmo.Core.Market"/> values; NULL where the source has no market column, and the stock's <c>stocks.market</c>
/// then applies), and <c>stock_markets</c>, every market a code's rows were listed on. Opening a version-2 database adds the
/// column (its rows read NULL, i.e. as before) and the table, and marks its marcap files as re-importable: importing the
/// same files again replaces their rows with rows that carry the market of each day (see <see cref="StaleHashPrefix"/>).</para>
/// </remarks>
public static class KosmoSchema
{
    /// <summary>Current schema version, stored in <c>meta('schema_version')</c>.</summary>
    public const int Version = 3;

    /// <summary>
    /// Prefix put before the SHA-256 of files imported under schema version 2 or earlier whose rows could carry a per-day market
    /// (marcap): the hash no longer matches the file, so importing it again is not skipped but replaces its rows (a newer
    /// version of a file of the same name), now with each day's market.
    /// </summary>
    public const string StaleHashPrefix = "v2:";

    /// <summary>The DDL, idempotent (CREATE ... IF NOT EXISTS).</summary>
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS meta(
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS sources(
          source_id   INTEGER PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,   -- marcap, yahoo, fdr, pykrx, synthetic, csv
          price_basis TEXT NOT NULL,          -- raw | back_adjusted | yahoo_mixed | synthetic
          precedence  INTEGER NOT NULL);      -- higher wins when sources overlap on (code, date)

        CREATE TABLE IF NOT EXISTS files(
          file_id     INTEGER PRIMARY KEY,
          path        TEXT NOT NULL,
          sha256      TEXT NOT NULL UNIQUE,   -- importing the same content twice is a no-op
          format      TEXT NOT NULL,          -- marcap | ohlcv | index
          source_id   INTEGER NOT NULL REFERENCES sources(source_id),
          rows        INTEGER NOT NULL,
          imported_at TEXT NOT NULL,          -- ISO-8601 UTC
          summary     TEXT NOT NULL);         -- JSON: counts of repairs, conflicts, skipped rows

        CREATE TABLE IF NOT EXISTS stocks(
          code          TEXT PRIMARY KEY,
          name          TEXT NOT NULL,
          market        TEXT NOT NULL,        -- KOSPI | KOSDAQ | KONEX | UNKNOWN
          dept          TEXT NOT NULL,        -- latest section / flag text; '' when unknown
          kosdaq_global INTEGER NOT NULL DEFAULT 0);

        CREATE TABLE IF NOT EXISTS bars(
          source_id    INTEGER NOT NULL REFERENCES sources(source_id),
          code         TEXT NOT NULL,
          date         INTEGER NOT NULL,      -- yyyymmdd
          open REAL, high REAL, low REAL, close REAL,
          adj_close    REAL,                  -- source's adjusted close, NULL when none
          volume       REAL,
          amount       REAL,                  -- trading value KRW, NULL when the source lacks it
          marcap       REAL,
          shares       REAL,
          change_ratio REAL,                  -- source-reported change as a fraction
          flags        INTEGER NOT NULL DEFAULT 0,
          dept         TEXT,                  -- that day's Dept (marcap), NULL elsewhere
          market       INTEGER,               -- that day's market: 1 KOSPI, 2 KOSDAQ, 3 KONEX; NULL: stocks.market applies
          PRIMARY KEY(source_id, code, date)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS stock_markets(
          code   TEXT NOT NULL,
          market INTEGER NOT NULL,            -- a market some row of the code carries (bars.market values)
          PRIMARY KEY(code, market)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS index_bars(
          name   TEXT NOT NULL,               -- KOSDAQ | KOSPI | KOSPI200 | VIX | USDKRW
          date   INTEGER NOT NULL,
          open REAL, high REAL, low REAL, close REAL,
          volume REAL, amount REAL, marcap REAL,
          PRIMARY KEY(name, date)) WITHOUT ROWID;
        """;

    /// <summary>Encodes a date as yyyymmdd.</summary>
    public static int ToKey(DateOnly date) => date.Year * 10000 + date.Month * 100 + date.Day;

    /// <summary>Decodes a yyyymmdd key.</summary>
    public static DateOnly FromKey(int key) => new(key / 10000, key / 100 % 100, key % 100);
}
