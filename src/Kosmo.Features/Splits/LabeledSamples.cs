using Kosmo.Features.Labels;

namespace Kosmo.Features.Splits;

/// <summary>
/// The samples a split partitions: one per labelled (date, code) cell, sorted by date index then code index.
/// Sample j starts at date index <see cref="Start"/>[j] (the feature date t) and its label window ends at
/// <see cref="End"/>[j] (T1); purging reads the closed span [Start, End].
/// </summary>
public sealed class LabeledSamples
{
    /// <summary>Creates samples from parallel arrays (sorted by start, then code, by the caller).</summary>
    /// <exception cref="ArgumentException">Lengths differ, End &lt; Start, or starts not sorted.</exception>
    public LabeledSamples(DateOnly[] dates, int[] start, int[] end, int[] code)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(code);
        if (start.Length != end.Length || start.Length != code.Length)
        {
            throw new ArgumentException("start, end and code must have the same length.", nameof(start));
        }

        for (var j = 0; j < start.Length; j++)
        {
            if (end[j] < start[j] || (j > 0 && start[j] < start[j - 1]))
            {
                throw new ArgumentException($"Sample {j}: span [{start[j]}, {end[j]}] reversed or starts not sorted.", nameof(start));
            }
        }

        Dates = dates;
        Start = start;
        End = end;
        Code = code;
    }

    /// <summary>Calendar the indices refer to.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Date index t of each sample.</summary>
    public int[] Start { get; }

    /// <summary>Date index T1 where each sample's label window ends.</summary>
    public int[] End { get; }

    /// <summary>Code index of each sample.</summary>
    public int[] Code { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Start.Length;

    /// <summary>Every labelled cell of a label set, sorted by date then code.</summary>
    public static LabeledSamples FromLabels(LabelSet labels) => FromLabels(labels, null);

    /// <summary>
    /// Every labelled cell of a label set that <paramref name="mask"/> keeps (all when null), sorted by date then code.
    /// </summary>
    /// <param name="labels">The label set.</param>
    /// <param name="mask">Which cells to keep (e.g. universe membership), index <c>i * T + t</c> as the labels; null keeps every labelled cell.</param>
    public static LabeledSamples FromLabels(LabelSet labels, bool[]? mask)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var start = new List<int>();
        var end = new List<int>();
        var code = new List<int>();
        var T = labels.DateCount;
        for (var t = 0; t < T; t++)
        {
            for (var i = 0; i < labels.CodeCount; i++)
            {
                var k = i * T + t;
                if (labels.Label[k] >= 0 && (mask is null || mask[k]))
                {
                    start.Add(t);
                    end.Add(labels.T1[k]);
                    code.Add(i);
                }
            }
        }

        return new LabeledSamples(labels.Dates, start.ToArray(), end.ToArray(), code.ToArray());
    }

    /// <summary>The (date index, code index) pairs of the given samples, e.g. a split's Train, for the dataset.</summary>
    public (int T, int Code)[] Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var result = new (int T, int Code)[indices.Count];
        for (var j = 0; j < indices.Count; j++)
        {
            result[j] = (Start[indices[j]], Code[indices[j]]);
        }

        return result;
    }
}
