using System.Globalization;
using System.Text.Json;
using Kosmo.Core;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Import;

/// <summary>
/// The steps of a file's import after its rows are in, inside the file's transaction: the <c>stocks</c> attributes, the markets
/// its codes were listed on (<c>stock_markets</c>), placeholder flags on zero-volume days, the cross-source conflict count and
/// the <c>files</c> row that makes the import idempotent.
/// </summary>
internal sealed class ImportBookkeeping
{
    private const double ConflictTolerance = 0.005;
    private readonly SqliteConnection _db;
    private readonly SqliteTransaction _tx;
    private readonly int _sourceId;
    private readonly FileParser _parser;

    /// <param name="db">The store's connection.</param>
    /// <param name="tx">The file's open transaction.</param>
    /// <param name="sourceId">The file's source.</param>
    /// <param name="parser">The parser that read the file (its codes, dates and counts).</param>
    public ImportBookkeeping(SqliteConnection db, SqliteTransaction tx, int sourceId, FileParser parser)
    {
        _db = db;
        _tx = tx;
        _sourceId = sourceId;
        _parser = parser;
    }

    /// <summary>Flags the source's zero-volume rows on the file's placeholder dates (OHLCV files); returns how many were flagged.</summary>
    public long MarkPlaceholders()
    {
        var dates = _parser.PlaceholderDates().ToList();
        if (dates.Count == 0)
        {
            return 0;
        }

        long n = 0;
        using var codes = _db.CreateCommand();
        codes.Transaction = _tx;
        // The codes that have rows of this source (probed once each); a code without any cannot match on any date.
        codes.CommandText = "CREATE TEMP TABLE placeholder_codes(code TEXT PRIMARY KEY) WITHOUT ROWID; "
            + "INSERT INTO temp.placeholder_codes SELECT code FROM stocks s WHERE EXISTS(SELECT 1 FROM bars b WHERE b.source_id=$s AND b.code=s.code);";
        codes.Parameters.AddWithValue("$s", _sourceId);
        codes.ExecuteNonQuery();
        try
        {
            using var cmd = _db.CreateCommand();
            cmd.Transaction = _tx;
            // Only zero-volume rows not yet marked: another file of the same source may share the date. Every code with bars is
            // in stocks (UpsertStocks ran), so the update is one primary-key probe per (code, date): bars has no date index.
            cmd.CommandText = $"UPDATE bars SET flags = flags | {(int)BarFlags.Placeholder} WHERE source_id=$s AND code IN (SELECT code FROM temp.placeholder_codes) AND date=$d "
                + $"AND volume = 0 AND (flags & {(int)BarFlags.Placeholder}) = 0";
            var d = cmd.Parameters.Add("$d", SqliteType.Integer);
            cmd.Parameters.AddWithValue("$s", _sourceId);
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

    /// <summary>Writes each code's latest attributes (name, market, Dept) to <c>stocks</c>, as the file's format allows.</summary>
    public void UpsertStocks()
    {
        var full = _parser.Layout.Format == ImportFormat.Marcap;
        var fillGaps = _parser.Layout.Format == ImportFormat.StockList;
        using var latest = _db.CreateCommand();
        latest.Transaction = _tx;
        latest.CommandText = "SELECT MAX(date) FROM bars WHERE source_id=$s AND code=$c";
        latest.Parameters.AddWithValue("$s", _sourceId);
        var latestCode = latest.Parameters.Add("$c", SqliteType.Text);

        using var cmd = _db.CreateCommand();
        cmd.Transaction = _tx;
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
        foreach (var (code, seen) in _parser.Seen)
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
    public void RecordMarkets()
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = "INSERT OR IGNORE INTO stock_markets(code,market) VALUES($c,$m)";
        var c = cmd.Parameters.Add("$c", SqliteType.Text);
        var m = cmd.Parameters.Add("$m", SqliteType.Integer);
        foreach (var (code, seen) in _parser.Seen)
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

    /// <summary>Counts this file's closes that differ from another source's close on the same code and date by more than 0.5 %.</summary>
    public long Conflicts()
    {
        // Other sources whose stock files overlap this file's dates (from files.summary; a source with bars but no files
        // row is included to be safe). Each is joined by primary key, so no (date, code) index is needed.
        var others = new List<long>();
        using (var overlap = _db.CreateCommand())
        {
            overlap.Transaction = _tx;
            overlap.CommandText = """
                SELECT s.source_id FROM sources s WHERE s.source_id <> $s AND (
                  EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv')
                         AND json_extract(f.summary, '$.FirstDate') <= $d1 AND json_extract(f.summary, '$.LastDate') >= $d0)
                  OR (NOT EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv'))
                      AND EXISTS(SELECT 1 FROM bars b WHERE b.source_id = s.source_id)))
                """;
            overlap.Parameters.AddWithValue("$s", _sourceId);
            overlap.Parameters.AddWithValue("$d0", _parser.FirstDate);
            overlap.Parameters.AddWithValue("$d1", _parser.LastDate);
            using var r = overlap.ExecuteReader();
            while (r.Read())
            {
                others.Add(r.GetInt64(0));
            }
        }

        long total = 0;
        using var cmd = _db.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = "SELECT COUNT(*) FROM bars a JOIN bars b ON b.source_id=$o AND b.code=a.code AND b.date=a.date "
            + "WHERE a.source_id=$s AND a.date BETWEEN $d0 AND $d1 AND a.close IS NOT NULL AND b.close IS NOT NULL "
            + "AND ABS(a.close-b.close) > $tol * b.close";
        cmd.Parameters.AddWithValue("$s", _sourceId);
        cmd.Parameters.AddWithValue("$d0", _parser.FirstDate);
        cmd.Parameters.AddWithValue("$d1", _parser.LastDate);
        cmd.Parameters.AddWithValue("$tol", ConflictTolerance);
        var other = cmd.Parameters.Add("$o", SqliteType.Integer);
        foreach (var o in others)
        {
            other.Value = o;
            total += (long)cmd.ExecuteScalar()!;
        }

        return total;
    }

    /// <summary>Inserts the <c>files</c> row (hash, format, rows and the summary as JSON).</summary>
    public void RecordFile(ImportSummary summary)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = "INSERT INTO files(path,sha256,format,source_id,rows,imported_at,summary) VALUES($p,$h,$f,$s,$r,$t,$j)";
        cmd.Parameters.AddWithValue("$p", System.IO.Path.GetFullPath(summary.Path));
        cmd.Parameters.AddWithValue("$h", summary.Sha256);
        cmd.Parameters.AddWithValue("$f", summary.Format.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("$s", _sourceId);
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
