using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.RunFolder;

/// <summary><c>kosmo compare</c>'s tables: read from metrics.json, named per run, and the cross-run paired test on shared rows.</summary>
public sealed class RunComparisonTests : IDisposable
{
    private static readonly string[] Codes = [.. Enumerable.Range(1, 12).Select(i => (i * 10).ToString("D6", CultureInfo.InvariantCulture))];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-compare-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Render_Should_ListEveryModelBacktestAndPbo_When_GivenOneRun()
    {
        // Given a run folder whose metrics.json has two models, a stored comparison, a backtest, a benchmark and PBO
        var run = Run("a", """
            {"models": {
               "logistic": {"accuracy": 0.381, "macro_f1": 0.38, "macro_f1_ci": [0.369, 0.389], "log_loss": 1.0926, "rank_ic": 0.089, "rank_ic_ci": [0.075, 0.103], "icir": 0.5, "n_test": 735567,
                 "ls_decile_daily_mean": 0.002332, "ls_decile_ann_sharpe": 2.719, "ic_decay": {"1": 0.0411, "5": 0.0686, "10": 0.0727, "20": 0.0796, "60": 0.0744}, "signal_autocorr": 0.823},
               "tft_lite": {"accuracy": 0.377, "macro_f1": 0.375, "macro_f1_ci": [0.367, 0.383], "log_loss": 1.0915, "rank_ic": 0.087, "rank_ic_ci": [0.071, 0.102], "icir": 0.42, "n_test": 735567,
                 "comparisons": {"logistic": {"macro_f1_diff": -0.005, "macro_f1_diff_ci": [-0.011, 0.003], "macro_f1_p": 0.2, "log_loss_diff": -0.0011, "log_loss_diff_ci": [-0.0051, 0.0025], "log_loss_p": 0.6, "rank_ic_diff": -0.002, "rank_ic_diff_ci": [-0.01, 0.006], "rank_ic_p": 0.64}}}},
             "backtests": {"tft_lite/topk": {"total_return": -0.529, "cagr": -0.097, "sharpe": -0.5, "max_drawdown": -0.556, "turnover": 20.8, "cost_drag": 0.248, "psr": 0.08, "dsr": 0.03}},
             "benchmarks": {"KOSPI": {"total_return": 0.403, "cagr": 0.047, "sharpe": 0.38, "max_drawdown": -0.259, "turnover": null, "cost_drag": null, "psr": null, "dsr": null}},
             "pbo": {"strategies": ["a/topk", "b/topk"], "blocks": 16, "combinations": 12870, "pbo": 0.25, "prob_oos_loss": 0.4, "degradation_slope": -0.3}}
            """);

        // When the comparison is rendered as markdown
        var text = RunComparison.Load([run]).Render("markdown", null);

        // Then the models are ranked by rank IC with their intervals, and every other table is there
        var lines = text.Split('\n');
        lines.Should().Contain("| logistic | 0.381 | 0.380 [0.369, 0.389] | 1.0926 | 0.089 [0.075, 0.103] | 0.50 | 735,567 |");
        Array.IndexOf(lines, lines.First(l => l.StartsWith("| logistic", StringComparison.Ordinal))).Should().BeLessThan(Array.IndexOf(lines, lines.First(l => l.StartsWith("| tft_lite", StringComparison.Ordinal))));
        text.Should().Contain("| tft_lite | logistic | −0.005 [−0.011, +0.003], p = 0.200 | −0.0011 [−0.0051, +0.0025], p = 0.600 | −0.002 [−0.010, +0.006], p = 0.640 |");
        text.Should().Contain("| logistic | 23.3 | 2.72 | 0.041 | 0.069 | 0.080 | 0.074 | 0.82 |", "the signal-value table lists models with those keys only");
        var signal = text[text.IndexOf("**signal value", StringComparison.Ordinal)..text.IndexOf("**backtests", StringComparison.Ordinal)];
        signal.Should().NotContain("| tft_lite |", "tft_lite has no signal-value keys");
        text.Should().Contain("| tft_lite/topk | −52.9 % | −9.7 % | −0.50 | −55.6 % | 20.8 | 24.8 % | 0.08 | 0.03 |");
        text.Should().Contain("| KOSPI | 40.3 % | 4.7 % | 0.38 | −25.9 % | – | – | – | – |");
        text.Should().Contain("- a: PBO 0.250 over 2 strategies (12,870 CSCV combinations of 16 blocks), P(OOS loss) 0.400, degradation slope −0.300");
    }

