using Kosmo.Core;
using Kosmo.Data.Adjustment;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Panel;

/// <summary>
/// Loads a point-in-time <see cref="Kosmo.Core.Panel"/> (dates × codes) from a Kosmo SQLite database
/// (<see cref="KosmoSchema"/>).
/// </summary>
/// <remarks>
/// <para>Calendar: the dates in range on which at least one bar has volume &gt; 0 and is not a placeholder, so a Yahoo
/// holiday row (volume 0, O=H=L=C = previous close) never becomes a trading day. Codes: every code with a bar on a
/// calendar date, in ordinal order; a delisted code keeps its history up to its last bar and is NaN afterwards.
/// Static attributes come from <c>stocks</c>; first/last dates from the data. The market of each date
/// (<see cref="Kosmo.Core.Panel.MarketAt"/>) is the winning row's <c>bars.market</c>, or <c>stocks.market</c> where the row has none;
/// the market filter loads a code when its <c>stocks.market</c> or any market in <c>stock_markets</c> is wanted.</para>
/// <para>Precedence: where several sources hold one (code, date), the row of the source with the highest
/// <c>sources.precedence</c> wins as a whole (all of its fields, NULL → NaN). Overlaps and conflicts (closes differing
/// by more than <see cref="PanelLoadOptions.ConflictTolerance"/>) are counted per source pair in the report.</para>
/// <para>Trading value: the source's amount, or close × volume flagged <see cref="BarFlags.ValueEstimated"/>.</para>
/// <para>Adjusted close (splicing sources with different price bases): for consecutive panel cells t' &lt; t of a code
/// (t' = its previous cell with a close), the gross return is taken within ONE source that holds both days — the winning
/// source at t first, then the others by descending precedence. Two calendar dates count as adjacent trading days only if
/// they are consecutive in the calendar and at most 14 days apart. Within a source, the price is adj_close when both days
/// have a positive one (Yahoo; some old Yahoo rows hold negative values) and close otherwise; for a raw source (marcap) on adjacent trading days the
/// return is <see cref="PriceAdjuster.LinkRatio"/>, i.e. the reported change ratio on a corporate-action day, so splits
/// leave no jump. When no source holds both days, the winning row's reported change is used if t' is the previous
/// trading day, else the price ratio of the two winning rows (counted as unverified). AdjClose is the cumulative product
/// of these returns, scaled so that its last value equals the code's last close (back-adjusted).</para>
/// <para>Speed: each source is streamed in primary-key order (code, date), cut into code ranges read in parallel (one
/// connection each, memory-mapped), with a prepared raw statement into columnar buffers; the panel is then filled code by code.</para>
/// </remarks>
public sealed class PanelLoader
{
    private readonly PriceAdjuster _adjuster;

