using System.Globalization;
using System.Text;
using System.Text.Json;
using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;

namespace Kosmo.Models.RunFolder;

/// <summary>
/// Side-by-side tables of several run folders (<c>kosmo compare</c>), read from their <c>metrics.json</c> only: the
/// models (accuracy, macro F1 and rank IC with their 95 % intervals, log loss, ICIR), the paired comparisons each run
/// stored for its main model, the backtests and benchmarks, the CPCV path-Sharpe distributions, and the probability of
/// backtest overfitting. Rows are
/// named <c>RUN:NAME</c> when more than one run is given (RUN = the folder's name). With <see cref="Paired"/>, a
/// model is compared across runs on the (date, code) rows they share, from their predictions.csv and the first
/// run's labels.csv (block bootstrap over dates, as in a run).
/// </summary>
public sealed class RunComparison
{
    private readonly List<(string Run, string Dir, JsonElement Root)> _runs;

    private RunComparison(List<(string Run, string Dir, JsonElement Root)> runs) => _runs = runs;

    /// <summary>Loads the runs' metrics.json.</summary>
    /// <exception cref="FileNotFoundException">A run folder or its metrics.json is missing.</exception>
    /// <exception cref="DataValidationException">A metrics.json is not a JSON object.</exception>
    public static RunComparison Load(IReadOnlyList<string> runDirs)
    {
        ArgumentNullException.ThrowIfNull(runDirs);
        var runs = new List<(string, string, JsonElement)>();
        foreach (var dir in runDirs)
        {
            var path = RunLayout.Metrics(dir);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no metrics.json (is {dir} a finished run folder?)", path);
            }

            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new DataValidationException(path, (int)(e.LineNumber ?? 0) + 1, "", "not valid JSON: " + e.Message);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DataValidationException(path, 1, "", "metrics.json is not a JSON object");
            }

            runs.Add((Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/', '\\')), dir, root));
        }

        return new RunComparison(runs);
    }

