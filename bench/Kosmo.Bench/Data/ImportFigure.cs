using System.Diagnostics;
using System.Globalization;
using Kosmo.Data.Import;
using Kosmo.Data.Store;

namespace Kosmo.Bench.Data;

/// <summary>
/// <c>figure import [--quick]</c>: (1) the parse rate of one file (validate-only, rows/s) for the pandas ratio; (2) that
/// file imported alone into a fresh SQLite file (<c>import_file_s</c>, <c>import_file_rows_per_s</c>, process and writer-thread
/// CPU); (3) the end-to-end figure <c>import_rows_per_s</c>: the whole shared KRX folder into a fresh database, as
/// <c>kosmo data import FOLDER</c> does. The single file defaults to KOSMO_IMPORT_BENCH_FILE or the shared marcap file
/// (394k rows, date-major: its rows are held and sorted, so its parse cannot overlap its inserts); KOSMO_IMPORT_REPEATS sets
/// how many single-file imports are timed. bench/figures/10-import.sh adds the pandas ratio.
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
            output.WriteLine("import_file_rows_per_s=NA");
            output.WriteLine("import_parse_rows_per_s=NA");
            Folder(quick, output);
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
        var writerCpu = new List<double>();
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-import-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            var imports = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_IMPORT_REPEATS"), out var n) ? n : Math.Max(1, repeats - 2);
            using (var warm = KosmoStore.Open(Path.Combine(dir, "warm-up.db")))
            {
                warm.Import(file); // not timed: JIT of the writer path (the parse was warmed above)
            }

            for (var r = 0; r < imports; r++)
            {
                var db = Path.Combine(dir, $"bench{r}.db");
                var cpu = Cpu();
                var thread = Tft.ThreadClock.Ms();
                var sw = Stopwatch.StartNew();
                using (var store = KosmoStore.Open(db))
                {
                    store.Import(file);
                }

                import.Add(sw.Elapsed.TotalSeconds);
                importCpu.Add(Cpu() - cpu);
                writerCpu.Add((Tft.ThreadClock.Ms() - thread) / 1000);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Console.Error.WriteLine("import: each import (s): " + string.Join(' ', import.Select(x => x.ToString("F3", CultureInfo.InvariantCulture))));
        var p = Median(parse);
        var i = Median(import);
        output.WriteLine(FormattableString.Invariant($"import_rows={rows}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_s={p:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_rows_per_s={rows / p:F0}"));
        output.WriteLine(FormattableString.Invariant($"import_file_s={i:F3}"));
        output.WriteLine(FormattableString.Invariant($"import_file_rows_per_s={rows / i:F0}"));
        output.WriteLine(FormattableString.Invariant($"import_parse_cpu_s={Median(parseCpu):F3}"));
        output.WriteLine(FormattableString.Invariant($"import_rows_per_cpu_s={rows / Median(importCpu):F0}"));
        output.WriteLine(FormattableString.Invariant($"import_writer_cpu_s={Median(writerCpu):F3}"));
        Folder(quick, output);
    }

    /// <summary>
    /// The end-to-end figure: the whole shared KRX folder (every file and format: 8.16 M stock rows and 5 index series)
    /// into a fresh database with <c>ImportAll</c>, as <c>kosmo data import FOLDER</c> does; median of 3 (1 with --quick).
    /// Prints <c>import_rows_per_s</c> (stock rows per wall second), <c>import_folder_s</c>, <c>import_folder_rows</c>,
    /// <c>import_folder_cpu_s</c>; without the folder, <c>import_rows_per_s=NA</c>.
    /// </summary>
    private static void Folder(bool quick, TextWriter output)
    {
        var krx = Environment.GetEnvironmentVariable("KOSMO_KRX_DATA") ?? Path.Combine("..", "shared", "data", "krx");
        if (!Directory.Exists(krx))
        {
            Console.Error.WriteLine($"import: no KRX folder at {krx}: the end-to-end figure needs it");
            output.WriteLine("import_rows_per_s=NA");
            return;
        }

        var walls = new List<double>();
        var cpus = new List<double>();
        long rows = 0;
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-import-folder-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            for (var r = 0; r < (quick ? 1 : 3); r++)
            {
                Directory.CreateDirectory(dir);
                var db = Path.Combine(dir, "kosmo.db");
                var cpu = Cpu();
                var sw = Stopwatch.StartNew();
                using (var store = KosmoStore.Open(db))
                {
                    rows = store.ImportAll([krx]).Where(s => s.Format is ImportFormat.Marcap or ImportFormat.Ohlcv).Sum(s => s.Rows);
                }

                walls.Add(sw.Elapsed.TotalSeconds);
                cpus.Add(Cpu() - cpu);
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

        Console.Error.WriteLine("import: each folder import (s): " + string.Join(' ', walls.Select(x => x.ToString("F2", CultureInfo.InvariantCulture))));
        var wall = Median(walls);
        output.WriteLine(FormattableString.Invariant($"import_folder_rows={rows}"));
        output.WriteLine(FormattableString.Invariant($"import_folder_s={wall:F2}"));
        output.WriteLine(FormattableString.Invariant($"import_folder_cpu_s={Median(cpus):F2}"));
        output.WriteLine(FormattableString.Invariant($"import_rows_per_s={rows / wall:F0}"));
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
