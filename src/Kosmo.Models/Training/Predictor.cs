using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Training;

/// <summary>Runs a model without gradients over a dataset in batches and returns softmax class probabilities.</summary>
public static class Predictor
{
    /// <summary>
    /// Probabilities of every sample of <paramref name="data"/> in its unshuffled order (evaluation mode: no dropout).
    /// Each batch runs inside a <see cref="NoGrad"/> and a <see cref="TensorArena"/> scope.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model returned logits of the wrong shape.</exception>
    public static PredictionSet Predict(ISequenceClassifier model, WindowDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Count;
        var c = model.Classes;
        var probs = new float[(long)n * c];
        var dates = new int[n];
        var codes = new int[n];
        var labels = new int[n];
        var weights = new float[n];
        var order = Enumerable.Range(0, n).ToArray();
        var batch = data.CreateBatch();
        var rng = new Random(0); // unused in evaluation mode
        var row = 0;
        for (var b = 0; b < data.BatchesPerEpoch; b++)
        {
            var count = data.Fill(order, b, batch);
            using (NoGrad.Scope())
            using (TensorArena.Scope())
            {
                var logits = model.Forward(batch, training: false, rng);
                if (logits.Rank != 2 || logits.Dim(0) != count || logits.Dim(1) != c)
                {
                    throw new InvalidOperationException($"{model.Name} returned logits {string.Join('x', logits.Shape)} for a batch of {count} and {c} classes.");
                }

                Ops.Softmax(logits).Span.CopyTo(probs.AsSpan(row * c, count * c));
            }

            batch.DateIndex.AsSpan(0, count).CopyTo(dates.AsSpan(row));
            batch.CodeIndex.AsSpan(0, count).CopyTo(codes.AsSpan(row));
            batch.Labels.AsSpan(0, count).CopyTo(labels.AsSpan(row));
            batch.Weights.AsSpan(0, count).CopyTo(weights.AsSpan(row));
            row += count;
        }

        return new PredictionSet(c, probs, dates, codes, labels, weights);
    }
}
