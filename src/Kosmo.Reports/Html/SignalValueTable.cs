using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// "Signal value before costs": per model, the gross daily top-minus-bottom decile return of the score P(up) − P(down)
/// and its annualised Sharpe ratio, the rank IC at horizons 1..60 days (IC decay) and the day-to-day rank
/// autocorrelation of the score (metrics.json models.NAME ls_decile_*, ic_decay, signal_autocorr).
/// </summary>
internal static class SignalValueTable
{
    private static readonly string[] _horizons = ["1", "5", "10", "20", "60"];

    /// <summary>True for the metrics.json keys shown here rather than in the models table.</summary>
    public static bool Owns(string key) =>
        key.StartsWith("ls_decile_", StringComparison.Ordinal) || key.StartsWith("ic_decay.", StringComparison.Ordinal) || key == "signal_autocorr";

    /// <summary>The card, or null when no model has the keys (a run folder from before they existed).</summary>
    public static string? Render(IReadOnlyList<ModelMetrics> models)
    {
        var rows = models.Where(m => m.Scalars.ContainsKey("ls_decile_daily_mean")).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var table = Blocks.Table(
            ["Model", "LS decile daily mean", "LS ann. Sharpe", "LS days", .. _horizons.Select(h => $"Rank IC {h}d"), "Signal autocorr"],
            rows.Select(m => (IReadOnlyList<string>)[
                Blocks.E(m.Name),
                Blocks.Signed(m.Get("ls_decile_daily_mean"), Fmt.Pct(m.Get("ls_decile_daily_mean"), 3)),
                Fmt.Num(m.Get("ls_decile_ann_sharpe")),
                Fmt.Count(m.Get("ls_decile_dates")),
                .. _horizons.Select(h => Fmt.Num(m.Get("ic_decay." + h), 4)),
                Fmt.Num(m.Get("signal_autocorr"), 3)]));
        return Blocks.Card("Signal value before costs", table,
            "Score = P(up) − P(down). LS: top minus bottom decile of the score, mean 1-day forward return bought at the backtest's fill price "
            + "(next open, or next close with backtest.execution: close), gross of costs. Rank IC at h days: Spearman of the score with the h-day forward return, "
            + "mean over dates. Signal autocorr: mean day-to-day rank correlation of the score (1 = no turnover).");
    }
}