    /// <summary>Creates a loader for one database file.</summary>
    /// <param name="databasePath">Path of the SQLite file (e.g. data/kosmo.db).</param>
    /// <param name="adjuster">Corporate-action detector for raw sources (default tolerance 1%).</param>
    public PanelLoader(string databasePath, PriceAdjuster? adjuster = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        DatabasePath = databasePath;
        _adjuster = adjuster ?? new PriceAdjuster();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Loads the panel.</summary>
    /// <param name="options">Date range and markets (default: everything).</param>
    /// <returns>The panel (T × N, code-major) and the load report.</returns>
    /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
    /// <exception cref="DataValidationException">The database holds an unknown price basis or an invalid date.</exception>
    public PanelLoadResult Load(PanelLoadOptions? options = null)
    {
        options ??= new PanelLoadOptions();
        if (!File.Exists(DatabasePath))
        {
            throw new FileNotFoundException($"Kosmo database not found: {DatabasePath} (create it with 'kosmo import').", DatabasePath);
        }

        Store.SqliteSetup.Init();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var connection = Open();
        var report = new PanelLoadReport();
        var sources = ReadSources(connection);
        var stocks = ReadStocks(connection);
        var (fromKey, toKey) = BarReader.KeyRange(options.From, options.To);
        var traded = new bool[BarReader.MaxDay - BarReader.MinDay + 1];
        var scans = sources.Select((source, rank) => new SourceScan(source, rank)).ToList();
        var inRange = SourcesInRange(connection, fromKey, toKey);
        report.SourcesOutsideRange.AddRange(sources.Where(x => !inRange.Contains(x.Id)).Select(x => x.Name));

        // Each source is cut into code ranges (boundaries from the stocks table) so that the scan of the largest source
        // (Yahoo) is spread over the cores too; each (source, range) task has its own connection, buffer and code list.
        var bounds = CodeBounds(stocks.Keys, Math.Max(1, Math.Min(Environment.ProcessorCount, 8)));
        var tasks = scans.Where(scan => inRange.Contains(scan.Source.Id)).SelectMany(scan => Enumerable.Range(0, bounds.Count - 1).Select(p => (Scan: new SourceScan(scan.Source, scan.Rank), Low: bounds[p], High: bounds[p + 1], Part: p))).ToArray();
        var parts = new BarBuffer[tasks.Length];
        var localNames = new List<string>[tasks.Length];
        // A code is loaded when its stock-level market or any market its rows carry (a KOSDAQ -> KOSPI mover is both) is
        // wanted; the universe then applies the market of each date.
        var seenMarkets = ReadStockMarkets(connection);
        bool Include(string code) => options.Markets.Contains(stocks.TryGetValue(code, out var s) ? s.Market : Market.Unknown)
            || (seenMarkets.TryGetValue(code, out var bits) && options.Markets.Any(m => (bits & (1 << (int)m)) != 0));
        try
        {
            var partitioner = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, tasks.Length), System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(partitioner, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, 8)) }, k =>
            {
                using var own = Open();
                parts[k] = new BarBuffer();
                localNames[k] = [];
                BarReader.Read(own, tasks[k].Scan, parts[k], new Dictionary<string, int>(StringComparer.Ordinal), localNames[k], Include, traded,
                    fromKey, toKey, tasks[k].Low, tasks[k].High, DatabasePath);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        var buffer = BarBuffer.Concat(parts, out var rowOffsets);
        var codeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var codeNames = new List<string>();
        for (var k = 0; k < tasks.Length; k++)
        {
            var target = scans[tasks[k].Scan.Rank];
            foreach (var (localId, start, count) in tasks[k].Scan.Ranges)
            {
                var code = localNames[k][localId];
                if (!codeIds.TryGetValue(code, out var id))
                {
                    id = codeNames.Count;
                    codeIds[code] = id;
                    codeNames.Add(code);
                }

                target.Ranges.Add((id, start + rowOffsets[k], count));
            }

            target.RowsRead += tasks[k].Scan.RowsRead;
        }

        foreach (var scan in scans)
        {
            report.Sources[scan.Source.Name] = scan.Source;
            report.RowsRead[scan.Source.Name] = scan.RowsRead;
        }

        report.ReadSeconds = clock.Elapsed.TotalSeconds;
        var calendar = BuildCalendar(traded, buffer, scans, report);
        var dayToT = new int[traded.Length];
        Array.Fill(dayToT, -1);
        for (var t = 0; t < calendar.Length; t++)
        {
            dayToT[calendar[t].DayNumber - BarReader.MinDay] = t;
        }

        var assembler = new PanelAssembler(buffer, scans, dayToT, calendar, codeNames.Count, _adjuster, options.ConflictTolerance, report);
        var spans = assembler.CodeSpans();
        var order = Enumerable.Range(0, codeNames.Count).Where(id => spans[id].First >= 0)
            .OrderBy(id => codeNames[id], StringComparer.Ordinal).ToArray();
        var infos = order.Select(id =>
        {
            var code = codeNames[id];
            var info = stocks.TryGetValue(code, out var s) ? s : new StockInfo(code, "", Market.Unknown, "", null, null);
            return info with { FirstDate = calendar[spans[id].First], LastDate = calendar[spans[id].Last] };
        }).ToArray();
        var panel = new Kosmo.Core.Panel(calendar, infos)
        {
            IsSynthetic = scans.Any(s => s.RowsRead > 0) && scans.Where(s => s.RowsRead > 0).All(s => s.Source.Basis == PriceBasis.Synthetic),
            Description = $"{DatabasePath} ({string.Join(", ", scans.Where(s => s.RowsRead > 0).Select(s => s.Source.Name))})",
        };
        for (var i = 0; i < order.Length; i++)
        {
            assembler.Fill(panel, i, order[i]);
        }

        report.AssembleSeconds = clock.Elapsed.TotalSeconds - report.ReadSeconds;
        report.DateCount = panel.DateCount;
        report.CodeCount = panel.CodeCount;
        if (options.LoadIndices)
        {
            IndexLoader.Load(connection, panel, fromKey, toKey);
        }

        return new PanelLoadResult(panel, report);
    }

    private static DateOnly[] BuildCalendar(bool[] traded, BarBuffer buffer, List<SourceScan> scans, PanelLoadReport report)
    {
        var calendar = new List<DateOnly>();
        for (var d = 0; d < traded.Length; d++)
        {
            if (traded[d])
            {
                calendar.Add(DateOnly.FromDayNumber(d + BarReader.MinDay));
            }
        }

        var seen = new HashSet<int>();
        foreach (var (_, start, count) in scans.SelectMany(s => s.Ranges))
        {
            for (var r = start; r < start + count; r++)
            {
                var day = buffer[r >> BarBuffer.Shift].Day[r & BarBuffer.Mask];
                if (!traded[day - BarReader.MinDay])
                {
                    seen.Add(day);
                }
            }
        }

        report.NonTradingDatesDropped = seen.Count;
        return [.. calendar];
    }