    /// <summary>The models table: one row per (run, model), sorted by run then rank IC descending.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Models()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, _, root) in _runs)
        {
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var m in models.EnumerateObject().OrderByDescending(m => Num(m.Value, "rank_ic") ?? double.NegativeInfinity).ThenBy(m => m.Name, StringComparer.Ordinal))
            {
                var v = m.Value;
                rows.Add([Name(run, m.Name), F(Num(v, "accuracy"), 3), $"{F(Num(v, "macro_f1"), 3)} {Ci(v, "macro_f1_ci", 3)}", F(Num(v, "log_loss"), 4),
                    $"{F(Num(v, "rank_ic"), 3)} {Ci(v, "rank_ic_ci", 3)}", F(Num(v, "icir"), 2), Count(Num(v, "n_test"))]);
            }
        }

        return rows;
    }

    /// <summary>
    /// What each model's signal is worth before costs (models with the signal-value keys only): the daily gross
    /// top-minus-bottom decile return and its annualised Sharpe, rank IC at horizons 1, 5, 20 and 60 days, and the
    /// day-to-day rank autocorrelation of the score.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> SignalValue()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, _, root) in _runs)
        {
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var m in models.EnumerateObject().OrderByDescending(m => Num(m.Value, "ls_decile_ann_sharpe") ?? double.NegativeInfinity).ThenBy(m => m.Name, StringComparer.Ordinal))
            {
                var v = m.Value;
                if (Num(v, "ls_decile_daily_mean") is not { } ls)
                {
                    continue;
                }

                var decay = v.TryGetProperty("ic_decay", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
                string Ic(string h) => decay.ValueKind == JsonValueKind.Object ? F(Num(decay, h), 3) : "–";
                rows.Add([Name(run, m.Name), F(ls * 1e4, 1), F(Num(v, "ls_decile_ann_sharpe"), 2), Ic("1"), Ic("5"), Ic("20"), Ic("60"), F(Num(v, "signal_autocorr"), 2)]);
            }
        }

        return rows;
    }

    /// <summary>The paired comparisons stored in each run (model − baseline on the same rows, CI and p-value).</summary>
    public IReadOnlyList<IReadOnlyList<string>> StoredComparisons()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, _, root) in _runs)
        {
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var m in models.EnumerateObject())
            {
                if (!m.Value.TryGetProperty("comparisons", out var cs) || cs.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var c in cs.EnumerateObject().OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    rows.Add([Name(run, m.Name), c.Name, Diff(c.Value, "macro_f1", 3), Diff(c.Value, "log_loss", 4), Diff(c.Value, "rank_ic", 3)]);
                }
            }
        }

        return rows;
    }

    /// <summary>The backtests and benchmarks table (benchmarks once per run, after its strategies).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Backtests()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, _, root) in _runs)
        {
            foreach (var section in new[] { "backtests", "benchmarks" })
            {
                if (!root.TryGetProperty(section, out var s) || s.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var b in s.EnumerateObject())
                {
                    var v = b.Value;
                    rows.Add([Name(run, b.Name), Pct(Num(v, "total_return")), Pct(Num(v, "cagr")), F(Num(v, "sharpe"), 2), Pct(Num(v, "max_drawdown")),
                        F(Num(v, "turnover"), 1), Pct(Num(v, "cost_drag")), F(Num(v, "psr"), 2), F(Num(v, "dsr"), 2)]);
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// The CPCV backtest paths of each run that has them (metrics.json <c>cpcv</c>): per model, the number of paths and
    /// the distribution of their annualised Sharpe ratios (mean, sample std, min, 5/25/50/75/95 % quantiles, max, share
    /// above 0), sorted by run then mean Sharpe descending.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> CpcvPaths()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, _, root) in _runs)
        {
            if (!root.TryGetProperty("cpcv", out var cpcv) || cpcv.ValueKind != JsonValueKind.Object
                || !cpcv.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var design = $"N = {Count(Num(cpcv, "groups"))}, k = {Count(Num(cpcv, "test_groups"))}";
            foreach (var m in models.EnumerateObject().OrderByDescending(m => Num(m.Value, "sharpe_mean") ?? double.NegativeInfinity).ThenBy(m => m.Name, StringComparer.Ordinal))
            {
                var v = m.Value;
                var strategy = v.TryGetProperty("strategy", out var st) && st.ValueKind == JsonValueKind.String ? "/" + st.GetString() : "";
                var paths = v.TryGetProperty("sharpes", out var sh) && sh.ValueKind == JsonValueKind.Array ? sh.GetArrayLength() : (int?)null;
                rows.Add([Name(run, m.Name + strategy), design, Count(paths), F(Num(v, "sharpe_mean"), 2), F(Num(v, "sharpe_std"), 2), F(Num(v, "sharpe_min"), 2),
                    F(Num(v, "sharpe_q05"), 2), F(Num(v, "sharpe_q25"), 2), F(Num(v, "sharpe_median"), 2), F(Num(v, "sharpe_q75"), 2), F(Num(v, "sharpe_q95"), 2),
                    F(Num(v, "sharpe_max"), 2), F(Num(v, "share_sharpe_positive"), 2)]);
            }
        }

        return rows;
    }

    /// <summary>One line per run with its probability of backtest overfitting (or why it was not computed).</summary>
    public IReadOnlyList<string> Overfitting()
    {
        var lines = new List<string>();
        foreach (var (run, _, root) in _runs)
        {
            if (!root.TryGetProperty("pbo", out var p) || p.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            lines.Add(p.TryGetProperty("skipped", out var why)
                ? $"{run}: PBO not computed ({why})"
                : $"{run}: PBO {F(Num(p, "pbo"), 3)} over {Count(p.TryGetProperty("strategies", out var st) ? st.GetArrayLength() : null)} strategies "
                  + $"({Count(Num(p, "combinations"))} CSCV combinations of {Count(Num(p, "blocks"))} blocks), P(OOS loss) {F(Num(p, "prob_oos_loss"), 3)}, degradation slope {F(Num(p, "degradation_slope"), 3)}");
        }

        return lines;
    }

    /// <summary>
    /// <paramref name="model"/> of every later run minus the same model of the first run, on their common labelled
    /// rows (the first run's labels.csv), with block-bootstrap intervals and p-values.
    /// </summary>
    /// <exception cref="FileNotFoundException">A run lacks predictions.csv, or the first run labels.csv.</exception>
    /// <exception cref="ArgumentException">A run has no predictions of the model, or two runs share no rows.</exception>
    public IReadOnlyList<IReadOnlyList<string>> Paired(string model)
    {
        var labelsPath = RunLayout.Labels(_runs[0].Dir);
        var predictions = _runs.Select(r => PredictionsCsv.Read(Exists(RunLayout.Predictions(r.Dir)))).ToList();
        var labels = EvaluationSet.IndexLabels(LabelsCsv.Read(Exists(labelsPath), predictions.SelectMany(p => p).Select(p => p.Classes).FirstOrDefault(3)));
        var sets = predictions.Select(p => EvaluationSet.Join(model, p, labels)).ToList();
        var rows = new List<IReadOnlyList<string>>();
        for (var k = 1; k < sets.Count; k++)
        {
            if (sets[k].Count == 0 || sets[0].Count == 0)
            {
                throw new ArgumentException($"model '{model}' has no labelled predictions in {(sets[0].Count == 0 ? _runs[0].Run : _runs[k].Run)}");
            }

            var c = Evaluator.Compare(sets[k], sets[0]);
            rows.Add([$"{_runs[k].Run}:{model} − {_runs[0].Run}:{model}", Count(c.NCommon), Count(c.NDates),
                D(c.Differences["macro_f1"], 3), D(c.Differences["log_loss"], 4), D(c.Differences["rank_ic"], 3)]);
        }

        return rows;
    }

    /// <summary>The whole comparison as markdown (the tables README.md quotes), or as CSV sections.</summary>
    public string Render(string format, string? pairedModel)
    {
        var sb = new StringBuilder();
        Table(sb, format, "models", ["model", "accuracy", "macro F1 [95 % CI]", "log loss", "rank IC [95 % CI]", "ICIR (daily)", "n test"], Models());
        var stored = StoredComparisons();
        if (stored.Count > 0)
        {
            Table(sb, format, "paired comparisons (model − baseline, same rows)", ["model", "baseline", "Δ macro F1 [95 % CI], p", "Δ log loss [95 % CI], p", "Δ rank IC [95 % CI], p"], stored);
        }

        if (pairedModel is not null)
        {
            Table(sb, format, $"{pairedModel} across runs (later − first, common rows, first run's labels)", ["comparison", "rows", "dates", "Δ macro F1 [95 % CI], p", "Δ log loss [95 % CI], p", "Δ rank IC [95 % CI], p"], Paired(pairedModel));
        }

        var value = SignalValue();
        if (value.Count > 0)
        {
            Table(sb, format, "signal value before costs (gross, daily long-short top minus bottom decile of P(up) − P(down))", ["model", "L−S (bp/day)", "L−S Sharpe (ann.)", "IC 1d", "IC 5d", "IC 20d", "IC 60d", "rank autocorr."], value);
        }

        Table(sb, format, "backtests and benchmarks", ["strategy", "total return", "CAGR", "Sharpe", "max DD", "turnover (×/yr)", "cost drag (/yr)", "PSR", "DSR"], Backtests());
        var cpcv = CpcvPaths();
        if (cpcv.Count > 0)
        {
            Table(sb, format, "CPCV backtest paths (annualised Sharpe ratio per path)", ["strategy", "design", "paths", "mean", "std", "min", "q05", "q25", "median", "q75", "q95", "max", "share > 0"], cpcv);
        }

        foreach (var line in Overfitting())
        {
            sb.Append(format == "csv" ? $"# {line}\n" : $"- {line}\n");
        }

        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string format, string title, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (format == "csv")
        {
            sb.Append(CultureInfo.InvariantCulture, $"# {title}\n").Append(string.Join(',', header.Select(Csv))).Append('\n');
            foreach (var r in rows)
            {
                sb.Append(string.Join(',', r.Select(Csv))).Append('\n');
            }

            sb.Append('\n');
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"**{title}**\n\n| {string.Join(" | ", header)} |\n|{string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|"))}\n");
        foreach (var r in rows)
        {
            sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        }

        sb.Append('\n');
    }

    private string Name(string run, string name) => _runs.Count > 1 ? $"{run}:{name}" : name;

    private static string Exists(string path) => File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing", path);

    private static double? Num(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string F(double? v, int decimals) => v is { } x && double.IsFinite(x) ? x.ToString("F" + decimals, CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal) : "–";

    private static string Signed(double v, int decimals) => (v >= 0 ? "+" : "") + F(v, decimals);

    private static string Pct(double? v) => v is { } x && double.IsFinite(x) ? F(x * 100, 1) + " %" : "–";

    private static string Count(double? v) => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string Ci(JsonElement e, string key, int decimals) =>
        e.TryGetProperty(key, out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
            && ci[0].ValueKind == JsonValueKind.Number && ci[1].ValueKind == JsonValueKind.Number
            ? $"[{F(ci[0].GetDouble(), decimals)}, {F(ci[1].GetDouble(), decimals)}]"
            : "";

    private static string Diff(JsonElement c, string metric, int decimals)
    {
        var d = Num(c, metric + "_diff");
        if (d is null)
        {
            return "–";
        }

        var ci = c.TryGetProperty(metric + "_diff_ci", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() == 2
            ? $" [{Signed(a[0].GetDouble(), decimals)}, {Signed(a[1].GetDouble(), decimals)}]"
            : "";
        return $"{Signed(d.Value, decimals)}{ci}, p = {F(Num(c, metric + "_p"), 3)}";
    }

    private static string D(MetricDifference d, int decimals) =>
        $"{Signed(d.Difference, decimals)} [{Signed(d.Low, decimals)}, {Signed(d.High, decimals)}], p = {F(d.PValue, 3)}";

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
