using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Bench.Data;

/// <summary>
/// Builds a benchmark database of the real data set's shape through plain SQL (the importer is another branch): about
/// 8.2 M bars over ~4,000 codes and 7,000 weekdays from 1998, split like the real sources — yahoo 2,000 codes up to
/// date 4,400 (~5.5 M rows), fdr 941 codes over dates 5,000–6,400 (~1.3 M), pykrx 2,761 codes over 6,500–6,870
/// (~1.0 M) and marcap 3,074 codes on 5 windows of 30 days (~0.45 M, with amount, market cap and shares). Prices follow
/// a seeded random walk. <c>scale</c> shrinks the code counts (quick runs).
/// </summary>
internal static class SyntheticPanelDb
{
    private static readonly string[] _parameters = ["$s", "$c", "$d", "$o", "$h", "$l", "$cl", "$a", "$v", "$am", "$mc", "$sh", "$ch", "$f"];

    public static string Build(string path, double scale, int seed)
    {
        if (File.Exists(path))
        {
            return path;
        }

        SQLitePCL.Batteries_V2.Init();
        var tmp = path + ".tmp";
        File.Delete(tmp);
        using (var connection = new SqliteConnection($"Data Source={tmp};Pooling=False"))
        {
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + KosmoSchema.Ddl + """
                INSERT INTO sources VALUES (1,'marcap','raw',40),(2,'pykrx','back_adjusted',30),(3,'fdr','back_adjusted',20),(4,'yahoo','yahoo_mixed',10);
                """);
            var dates = Weekdays(new DateOnly(1998, 1, 1), 7000);
            var rng = new Random(seed);
            var codes = (int)(4000 * scale);
            using var tx = connection.BeginTransaction();
            using (var stock = connection.CreateCommand())
            {
                stock.Transaction = tx;
                stock.CommandText = "INSERT INTO stocks VALUES ($c, $n, $m, '', 0)";
                var c = stock.Parameters.Add("$c", SqliteType.Text);
                var n = stock.Parameters.Add("$n", SqliteType.Text);
                var m = stock.Parameters.Add("$m", SqliteType.Text);
                for (var i = 0; i < codes; i++)
                {
                    (c.Value, n.Value, m.Value) = (Code(i), $"종목{i}", i % 2 == 0 ? "KOSDAQ" : "KOSPI");
                    stock.ExecuteNonQuery();
                }
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO bars VALUES ($s,$c,$d,$o,$h,$l,$cl,$a,$v,$am,$mc,$sh,$ch,$f,NULL)";
            var p = _parameters.Select(name => insert.Parameters.Add(name, SqliteType.Real)).ToArray();
            insert.Prepare();
            void Source(int sourceId, int first, int count, Func<int, IEnumerable<int>> days, bool marcap)
            {
                for (var i = first; i < first + count && i < codes; i++)
                {
                    var price = 1000 + rng.Next(50_000);
                    p[0].Value = sourceId;
                    p[1].Value = Code(i);
                    foreach (var t in days(i))
                    {
                        var change = (rng.NextDouble() - 0.5) * 0.06;
                        price = Math.Max(50, (int)(price * (1 + change)));
                        var volume = rng.Next(0, 200_000);
                        p[2].Value = KosmoSchema.ToKey(dates[t]);
                        (p[3].Value, p[4].Value, p[5].Value, p[6].Value) = (price, price * 1.02, price * 0.98, price);
                        p[7].Value = sourceId == 4 ? price * 0.9 : DBNull.Value;
                        p[8].Value = volume;
                        p[9].Value = marcap ? (double)price * volume : DBNull.Value;
                        p[10].Value = marcap ? price * 1e7 : DBNull.Value;
                        p[11].Value = marcap ? 1e7 : DBNull.Value;
                        p[12].Value = sourceId == 4 ? DBNull.Value : change;
                        p[13].Value = (int)(volume == 0 ? BarFlags.Halted : BarFlags.None);
                        insert.ExecuteNonQuery();
                    }
                }
            }

            var s = scale;
            Source(4, 0, (int)(2000 * s), i => Enumerable.Range(i % 3300, 4400 - i % 3300), false);
            Source(3, 0, (int)(941 * s), _ => Enumerable.Range(5000, 1400), false);
            Source(2, (int)(1000 * s), (int)(2761 * s), _ => Enumerable.Range(6500, 370), false);
            Source(1, (int)(900 * s), (int)(3074 * s), _ => Enumerable.Range(0, 5).SelectMany(w => Enumerable.Range(5200 + w * 250, 30)), true);
            tx.Commit();
        }

        File.Move(tmp, path, overwrite: true);
        return path;
    }

    private static string Code(int i) => $"{i * 10 + 100000:D6}"[..6];

    private static DateOnly[] Weekdays(DateOnly start, int count)
    {
        var list = new List<DateOnly>(count);
        for (var d = start; list.Count < count; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                list.Add(d);
            }
        }

        return [.. list];
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
