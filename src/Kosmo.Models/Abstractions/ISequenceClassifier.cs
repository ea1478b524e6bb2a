using Kosmo.Features.Dataset;
using Kosmo.Tensors;

namespace Kosmo.Models.Abstractions;

/// <summary>
/// A neural classifier over lookback windows (TFT-Lite, LSTM, Transformer, MLP on the last day, CNN-LSTM, ...):
/// the contract between the models and the generic trainer. Parameters are created in the constructor from an
/// explicit seed, so the same seed gives the same initial weights.
/// </summary>
public interface ISequenceClassifier
{
    /// <summary>Model name as it appears in predictions.csv and metrics.json (e.g. "tft_lite").</summary>
    string Name { get; }

    /// <summary>Number of classes C (3: down/flat/up, or 4 slope classes).</summary>
    int Classes { get; }

    /// <summary>Every trainable parameter, with unique stable names (used by the weights file and checkpoints).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Forward pass on the first <see cref="WindowBatch.Count"/> rows of the batch.
    /// Inputs: X (B, L, K), Categorical (B, S) static category ids, Reals (B, R) static reals.
    /// Returns logits (B, C) with B = batch.Count. With <paramref name="training"/> false, dropout is off and the
    /// result is deterministic; with true, dropout masks are drawn from <paramref name="rng"/>.
    /// </summary>
    Tensor Forward(WindowBatch batch, bool training, Random rng);
}
