using Kosmo.Features.Dataset;

namespace Kosmo.Models.Training;

/// <summary>Class weights from training labels.</summary>
public static class ClassWeights
{
    /// <summary>Label counts of every sample of <paramref name="data"/> (one pass over its batches).</summary>
    /// <exception cref="ArgumentException">A label is outside [0, classes).</exception>
    public static long[] Counts(WindowDataset data, int classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = new long[classes];
        var order = Enumerable.Range(0, data.Count).ToArray();
        var batch = data.CreateBatch();
        for (var b = 0; b < data.BatchesPerEpoch; b++)
        {
            data.Fill(order, b, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                var y = batch.Labels[i];
                if ((uint)y >= (uint)classes)
                {
                    throw new ArgumentException($"Label {y} of sample {(b * batch.BatchSize) + i} is outside [0, {classes}).", nameof(data));
                }

                counts[y]++;
            }
        }

        return counts;
    }

    /// <summary>
    /// sklearn's "balanced" weights w_c = n / (C · n_c) over the classes present; a class absent from the labels gets 0
    /// (it contributes no samples anyway). // counts: C -> C
    /// </summary>
    /// <exception cref="ArgumentException">No samples at all.</exception>
    public static float[] Balanced(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var n = counts.Sum();
        if (n <= 0)
        {
            throw new ArgumentException("Balanced class weights need at least one labelled sample.", nameof(counts));
        }

        return counts.Select(c => c == 0 ? 0f : (float)(n / ((double)counts.Count * c))).ToArray();
    }
}
