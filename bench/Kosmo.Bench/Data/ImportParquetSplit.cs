using System.Diagnostics;
using System.Globalization;
using Kosmo.Data.Import;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Bench.Data;

/// <summary>
/// The two halves of a parquet import measured apart, so the parquet figure says what bounds it: the parse alone (Parquet.Net's
/// decoding and the importer's row checks, <see cref="ImportValidator.Validate"/>, nothing written) and SQLite's own cost of
/// storing the same rows (the rows an import stored, copied into a fresh <c>bars</c> table of the same schema, page size and
/// pragmas as <see cref="KosmoStore"/> (and, as the importer, without the per-row foreign-key probe), in primary-key order, one transaction; no parsing, no binding: one <c>INSERT … SELECT</c>
/// run inside the same e_sqlite3 library the importer uses). CPU seconds are the process's CPU time around each step.
/// </summary>
internal static class ImportParquetSplit
{
    /// <summary>Median process CPU seconds of parsing <paramref name="file"/> without writing (one warm-up first).</summary>
    public static double ParseCpu(string file, int repeats)
    {
        ImportValidator.Validate(file);
        var cpus = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var cpu = CpuSeconds();
            ImportValidator.Validate(file);
            cpus.Add(CpuSeconds() - cpu);
        }

        Console.Error.WriteLine("import-parquet: each parse alone (CPU s): " + string.Join(' ', cpus.Select(x => x.ToString("F3", CultureInfo.InvariantCulture))));
        return cpus.Order().ElementAt(cpus.Count / 2);
    }

    /// <summary>
    /// SQLite's cost of storing the bars of <paramref name="imported"/> (a database an import just wrote) into a fresh database in
    /// <paramref name="dir"/>: median of <paramref name="repeats"/> runs of (CPU seconds of the INSERT … SELECT and its COMMIT, with
    /// its WAL checkpoint) minus (CPU seconds of scanning the staged rows once), and the wall seconds of the insert.
    /// </summary>
    public static (double Cpu, double Wall) SqliteInsert(string imported, string dir, int repeats)
    {
        var cpus = new List<double>();
        var walls = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var path = Path.Combine(dir, "floor.db");
            using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                db.Open();
                Exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");
                Exec(db, KosmoSchema.Ddl);
                Exec(db, $"ATTACH '{imported.Replace("'", "''", StringComparison.Ordinal)}' AS src; CREATE TEMP TABLE staged AS SELECT * FROM src.bars ORDER BY source_id, code, date; DETACH src;");
                var scan = CpuSeconds();
                Exec(db, "SELECT count(*), sum(length(code)), sum(date), sum(open), sum(high), sum(low), sum(close), sum(adj_close), sum(volume), sum(amount), sum(marcap), sum(shares), sum(change_ratio), sum(flags), sum(length(dept)), sum(market) FROM temp.staged");
                var scanCpu = CpuSeconds() - scan;
                var cpu = CpuSeconds();
                var sw = Stopwatch.StartNew();
                Exec(db, "BEGIN; INSERT INTO main.bars SELECT * FROM temp.staged; COMMIT;");
                walls.Add(sw.Elapsed.TotalSeconds);
                cpus.Add(CpuSeconds() - cpu - scanCpu);
            }

            SqliteConnection.ClearAllPools();
            foreach (var f in Directory.GetFiles(dir, "floor.db*"))
            {
                File.Delete(f);
            }
        }

        Console.Error.WriteLine("import-parquet: each SQLite-only insert of the same rows (CPU s): " + string.Join(' ', cpus.Select(x => x.ToString("F3", CultureInfo.InvariantCulture))));
        return (cpus.Order().ElementAt(cpus.Count / 2), walls.Order().ElementAt(walls.Count / 2));
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        do
        {
            while (reader.Read())
            {
            }
        }
        while (reader.NextResult());
    }

    internal static double CpuSeconds()
    {
        using var me = Process.GetCurrentProcess();
        return me.TotalProcessorTime.TotalSeconds;
    }
}
