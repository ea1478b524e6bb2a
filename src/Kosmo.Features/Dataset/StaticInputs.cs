namespace Kosmo.Features.Dataset;

/// <summary>
/// Static attributes per code, supplied by the caller (the features side defines them): categorical indices
/// (N × C, row-major) and reals (N × R, row-major). The dataset copies the sample's code row into each batch.
/// </summary>
public sealed class StaticInputs
{
    /// <summary>Creates the inputs.</summary>
    /// <param name="codeCount">N.</param>
    /// <param name="categorical">Indices, length N × C.</param>
    /// <param name="categoricalCount">C.</param>
    /// <param name="reals">Values, length N × R.</param>
    /// <param name="realCount">R.</param>
    /// <exception cref="ArgumentException">An array's length is not N × its count.</exception>
    public StaticInputs(int codeCount, int[] categorical, int categoricalCount, float[] reals, int realCount)
    {
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentNullException.ThrowIfNull(reals);
        if (categorical.Length != codeCount * categoricalCount || reals.Length != codeCount * realCount)
        {
            throw new ArgumentException($"Static arrays must be N × C = {codeCount * categoricalCount} and N × R = {codeCount * realCount}, got {categorical.Length} and {reals.Length}.", nameof(categorical));
        }

        CodeCount = codeCount;
        Categorical = categorical;
        CategoricalCount = categoricalCount;
        Reals = reals;
        RealCount = realCount;
    }

    /// <summary>N.</summary>
    public int CodeCount { get; }

    /// <summary>Categorical indices (N × C).</summary>
    public int[] Categorical { get; }

    /// <summary>C.</summary>
    public int CategoricalCount { get; }

    /// <summary>Reals (N × R).</summary>
    public float[] Reals { get; }

    /// <summary>R.</summary>
    public int RealCount { get; }
}
