using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Panel;

/// <summary>
/// Cheap date facts of a Kosmo database that a short-window panel cannot see: the last date of the stock data and each
/// code's first priced bar since a date. Both use index seeks or the import summaries, never a scan of <c>bars</c>.
/// </summary>
public static class StoreDates
{
    /// <summary>The last date of any imported stock file (marcap or OHLCV), from the import summaries.</summary>
    /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
    /// <exception cref="DataValidationException">No stock file with recorded dates was imported.</exception>
    public static DateOnly LastStockDate(string databasePath)
    {
        using var connection = Open(databasePath);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(json_extract(summary, '$.LastDate')) FROM files WHERE format IN ('marcap','ohlcv')";
        var value = cmd.ExecuteScalar();
        if (value is null or DBNull)
        {
            throw new DataValidationException(databasePath, 0, "files", "the database holds no imported stock file (run 'kosmo data import' first)");
        }

        return Key(Convert.ToInt32(value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Per code, the first date on or after <paramref name="from"/> with a positive close in any source, placeholder rows
    /// (<see cref="BarFlags.Placeholder"/>, e.g. Yahoo's zero-volume holiday rows) left out as the panel loader leaves them
    /// out: the first bar a panel starting at <paramref name="from"/> would see (the base of <c>years_listed</c>). One
    /// primary-key seek per (source, code).
    /// </summary>
    /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
    public static Dictionary<string, DateOnly> FirstPricedDates(string databasePath, DateOnly from)
    {
        using var connection = Open(databasePath);
        var sources = new List<int>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT source_id FROM sources ORDER BY source_id";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                sources.Add(reader.GetInt32(0));
            }
        }

        var key = (from.Year * 10000) + (from.Month * 100) + from.Day;
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT s.code, (SELECT MIN(b.date) FROM bars b WHERE b.source_id = $s AND b.code = s.code AND b.date >= $f AND b.close > 0 AND (b.flags & $p) = 0) FROM stocks s";
            cmd.Parameters.AddWithValue("$s", source);
            cmd.Parameters.AddWithValue("$p", (int)BarFlags.Placeholder);
            cmd.Parameters.AddWithValue("$f", key);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                var d = reader.GetInt32(1);
                var code = reader.GetString(0);
                first[code] = first.TryGetValue(code, out var old) ? Math.Min(old, d) : d;
            }
        }

        return first.ToDictionary(p => p.Key, p => Key(p.Value), StringComparer.Ordinal);
    }

    private static DateOnly Key(int k) => new(k / 10000, k / 100 % 100, k % 100);

    private static SqliteConnection Open(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"Kosmo database not found: {databasePath}", databasePath);
        }

        SqliteSetup.Init();
        var connection = new SqliteConnection(KosmoStore.ReadOnlyConnectionString(databasePath));
        connection.Open();
        return connection;
    }
}
