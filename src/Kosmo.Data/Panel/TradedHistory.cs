using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Panel;

/// <summary>
/// How far back a short prediction window must reach so that every stock that trades near its last date has a given
/// number of its own traded days in it. Per-stock features count the stock's traded days (a halt is skipped), so a stock
/// halted for months needs a longer calendar window than the market's trading days suggest.
/// </summary>
public static class TradedHistory
{
    /// <summary>Calendar days before <c>to</c> within which a stock must have traded to be considered (a universe member trades recently).</summary>
    public const int RecentDays = 60;

    /// <summary>
    /// The earliest date the window must start at: the earliest of <see cref="Needs"/> (ties: the first code in code
    /// order), or <paramref name="start"/> when no code needs more.
    /// </summary>
    /// <param name="databasePath">The Kosmo database.</param>
    /// <param name="to">The window's last date.</param>
    /// <param name="tradedDays">Traded days each recent code needs in the window.</param>
    /// <param name="start">The window start from the market's calendar (returned when no code needs more).</param>
    /// <param name="notBefore">The earliest start allowed (the run's panel start), or null.</param>
    /// <returns>The start and the code that needs it (null when <paramref name="start"/> suffices).</returns>
    /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
    public static (DateOnly Start, string? Code) Start(string databasePath, DateOnly to, int tradedDays, DateOnly start, DateOnly? notBefore)
    {
        var needs = Needs(databasePath, to, tradedDays, start, notBefore);
        if (needs.Count == 0)
        {
            return (start, null);
        }

        var (code, date) = needs.MinBy(p => p.Value);
        return (date, code);
    }

    /// <summary>
    /// The codes a window from <paramref name="start"/> to <paramref name="to"/> holds too few traded days of: over the
    /// codes whose last traded bar (volume &gt; 0, not a placeholder) on or before <paramref name="to"/> lies within
    /// <see cref="RecentDays"/>, each one whose <paramref name="tradedDays"/>-th last traded bar (in the source that holds
    /// that many and reaches latest; a code with fewer: its first traded bar) lies before <paramref name="start"/>,
    /// with that date (never before <paramref name="notBefore"/>), in code order. One to three primary-key seeks per
    /// (source, code), over the sources with bars in the recent period.
    /// </summary>
    /// <param name="databasePath">The Kosmo database.</param>
    /// <param name="to">The window's last date.</param>
    /// <param name="tradedDays">Traded days each recent code needs in the window.</param>
    /// <param name="start">The window start from the market's calendar.</param>
    /// <param name="notBefore">The earliest start allowed (the run's panel start), or null.</param>
    /// <returns>Code → the date its window must start at (empty when <paramref name="start"/> suffices for every code).</returns>
    /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
    public static IReadOnlyDictionary<string, DateOnly> Needs(string databasePath, DateOnly to, int tradedDays, DateOnly start, DateOnly? notBefore)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tradedDays, 1);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"Kosmo database not found: {databasePath}", databasePath);
        }

        SqliteSetup.Init();
        using var connection = new SqliteConnection(KosmoStore.ReadOnlyConnectionString(databasePath));
        connection.Open();
        var codes = Column<string>(connection, "SELECT code FROM stocks ORDER BY code");
        // A source whose imported files all end before the recent period holds no recent bar (the panel loader's rule);
        // a source without files is skipped when it holds no bar at all.
        var recentSources = PanelLoader.SourcesInRange(connection, (int)Key(to.AddDays(-RecentDays)), (int)Key(to));
        var sources = Column<long>(connection, "SELECT source_id FROM sources s WHERE EXISTS(SELECT 1 FROM bars b WHERE b.source_id = s.source_id) ORDER BY source_id")
            .Where(id => recentSources.Contains((int)id)).ToList();
        using var nth = connection.CreateCommand();
        nth.CommandText = "SELECT date FROM bars WHERE source_id = $s AND code = $c AND date <= $to AND volume > 0 AND (flags & $p) = 0 ORDER BY date DESC LIMIT 1 OFFSET $n";
        var s = nth.Parameters.Add("$s", SqliteType.Integer);
        var c = nth.Parameters.Add("$c", SqliteType.Text);
        nth.Parameters.AddWithValue("$to", Key(to));
        nth.Parameters.AddWithValue("$p", (int)BarFlags.Placeholder);
        var n = nth.Parameters.Add("$n", SqliteType.Integer);
        using var first = connection.CreateCommand();
        first.CommandText = "SELECT MIN(date) FROM bars WHERE source_id = $s AND code = $c AND volume > 0 AND (flags & $p) = 0";
        var fs = first.Parameters.Add("$s", SqliteType.Integer);
        var fc = first.Parameters.Add("$c", SqliteType.Text);
        first.Parameters.AddWithValue("$p", (int)BarFlags.Placeholder);
        var recent = Key(to.AddDays(-RecentDays));
        var floor = notBefore is { } nb ? Key(nb) : 0;
        var limit = Key(start);
        var result = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            c.Value = fc.Value = code;
            var last = 0L;
            var need = 0L;
            var firstTraded = long.MaxValue;
            foreach (var source in sources)
            {
                s.Value = fs.Value = source;
                n.Value = 0;
                if (nth.ExecuteScalar() is not long l || l < recent)
                {
                    continue;
                }

                last = Math.Max(last, l);
                n.Value = tradedDays - 1;
                need = Math.Max(need, nth.ExecuteScalar() is long d ? d : 0);
                firstTraded = Math.Min(firstTraded, first.ExecuteScalar() is long f ? f : long.MaxValue);
            }

            // A recent code with fewer traded bars than asked in every source needs its whole history: its first traded bar.
            need = last > 0 && need == 0 ? firstTraded : need;
            if (last > 0 && need < limit)
            {
                var at = Math.Max(need, floor);
                if (at < limit)
                {
                    result[code] = new DateOnly((int)(at / 10000), (int)(at / 100 % 100), (int)(at % 100));
                }
            }
        }

        return result;
    }

    private static long Key(DateOnly d) => (d.Year * 10000L) + (d.Month * 100L) + d.Day;

    private static List<T> Column<T>(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(reader.GetFieldValue<T>(0));
        }

        return result;
    }
}