    /// <summary>Opens a read-only connection with memory-mapped I/O (a full scan then costs no read() per page).</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(KosmoStore.ReadOnlyConnectionString(DatabasePath));
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -65536;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// parts + 1 ordinal code boundaries splitting the known codes into parts of similar size: "" first, "\u007f" last
    /// (above every ASCII code), so every code, listed in stocks or not, falls in exactly one [low, high) range.
    /// </summary>
    private static List<string> CodeBounds(IEnumerable<string> codes, int parts)
    {
        var sorted = codes.Order(StringComparer.Ordinal).ToArray();
        var bounds = new List<string> { "" };
        for (var p = 1; p < parts && sorted.Length >= parts; p++)
        {
            var b = sorted[p * sorted.Length / parts];
            if (string.CompareOrdinal(b, bounds[^1]) > 0)
            {
                bounds.Add(b);
            }
        }

        bounds.Add("\u007f");
        return bounds;
    }

    /// <summary>
    /// The sources whose rows may fall in [fromKey, toKey]: those with an imported stock file (marcap or OHLCV) whose
    /// first..last date overlaps the range (from <c>files.summary</c>), and, to be safe, every source without such a
    /// file row or with a file whose dates are not recorded. The bar query filters dates anyway, so skipping the others
    /// changes nothing but the time spent scanning them (2.6 M rows of 2020–2025 sources for a 2000–2017 panel).
    /// </summary>
    internal static HashSet<int> SourcesInRange(SqliteConnection connection, int fromKey, int toKey)
    {
        var ids = new HashSet<int>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT s.source_id FROM sources s WHERE
              EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv')
                     AND (json_extract(f.summary, '$.FirstDate') IS NULL OR json_extract(f.summary, '$.FirstDate') <= $to)
                     AND (json_extract(f.summary, '$.LastDate') IS NULL OR json_extract(f.summary, '$.LastDate') >= $from))
              OR NOT EXISTS(SELECT 1 FROM files f WHERE f.source_id = s.source_id AND f.format IN ('marcap','ohlcv'))
            """;
        cmd.Parameters.AddWithValue("$from", fromKey);
        cmd.Parameters.AddWithValue("$to", toKey);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static List<SourceDescriptor> ReadSources(SqliteConnection connection)
    {
        var list = new List<SourceDescriptor>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT source_id, name, price_basis, precedence FROM sources ORDER BY precedence, source_id";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var basisText = reader.GetString(2);
            var basis = basisText switch
            {
                "raw" => PriceBasis.Raw,
                "back_adjusted" => PriceBasis.BackAdjusted,
                "yahoo_mixed" => PriceBasis.YahooMixed,
                "synthetic" => PriceBasis.Synthetic,
                _ => throw new DataValidationException(connection.DataSource, 0, "sources.price_basis",
                    $"unknown price basis '{basisText}' for source '{reader.GetString(1)}' (expected raw, back_adjusted, yahoo_mixed or synthetic)."),
            };
            list.Add(new SourceDescriptor(reader.GetInt32(0), reader.GetString(1), basis, reader.GetInt32(3)));
        }

        return list;
    }

    /// <summary>Per code, a bit per market its rows carry (<c>stock_markets</c>; empty on a database from before schema version 3).</summary>
    private static Dictionary<string, int> ReadStockMarkets(SqliteConnection connection)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='stock_markets'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            return map;
        }

        cmd.CommandText = "SELECT code, market FROM stock_markets";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var market = reader.GetInt32(1);
            if (market is >= 0 and < 31)
            {
                map[reader.GetString(0)] = map.GetValueOrDefault(reader.GetString(0)) | (1 << market);
            }
        }

        return map;
    }

    private static Dictionary<string, StockInfo> ReadStocks(SqliteConnection connection)
    {
        var map = new Dictionary<string, StockInfo>(StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT code, name, market, dept, kosdaq_global FROM stocks";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var code = reader.GetString(0);
            map[code] = new StockInfo(code, reader.GetString(1), ParseMarket(reader.GetString(2)), reader.GetString(3), null, null)
            {
                IsKosdaqGlobal = reader.GetInt64(4) != 0,
            };
        }

        return map;
    }

    /// <summary>Maps <c>stocks.market</c> text to <see cref="Market"/> (KOSDAQ GLOBAL is KOSDAQ).</summary>
    public static Market ParseMarket(string text) => text.Trim().ToUpperInvariant() switch
    {
        "KOSPI" or "STK" => Market.Kospi,
        "KOSDAQ" or "KOSDAQ GLOBAL" or "KSQ" => Market.Kosdaq,
        "KONEX" or "KNX" => Market.Konex,
        _ => Market.Unknown,
    };
}
