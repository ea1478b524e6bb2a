using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Panel;

/// <summary>Aligns <c>index_bars</c> to a panel's calendar (dates off the calendar are dropped; missing days are NaN).</summary>
internal static class IndexLoader
{
    public static void Load(SqliteConnection connection, Kosmo.Core.Panel panel, int fromKey, int toKey)
    {
        var series = new Dictionary<string, IndexSeries>(StringComparer.OrdinalIgnoreCase);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, date, close, amount, marcap FROM index_bars WHERE date >= $f AND date <= $t ORDER BY name, date";
        cmd.Parameters.AddWithValue("$f", fromKey);
        cmd.Parameters.AddWithValue("$t", toKey);
        using var reader = cmd.ExecuteReader();
        var T = panel.DateCount;
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!series.TryGetValue(name, out var s))
            {
                s = new IndexSeries(name, Nan(T), Nan(T), Nan(T));
                series[name] = s;
            }

            var t = panel.IndexOfDate(KosmoSchema.FromKey(reader.GetInt32(1)));
            if (t < 0)
            {
                continue;
            }

            s.Close[t] = reader.IsDBNull(2) ? float.NaN : (float)reader.GetDouble(2);
            s.Amount[t] = reader.IsDBNull(3) ? float.NaN : (float)reader.GetDouble(3);
            s.MarketCap[t] = reader.IsDBNull(4) ? float.NaN : (float)reader.GetDouble(4);
        }

        foreach (var (name, s) in series)
        {
            panel.Indices[name] = s;
        }
    }

    private static float[] Nan(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }
}
