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

                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }

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

    private static double CpuSeconds()
    {
        using var me = Process.GetCurrentProcess();
        return me.TotalProcessorTime.TotalSeconds;
    }
}
