using System.CommandLine;
using System.Globalization;
using Kosmo.Backtest;
using Kosmo.Backtest.Input;
using Kosmo.Backtest.Output;
using Kosmo.Backtest.Statistics;
using Kosmo.Backtest.Strategies;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Universe;
using Spectre.Console;
using Panel = Kosmo.Core.Panel;
using Kosmo.Core.IO;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo backtest --run RUN [--config strategies.yaml | --set key=value ...] [--models a,b] [--db DB] [--out DIR]</c>:
/// re-runs backtests on a finished run folder's predictions.csv without retraining. The panel, universe and frictions
/// are the run's (its resolved config.yaml; the database is opened read-only). Every (model, configuration) pair is a
/// strategy "MODEL/NAME"; the benchmarks of the run's config run once on the same dates; the deflated Sharpe ratio
/// counts every pair plus <c>extra_trials</c>. Writes equity.csv, trades.csv, backtest_daily.csv, metrics.json
/// (backtests, benchmarks), summary.csv and summary.md into DIR (default RUN/backtest). The pseudo-model
/// <c>random_control</c> (in --models or the file's models) trades seeded random signals on the same cells, as a
/// no-skill control, and <c>random_persistent</c> persistent random signals; <c>NAME@k</c> draws them with seed offset k
/// (several control draws); all are counted as trials like any model.
/// </summary>
internal sealed class BacktestCommand : ICommandModule
{
    /// <summary>Pseudo-model name: seeded random signals on the first loaded model's (date, code) cells (a no-skill control).</summary>
    public const string RandomControl = "random_control";

    /// <summary>
    /// Pseudo-model: persistent random signals (<see cref="RandomSignals.Persistent"/>, φ = 0.96, persistent share 0.85:
    /// lag-1/5/20 rank autocorrelation ≈ 0.82/0.69/0.38, close to the krx-default-2 models' 0.82–0.83/0.62–0.67/0.36–0.41).
    /// </summary>
    public const string PersistentControl = "random_persistent";

