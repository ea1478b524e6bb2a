using System.Text;
using Kosmo.Reports.Analytics;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>The headline: title, what ran, data source and period, the SYNTHETIC DATA banner, problems and KPI cards.</summary>
internal static class SummarySection
{
    public static string Render(RunData run)
    {
        var sb = new StringBuilder();
        var name = run.ConfigValue("name") ?? run.ConfigValue("experiment.name") ?? run.Metrics.DataValue("name")
            ?? Path.GetFileName(Path.GetFullPath(run.RunDir).TrimEnd('/'));
        sb.Append($"<header id=\"summary\"><h1>Kosmo run report: {Blocks.E(name)}</h1>");
        sb.Append($"<p class=\"sub\">Data source: <b>{Blocks.E(Source(run))}</b> · Period: <b>{Blocks.E(Period(run))}</b>{WhatRan(run)}</p>");
        if (IsSynthetic(run))
        {
            sb.Append("<div class=\"banner\" id=\"synthetic-banner\">⚠ SYNTHETIC DATA — these results come from a simulated market, not real KRX prices</div>");
        }

        if (run.Problems.Count > 0)
        {
            sb.Append("<div class=\"problems\" id=\"problems\"><b>Some files could not be read; their sections are skipped:</b><ul>");
            foreach (var p in run.Problems)
            {
                sb.Append("<li>").Append(Blocks.E(p)).Append("</li>");
            }

            sb.Append("</ul></div>");
        }

        sb.Append(Kpis(run)).Append("</header>");
        return sb.ToString();
    }

    /// <summary>True when metrics.json "data" or config.yaml marks the data as synthetic.</summary>
    internal static bool IsSynthetic(RunData run) => run.Metrics.Data.Concat(run.Config).Any(kv => IsSyntheticEntry(kv.Key, kv.Value));

    internal static bool IsSyntheticEntry(string key, string value)
    {
        var leaf = key[(key.LastIndexOf('.') + 1)..].ToLowerInvariant();
        if (leaf.Contains("synthetic", StringComparison.Ordinal))
        {
            return value.Trim().ToLowerInvariant() is "true" or "yes" or "1" or "on";
        }

        return leaf is "source" or "kind" or "type" or "provider" or "data" or "market"
            && value.Contains("synthetic", StringComparison.OrdinalIgnoreCase);
    }

    private static string Source(RunData run) =>
        run.Metrics.DataValue("source") ?? run.ConfigValue("data.source") ?? run.ConfigValue("data.kind") ?? "unknown";

    private static string Period(RunData run)
    {
        var start = run.Metrics.DataValue("start") ?? run.Metrics.DataValue("test_start") ?? run.ConfigValue("data.start") ?? run.ConfigValue("start");
        var end = run.Metrics.DataValue("end") ?? run.Metrics.DataValue("test_end") ?? run.ConfigValue("data.end") ?? run.ConfigValue("end");
        if (start is not null && end is not null)
        {
            return $"{start} → {end}";
        }

        var dates = run.Equity.Where(e => e.Dates.Length > 0).ToList();
        return dates.Count == 0 ? "unknown" : $"{dates.Min(e => e.Dates[0]):yyyy-MM-dd} → {dates.Max(e => e.Dates[^1]):yyyy-MM-dd}";
    }

    private static string WhatRan(RunData run)
    {
        var models = run.Metrics.Models.Select(m => m.Name).Concat(run.Predictions.Select(p => p.Model)).Distinct().ToList();
        var strategies = run.Equity.Where(e => !e.IsBenchmark).Select(e => e.Name).Concat(run.Metrics.Backtests.Select(b => b.Name)).Distinct().ToList();
        var benches = run.Equity.Where(e => e.IsBenchmark).Select(e => e.Name).Concat(run.Metrics.Benchmarks.Select(b => b.Name)).Distinct().ToList();
        var sb = new StringBuilder();
        void Add(string label, List<string> items)
        {
            if (items.Count > 0)
            {
                sb.Append($" · {label}: <b>{Blocks.E(string.Join(", ", items))}</b>");
            }
        }

        Add("Models", models);
        Add("Strategies", strategies);
        Add("Benchmarks", benches);
        return sb.ToString();
    }

    private static string Kpis(RunData run)
    {
        var cards = new List<string>();
        var strategies = ReportStats.Strategies(run).Where(s => !s.IsBenchmark).ToList();
        var best = strategies.Where(s => double.IsFinite(s.Get("sharpe"))).OrderByDescending(s => s.Get("sharpe")).FirstOrDefault();
        if (best is not null)
        {
            cards.Add(Kpi("Best strategy (Sharpe)", Fmt.Num(best.Get("sharpe")), best.Name));
            cards.Add(Kpi("Its CAGR", Fmt.Pct(best.Get("cagr")), $"total {Fmt.Pct(best.Get("total_return"), 1)}"));
            cards.Add(Kpi("Its max drawdown", Fmt.Pct(best.Get("max_drawdown"), 1), $"DSR {Fmt.Num(best.Get("dsr"))}"));
        }

        var bestBench = ReportStats.Strategies(run).Where(s => s.IsBenchmark && double.IsFinite(s.Get("cagr"))).OrderByDescending(s => s.Get("cagr")).FirstOrDefault();
        if (bestBench is not null)
        {
            cards.Add(Kpi("Best benchmark CAGR", Fmt.Pct(bestBench.Get("cagr")), bestBench.Name));
        }

        var model = run.Metrics.Models.Where(m => double.IsFinite(m.Get("macro_f1"))).OrderByDescending(m => m.Get("macro_f1")).FirstOrDefault();
        if (model is not null)
        {
            var ci = model.Intervals.TryGetValue("macro_f1", out var c) ? $"95% CI [{Fmt.Num(c.Lo, 3)}, {Fmt.Num(c.Hi, 3)}]" : model.Name;
            cards.Add(Kpi($"Best macro-F1 ({model.Name})", Fmt.Num(model.Get("macro_f1"), 3), ci));
            cards.Add(Kpi($"Rank IC ({model.Name})", Fmt.Num(model.Get("rank_ic"), 3), $"ICIR {Fmt.Num(model.Get("icir"))} · n = {Fmt.Count(model.Get("n_test"))}"));
        }

        return cards.Count == 0 ? string.Empty : $"<div class=\"kpis\">{string.Concat(cards)}</div>";
    }

    private static string Kpi(string key, string value, string detail) =>
        $"<div class=\"kpi\"><div class=\"k\">{Blocks.E(key)}</div><div class=\"v\">{Blocks.E(value)}</div><div class=\"d\">{Blocks.E(detail)}</div></div>";
}
