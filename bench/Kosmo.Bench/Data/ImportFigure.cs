using System.Diagnostics;
using System.Globalization;
using Kosmo.Data.Import;
using Kosmo.Data.Store;

namespace Kosmo.Bench.Data;

/// <summary>
/// <c>figure import [--quick] [--file F]</c>: median parse rate (rows/s, validate-only) and median end-to-end
/// import rate into a fresh SQLite file. Prints <c>import_parse_rows_per_s</c>, <c>import_parse_s</c>,
/// <c>import_rows_per_s</c> and <c>import_rows</c> (wall clock), plus <c>import_parse_cpu_s</c> and
/// <c>import_rows_per_cpu_s</c> (process CPU time: the fair figure on a shared, overloaded machine). The file defaults to KOSMO_IMPORT_BENCH_FILE or the
/// shared marcap file (394k rows); bench/figures/10-import.sh adds the pandas ratio.
/// </summary>
public sealed class ImportFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "import";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        var file = Environment.GetEnvironmentVariable("KOSMO_IMPORT_BENCH_FILE");
        if (string.IsNullOrEmpty(file))
        {
            var krx = Environment.GetEnvironmentVariable("KOSMO_KRX_DATA") ?? Path.Combine("..", "shared", "data", "krx");
            file = Path.Combine(krx, "marcap_janfeb_2021-2025.csv.gz");
        }

        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"import: benchmark file not found: {file}");
            output.WriteLine("import_rows_per_s=NA");
            output.WriteLine("import_parse_rows_per_s=NA");
            return;
        }

        var repeats = quick ? 2 : 5;
        ImportValidator.Validate(file); // warm-up (JIT)
        var parse = new List<double>();
        var parseCpu = new List<double>();
        long rows = 0;
        for (var r = 0; r < repeats; r++)
        {
            var cpu = Cpu();
            var sw = Stopwatch.StartNew();
            rows = ImportValidator.Validate(file).Rows;
            parse.Add(sw.Elapsed.TotalSeconds);
            parseCpu.Add(Cpu() - cpu);
        }

        var import = new List<double>();
        var importCpu = new List<double>();
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-import-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            for (var r = 0; r < Math.Max(1, repeats - 2); r++)
            {
                var db = Path.Combine(dir, $"bench{r}.db");
                var cpu = Cpu();
                var sw = Stopwatch.StartNew();
                using (var store = KosmoStore.Open(db))
                {
                    store.Import(file);
                }

                import.Add(sw.Elapsed.TotalSeconds);
                importCpu.Add(Cpu() - cpu);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var p = Median(parse);
        var i = Median(import);
        output.WriteLine(FormattableString.Invariant($"import_rows={rows}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_s={p:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_rows_per_s={rows / p:F0}"));
        output.WriteLine(FormattableString.Invariant($"import_s={i:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_rows_per_s={rows / i:F0}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_cpu_s={Median(parseCpu):F3}"));
        output.WriteLine(FormattableString.Invariant($"import_rows_per_cpu_s={rows / Median(importCpu):F0}"));
    }

    private static double Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
    }
}