    /// <summary>A control pseudo-model name, optionally with a seed offset (<c>random_persistent@3</c>); null for a real model.</summary>
    private static (bool Persistent, int Offset)? Control(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var stem = at < 0 ? name : name[..at];
        if (stem is not (RandomControl or PersistentControl)) { return null; }
        var offset = 0;
        if (at >= 0 && !(int.TryParse(name[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out offset) && offset >= 0))
        {
            throw new DataValidationException("--models", 0, name, $"'{name}': the seed offset after @ must be a non-negative integer");
        }

        return (stem == PersistentControl, offset);
    }

    /// <summary>The alphabetically first model in predictions.csv (the template of the controls, as when models are loaded).</summary>
    private static string FirstModel(string path) => PredictionsCsv.Models(path) is [var first, ..] ? first : "";

    /// <inheritdoc />
    public Command Build()
    {
        var run = new Option<string>("--run") { Description = "Run folder with config.yaml and predictions.csv.", Required = true };
        var config = new Option<string?>("--config") { Description = "Strategies file (models, extra_trials, strategies: NAME → backtest keys)." };
        var set = new Option<string[]>("--set") { Description = "Override a backtest key of the run's config, e.g. --set strategy=topk_hysteresis --set exit_rank=60 (without --config).", AllowMultipleArgumentsPerToken = false };
        var models = new Option<string?>("--models") { Description = "Comma-separated models (default: the strategies file's, else every model)." };
        var db = new Option<string?>("--db") { Description = "SQLite database (default: the run config's data.db); opened read-only." };
        var output = new Option<string?>("--out") { Description = "Output folder (default RUN/backtest)." };
        var capacity = new Option<bool>("--capacity") { Description = "Also rerun every strategy at each account size of its capacity_krw (capacity.csv); one more full backtest per size." };
        var command = new Command("backtest", "Re-run backtests on a run folder's predictions with other strategy settings (no retraining).");
        foreach (var o in new Option[] { run, config, set, models, db, output, capacity }) { command.Options.Add(o); }
        command.SetAction(p => Execute(p.GetValue(run)!, p.GetValue(config), p.GetValue(set) ?? [], p.GetValue(models), p.GetValue(db), p.GetValue(output), p.GetValue(capacity)));
        return command;
    }

    internal static int Execute(string runDir, string? strategiesFile, string[] sets, string? modelList, string? dbPath, string? outDir, bool capacity = false)
    {
        var configPath = RunLayout.Config(runDir);
        var predictionsPath = RunLayout.Predictions(runDir);
        if (!File.Exists(configPath) || !File.Exists(predictionsPath))
        {
            Console.Error.WriteLine($"error: {runDir} is not a run folder (needs config.yaml and predictions.csv).");
            return ExitCodes.NotFound;
        }

        if (strategiesFile is not null && sets.Length > 0)
        {
            Console.Error.WriteLine("error: use either --config or --set, not both.");
            return ExitCodes.Usage;
        }

        try
        {
            var experiment = ExperimentConfig.Load(configPath)[0];
            var runSection = StrategyGrid.RunSection(configPath);
            var grid = strategiesFile is null
                ? StrategyGrid.FromOverrides(runSection, sets, sets.Length == 0 ? experiment.Backtest.Strategy : "custom")
                : StrategyGrid.Load(strategiesFile, runSection);
            var wanted = modelList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? grid.Models;
            var panel = LoadPanel(experiment.Data, dbPath);
            var mask = Universe(panel, experiment.Universe, experiment.Data);
            Console.Error.WriteLine($"reading {predictionsPath}");
            // Controls need a template (the first real model's cells); with controls only, that model is read but not traded.
            var real = wanted?.Where(m => Control(m) is null).ToHashSet(StringComparer.Ordinal);
            var controlsOnly = real is { Count: 0 };
            var (loaded, skipped) = RunPredictions.Load(predictionsPath, panel, controlsOnly ? new HashSet<string>(StringComparer.Ordinal) { FirstModel(predictionsPath) } : real);

            var raw = controlsOnly ? new Dictionary<string, SignalMatrix>(StringComparer.Ordinal) : new Dictionary<string, SignalMatrix>(loaded, StringComparer.Ordinal);
            foreach (var name in loaded.Count == 0 ? [] : wanted ?? [])
            {
                if (Control(name) is not { } c) { continue; }
                var seed = (ulong)experiment.Seed + (ulong)c.Offset;
                raw[name] = c.Persistent
                    ? RandomSignals.Persistent(loaded.Values.First(), seed + 1, 0.96, 0.85)
                    : RandomSignals.Like(loaded.Values.First(), seed);
            }

            var missing = wanted?.Where(m => !raw.ContainsKey(m)).ToList() ?? [];
            missing = loaded.Count == 0 ? ["any model"] : missing;
            if (missing.Count > 0 || raw.Count == 0)
            {
                Console.Error.WriteLine($"error: no predictions for {(missing.Count > 0 ? string.Join(", ", missing) : "any model")} in {predictionsPath}.");
                return ExitCodes.NotFound;
            }

            if (skipped > 0) { Console.Error.WriteLine($"warning: {skipped:N0} prediction rows fall outside the panel and are ignored."); }
            // Benchmarks and PBO blocks belong to the whole call: the run's, or those --set gives (a strategies file may not set them).
            var own = grid.Strategies[0].Config;
            var runSettings = strategiesFile is null ? experiment.Backtest with { Benchmarks = own.Benchmarks, PboBlocks = own.PboBlocks } : experiment.Backtest;
            var report = BacktestRunner.Run(panel, Plan(mask, raw, grid, runSettings, capacity));
            var target = outDir ?? RunLayout.Backtest(runDir);
            Directory.CreateDirectory(target);
            RunFolderWriter.WriteAll(target, report);
            WriteSummary(target, report, grid);
            AnsiConsole.Write(Table(report, grid));
            Console.WriteLine($"wrote {target} ({report.Strategies.Count} strategies, {Trials(report, grid)} trials in the DSR)"
                + (capacity ? $"; capacity.csv: {report.Capacity.Count} runs" : "; capacity.csv left empty (pass --capacity to rerun at each capacity_krw size)"));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (CliErrors.Expected(e) is { } code)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return code;
        }
    }

    private static Panel LoadPanel(DataConfig data, string? dbPath)
    {
        if (data.Source == "synthetic")
        {
            return PanelSource.Load(data, s => Console.Error.WriteLine(s));
        }

        var db = dbPath ?? data.Db;
        if (!File.Exists(db)) { throw new FileNotFoundException($"database '{db}' not found (pass --db).", db); }
        Console.Error.WriteLine($"loading the panel from {db} (read-only)");
        var options = new PanelLoadOptions { From = data.From, To = data.To, Markets = data.Markets.Select(PanelLoader.ParseMarket).ToHashSet() };
        return new PanelLoader(db).Load(options).Panel;
    }

    /// <summary>The run's universe membership, code-major (N, T), built with the run's rules exactly as the pipeline does.</summary>
    private static bool[] Universe(Panel panel, UniverseConfig u, DataConfig d) => UniverseBuilder.Build(panel, PrepareStep.UniverseRulesOf(u, d)).Members();

    /// <summary>The plan of one call: every configuration of the grid on every model, the run's benchmarks and PBO blocks.</summary>
    internal static BacktestPlan Plan(bool[] mask, IReadOnlyDictionary<string, SignalMatrix> raw, StrategyGrid grid, BacktestSettings run, bool capacity) => new()
    {
        Run = run,
        Models = [.. raw],
        Configurations = [.. grid.Strategies.Select(s => KeyValuePair.Create(s.Name, s.Config))],
        Universe = mask,
        ExtraTrials = grid.ExtraTrials,
        Capacity = capacity,
        Progress = name => Console.Error.WriteLine($"  {name}"),
    };

    private static int Trials(BacktestReport report, StrategyGrid grid) => report.Strategies.Count + grid.ExtraTrials;

    private static IEnumerable<(string Name, PerformanceMetrics M)> Rows(BacktestReport report) =>
        report.Strategies.Select(s => (s.Name, report.StrategyMetrics[s.Name])).Concat(report.Benchmarks.Select(b => (b.Name, report.BenchmarkMetrics[b.Name])));

    private static readonly string[] _columns = ["strategy", "cagr", "ann_vol", "sharpe", "max_drawdown", "turnover", "cost_drag", "gross_total_return", "total_return", "psr", "dsr"];

    private static string[] Cells(string name, PerformanceMetrics m) =>
    [
        name, F(m.Cagr), F(m.AnnVol), F(m.Sharpe), F(m.MaxDrawdown), F(m.Turnover), F(m.CostDrag), F(m.GrossTotalReturn), F(m.TotalReturn), F(m.Psr), F(m.Dsr),
    ];

    private static void WriteSummary(string dir, BacktestReport report, StrategyGrid grid)
    {
        var csv = new List<string> { string.Join(',', _columns) };
        csv.AddRange(Rows(report).Select(r => string.Join(',', Cells(r.Name, r.M).Select((c, j) => j == 0 ? c : c == "–" ? "" : c))));
        AtomicFile.WriteAllText(Path.Combine(dir, RunLayout.BacktestSummaryCsvFile), string.Join('\n', csv) + "\n");
        var md = new List<string>
        {
            $"Deflated Sharpe ratio trials: {Trials(report, grid)} ({report.Strategies.Count} here + {grid.ExtraTrials} declared earlier).",
            "",
            "| " + string.Join(" | ", _columns) + " |",
            "|" + string.Concat(Enumerable.Repeat("---|", _columns.Length)),
        };
        md.AddRange(Rows(report).Select(r => "| " + string.Join(" | ", Cells(r.Name, r.M)) + " |"));
        AtomicFile.WriteAllText(Path.Combine(dir, RunLayout.BacktestSummaryMarkdownFile), string.Join('\n', md) + "\n");
    }

    private static Table Table(BacktestReport report, StrategyGrid grid)
    {
        // Short headers and percentages so that the table fits an 80-column terminal; summary.csv has full precision.
        var table = new Table().Title($"Backtests (DSR counts {Trials(report, grid)} trials)");
        foreach (var c in new[] { "strategy", "CAGR", "vol", "Sharpe", "max DD", "turn/yr", "cost/yr", "DSR" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (var (name, m) in Rows(report))
        {
            table.AddRow(new Text(name), new Text(P(m.Cagr)), new Text(P(m.AnnVol)), new Text(F2(m.Sharpe)), new Text(P(m.MaxDrawdown)),
                new Text(m.Turnover is { } t ? t.ToString("0.0", CultureInfo.InvariantCulture) : "–"), new Text(P(m.CostDrag)), new Text(F2(m.Dsr)));
        }

        return table;
    }

    private static string P(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    private static string F2(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
}
