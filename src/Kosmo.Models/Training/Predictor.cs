using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Training;

/// <summary>Runs a model without gradients over a dataset in batches and returns softmax class probabilities.</summary>
public static class Predictor
{
    /// <summary>
    /// Probabilities of every sample of <paramref name="data"/> in its unshuffled order (evaluation mode: no dropout),
    /// batch by batch through a <see cref="BatchPredictor"/> (data-parallel replicas for an <see cref="IReplicable"/>
    /// model unless <paramref name="dataParallel"/> is false; the probabilities are the same bits either way).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model returned logits of the wrong shape.</exception>
    public static PredictionSet Predict(ISequenceClassifier model, WindowDataset data, bool dataParallel = true)
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
        var predictor = new BatchPredictor(model, dataParallel);
        var row = 0;
        for (var b = 0; b < data.BatchesPerEpoch; b++)
        {
            var count = data.Fill(order, b, batch);
            predictor.Run(batch, count, probs, row);
            batch.DateIndex.AsSpan(0, count).CopyTo(dates.AsSpan(row));
            batch.CodeIndex.AsSpan(0, count).CopyTo(codes.AsSpan(row));
            batch.Labels.AsSpan(0, count).CopyTo(labels.AsSpan(row));
            batch.Weights.AsSpan(0, count).CopyTo(weights.AsSpan(row));
            row += count;
        }

        return new PredictionSet(c, probs, dates, codes, labels, weights);
    }
}
