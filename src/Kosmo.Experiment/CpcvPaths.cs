using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Backtest;
using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Features.Normalization;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment;

/// <summary>
/// The CPCV step after training (split.scheme: cpcv): every model's C(N, k) split predictions are assembled into the
/// φ = k/N · C(N, k) backtest paths (<see cref="CpcvPathAssembly"/>); each path is traded by the configured strategy
/// with the run's backtest (<see cref="BacktestRunner"/>, without benchmarks, capacity or PBO), and the path Sharpe
/// ratios go to the <c>cpcv</c> section of RUN/metrics.json and to RUN/cpcv_paths.csv. Path 0 then stands for the
/// model in predictions.csv, the evaluation and the main backtest: each test sample once, as under purged k-fold.
/// </summary>
internal static class CpcvPaths
{
    /// <summary>The per-path file.</summary>
    public const string FileName = RunLayout.CpcvPathsFile;

    /// <summary>
    /// Replaces each model's predictions by path 0 (in place: the train stage's last sub-step, before its predictions
    /// are handed on); with <paramref name="backtest"/>, trades every path and writes the outputs.
    /// </summary>
    /// <param name="run">The run (its folder and cell folders).</param>
    /// <param name="prepared">The run's prepared record.</param>
    /// <param name="predictions">The train stage's predictions by model, after every cell is done.</param>
    /// <param name="backtest">False for --train-only (the paths' predictions only).</param>
    /// <param name="status">Progress lines.</param>
    public static void Run(RunScope run, Prepared prepared, Dictionary<string, List<PredictionRecord>> predictions, bool backtest, Action<string> status)
    {
        var cpcv = prepared.Cpcv ?? throw new InvalidOperationException("Not a CPCV run.");
        var c = prepared.Config.Backtest;
        var quiet = c with { Benchmarks = [], CapacityKrw = [], PboBlocks = 0 };
        var models = new JsonObject();
        var lines = new List<string>();
        foreach (var model in predictions.Keys.Order(StringComparer.Ordinal).ToList())
        {
            predictions[model] = [];   // the C(N, k) splits' rows are read back cell by cell
            var paths = CpcvPathAssembly.Paths(cpcv, prepared.Samples.Dates, s => PredictionsCsv.Read(RunLayout.Predictions(FoldExecutor.CellDir(run.TrialDir, model, s))));
            predictions[model] = paths[0];
            if (!backtest || paths.All(p => p.Count == 0))
            {
                continue;
            }

            var sharpes = new double[paths.Length];
            var returns = new double[paths.Length];
            var drawdowns = new double[paths.Length];
            for (var p = 0; p < paths.Length; p++)
            {
                var frame = new SignalFrame(model, paths[p].Select(r => new Signal(r.Date, r.Code, r.PDown, r.PFlat, r.PUp)));
                var report = BacktestRunner.Run(prepared.Panel, new BacktestPlan
                {
                    Run = quiet,
                    Models = [new(model, SignalMatrix.FromFrame(frame, prepared.Panel))],
                    Universe = prepared.UniverseMask,
                    Capacity = false,
                });
                var metrics = report.StrategyMetrics.Values.Single();
                (sharpes[p], returns[p], drawdowns[p]) = (metrics.Sharpe, metrics.TotalReturn, metrics.MaxDrawdown);
                lines.Add(string.Join(',', p.ToString(CultureInfo.InvariantCulture), model, c.Strategy, F(metrics.Sharpe), F(metrics.TotalReturn), F(metrics.MaxDrawdown), paths[p].Count.ToString(CultureInfo.InvariantCulture)));
            }

            models[model] = Summary(c.Strategy, sharpes, returns, drawdowns, paths.Select(p => p.Count).ToArray());
            status($"cpcv {model}: {paths.Length} paths, Sharpe mean {sharpes.Average():F2}, min {sharpes.Min():F2}, max {sharpes.Max():F2}");
        }

        if (!backtest)
        {
            return;
        }

        var dates = prepared.Samples.Dates;
        string D(int t) => dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        MetricsJsonFile.MergeSection(RunLayout.Metrics(run.OutDir), "cpcv", new JsonObject
        {
            ["groups"] = cpcv.Groups.Length,
            ["test_groups"] = cpcv.TestGroups[0].Length,
            ["splits"] = cpcv.Splits.Count,
            ["paths"] = cpcv.Paths.Count,
            ["group_dates"] = new JsonArray([.. cpcv.Groups.Select(g => (JsonNode)new JsonArray(D(g.First), D(g.Last)))]),
            ["path_splits"] = new JsonArray([.. cpcv.Paths.Select(p => (JsonNode)new JsonArray([.. p.SplitOfGroup.Select(s => (JsonNode)cpcv.Splits[s].Name)]))]),
            ["models"] = models,
        });
        AtomicFile.Write(RunLayout.CpcvPaths(run.OutDir), w =>
        {
            w.WriteLine("path,model,strategy,sharpe,total_return,max_drawdown,rows");
            foreach (var line in lines) { w.WriteLine(line); }
        });
    }

    /// <summary>One model's path distribution: mean, sample std, quantiles (linear, numpy's default) and every path's value.</summary>
    internal static JsonObject Summary(string strategy, double[] sharpes, double[] returns, double[] drawdowns, int[] rows)
    {
        var sorted = sharpes.Where(double.IsFinite).Order().ToArray();
        var mean = sorted.Length > 0 ? sorted.Average() : double.NaN;
        var std = sorted.Length > 1 ? Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Length - 1)) : double.NaN;
        return new JsonObject
        {
            ["strategy"] = strategy,
            ["sharpe_mean"] = N(mean),
            ["sharpe_std"] = N(std),
            ["sharpe_min"] = N(sorted.Length > 0 ? sorted[0] : double.NaN),
            ["sharpe_q05"] = N(FeatureProcessorBase.Quantile(sorted, 0.05)),
            ["sharpe_q25"] = N(FeatureProcessorBase.Quantile(sorted, 0.25)),
            ["sharpe_median"] = N(FeatureProcessorBase.Quantile(sorted, 0.5)),
            ["sharpe_q75"] = N(FeatureProcessorBase.Quantile(sorted, 0.75)),
            ["sharpe_q95"] = N(FeatureProcessorBase.Quantile(sorted, 0.95)),
            ["sharpe_max"] = N(sorted.Length > 0 ? sorted[^1] : double.NaN),
            ["share_sharpe_positive"] = N(sorted.Length > 0 ? sorted.Count(s => s > 0) / (double)sorted.Length : double.NaN),
            ["sharpes"] = Array(sharpes),
            ["total_returns"] = Array(returns),
            ["max_drawdowns"] = Array(drawdowns),
            ["rows"] = new JsonArray([.. rows.Select(n => (JsonNode)n)]),
        };
    }

    private static JsonArray Array(double[] values) => new([.. values.Select(N)]);

    private static JsonNode? N(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    private static string F(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
