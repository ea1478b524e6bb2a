using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Store;

/// <summary>What a database holds: per source, per index and per market (for <c>kosmo data info</c>).</summary>
public sealed record StoreInfo
{
    /// <summary>One row per source: name, basis, precedence, files, rows, codes, first/last date (yyyymmdd, 0 when empty).</summary>
    public required IReadOnlyList<StoreSourceRow> Sources { get; init; }

    /// <summary>One row per index series: name, rows, first/last date.</summary>
    public required IReadOnlyList<StoreIndexRow> Indices { get; init; }

    /// <summary>Stock counts by market (KOSPI, KOSDAQ, KONEX, UNKNOWN).</summary>
    public required IReadOnlyDictionary<string, long> StocksByMarket { get; init; }

    /// <summary>Per calendar year (ascending): stocks with survivorship-free rows and stocks from biased sources only.</summary>
    public IReadOnlyList<StoreYearRow> Years { get; init; } = [];

    /// <summary>Sources that hold every listed stock of their dates, delisted ones included.</summary>
    public static IReadOnlySet<string> FullMarketSources { get; } = new HashSet<string>(StringComparer.Ordinal) { "marcap", "synthetic" };

    internal static StoreInfo Read(SqliteConnection db)
    {
        var sources = new List<StoreSourceRow>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT s.name, s.price_basis, s.precedence,
                       (SELECT COUNT(*) FROM files f WHERE f.source_id=s.source_id),
                       (SELECT COUNT(*) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT COUNT(DISTINCT code) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT IFNULL(MIN(date),0) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT IFNULL(MAX(date),0) FROM bars b WHERE b.source_id=s.source_id)
                FROM sources s ORDER BY s.precedence DESC
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                sources.Add(new StoreSourceRow(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6), r.GetInt32(7)));
            }
        }

        var indices = new List<StoreIndexRow>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT name, COUNT(*), MIN(date), MAX(date) FROM index_bars GROUP BY name ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                indices.Add(new StoreIndexRow(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3)));
            }
        }

        var markets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT market, COUNT(*) FROM stocks GROUP BY market";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                markets[r.GetString(0)] = r.GetInt64(1);
            }
        }

        return new StoreInfo { Sources = sources, Indices = indices, StocksByMarket = markets, Years = ReadYears(db) };
    }

    /// <summary>
    /// One pass over the distinct (source, code, year) triples of <c>bars</c> (in primary-key order, so SQLite groups as it
    /// scans); the per-year sets are built here.
    /// </summary>
    private static List<StoreYearRow> ReadYears(SqliteConnection db)
    {
        var full = new HashSet<long>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT source_id, name FROM sources";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (FullMarketSources.Contains(r.GetString(1)))
                {
                    full.Add(r.GetInt64(0));
                }
            }
        }

        var stockMarket = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT code, market FROM stocks";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                stockMarket[r.GetString(0)] = r.GetString(1);
            }
        }

        var free = new Dictionary<int, HashSet<string>>();
        var biased = new Dictionary<int, HashSet<string>>();

        // Per (year, code): the market of its last row in the year, a full-market source's row winning over the others.
        var yearMarket = new Dictionary<(int Year, string Code), (bool Full, int Date, int Market)>();
        using (var cmd = db.CreateCommand())
        {
            // The bare column 'market' of a MAX() aggregate is taken from the row holding the maximum (SQLite rule).
            cmd.CommandText = $"SELECT source_id, code, date / 10000 AS y, MAX(date), {(Panel.BarReader.HasMarketColumn(db) ? "market" : "NULL")} FROM bars GROUP BY source_id, code, y";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var isFull = full.Contains(r.GetInt64(0));
                var into = isFull ? free : biased;
                var code = r.GetString(1);
                var year = r.GetInt32(2);
                if (!into.TryGetValue(year, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    into[year] = set;
                }

                set.Add(code);
                var candidate = (isFull, r.GetInt32(3), r.IsDBNull(4) ? 0 : r.GetInt32(4));
                if (!yearMarket.TryGetValue((year, code), out var held) || (isFull && !held.Full) || (isFull == held.Full && candidate.Item2 > held.Date))
                {
                    yearMarket[(year, code)] = candidate;
                }
            }
        }

        var byMarket = new Dictionary<int, SortedDictionary<string, long>>();
        foreach (var ((year, code), (_, _, market)) in yearMarket)
        {
            var name = market switch
            {
                1 => "KOSPI",
                2 => "KOSDAQ",
                3 => "KONEX",
                _ => stockMarket.GetValueOrDefault(code, "UNKNOWN"),
            };
            if (!byMarket.TryGetValue(year, out var counts))
            {
                counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
                byMarket[year] = counts;
            }

            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        var rows = new List<StoreYearRow>();
        foreach (var year in free.Keys.Union(biased.Keys).Order())
        {
            var f = free.GetValueOrDefault(year);
            var b = biased.GetValueOrDefault(year);
            var biasedOnly = b is null ? 0 : f is null ? b.Count : b.Count(c => !f.Contains(c));
            rows.Add(new StoreYearRow(year, f?.Count ?? 0, biasedOnly) { ByMarket = byMarket.GetValueOrDefault(year) ?? new SortedDictionary<string, long>(StringComparer.Ordinal) });
        }

        return rows;
    }
}
