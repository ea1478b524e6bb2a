using System.Diagnostics;
using System.Globalization;
using Kosmo.Data.Panel;

namespace Kosmo.Bench.Data;

/// <summary>
/// <c>panel_load_s</c>: seconds to load the whole database into a Panel (median of 3, 1 with --quick), plus the peak
/// working set. The database is KOSMO_PANEL_DB when set (e.g. the real data/kosmo.db), else a synthetic database of the
/// real size (<see cref="SyntheticPanelDb"/>, ~8.2 M bars; 1/10 of the codes with --quick) built once under the temp
/// folder — building it is outside the timed region. Also prints the CPU seconds of the load (user + system, all threads),
/// which is the steadier number on a shared machine. KOSMO_PANEL_FROM / KOSMO_PANEL_TO (yyyy-MM-dd) and KOSMO_PANEL_MARKETS
/// (comma-separated, e.g. KOSPI,KOSDAQ) restrict the load like an experiment's data section; bench/figures/20-panel.sh
/// sets them to configs/krx-default.yaml's range for the real database.
/// </summary>
public sealed class PanelLoadFigure : IFigure
{
    public string Name => "panel";

    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = Environment.GetEnvironmentVariable("KOSMO_PANEL_DB");
        var synthetic = string.IsNullOrEmpty(path);
        if (synthetic)
        {
            var dir = Path.Combine(Path.GetTempPath(), "kosmo-bench");
            Directory.CreateDirectory(dir);
            path = SyntheticPanelDb.Build(Path.Combine(dir, quick ? "panel-quick-v1.db" : "panel-full-v1.db"), quick ? 0.1 : 1.0, seed: 20240102);
        }
        else if (!File.Exists(path))
        {
            output.WriteLine("panel_load_s=NA");
            Console.Error.WriteLine($"panel_load_s: KOSMO_PANEL_DB={path} does not exist");
            return;
        }

        var options = Options();
        var loader = new PanelLoader(path!);
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        PanelLoadResult? result = null;
        for (var run = 0; run < (quick ? 1 : 3); run++)
        {
            result = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            result = loader.Load(options);
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }

        times.Sort();
        cpu.Sort();
        var inv = CultureInfo.InvariantCulture;
        var rows = result!.Report.RowsRead.Values.Sum();
        output.WriteLine(string.Create(inv, $"panel_load_s={times[times.Count / 2]:F2}"));
        output.WriteLine(string.Create(inv, $"panel_load_cpu_s={cpu[cpu.Count / 2]:F2}"));
        output.WriteLine(string.Create(inv, $"panel_load_peak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0}"));
        output.WriteLine(string.Create(inv, $"panel_load_rows={rows}"));
        output.WriteLine(string.Create(inv, $"panel_load_rows_per_s={rows / times[times.Count / 2]:F0}"));
        output.WriteLine(string.Create(inv, $"panel_load_shape={result.Panel.DateCount}x{result.Panel.CodeCount}"));
        output.WriteLine(string.Create(inv, $"panel_load_read_s={result.Report.ReadSeconds:F2}"));
        output.WriteLine(string.Create(inv, $"panel_load_assemble_s={result.Report.AssembleSeconds:F2}"));
        output.WriteLine($"panel_load_db={(synthetic ? "synthetic" : "real")}");
        output.WriteLine(string.Create(inv, $"panel_load_range={options.From?.ToString("yyyy-MM-dd", inv) ?? "all"}..{options.To?.ToString("yyyy-MM-dd", inv) ?? "all"}:{string.Join('+', options.Markets.Order())}"));
    }

    private static PanelLoadOptions Options()
    {
        static DateOnly? Date(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

        var markets = Environment.GetEnvironmentVariable("KOSMO_PANEL_MARKETS");
        var defaults = new PanelLoadOptions();
        return new PanelLoadOptions
        {
            From = Date("KOSMO_PANEL_FROM"),
            To = Date("KOSMO_PANEL_TO"),
            Markets = string.IsNullOrEmpty(markets) ? defaults.Markets : markets.Split(',').Select(PanelLoader.ParseMarket).ToHashSet(),
        };
    }
}
