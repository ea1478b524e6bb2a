using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Import;

/// <summary>
/// Imports one file into a <see cref="KosmoStore"/>: SHA-256 check (already imported → no-op), then one
/// transaction holding the bars/index rows, placeholder flags, stock attributes, the cross-source conflict
/// count and the <c>files</c> row. Any failure rolls the whole file back.
/// </summary>
internal sealed class Importer
{
    private const double ConflictTolerance = 0.005;
    private readonly KosmoStore _store;
    private readonly Action<long>? _progress;
    private readonly ImportOptions _options;

    public Importer(KosmoStore store, Action<long>? progress = null, ImportOptions? options = null)
    {
        _store = store;
        _progress = progress;
        _options = options ?? ImportOptions.Default;
    }

    private SqliteConnection Db => _store.Connection;

    /// <exception cref="DataValidationException">The file failed validation; nothing was written.</exception>
    public ImportSummary Import(string path)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(path))
        {
            throw new DataValidationException(path, 0, "", "no such file");
        }

        Trace("start", clock);
        // The parse starts at once on its own thread while this thread hashes the file: nothing is written before the
        // hash has been looked up, and a file already imported only costs a cancelled parse.
        var parser = new FileParser(path, _options.IndexName);
        var pipeline = new ImportPipeline(_progress);
        var thread = new Thread(() => pipeline.Produce(parser)) { IsBackground = true, Name = "kosmo-import-parse" };
        thread.Start();
        try
        {
            var sha = Sha256(path);
            var existing = Existing(path, sha);
            if (existing is not null)
            {
                pipeline.Cancel();
                return existing;
            }

            return Write(path, sha, parser, clock, pipeline.Consume);
        }
        finally
        {
            pipeline.Cancel(); // no-op once the parse finished; stops it after a writer failure
            thread.Join();
        }
    }

    /// <summary>Writes a file whose parse an <see cref="ImportPrefetcher"/> already started (or found already imported).</summary>
    /// <exception cref="DataValidationException">The file failed validation; nothing was written.</exception>
    public ImportSummary Import(PreparedFile file)
    {
        var clock = Stopwatch.StartNew();
        if (file.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        Trace("start (prefetched)", clock);
        var existing = Existing(file.Path, file.Sha256);
        if (existing is not null)
        {
            file.Pipeline?.Cancel();
            return existing;
        }

        if (file.Pipeline is not { } pipeline)
        {
            return Import(file.Path); // not reached: the driver skips only files the database or the batch already holds
        }

        pipeline.Progress = _progress;
        return Write(file.Path, file.Sha256, file.Parser!, clock, pipeline.Consume);
    }

    private ImportSummary Write(string path, string sha, FileParser parser, Stopwatch clock, Action<Func<RowSink>> consume)
    {
        using var tx = Db.BeginTransaction();
        SqliteRowWriter? writer = null;
        var replacing = false;
        long before = 0;
        try
        {
            // The parse runs on another thread; the writer (on this thread) is created once the header named the source. A
            // file whose name this source already imported with other content is a newer version: its rows replace the
            // stored rows of the same (code, date) or (index, date), counted from the row totals before and after.
            consume(() => writer ??= CreateWriter(tx, path, parser, out replacing, out before));
            writer?.Flush();
            writer?.Dispose();
            Trace("parsed+inserted", clock);
            if (parser.Rows == 0)
            {
                // A header-only file: not recorded in files, so it is not "imported" and a later version with rows imports.
                tx.Rollback();
                return new ImportSummary { Path = path, Sha256 = sha, Format = parser.Layout.Format, Source = parser.Layout.Source.Name, Encoding = parser.EncodingName, NoRows = true, Seconds = clock.Elapsed.TotalSeconds };
            }

            var sourceId = _store.SourceId(parser.Layout.Source.Name);
            var replaced = replacing ? before + parser.Rows - StoredRows(tx, parser) : 0;
            UpsertStocks(tx, sourceId, parser); // first: MarkPlaceholders reaches the source's rows through the stocks codes
            RecordMarkets(tx, parser);
            var placeholders = parser.Layout.Format == ImportFormat.Ohlcv ? MarkPlaceholders(tx, sourceId, parser) : 0;
            var conflicts = parser.Layout.Format is ImportFormat.Ohlcv or ImportFormat.Marcap ? Conflicts(tx, sourceId, parser) : 0;
            var summary = new ImportSummary
            {
                Path = path,
                Sha256 = sha,
                Format = parser.Layout.Format,
                Source = parser.Layout.Source.Name,
                Encoding = parser.EncodingName,
                Rows = parser.Rows,
                Codes = parser.Layout.Format == ImportFormat.Index ? 0 : parser.Seen.Count,
                FirstDate = parser.FirstDate,
                LastDate = parser.LastDate,
                HaltedRows = parser.HaltedRows,
                PlaceholderRows = placeholders,
                CrossSourceConflicts = conflicts,
                Repairs = new SortedDictionary<string, long>(parser.Repairs, StringComparer.Ordinal),
                ReplacedRows = replaced,
                Seconds = clock.Elapsed.TotalSeconds,
            };
            Trace("post", clock);
            RecordFile(tx, sourceId, summary);
            tx.Commit();
            Trace("commit", clock);
            return summary;
        }
        catch
        {
            writer?.Dispose();
            tx.Rollback();
            throw;
        }
    }

    /// <summary>The row writer for <paramref name="parser"/>'s source, in replacing mode when the source already imported a file of this name.</summary>
    private SqliteRowWriter CreateWriter(SqliteTransaction tx, string path, FileParser parser, out bool replacing, out long before)
    {
        var layout = parser.Layout;
        var sourceId = _store.SourceId(layout.Source.Name);
        replacing = EarlierVersionExists(tx, sourceId, path, layout.Format);
        before = replacing ? StoredRows(tx, parser) : 0;
        return new SqliteRowWriter(Db, sourceId, path, replacing);
    }

    /// <summary>True when <c>files</c> holds a file of the same name (any folder) and format from this source: this file is a newer version of it.</summary>
    private bool EarlierVersionExists(SqliteTransaction tx, int sourceId, string path, ImportFormat format)
    {
        var name = System.IO.Path.GetFileName(path);
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT path FROM files WHERE source_id=$s AND format=$f";
        cmd.Parameters.AddWithValue("$s", sourceId);
        cmd.Parameters.AddWithValue("$f", format.ToString().ToLowerInvariant());
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (string.Equals(System.IO.Path.GetFileName(r.GetString(0)), name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rows stored for the parser's source (stock files) or index series (index files).</summary>
    private long StoredRows(SqliteTransaction tx, FileParser parser)
    {
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        if (parser.Layout.Format == ImportFormat.Index)
        {
            cmd.CommandText = "SELECT COUNT(*) FROM index_bars WHERE name=$n";
            cmd.Parameters.AddWithValue("$n", parser.Layout.IndexName);
        }
        else
        {
            cmd.CommandText = "SELECT COUNT(*) FROM bars WHERE source_id=$s";
            cmd.Parameters.AddWithValue("$s", _store.SourceId(parser.Layout.Source.Name));
        }

        return (long)cmd.ExecuteScalar()!;
    }

    private static void Trace(string what, Stopwatch clock)
    {
        if (Environment.GetEnvironmentVariable("KOSMO_TRACE") == "1")
        {
            using var me = Process.GetCurrentProcess();
            Console.Error.WriteLine($"[import] {what} at {clock.Elapsed.TotalSeconds:F2} s wall, process CPU {me.TotalProcessorTime.TotalSeconds:F2} s");
        }
    }

    internal static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }

    private ImportSummary? Existing(string path, string sha)
    {
        using var cmd = Db.CreateCommand();
        cmd.CommandText = "SELECT f.format, s.name, f.rows FROM files f JOIN sources s USING(source_id) WHERE f.sha256=$h";
        cmd.Parameters.AddWithValue("$h", sha);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new ImportSummary
        {
            Path = path,
            Sha256 = sha,
            Format = Enum.Parse<ImportFormat>(r.GetString(0), ignoreCase: true),
            Source = r.GetString(1),
            Rows = r.GetInt64(2),
            AlreadyImported = true,
        };
    }

    private long MarkPlaceholders(SqliteTransaction tx, int sourceId, FileParser parser)
    {
        var dates = parser.PlaceholderDates().ToList();
        if (dates.Count == 0)
        {
            return 0;
        }

        long n = 0;
        using var codes = Db.CreateCommand();
        codes.Transaction = tx;
        // The codes that have rows of this source (probed once each); a code without any cannot match on any date.
        codes.CommandText = "CREATE TEMP TABLE placeholder_codes(code TEXT PRIMARY KEY) WITHOUT ROWID; "
            + "INSERT INTO temp.placeholder_codes SELECT code FROM stocks s WHERE EXISTS(SELECT 1 FROM bars b WHERE b.source_id=$s AND b.code=s.code);";
        codes.Parameters.AddWithValue("$s", sourceId);
        codes.ExecuteNonQuery();
        try
        {
            using var cmd = Db.CreateCommand();
            cmd.Transaction = tx;
            // Only zero-volume rows not yet marked: another file of the same source may share the date. Every code with bars is
            // in stocks (UpsertStocks ran), so the update is one primary-key probe per (code, date): bars has no date index.
            cmd.CommandText = $"UPDATE bars SET flags = flags | {(int)BarFlags.Placeholder} WHERE source_id=$s AND code IN (SELECT code FROM temp.placeholder_codes) AND date=$d "
                + $"AND volume = 0 AND (flags & {(int)BarFlags.Placeholder}) = 0";
            var d = cmd.Parameters.Add("$d", SqliteType.Integer);
            cmd.Parameters.AddWithValue("$s", sourceId);
            foreach (var date in dates)
            {
                d.Value = date;
                n += cmd.ExecuteNonQuery();
            }
        }
        finally
        {
            codes.Parameters.Clear();
            codes.CommandText = "DROP TABLE temp.placeholder_codes";
            codes.ExecuteNonQuery();
        }

        return n;
    }

    private void UpsertStocks(SqliteTransaction tx, int sourceId, FileParser parser)
    {
        var full = parser.Layout.Format == ImportFormat.Marcap;
        var fillGaps = parser.Layout.Format == ImportFormat.StockList;
        using var latest = Db.CreateCommand();
        latest.Transaction = tx;
        latest.CommandText = "SELECT MAX(date) FROM bars WHERE source_id=$s AND code=$c";
        latest.Parameters.AddWithValue("$s", sourceId);
        var latestCode = latest.Parameters.Add("$c", SqliteType.Text);

        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO stocks(code,name,market,dept,kosdaq_global) VALUES($c,$n,$m,$d,$g) ON CONFLICT(code) DO UPDATE SET " + (full
            ? "name=excluded.name, market=excluded.market, dept=excluded.dept, kosdaq_global=excluded.kosdaq_global"
            : fillGaps
                ? "name=CASE WHEN stocks.name='' THEN excluded.name ELSE stocks.name END, market=CASE WHEN stocks.market='UNKNOWN' THEN excluded.market ELSE stocks.market END, "
                  + "dept=CASE WHEN stocks.name='' THEN excluded.dept ELSE stocks.dept END, kosdaq_global=CASE WHEN stocks.market='UNKNOWN' THEN excluded.kosdaq_global ELSE stocks.kosdaq_global END"
                : "market=excluded.market, kosdaq_global=excluded.kosdaq_global WHERE stocks.market='UNKNOWN' AND excluded.market<>'UNKNOWN'");
        var c = cmd.Parameters.Add("$c", SqliteType.Text);
        var n = cmd.Parameters.Add("$n", SqliteType.Text);
        var m = cmd.Parameters.Add("$m", SqliteType.Text);
        var d = cmd.Parameters.Add("$d", SqliteType.Text);
        var g = cmd.Parameters.Add("$g", SqliteType.Integer);
        foreach (var (code, seen) in parser.Seen)
        {
            if (full)
            {
                // Only the newest marcap row for a code may set its attributes (files can come in any order).
                latestCode.Value = code;
                if (latest.ExecuteScalar() is long maxDate && maxDate > seen.LastDate)
                {
                    continue;
                }
            }

            c.Value = code;
            n.Value = seen.Name;
            m.Value = seen.Market;
            d.Value = seen.Dept;
            g.Value = seen.KosdaqGlobal ? 1 : 0;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Adds the markets the file's rows carry per code to <c>stock_markets</c> (the panel loader's market filter reads it).</summary>
    private void RecordMarkets(SqliteTransaction tx, FileParser parser)
    {
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO stock_markets(code,market) VALUES($c,$m)";
        var c = cmd.Parameters.Add("$c", SqliteType.Text);
        var m = cmd.Parameters.Add("$m", SqliteType.Integer);
        foreach (var (code, seen) in parser.Seen)
        {
            for (var market = (int)Market.Kospi; market <= (int)Market.Konex; market++)
            {
                if ((seen.MarketsSeen & (1 << market)) != 0)
                {
                    c.Value = code;
                    m.Value = market;
                    cmd.ExecuteNonQuery();
                }
            }
        }
    }

    private long Conflicts(SqliteTransaction tx, int sourceId, FileParser parser)
    {
        // Other sources whose stock files overlap this file's dates (from files.summary; a source with bars but no files
        // row is included to be safe). Each is joined by primary key, so no (date, code) index is needed.
        var others = new List<long>();
        using (var overlap = Db.CreateCommand())
        {
            overlap.Transaction = tx;
            overlap.CommandText = """
                SELECT s.source_id FROM sources s WHERE s.source_id <> $s AND (
                  EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv')
                         AND json_extract(f.summary, '$.FirstDate') <= $d1 AND json_extract(f.summary, '$.LastDate') >= $d0)
                  OR (NOT EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv'))
                      AND EXISTS(SELECT 1 FROM bars b WHERE b.source_id = s.source_id)))
                """;
            overlap.Parameters.AddWithValue("$s", sourceId);
            overlap.Parameters.AddWithValue("$d0", parser.FirstDate);
            overlap.Parameters.AddWithValue("$d1", parser.LastDate);
            using var r = overlap.ExecuteReader();
            while (r.Read())
            {
                others.Add(r.GetInt64(0));
            }
        }

        long total = 0;
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COUNT(*) FROM bars a JOIN bars b ON b.source_id=$o AND b.code=a.code AND b.date=a.date "
            + "WHERE a.source_id=$s AND a.date BETWEEN $d0 AND $d1 AND a.close IS NOT NULL AND b.close IS NOT NULL "
            + "AND ABS(a.close-b.close) > $tol * b.close";
        cmd.Parameters.AddWithValue("$s", sourceId);
        cmd.Parameters.AddWithValue("$d0", parser.FirstDate);
        cmd.Parameters.AddWithValue("$d1", parser.LastDate);
        cmd.Parameters.AddWithValue("$tol", ConflictTolerance);
        var other = cmd.Parameters.Add("$o", SqliteType.Integer);
        foreach (var o in others)
        {
            other.Value = o;
            total += (long)cmd.ExecuteScalar()!;
        }

        return total;
    }

    private void RecordFile(SqliteTransaction tx, int sourceId, ImportSummary summary)
    {
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO files(path,sha256,format,source_id,rows,imported_at,summary) VALUES($p,$h,$f,$s,$r,$t,$j)";
        cmd.Parameters.AddWithValue("$p", System.IO.Path.GetFullPath(summary.Path));
        cmd.Parameters.AddWithValue("$h", summary.Sha256);
        cmd.Parameters.AddWithValue("$f", summary.Format.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("$s", sourceId);
        cmd.Parameters.AddWithValue("$r", summary.Rows);
        cmd.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(new
        {
            summary.Encoding,
            summary.Codes,
            summary.FirstDate,
            summary.LastDate,
            summary.HaltedRows,
            summary.PlaceholderRows,
            summary.CrossSourceConflicts,
            summary.Repairs,
            summary.ReplacedRows,
        }));
        cmd.ExecuteNonQuery();
    }
}