    [Fact]
    public void Render_Should_PrintThePathSharpeDistribution_When_TheRunIsCpcv()
    {
        // Given a CPCV run (N = 4, k = 2: three paths) whose metrics.json has two models' path summaries
        var run = Run("c", """
            {"models": {},
             "cpcv": {"groups": 4, "test_groups": 2, "splits": 6, "paths": 3, "models": {
               "logistic": {"strategy": "topk", "sharpe_mean": -0.2, "sharpe_std": 0.1, "sharpe_min": -0.3, "sharpe_q05": -0.29, "sharpe_q25": -0.25, "sharpe_median": -0.2,
                 "sharpe_q75": -0.15, "sharpe_q95": -0.11, "sharpe_max": -0.1, "share_sharpe_positive": 0, "sharpes": [-0.3, -0.2, -0.1]},
               "tft_lite": {"strategy": "topk", "sharpe_mean": 0.1, "sharpe_std": 0.4, "sharpe_min": -0.2, "sharpe_q05": -0.17, "sharpe_q25": -0.05, "sharpe_median": 0.0,
                 "sharpe_q75": 0.25, "sharpe_q95": 0.43, "sharpe_max": 0.5, "share_sharpe_positive": 0.3333333333, "sharpes": [-0.2, 0.0, 0.5]}}}}
            """);

        // When the comparison is rendered as markdown and as CSV
        var comparison = RunComparison.Load([run]);
        var text = comparison.Render("markdown", null);
        var csv = comparison.Render("csv", null);

        // Then one row per model, the best mean first, with the design, the path count and every quantile
        var lines = text.Split('\n');
        lines.Should().Contain("| tft_lite/topk | N = 4, k = 2 | 3 | 0.10 | 0.40 | −0.20 | −0.17 | −0.05 | 0.00 | 0.25 | 0.43 | 0.50 | 0.33 |");
        lines.Should().Contain("| logistic/topk | N = 4, k = 2 | 3 | −0.20 | 0.10 | −0.30 | −0.29 | −0.25 | −0.20 | −0.15 | −0.11 | −0.10 | 0.00 |");
        Array.FindIndex(lines, l => l.StartsWith("| tft_lite/topk", StringComparison.Ordinal)).Should().BeLessThan(Array.FindIndex(lines, l => l.StartsWith("| logistic/topk", StringComparison.Ordinal)));
        csv.Should().Contain("# CPCV backtest paths (annualised Sharpe ratio per path)\nstrategy,design,paths,mean,std,min,q05,q25,median,q75,q95,max,share > 0\n");
        csv.Should().Contain("tft_lite/topk,\"N = 4, k = 2\",3,0.10,0.40,");
        RunComparison.Load([Run("w", "{\"models\": {}}")]).Render("markdown", null).Should().NotContain("CPCV", "a walk-forward run has no paths table");
    }

    [Fact]
    public void Paired_Should_CompareTheSameModelAcrossRuns_When_TheyShareRows()
    {
        // Given two runs predicting the same 240 (date, code) rows: in the second the model ranks by the true return
        var rng = new Random(1);
        var dates = Enumerable.Range(0, 20).Select(d => new DateOnly(2020, 1, 1).AddDays(d)).ToArray();
        var labels = dates.SelectMany(d => Codes.Select(c => (d, c, r: rng.NextDouble() - 0.5))).ToList();
        var a = Run("a", "{\"models\": {}}");
        var b = Run("b", "{\"models\": {}}");
        LabelsCsv.Write(Path.Combine(a, "labels.csv"), labels.Select(l => new LabelRecord(l.d, l.c, l.r > 0 ? 2 : 0, l.r)));
        PredictionsCsv.Write(Path.Combine(a, "predictions.csv"), labels.Select(l => new PredictionRecord(l.d, l.c, "m", 0.3f, 0.4f, 0.3f + (float)(rng.NextDouble() * 0.01))));
        PredictionsCsv.Write(Path.Combine(b, "predictions.csv"), labels.Select(l => new PredictionRecord(l.d, l.c, "m", 0.3f, 0.3f - (float)l.r * 0.2f, 0.4f + (float)l.r * 0.2f)));

        // When the model is compared across the runs
        var rows = RunComparison.Load([a, b]).Paired("m");

        // Then one row, b − a on all 240 rows over 20 dates, with a positive rank-IC difference
        rows.Should().ContainSingle();
        rows[0][0].Should().Be("b:m − a:m");
        rows[0][1].Should().Be("240");
        rows[0][2].Should().Be("20");
        rows[0][5].Should().StartWith("+");
    }

    [Fact]
    public void Load_Should_NameTheFile_When_ARunHasNoMetrics()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        var act = () => RunComparison.Load([Path.Combine(_root, "empty")]);
        act.Should().Throw<FileNotFoundException>().WithMessage("*empty*metrics.json*");
    }

    private string Run(string name, string metrics)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "metrics.json"), metrics);
        return dir;
    }
}
