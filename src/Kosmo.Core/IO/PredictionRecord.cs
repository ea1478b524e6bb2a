using Kosmo.Core;

namespace Kosmo.Core.IO;

/// <summary>
/// One row of <c>RUN/predictions.csv</c>: a model's class probabilities for one stock on one date. With the three
/// classes down/flat/up (every label method's default) the probabilities are <see cref="PDown"/>, <see cref="PFlat"/>
/// and <see cref="PUp"/>. With K ≠ 3 classes (e.g. trend_scanning's four slope classes) <see cref="ClassProbabilities"/>
/// holds the K probabilities, and PDown / PUp hold the down and up masses of <see cref="ClassScore.Masses"/>
/// (PFlat = 1 − PDown − PUp), so PUp − PDown is the expected class value every score consumer ranks by.
/// </summary>
/// <param name="Date">Signal date t (the prediction uses data up to the close of t).</param>
/// <param name="Code">Stock code, as text (leading zeros kept).</param>
/// <param name="Model">Model name (the key under <c>models</c> in metrics.json).</param>
/// <param name="PDown">P(class 0, down); the down mass with K ≠ 3 classes.</param>
/// <param name="PFlat">P(class 1, flat); 1 − down mass − up mass with K ≠ 3 classes.</param>
/// <param name="PUp">P(class 2, up); the up mass with K ≠ 3 classes.</param>
public readonly record struct PredictionRecord(DateOnly Date, string Code, string Model, float PDown, float PFlat, float PUp)
{
    /// <summary>The K class probabilities (class 0 the most bearish) when K ≠ 3; null for three classes.</summary>
    public float[]? ClassProbabilities { get; init; }

    /// <summary>K, the number of classes.</summary>
    public int Classes => ClassProbabilities?.Length ?? 3;

    /// <summary>P(class k).</summary>
    /// <exception cref="ArgumentOutOfRangeException">k outside 0..K−1.</exception>
    public float P(int k) => ClassProbabilities is { } p
        ? p[k]
        : k switch { 0 => PDown, 1 => PFlat, 2 => PUp, _ => throw new ArgumentOutOfRangeException(nameof(k), k, "three classes") };

    /// <summary>A row from K class probabilities: the plain down/flat/up row for K = 3, otherwise masses plus the K probabilities (copied).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 probabilities.</exception>
    public static PredictionRecord FromClasses(DateOnly date, string code, string model, ReadOnlySpan<float> p)
    {
        if (p.Length == 3)
        {
            return new PredictionRecord(date, code, model, p[0], p[1], p[2]);
        }

        if (p.Length < 2)
        {
            throw new ArgumentException($"A prediction needs at least 2 class probabilities, got {p.Length}.", nameof(p));
        }

        var (down, up) = ClassScore.Masses(p);
        return new PredictionRecord(date, code, model, down, Math.Max(0f, 1f - down - up), up) { ClassProbabilities = p.ToArray() };
    }
}
