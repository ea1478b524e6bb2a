using System.Globalization;
using Kosmo.Core;
using Kosmo.Experiment.Config;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The splits of <c>split.scheme: purged_kfold</c> (K contiguous date groups, each tested once) and <c>cpcv</c>
/// (N groups, every choice of k test groups is a split; φ = k/N · C(N, k) backtest paths), purged and embargoed by
/// <see cref="Purging"/> exactly as the walk-forward folds are.
/// </summary>
internal static class SchemeSplits
{
    /// <summary>The splits of the scheme (and the CPCV groups and paths for cpcv), with their facts for metrics.json's data section.</summary>
    /// <param name="c">The <c>split:</c> settings (scheme purged_kfold or cpcv).</param>
    /// <param name="samples">The run's samples.</param>
    /// <param name="status">Progress lines.</param>
    /// <exception cref="DataValidationException">More groups than distinct sample dates, or a split without training samples.</exception>
    public static SchemeSplitSet Create(SplitConfig c, LabeledSamples samples, Action<string> status)
    {
        var dates = samples.Start.Distinct().Count();
        if (c.Folds > dates)
        {
            throw new DataValidationException("config", 0, "split.folds", $"split.folds: {c.Folds} date groups but the samples have only {dates} distinct dates");
        }

        CpcvResult? cpcv = null;
        IReadOnlyList<Split> splits;
        if (c.Scheme == "cpcv")
        {
            cpcv = CombinatorialPurgedCV.Create(samples, c.Folds, c.TestGroups, c.EmbargoDays);
            splits = cpcv.Splits;
        }
        else
        {
            splits = PurgedKFold.Create(samples, c.Folds, c.EmbargoDays);
        }

        if (splits.FirstOrDefault(s => s.Train.Length == 0) is { } empty)
        {
            throw new DataValidationException("config", 0, "split.embargo_days", $"split: fold '{empty.Name}' has no training sample left after purging and the embargo of {c.EmbargoDays} days; lower split.folds or split.embargo_days");
        }

        var groups = DateGroups.Partition(samples, c.Folds);
        string D(int t) => samples.Dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        status(c.Scheme == "cpcv"
            ? $"split: cpcv, {c.Folds} date groups, {c.TestGroups} tested per split: {splits.Count} splits, {cpcv!.Paths.Count} backtest paths; embargo {c.EmbargoDays} days"
            : $"split: purged k-fold, {c.Folds} folds; embargo {c.EmbargoDays} days");
        status("  groups: " + string.Join(", ", groups.Select((g, k) => $"{k}: {D(g.First)}..{D(g.Last)}")));
        foreach (var s in splits)
        {
            status($"  {s.Name}: train {s.Train.Length:N0}, test {s.Test.Length:N0}, purged {s.Purged:N0}, embargoed {s.Embargoed:N0}");
        }

        var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["split_scheme"] = c.Scheme,
            ["split_groups"] = c.Folds,
        };
        if (cpcv is not null)
        {
            facts["cpcv_test_groups"] = c.TestGroups;
            facts["cpcv_paths"] = cpcv.Paths.Count;
        }

        return new SchemeSplitSet(splits, cpcv, facts);
    }
}

/// <summary>The splits of purged k-fold or CPCV.</summary>
/// <param name="Splits">The folds' splits (for cpcv: every choice of k test groups).</param>
/// <param name="Cpcv">The CPCV groups, splits and paths (null for purged_kfold).</param>
/// <param name="Facts">Facts for metrics.json's data section (scheme, groups; test groups and paths for cpcv).</param>
internal sealed record SchemeSplitSet(IReadOnlyList<Split> Splits, CpcvResult? Cpcv, IReadOnlyDictionary<string, object?> Facts);
