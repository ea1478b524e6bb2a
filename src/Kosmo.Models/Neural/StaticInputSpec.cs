namespace Kosmo.Models.Neural;

/// <summary>The static inputs a neural baseline expects in <c>WindowBatch.Categorical</c> / <c>Reals</c>.</summary>
/// <param name="Cardinalities">Number of categories of each static categorical input (length S; ids in [0, V_s)).</param>
/// <param name="EmbeddingDim">Embedding width E per categorical input.</param>
/// <param name="RealCount">Number of static reals R (passed through unchanged).</param>
public sealed record StaticInputSpec(int[] Cardinalities, int EmbeddingDim = 4, int RealCount = 0)
{
    /// <summary>No static inputs.</summary>
    public static StaticInputSpec None { get; } = new([], 4, 0);

    /// <summary>Width of the encoded statics: S·E + R.</summary>
    public int Width => (Cardinalities.Length * EmbeddingDim) + RealCount;
}
