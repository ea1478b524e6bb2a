using System.Diagnostics;
using System.Globalization;
using Kosmo.Data.Store;

namespace Kosmo.Bench.Data;

/// <summary>
/// <c>figure import-parquet [--quick]</c>: one marcap-format parquet file (KOSMO_PARQUET_BENCH_FILE; bench/figures/12-import-parquet.sh
/// writes a synthetic one with tools/MarcapFixtures) imported into a fresh SQLite database, as <c>kosmo data import FILE</c>
/// does: one untimed warm-up, then the median of 3 timed imports (1 with --quick). Prints <c>import_parquet_rows</c>,
/// <c>import_parquet_s</c> and <c>import_parquet_rows_per_s</c> (rows per wall second, parse and SQLite inserts
/// together), and <c>import_parquet_cpu_s</c> / <c>import_parquet_rows_per_cpu_s</c> (the process's CPU time over all its
/// threads, median of the same imports: the figure to compare on a shared machine, where wall time depends on the load); without the file, <c>import_parquet_rows_per_s=NA</c>.
/// Then the two halves apart (<see cref="ImportParquetSplit"/>): <c>import_parquet_parse_cpu_s</c> (the parse alone, nothing written) and
/// <c>import_parquet_sqlite_cpu_s</c> (SQLite alone storing the rows the last import stored, no parse and no binding), with
/// <c>import_parquet_sqlite_rows_per_cpu_s</c>, the most one SQLite writer can store per CPU-second on this machine however fast
/// the parse is: the bound of the rows/s figure.
/// </summary>
public sealed class ImportParquetFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "import-parquet";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        var file = Environment.GetEnvironmentVariable("KOSMO_PARQUET_BENCH_FILE");
        if (string.IsNullOrEmpty(file) || !File.Exists(file))
        {
            Console.Error.WriteLine($"import-parquet: no benchmark file (KOSMO_PARQUET_BENCH_FILE='{file}')");
            output.WriteLine("import_parquet_rows_per_s=NA");
            return;
        }

        var dir = Path.Combine(Path.GetTempPath(), "kosmo-parquet-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var walls = new List<double>();
        var cpus = new List<double>();
        long rows = 0;
        try
        {
            for (var r = -1; r < (quick ? 1 : 3); r++)
            {
                Directory.CreateDirectory(dir);
                var cpu0 = CpuSeconds();
                var sw = Stopwatch.StartNew();
                using (var store = KosmoStore.Open(Path.Combine(dir, "kosmo.db")))
                {
                    rows = store.Import(file).Rows;
                }

                if (r >= 0)
                {
                    walls.Add(sw.Elapsed.TotalSeconds);
                    cpus.Add(CpuSeconds() - cpu0);
                }

                if (r < (quick ? 0 : 2))
                {
                    Directory.Delete(dir, recursive: true); // the last import's database stays for the SQLite-only measurement
                }
            }

            Report(output, rows, walls, cpus);
            var parseCpu = ImportParquetSplit.ParseCpu(file, quick ? 1 : 3);
            var (sqliteCpu, sqliteWall) = ImportParquetSplit.SqliteInsert(Path.Combine(dir, "kosmo.db"), dir, quick ? 1 : 3);
            output.WriteLine(FormattableString.Invariant($"import_parquet_parse_cpu_s={parseCpu:F3}"));
            output.WriteLine(FormattableString.Invariant($"import_parquet_sqlite_cpu_s={sqliteCpu:F3}"));
            output.WriteLine(FormattableString.Invariant($"import_parquet_sqlite_s={sqliteWall:F3}"));
            output.WriteLine(FormattableString.Invariant($"import_parquet_sqlite_rows_per_cpu_s={rows / sqliteCpu:F0}"));
            Console.Error.WriteLine("import-parquet: load average " + LoadAverage());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static void Report(TextWriter output, long rows, List<double> walls, List<double> cpus)
    {
        Console.Error.WriteLine("import-parquet: each import (s): " + string.Join(' ', walls.Select(x => x.ToString("F3", CultureInfo.InvariantCulture))));
        var median = walls.Order().ElementAt(walls.Count / 2);
        output.WriteLine(FormattableString.Invariant($"import_parquet_rows={rows}"));
        output.WriteLine(FormattableString.Invariant($"import_parquet_s={median:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_parquet_rows_per_s={rows / median:F0}"));
        var cpu = cpus.Order().ElementAt(cpus.Count / 2);
        Console.Error.WriteLine("import-parquet: each import (CPU s, all threads): " + string.Join(' ', cpus.Select(x => x.ToString("F3", CultureInfo.InvariantCulture))));
        output.WriteLine(FormattableString.Invariant($"import_parquet_cpu_s={cpu:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_parquet_rows_per_cpu_s={rows / cpu:F0}"));
    }

    private static double CpuSeconds() => ImportParquetSplit.CpuSeconds();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
