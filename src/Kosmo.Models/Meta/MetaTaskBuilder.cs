using System.Globalization;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;

namespace Kosmo.Models.Meta;

/// <summary>
/// Cuts samples into meta-learning tasks by a key (calendar month, regime, ...). Within a task the distinct dates
/// are split in time: the earliest <c>supportFraction</c> of them form the support set, the rest the query set.
/// Support samples whose label window ends at or after the first query date (LabelSet.T1 ≥ first query t) are
/// purged, so adapting on the support never reads a label that is unknown when the query is predicted.
/// </summary>
public static class MetaTaskBuilder
{
    /// <summary>Tasks keyed by calendar month of the sample date ("yyyy-MM"), in month order.</summary>
    /// <exception cref="ArgumentException">See <see cref="Build"/>.</exception>
    public static IReadOnlyList<MetaTask> ByMonth(FeatureCube cube, LabelSet labels, IReadOnlyList<(int T, int Code)> samples, float[]? weights,
        StaticInputs? statics, DatasetOptions options, double supportFraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(cube);
        return Build(cube, labels, samples, weights, statics, options, (t, _) => cube.Dates[t].ToString("yyyy-MM", CultureInfo.InvariantCulture), supportFraction);
    }

    /// <summary>
    /// Tasks keyed by <paramref name="taskKey"/>(t, code) (null = leave the sample out), in order of the key's first
    /// sample date. For per-regime tasks pass e.g. the argmax of the regime columns on date t.
    /// </summary>
    /// <param name="cube">Features.</param>
    /// <param name="labels">Labels (T1 is used for purging).</param>
    /// <param name="samples">(date index, code index) candidates, e.g. the training split.</param>
    /// <param name="weights">Per-cell sample weights or null.</param>
    /// <param name="statics">Static inputs or null.</param>
    /// <param name="options">Dataset options of both sets (lookback, batch size; use a batch size ≥ the support size for full-batch steps).</param>
    /// <param name="taskKey">Key of a sample.</param>
    /// <param name="supportFraction">Share of a task's distinct dates (earliest first) that form its support, in (0, 1).</param>
    /// <exception cref="ArgumentException">supportFraction outside (0, 1).</exception>
    public static IReadOnlyList<MetaTask> Build(FeatureCube cube, LabelSet labels, IReadOnlyList<(int T, int Code)> samples, float[]? weights,
        StaticInputs? statics, DatasetOptions options, Func<int, int, string?> taskKey, double supportFraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(taskKey);
        if (!(supportFraction > 0 && supportFraction < 1))
        {
            throw new ArgumentException($"supportFraction must lie in (0, 1), got {supportFraction}.", nameof(supportFraction));
        }

        var groups = new Dictionary<string, List<(int T, int Code)>>(StringComparer.Ordinal);
        var firstDate = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in samples)
        {
            var key = taskKey(s.T, s.Code);
            if (key is null)
            {
                continue;
            }

            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                firstDate[key] = s.T;
            }

            list.Add(s);
            firstDate[key] = Math.Min(firstDate[key], s.T);
        }

        var tasks = new List<MetaTask>();
        foreach (var key in groups.Keys.OrderBy(k => firstDate[k]).ThenBy(k => k, StringComparer.Ordinal))
        {
            var list = groups[key];
            var dates = list.Select(s => s.T).Distinct().Order().ToArray();
            if (dates.Length < 2)
            {
                continue;
            }

            var cut = Math.Clamp((int)Math.Ceiling(supportFraction * dates.Length), 1, dates.Length - 1);
            var firstQuery = dates[cut];
            var support = list.Where(s => s.T < firstQuery && labels.T1[labels.Index(s.Code, s.T)] is >= 0 and var t1 && t1 < firstQuery).ToList();
            var query = list.Where(s => s.T >= firstQuery).ToList();
            var supportSet = new WindowDataset(cube, labels, support, weights, statics, options);
            var querySet = new WindowDataset(cube, labels, query, weights, statics, options with { Shuffle = false });
            if (supportSet.Count > 0 && querySet.Count > 0)
            {
                tasks.Add(new MetaTask(key, supportSet, querySet));
            }
        }

        return tasks;
    }
}
