using System.Globalization;
using Kosmo.Core;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The splits of <c>split.scheme: purged_kfold</c> (K contiguous date groups, each tested once) and <c>cpcv</c>
/// (N groups, every choice of k test groups is a split; φ = k/N · C(N, k) backtest paths), purged and embargoed by
/// <see cref="Purging"/> exactly as the walk-forward folds are.
/// </summary>
internal static class SchemeSplits
{
    /// <summary>Fills <see cref="RunContext.Splits"/> (and <see cref="RunContext.Cpcv"/> for cpcv).</summary>
    /// <exception cref="DataValidationException">More groups than distinct sample dates, or a split without training samples.</exception>
    public static void Create(RunContext ctx, Action<string> status)
    {
        var c = ctx.Config.Split;
        var samples = ctx.Samples;
        var dates = samples.Start.Distinct().Count();
        if (c.Folds > dates)
        {
            throw new DataValidationException("config", 0, "split.folds", $"split.folds: {c.Folds} date groups but the samples have only {dates} distinct dates");
        }

        if (c.Scheme == "cpcv")
        {
            ctx.Cpcv = CombinatorialPurgedCV.Create(samples, c.Folds, c.TestGroups, c.EmbargoDays);
            ctx.Splits = ctx.Cpcv.Splits;
        }
        else
        {
            ctx.Splits = PurgedKFold.Create(samples, c.Folds, c.EmbargoDays);
        }

        if (ctx.Splits.FirstOrDefault(s => s.Train.Length == 0) is { } empty)
        {
            throw new DataValidationException("config", 0, "split.embargo_days", $"split: fold '{empty.Name}' has no training sample left after purging and the embargo of {c.EmbargoDays} days; lower split.folds or split.embargo_days");
        }

        var groups = DateGroups.Partition(samples, c.Folds);
        string D(int t) => samples.Dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        status(c.Scheme == "cpcv"
            ? $"split: cpcv, {c.Folds} date groups, {c.TestGroups} tested per split: {ctx.Splits.Count} splits, {ctx.Cpcv!.Paths.Count} backtest paths; embargo {c.EmbargoDays} days"
            : $"split: purged k-fold, {c.Folds} folds; embargo {c.EmbargoDays} days");
        status("  groups: " + string.Join(", ", groups.Select((g, k) => $"{k}: {D(g.First)}..{D(g.Last)}")));
        foreach (var s in ctx.Splits)
        {
            status($"  {s.Name}: train {s.Train.Length:N0}, test {s.Test.Length:N0}, purged {s.Purged:N0}, embargoed {s.Embargoed:N0}");
        }

        ctx.DataFacts["split_scheme"] = c.Scheme;
        ctx.DataFacts["split_groups"] = c.Folds;
        if (ctx.Cpcv is { } cpcv)
        {
            ctx.DataFacts["cpcv_test_groups"] = c.TestGroups;
            ctx.DataFacts["cpcv_paths"] = cpcv.Paths.Count;
        }
    }
}
