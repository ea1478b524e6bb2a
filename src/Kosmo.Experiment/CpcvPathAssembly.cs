using Kosmo.Core.IO;
using Kosmo.Features.Splits;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment;

/// <summary>
/// Assembles the CPCV backtest paths of one model (AFML 12.4): path p takes, for every date group g, the test
/// predictions of split <see cref="BacktestPath.SplitOfGroup"/>[g] whose dates fall in g. Every test sample lies in
/// exactly one group, each group is tested by φ splits, and each path takes one of them per group, so every path holds
/// every test sample exactly once, in date order.
/// </summary>
internal static class CpcvPathAssembly
{
    /// <summary>The rows of every path (φ lists, each sorted by date then code when each split's rows are).</summary>
    /// <param name="cpcv">The groups, splits and paths.</param>
    /// <param name="dates">The calendar the groups index (the samples' dates).</param>
    /// <param name="rowsOfSplit">A split's test predictions (sorted by date then code).</param>
    public static List<PredictionRecord>[] Paths(CpcvResult cpcv, IReadOnlyList<DateOnly> dates, Func<int, IReadOnlyList<PredictionRecord>> rowsOfSplit)
    {
        ArgumentNullException.ThrowIfNull(cpcv);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(rowsOfSplit);
        var bySplit = new Dictionary<int, IReadOnlyList<PredictionRecord>>();
        IReadOnlyList<PredictionRecord> Rows(int s) => bySplit.TryGetValue(s, out var r) ? r : bySplit[s] = rowsOfSplit(s);

        var paths = new List<PredictionRecord>[cpcv.Paths.Count];
        for (var p = 0; p < paths.Length; p++)
        {
            paths[p] = [];
            for (var g = 0; g < cpcv.Groups.Length; g++)
            {
                var (first, last) = (dates[cpcv.Groups[g].First], dates[cpcv.Groups[g].Last]);
                paths[p].AddRange(Rows(cpcv.Paths[p].SplitOfGroup[g]).Where(r => r.Date >= first && r.Date <= last));
            }
        }

        return paths;
    }
}
