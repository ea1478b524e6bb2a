using System.Text;
using Kosmo.Core.IO;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>The metrics tables: models (with CIs), paired comparisons, predictions, backtests and benchmarks, data, timing, config.</summary>
internal static class TablesSection
{
    private static readonly string[] _modelKeys = ["accuracy", "balanced_accuracy", "macro_f1", "log_loss", "brier", "ic", "rank_ic", "icir", "n_test"];
    private static readonly string[] _stratKeys = ["total_return", "cagr", "ann_vol", "sharpe", "sortino", "max_drawdown", "calmar", "turnover", "cost_drag", "psr", "dsr"];
    private static readonly HashSet<string> _pctKeys = ["total_return", "cagr", "ann_vol", "max_drawdown", "cost_drag", "accuracy", "balanced_accuracy"];

    public static string Render(RunData run)
    {
        var sb = new StringBuilder();
        var metricsNote = run.NoteFor(RunLayout.MetricsFile);
        if (metricsNote is not null)
        {
            sb.Append(Blocks.Note("Model and backtest metrics: " + metricsNote));
        }

        if (run.Metrics.Models.Count > 0)
        {
            sb.Append(Blocks.Card("Models", ModelTable(run.Metrics.Models), "Intervals are the 95% confidence intervals reported in metrics.json."));
            if (SignalValueTable.Render(run.Metrics.Models) is { } signal)
            {
                sb.Append(signal);
            }
        }

        if (run.Metrics.Comparisons.Count > 0)
        {
            sb.Append(Blocks.Card("Paired model comparisons", Blocks.Table(["A", "B", "Metric", "A − B", "95% CI", "p-value"],
                run.Metrics.Comparisons.Select(c => (IReadOnlyList<string>)[Blocks.E(c.A), Blocks.E(c.B), Blocks.E(c.Metric),
                    Blocks.Signed(c.Diff, Fmt.Num(c.Diff, 4)), $"[{Fmt.Num(c.CiLo, 4)}, {Fmt.Num(c.CiHi, 4)}]", Fmt.Num(c.PValue, 3)]), textColumns: 3)));
        }

        if (run.Predictions.Count > 0)
        {
            sb.Append(Blocks.Card("Predictions", Blocks.Table(["Model", "Rows", "Dates", "Codes", "First", "Last", "Mean p(down)", "Mean p(flat)", "Mean p(up)", "Argmax down / flat / up"],
                run.Predictions.Select(p => (IReadOnlyList<string>)[Blocks.E(p.Model), Fmt.Count(p.Rows), Fmt.Count(p.Dates), Fmt.Count(p.Codes),
                    p.First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    Fmt.Num(p.MeanDown, 3), Fmt.Num(p.MeanFlat, 3), Fmt.Num(p.MeanUp, 3),
                    $"{Fmt.Pct((double)p.ArgDown / p.Rows, 0)} / {Fmt.Pct((double)p.ArgFlat / p.Rows, 0)} / {Fmt.Pct((double)p.ArgUp / p.Rows, 0)}"]))));
        }
        else
        {
            sb.Append(Blocks.Note("Predictions: " + (run.NoteFor(RunLayout.PredictionsFile) ?? RunLayout.PredictionsFile + " has no rows.")));
        }

        var strategies = ReportStats.Strategies(run);
        if (strategies.Count > 0)
        {
            sb.Append(Blocks.Card("Backtests and benchmarks", StrategyTable(strategies),
                "Daily simple returns, 252 days a year, risk-free 0. PSR/DSR: probabilistic and deflated Sharpe ratio. Rows marked 'computed' were not in metrics.json and come from equity.csv."));
        }

        var kv = new[] { KeyValues("Data", run.Metrics.Data), KeyValues("Timing", run.Metrics.Timing) }.Where(k => k.Length > 0).ToList();
        if (kv.Count > 0)
        {
            sb.Append(Blocks.Grid(kv)).Append("<div style=\"height:16px\"></div>");
        }

        if (run.ConfigText is not null)
        {
            sb.Append($"<details><summary>config.yaml</summary><pre>{Blocks.E(run.ConfigText)}</pre></details>");
        }

        return Blocks.Section("tables", "Metrics tables", sb.ToString());
    }

    private static string ModelTable(IReadOnlyList<ModelMetrics> models)
    {
        var extra = models.SelectMany(m => m.Scalars.Keys).Distinct().Where(k => !_modelKeys.Contains(k) && !SignalValueTable.Owns(k)).Order(StringComparer.Ordinal).ToList();
        var keys = _modelKeys.Concat(extra).ToList();
        return Blocks.Table(["Model", .. keys.Select(Header)], models.Select(m => (IReadOnlyList<string>)[
            Blocks.E(m.Name), .. keys.Select(k => Cell(k, m.Get(k)) + (m.Intervals.TryGetValue(k, out var ci)
                ? $"<br><span class=\"ci\">[{Fmt.Num(ci.Lo, 3)}, {Fmt.Num(ci.Hi, 3)}]</span>" : string.Empty))]));
    }

    private static string StrategyTable(IReadOnlyList<ReportStats.StrategyStats> rows) =>
        Blocks.Table(["Name", .. _stratKeys.Select(Header)], rows.Select(s => (IReadOnlyList<string>)[
            Blocks.E(s.Name) + (s.IsBenchmark ? "<span class=\"tag\">benchmark</span>" : string.Empty) + (s.Computed ? "<span class=\"tag\">computed</span>" : string.Empty),
            .. _stratKeys.Select(k => Cell(k, s.Get(k)))]));

    private static string Cell(string key, double v) => key switch
    {
        "n_test" => Fmt.Count(v),
        "total_return" or "cagr" or "max_drawdown" => Blocks.Signed(v, Fmt.Pct(v)),
        _ when _pctKeys.Contains(key) => Fmt.Pct(v),
        "turnover" => Fmt.Num(v) + (double.IsFinite(v) ? "×" : string.Empty),
        "log_loss" or "brier" or "ic" or "rank_ic" or "macro_f1" => Fmt.Num(v, 4),
        _ => Fmt.Num(v),
    };

    private static string Header(string key) => key switch
    {
        "balanced_accuracy" => "Bal. accuracy",
        "macro_f1" => "Macro-F1",
        "log_loss" => "Log loss",
        "ic" => "IC",
        "rank_ic" => "Rank IC",
        "icir" => "ICIR",
        "n_test" => "n (test)",
        "total_return" => "Total return",
        "cagr" => "CAGR",
        "ann_vol" => "Ann. vol",
        "max_drawdown" => "Max DD",
        "cost_drag" => "Cost drag",
        "psr" => "PSR",
        "dsr" => "DSR",
        _ => char.ToUpperInvariant(key[0]) + key[1..].Replace('_', ' '),
    };

    private static string KeyValues(string title, IReadOnlyList<(string Key, string Value)> items) =>
        items.Count == 0 ? string.Empty : Blocks.Card(title, Blocks.Table(["Key", "Value"], items.Select(kv => (IReadOnlyList<string>)[Blocks.E(kv.Key), Blocks.E(kv.Value)]), "kv"), wide: false);
}
