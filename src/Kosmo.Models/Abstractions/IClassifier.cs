namespace Kosmo.Models.Abstractions;

/// <summary>
/// A three-class classifier (down, flat, up) that baselines and neural models share: fitted on the training rows of
/// one fold only, then asked for class probabilities of the test rows. Implementations must be deterministic for a
/// given input and their own seed.
/// </summary>
public interface IClassifier
{
    /// <summary>The model name used in predictions.csv and metrics.json.</summary>
    string Name { get; }

    /// <summary>Fits on labelled training rows (labels 0..2; rows with label -1 are ignored).</summary>
    /// <exception cref="ArgumentException">No usable training rows.</exception>
    void Fit(TabularSet train);

    /// <summary>Class probabilities of every row: (n, 3) row-major p_down, p_flat, p_up, each row summing to 1.</summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="Fit"/>.</exception>
    /// <exception cref="ArgumentException">The features differ from those fitted on.</exception>
    float[] PredictProba(TabularSet rows);
}
